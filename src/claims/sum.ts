import fc from 'fast-check';
import {
  type Distribution,
  normal,
  shifted,
  standardized,
  uniform,
  withVariance,
} from '../random/distributions.js';
import { samplesFor, testEstimate, testVariance } from '../stats/decide.js';
import { estimateVariance } from '../stats/estimate.js';
import { tailSafeSamples } from '../stats/single-draw.js';
import { distributionWithMean, fastStandardFamily, zeroMeanDistribution } from '../testing/arbitraries.js';
import { sumMoments, sumVariance } from '../theory/product.js';
import { evidenceFrom, QUICK_REL_TOL } from './evidence.js';
import { sumReplicates } from './simulate.js';
import type { CheckContext, Claim } from './types.js';

/** A pre-activation z = Σᵢ₌₁ⁿ WᵢXᵢ: width n, weight law w (zero mean), input law x. */
export interface SumParams {
  n: number;
  w: Distribution;
  x: Distribution;
}

/**
 * The sum claims resolve a 10% error in Var(z) (each replicate costs n draws, so 5% would cost 4×
 * more); `--quick` resolves 15%.
 */
const SUM_REL_TOL = 0.1;

/**
 * Independent replicates of z, as many as a variance test needs to resolve `relTol` with the
 * context's α and power, planned from z's exact kurtosis 3 + (κ(WX) − 3)/n (Var of a sample
 * variance is σ⁴(κ − 1)/N), then doubled while one term WᵢXᵢ alone could decide the test
 * (tailSafeSamples: few terms of two heavy factors, e.g. Laplace × Laplace; ../stats/single-draw.ts).
 */
function plannedSums(p: SumParams, relTol: number, ctx: CheckContext) {
  const { kurtosis } = sumMoments(p.n, p.w, p.x);
  const planned = samplesFor({
    relTol,
    alpha: ctx.alpha,
    power: ctx.power,
    kurtosis: Math.max(kurtosis, 1.05),
  });
  const replicates = tailSafeSamples({ kind: 'sum', w: p.w, x: p.x, fan: p.n }, planned, ctx.alpha);
  return { s: sumReplicates(p.n, p.w, p.x, replicates, ctx.rng), replicates, kurtosis };
}

/**
 * Draw independent replicates of z and test Var(z) (= E[z²], as E[z] = 0 for zero-mean W) against
 * `predicted`; the number of replicates is planned from z's exact kurtosis 3 + (κ(WX) − 3)/n.
 */
function checkSumVariance(
  title: string,
  p: SumParams,
  predicted: number,
  ctx: CheckContext,
  relTolFull = SUM_REL_TOL,
) {
  const relTol = ctx.size === 'quick' ? QUICK_REL_TOL : relTolFull;
  const { s, replicates, kurtosis } = plannedSums(p, relTol, ctx);
  const r = testVariance(s.z, predicted, {
    alpha: ctx.alpha,
    beta: 1 - ctx.power,
    relTol,
    kurtosis,
    knownMean: 0,
  });
  return {
    evidence: evidenceFrom(title, 'Var(z)', r, { n: p.n, W: p.w.name, X: p.x.name, replicates }),
    sums: s,
  };
}

const widthArb = fc.integer({ min: 1, max: 256 });

/** Claim 2a: Var(z) = n·Var(W)·E[X²]. */
export const sumLaw: Claim<SumParams> = {
  id: 'sum-law',
  title: 'Var(Σ WᵢXᵢ) = n·Var(W)·E[X²]: linear in n, with the second moment of X',
  statement:
    'For n i.i.d. zero-mean weights independent of i.i.d. inputs, the variance of z = ΣWᵢXᵢ grows ' +
    'linearly with n, and what multiplies it is E[X²] (not Var(X): they differ when X has a mean).',
  source: 'discussion, Dr. Ng ("the larger n, the smaller you want Wᵢ to be"); He et al. 2015, eq. 7',
  kind: 'law',
  family: 'sum',
  parameters: fc.record({
    n: widthArb,
    w: zeroMeanDistribution(fastStandardFamily),
    x: distributionWithMean(fc.double({ min: -1, max: 1, noNaN: true }), fastStandardFamily),
  }),
  representative: {
    n: 100,
    w: withVariance(normal(), 0.01),
    x: shifted(standardized(uniform(), 1 / 12), 0.5),
  },
  check(p, ctx) {
    return checkSumVariance(this.title, p, this.predict(p), ctx).evidence;
  },
  predict: (p) => sumVariance(p.n, p.w, p.x),
};

/** Claim 2b: with Var(W) = 1/n the pre-activation's variance does not depend on n. */
export const sumLawScaled: Claim<SumParams> = {
  id: 'sum-law-1-over-n',
  title: 'with Var(W) = 1/n, Var(z) = E[X²] for every width n',
  statement:
    'Scaling the weight variance as 1/n (LeCun/Xavier forward) cancels the growth with n exactly: ' +
    'z keeps the second moment of one input, however many terms are added.',
  source: 'discussion, Dr. Ng; LeCun et al. 1998 ("Efficient BackProp"); Glorot & Bengio 2010',
  kind: 'law',
  family: 'sum',
  parameters: fc
    .record({ n: fc.integer({ min: 1, max: 256 }), w: fastStandardFamily, x: fastStandardFamily })
    .map((p) => ({ n: p.n, w: withVariance(p.w, 1 / p.n), x: p.x })),
  representative: { n: 512, w: withVariance(normal(), 1 / 512), x: normal() },
  check(p, ctx) {
    return checkSumVariance(this.title, p, this.predict(p), ctx).evidence;
  },
  predict: (p) => p.x.secondMoment,
};

