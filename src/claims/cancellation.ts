import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import fc from 'fast-check';
import {
  type Distribution,
  normal,
  shifted,
  standardized,
  uniform,
  withVariance,
} from '../random/distributions.js';
import { samplesFor, testEstimate } from '../stats/decide.js';
import { estimateMean } from '../stats/estimate.js';
import { distributionWithMean, fastStandardFamily } from '../testing/arbitraries.js';
import { sumVariance } from '../theory/product.js';
import { evidenceFrom, QUICK_REL_TOL } from './evidence.js';
import { sumReplicates } from './simulate.js';
import type { Claim } from './types.js';

/** z = Σᵢ₌₁ⁿ WᵢXᵢ with Gaussian zero-mean weights of variance `wVariance` and inputs x. */
export interface CancellationParams {
  n: number;
  wVariance: number;
  x: Distribution;
}

const params = fc.record({
  n: fc.integer({ min: 2, max: 256 }),
  wVariance: fc.double({ min: 1e-3, max: 10, noNaN: true }),
  x: distributionWithMean(fc.double({ min: -1, max: 1, noNaN: true }), fastStandardFamily, [-1, 1]),
});
const representative: CancellationParams = {
  n: 100,
  wVariance: 0.01,
  x: shifted(standardized(uniform(), 1 / 12), 0.5),
};
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
/** The cancellation laws resolve a 10% error (each replicate costs n draws). */
const CANCEL_REL_TOL = 0.1;
/** The rare-event law resolves a 25% error in a probability of a few percent. */
const RARE_REL_TOL = 0.25;

// The laws' own predictions. Each check tests the paired difference against
// (this.predict − law), which is 0 for the law and nonzero for a deliberately wrong prediction
// (the spec's negative controls), so the same check rejects a wrong claim.
const secondMomentLaw = (p: CancellationParams) => sumVariance(p.n, { variance: p.wVariance }, p.x);
const meanAbsLaw = (p: CancellationParams) => SQRT_2_OVER_PI * Math.sqrt(secondMomentLaw(p));
const rareLaw = (p: { epsilon: number }) => 2 * p.epsilon * 0.3989422804014327;

function replicatesFor(
  _p: CancellationParams,
  alpha: number,
  power: number,
  relTol: number,
  cv: number,
): number {
  return samplesFor({ relTol, alpha, power, cv });
}

/** Claim 3a: signs cancel and reinforce in exact balance. */
export const cancellationSecondMoment: Claim<CancellationParams> = {
  id: 'cancellation-second-moment',
  title: 'cancelling signs do not reduce E[z²]: E[(ΣWᵢXᵢ)²] = E[Σ(WᵢXᵢ)²]',
  statement:
    'Terms of both signs can cancel, but for zero-mean weights the cross terms WᵢXᵢWⱼXⱼ average to ' +
    'zero: cancellation and reinforcement balance exactly, so E[z²] equals the sum of the squared ' +
    'terms, n·Var(W)·E[X²].',
  source: 'discussion, problem 1 (the learner: "-999.99 + 1000 - 100.99 + 101 … = 0.02")',
  kind: 'law',
  family: 'cancellation',
  parameters: params,
  representative,
  check(p, ctx) {
    const relTol = ctx.size === 'quick' ? QUICK_REL_TOL : CANCEL_REL_TOL;
    const w = withVariance(normal(), p.wVariance);
    const target = secondMomentLaw(p);
    // D = z² − Σ(WᵢXᵢ)² = Σ_{i≠j} tᵢtⱼ with independent zero-mean terms tᵢ = WᵢXᵢ has mean 0 and
    // Var(D) = 2·Σ_{i≠j} E[tᵢ²]E[tⱼ²] = 2n(n − 1)·E[t²]² < 2·E[z²]²: a coefficient of variation of √2.
    const replicates = replicatesFor(p, ctx.alpha, ctx.power, relTol, Math.SQRT2);
    const s = sumReplicates(p.n, w, p.x, replicates, ctx.rng);
    const d = new Float64Array(replicates);
    for (let r = 0; r < replicates; r++) d[r] = s.z[r] * s.z[r] - s.termsSq[r];
    const est = estimateMean(d);
    const r = testEstimate(est, this.predict(p) - target, {
      alpha: ctx.alpha,
      beta: 1 - ctx.power,
      absTol: relTol * target,
    });
    return evidenceFrom(
      this.title,
      'E[z²] − E[Σ(WᵢXᵢ)²]',
      r,
      { n: p.n, wVariance: p.wVariance, X: p.x.name, replicates },
      `E[z²] is predicted to be ${target.toPrecision(4)}; the tolerance is ${relTol * 100}% of it.`,
    );
  },
  predict: secondMomentLaw,
};

/** Claim 3b: the typical magnitude survives cancellation: E|z| = √(2/π)·σw·E‖X‖ → √(2/π)·sd(z). */
export const cancellationMeanAbs: Claim<CancellationParams> = {
  id: 'cancellation-mean-abs',
  title: 'cancellation leaves E|z| = √(2/π)·σw·E‖X‖, which tends to √(2/π)·sd(z)',
  statement:
    'With Gaussian weights, z given the inputs is exactly N(0, σw²‖X‖²), so its expected magnitude is ' +
    '√(2/π)·σw·E‖X‖; as n grows ‖X‖ concentrates and E|z| approaches √(2/π)·sd(z) ≈ 0.80·sd(z). ' +
    'Cancellation does not make z small; it makes z Gaussian.',
  source: 'discussion, problem 1; the Gaussian mean absolute deviation E|Z| = √(2/π)',
  kind: 'law',
  family: 'cancellation',
  parameters: params,
  representative,
  check(p, ctx) {
    const relTol = ctx.size === 'quick' ? QUICK_REL_TOL : CANCEL_REL_TOL;
    const w = withVariance(normal(), p.wVariance);
    const sw = Math.sqrt(p.wVariance);
    // Dᵣ = |zᵣ| − √(2/π)σw‖Xᵣ‖ has mean exactly 0 (condition on X) and Var(D) = (1 − 2/π)·Var(z),
    // i.e. sd(D) ≈ 0.76·E|z| when ‖X‖ concentrates: plan on cv = 1 relative to E|z| for margin.
    const replicates = replicatesFor(p, ctx.alpha, ctx.power, relTol, 1);
    const s = sumReplicates(p.n, w, p.x, replicates, ctx.rng);
    const d = new Float64Array(replicates);
    let predicted = 0;
    for (let r = 0; r < replicates; r++) {
      const pr = SQRT_2_OVER_PI * sw * Math.sqrt(s.xNormSq[r]);
      d[r] = Math.abs(s.z[r]) - pr;
      predicted += pr / replicates;
    }
    const est = estimateMean(d);
    const asymptote = meanAbsLaw(p);
    const r = testEstimate(est, this.predict(p) - asymptote, {
      alpha: ctx.alpha,
      beta: 1 - ctx.power,
      absTol: relTol * predicted,
    });
    const measured = predicted + est.value;
    return {
      ...evidenceFrom(this.title, 'E|z| − √(2/π)·σw·E‖X‖', r, {
        n: p.n,
        wVariance: p.wVariance,
        X: p.x.name,
        replicates,
      }),
      note: `E|z| measured ${measured.toPrecision(4)}; √(2/π)·sd(z) = ${asymptote.toPrecision(4)} (ratio ${(measured / asymptote).toPrecision(4)}, → 1 as n grows).`,
    };
  },
  predict: meanAbsLaw,
};

/** Claim 3c: a near-total cancellation is possible but rare, with a computable probability. */
export const cancellationRare: Claim<CancellationParams & { epsilon: number }> = {
  id: 'cancellation-rare',
  title: 'near-total cancellation is rare: P(|z| < ε·sd(z)) ≈ 2ε·φ(0) ≈ 0.8ε',
  statement:
    'Sums like −999.99 + 1000 − 100.99 + 101 that cancel to almost nothing happen, with probability ' +
    'P(|z| < ε·sd(z)) = E[2Φ(ε·sd(z)/(σw‖X‖)) − 1] ≈ 2εφ(0) ≈ 0.80·ε for small ε: one sum in 250 lands ' +
    'within 0.5% of a standard deviation of zero.',
  source: 'discussion, problem 2 (the learner: "it is about probabilities … how do we know?")',
  kind: 'law',
  family: 'cancellation',
  parameters: fc
    .tuple(params, fc.double({ min: 0.05, max: 0.5, noNaN: true }))
    .map(([p, epsilon]) => ({ ...p, n: Math.min(p.n, 64), epsilon })),
  representative: { ...representative, epsilon: 0.05 },
  check(p, ctx) {
    const relTol = ctx.size === 'quick' ? 0.4 : RARE_REL_TOL;
    const w = withVariance(normal(), p.wVariance);
    const sw = Math.sqrt(p.wVariance);
    const sd = Math.sqrt(sumVariance(p.n, w, p.x));
    const approx = rareLaw(p);
    // indicator minus its exact conditional probability: mean 0, sd ≤ √(p(1 − p)); cv ≈ 1/√p
    const replicates = replicatesFor(p, ctx.alpha, ctx.power, relTol, 1 / Math.sqrt(approx));
    const s = sumReplicates(p.n, w, p.x, replicates, ctx.rng);
    const d = new Float64Array(replicates);
    let predicted = 0;
    let hits = 0;
    for (let r = 0; r < replicates; r++) {
      const pr = 2 * normalCdf((p.epsilon * sd) / (sw * Math.sqrt(s.xNormSq[r])), 0, 1) - 1;
      const hit = Math.abs(s.z[r]) < p.epsilon * sd ? 1 : 0;
      hits += hit;
      d[r] = hit - pr;
      predicted += pr / replicates;
    }
    const r = testEstimate(estimateMean(d), this.predict(p) - approx, {
      alpha: ctx.alpha,
      beta: 1 - ctx.power,
      absTol: relTol * predicted,
    });
    return {
      ...evidenceFrom(this.title, 'P(|z| < ε·sd) − its exact conditional value', r, {
        n: p.n,
        epsilon: p.epsilon,
        X: p.x.name,
        replicates,
      }),
      note: `Observed ${hits} of ${replicates} sums within ε·sd of 0 (${(hits / replicates).toPrecision(3)}); exact ${predicted.toPrecision(3)}; small-ε approximation 2εφ(0) = ${approx.toPrecision(3)}.`,
    };
  },
  predict: rareLaw,
};