/** Claim 2c (refutation): using Var(X) where E[X²] belongs. */
export const sumLawVarianceRefuted: Claim<SumParams> = {
  id: 'sum-law-variance-refuted',
  title: 'refuted: Var(z) = n·Var(W)·Var(X) for inputs with a mean',
  statement:
    'Naive: the variance of the inputs is what matters. False: for zero-mean weights Var(z) = ' +
    'n·Var(W)·E[X²], and E[X²] = Var(X) + μx² exceeds Var(X) whenever the inputs are not centred.',
  source: 'discussion, reply 1 (pixels/255 in [0, 1]); He et al. 2015, eq. 7 and the remark after it',
  kind: 'refutation',
  family: 'sum',
  parameters: fc.record({
    n: fc.integer({ min: 1, max: 64 }),
    w: zeroMeanDistribution(fastStandardFamily),
    // means uniform on [0, 2] in steps of 0.001: fc.double draws uniformly over bit patterns, i.e.
    // mostly tiny means that no test can tell from 0 (one run in six refuted; 40 runs missed ≈ 0.1%)
    x: distributionWithMean(
      fc.integer({ min: 0, max: 2000 }).map((k) => k / 1000),
      fastStandardFamily,
      [-2, 0],
    ),
  }),
  representative: {
    n: 784,
    w: withVariance(normal(), 1 / 784),
    x: shifted(standardized(uniform(), 0.13), 0.3),
  },
  check(p, ctx) {
    // fast-check re-runs the check at every shrinking step: a 20% resolution keeps that affordable
    return checkSumVariance(this.title, p, this.predict(p), ctx, 0.2).evidence;
  },
  predict: (p) => p.n * p.w.variance * p.x.variance,
  telling(p) {
    const ratio = p.x.secondMoment / p.x.variance;
    return {
      ok: p.x.mean !== 0 && ratio > 1,
      feature: `X has mean ${p.x.mean.toPrecision(3)}: E[X²]/Var(X) = ${ratio.toPrecision(4)}`,
    };
  },
  lesson:
    'A linear layer propagates the second moment of its inputs. For uncentred inputs (pixels in [0, 1]) ' +
    'the variance understates it; centring the inputs makes the two equal.',
};

/** Claim 4 (refutation): "two small numbers multiply to a tiny one, so z vanishes". */
export const smallProductsRefuted: Claim<SumParams> = {
  id: 'small-products-refuted',
  title: 'refuted: each WᵢXᵢ is small, so z = ΣWᵢXᵢ vanishes',
  statement:
    'Naive: with Var(W) = 1/n each product WᵢXᵢ is O(1/√n) ("0.01 × 0.01 = 0.0001"), so for wide layers ' +
    'z is small: Var(z) ≤ ½·E[X²]. False: n terms of variance E[X²]/n add up to Var(z) = E[X²] exactly.',
  source: 'discussion, problem 2 (the learner)',
  kind: 'refutation',
  family: 'sum',
  parameters: fc
    .record({ n: fc.integer({ min: 16, max: 4096 }), w: fastStandardFamily, x: fastStandardFamily })
    .map((p) => ({ n: p.n, w: withVariance(p.w, 1 / p.n), x: p.x })),
  representative: { n: 1024, w: withVariance(normal(), 1 / 1024), x: normal() },
  check(p, ctx) {
    // The naive bound is off by a factor 2, so a coarse tolerance suffices to detect it.
    const relTol = 0.5;
    const { s, replicates, kurtosis } = plannedSums(p, relTol, ctx);
    const est = estimateVariance(s.z, { knownMean: 0, kurtosis });
    const bound = this.predict(p);
    // one-sided: the naive bound fails when Var(z) is significantly above it
    const r = testEstimate(est, bound, { alpha: 2 * ctx.alpha, relTol, scale: 'log' });
    let largest = 0;
    for (const v of s.maxAbsTerm) largest += v / replicates;
    const e = evidenceFrom(this.title, 'Var(z)', r, { n: p.n, W: p.w.name, X: p.x.name, replicates });
    return {
      ...e,
      pass: !(r.decision === 'fail' && r.measured > bound),
      note: `Each term has sd ${Math.sqrt(p.w.variance * p.x.secondMoment).toPrecision(3)}; the largest of the ${p.n} terms averages ${largest.toPrecision(3)}.`,
    };
  },
  predict: (p) => 0.5 * p.x.secondMoment,
  telling(p) {
    const termSd = Math.sqrt(p.w.variance * p.x.secondMoment);
    return {
      ok: p.n >= 16 && termSd <= 0.25 * Math.sqrt(p.x.secondMoment),
      feature: `n = ${p.n} terms, each with sd ${termSd.toPrecision(3)} (≤ ¼ of sd(X)), yet Var(z) = E[X²] = ${p.x.secondMoment.toPrecision(4)}`,
    };
  },
  lesson:
    'Smallness of each term is the point, not a problem: n terms of variance 1/n sum to variance 1. ' +
    'Products of small numbers are small, but a sum of many of them is not.',
};
