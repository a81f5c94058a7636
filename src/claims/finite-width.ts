import fc from 'fast-check';
import { samplesFor, testEstimate, testVariance } from '../stats/decide.js';
import { estimateMean } from '../stats/estimate.js';
import { ksSamplesFor } from '../stats/goodness.js';
import { depthNormRatioLaw, normRatioExpansion, reluNormRatioCdf } from '../theory/finite-width.js';
import { evidenceFrom } from './evidence.js';
import {
  depthLogKurtosis,
  depthLogRatios,
  fitTable,
  reluRatioCdfTable,
  scaleErrorResolved,
} from './log-ratio.js';
import { netSimulator } from './replicate-nets.js';
import type { Claim } from './types.js';

/**
 * Claim family 9, finite width (Hanin & Rolnick 2018, "How to start training"; Hanin 2018): He
 * initialization preserves the mean square of a ReLU network only on average. One layer of width
 * n multiplies the mean square by R = (2/n)·χ²_K, K ~ Binomial(n, ½), whatever its input, so the
 * layers' log ratios are independent: log-norms spread with variance Σ Var log R_l ≈ 5·Σ1/n_l and
 * drift down by Σ E log R_l ≈ −(5/2)·Σ1/n_l, although E[R] = 1 at every layer.
 */

/** One network of `depth` He-initialized ReLU layers of width `width` after an input of width `inputWidth`. */
export interface LayerLawParams {
  width: number;
  depth: number;
  inputWidth: number;
}

/** A deep He ReLU network of equal widths n = `width` (input included). */
export interface DepthLawParams {
  width: number;
  depth: number;
}

/** The KS distance the layer law resolves (full run / --quick), less twice the table's error. */
const LAYER_DISTANCE = { full: 0.04, quick: 0.08 };
/** Relative error resolved in Var log and E log of the depth law (full / --quick). */
const DEPTH_REL_TOL = { full: 0.1, quick: 0.25 };

/** Claim 9a: the exact one-layer law, checked on every layer of independent networks. */
export const finiteWidthLayerLaw: Claim<LayerLawParams> = {
  id: 'finite-width-layer-law',
  title:
    'each He ReLU layer multiplies the mean square by R = (2/n)·χ²_K, K ~ Bin(n, ½): E[R] = 1 but P(R ≤ 1) > ½',
  statement:
    'With Gaussian He weights a ReLU layer of width n scales the mean square ‖x‖²/n of ANY input by ' +
    'R = (2/n)·χ²_K, K ~ Binomial(n, ½) (the number of active units): E[R] = 1 exactly, Var R = 5/n, and ' +
    'R is skewed — a layer shrinks the norm more often than it grows it (P(R ≤ 1) = 0.566 at n = 16, ' +
    '0.546 at n = 32). The law does not depend on the input, so successive layers are independent.',
  source: 'Hanin & Rolnick 2018 (NeurIPS), §3; Hanin 2018; He et al. 2015 for E[R] = 1',
  kind: 'law',
  family: 'finiteWidth',
  parameters: fc.record({
    width: fc.constantFrom(8, 16, 32),
    depth: fc.integer({ min: 4, max: 16 }),
    inputWidth: fc.integer({ min: 1, max: 64 }),
  }),
  representative: { width: 16, depth: 8, inputWidth: 16 },
  check(p, ctx) {
    const distance = ctx.size === 'quick' ? LAYER_DISTANCE.quick : LAYER_DISTANCE.full;
    const table = reluRatioCdfTable(p.width);
    // Every ratio is an independent draw from the law: layers are independent given a live input
    // (Hanin & Rolnick), networks are independent replicates. ε(N, α) + ε(N, 2β) + 2δ ≤ distance.
    const N = ksSamplesFor({ distance: distance - 2 * table.delta, alpha: ctx.alpha, power: ctx.power });
    const sim = netSimulator({
      widths: [p.inputWidth, ...new Array<number>(p.depth).fill(p.width)],
      activation: 'relu',
      weightScale: 2,
      rows: 1,
    });
    const R = new Float64Array(N);
    let k = 0;
    let networks = 0;
    let sum = 0;
    while (k < N) {
      const rec = sim.run(ctx.rng);
      networks++;
      let prev = rec.inputNorms[0] / p.inputWidth;
      for (let l = 0; l < p.depth && k < N; l++) {
        if (!(prev > 0)) break; // a dead layer: later layers have no input direction
        const cur = rec.norms[l][0] / p.width;
        R[k++] = cur / prev;
        sum += cur / prev;
        prev = cur;
      }
    }
    const fit = fitTable(R, table, ctx.alpha);
    let below = 0;
    for (let i = 0; i < N; i++) if (R[i] <= 1) below++;
    const measured = below / N;
    const predicted = this.predict(p);
    // One DKW event covers both: sup|F̂ − F| ≤ ε implies |F̂(1) − F(1)| ≤ ε.
    const stat = Math.max(fit.distance, Math.abs(measured - predicted));
    const pass = stat <= fit.critical;
    return {
      claim: this.title,
      quantity: 'P(R ≤ 1) and the KS distance of R to (2/n)·χ²_K',
      measured,
      predicted,
      interval: [measured - fit.critical, measured + fit.critical],
      alpha: ctx.alpha,
      samples: N,
      pass,
      decision: pass ? 'pass' : 'fail',
      params: { ...p, networks },
      note:
        `KS distance to the exact law ${fit.distance.toPrecision(3)} (critical ${fit.critical.toPrecision(3)}, ` +
        `DKW at α plus the table's bound ${table.delta.toExponential(1)}); mean ratio ${(sum / N).toPrecision(4)} ` +
        `(exact 1), Var R exact ${(5 / p.width).toPrecision(3)}. Resolves a sup-distance of ${distance}, ` +
        `e.g. a ${(100 * scaleErrorResolved(table, distance)).toPrecision(2)}% error in the scale of R.`,
    };
  },
  predict: (p) => reluNormRatioCdf(p.width)(1),
};

const depthLaw = (p: DepthLawParams) => depthNormRatioLaw(new Array<number>(p.depth + 1).fill(p.width));

/** Claim 9b: log-norm variance adds up over layers. */
export const finiteWidthLogVariance: Claim<DepthLawParams> = {
  id: 'finite-width-log-variance',
  title:
    'with He init, Var log(‖x_L‖²/‖x₀‖²) = Σ_l Var log R_l ≈ 5·Σ1/n_l: single networks spread with depth',
  statement:
    "Because the layers' ratios are independent, the variance of a deep network's log-norm ratio is " +
    'the sum of the per-layer variances: about 5/n per layer (exactly ψ-function sums; 0.420 at n = 16 ' +
    'rather than 5/16 = 0.31). Individual networks drift apart geometrically in log-norm even though ' +
    'the mean square is preserved on average.',
  source: 'Hanin & Rolnick 2018, Theorem 1 (the 5Σ1/n_l law); Hanin 2018',
  kind: 'law',
  family: 'finiteWidth',
  parameters: fc.record({ width: fc.integer({ min: 8, max: 20 }), depth: fc.integer({ min: 2, max: 6 }) }),
  representative: { width: 16, depth: 4 },
  check(p, ctx) {
    const relTol = ctx.size === 'quick' ? DEPTH_REL_TOL.quick : DEPTH_REL_TOL.full;
    // exact kurtosis of S = Σ log R_l (ψ-function cumulants) plans the replicates
    const kurtosis = depthLogKurtosis(new Array<number>(p.depth).fill(p.width), 'relu');
    const count = samplesFor({ relTol, alpha: ctx.alpha, power: ctx.power, kurtosis });
    const { logRatio, drawn } = depthLogRatios({ ...p, activation: 'relu', count }, ctx.rng);
    const r = testVariance(logRatio, this.predict(p), {
      alpha: ctx.alpha,
      beta: 1 - ctx.power,
      relTol,
      kurtosis,
    });
    const law = depthLaw(p);
    return {
      ...evidenceFrom(this.title, 'Var log(‖x_L‖²/‖x₀‖²)', r, { ...p, networks: count }),
      note:
        `Exact law: Var ${law.logVariance.toPrecision(4)}, first-order 5·Σ1/n = ${((5 * p.depth) / p.width).toPrecision(4)}; ` +
        `${drawn - count} of ${drawn} networks had a dead layer (exact probability ${law.probabilityZero.toExponential(2)}) ` +
        `and are excluded, as the law is conditioned on every layer having an active unit. Planned on the exact kurtosis ${kurtosis.toPrecision(3)}.`,
    };
  },
  predict: (p) => depthLaw(p).logVariance,
};

/** Claim 9c: the typical network loses norm although the mean is preserved. */
export const finiteWidthDrift: Claim<DepthLawParams> = {
  id: 'finite-width-drift',
  title: 'with He init, E log(‖x_L‖²/‖x₀‖²) = Σ_l E log R_l ≈ −(5/2)·Σ1/n_l < 0 = log E[‖x_L‖²/‖x₀‖²]',
  statement:
    'The mean square is preserved on average (E[R] = 1 per layer) but the typical network shrinks the ' +
    'norm: the log-norm drifts down by about 5/(2n) per layer (−0.176 at n = 16), so the median network ' +
    'loses norm with depth while rare networks that grow it keep the mean at 1.',
  source: 'Hanin & Rolnick 2018, Theorem 1; Hanin 2018',
  kind: 'law',
  family: 'finiteWidth',
  // Σ1/n ≥ ½ keeps the drift large against the spread (cv = sd/|mean| ≲ 1.3), so a 10% error in it is affordable.
  parameters: fc
    .record({ width: fc.integer({ min: 8, max: 16 }), extra: fc.integer({ min: 0, max: 8 }) })
    .map(({ width, extra }) => ({ width, depth: Math.ceil(width / 2) + extra })),
  representative: { width: 16, depth: 8 },
  check(p, ctx) {
    const relTol = ctx.size === 'quick' ? DEPTH_REL_TOL.quick : DEPTH_REL_TOL.full;
    const law = depthLaw(p);
    const cv = Math.sqrt(law.logVariance) / Math.abs(law.logMean);
    const count = samplesFor({ relTol, alpha: ctx.alpha, power: ctx.power, cv });
    const { logRatio } = depthLogRatios({ ...p, activation: 'relu', count }, ctx.rng);
    const r = testEstimate(estimateMean(logRatio), this.predict(p), {
      alpha: ctx.alpha,
      beta: 1 - ctx.power,
      absTol: relTol * Math.abs(law.logMean),
    });
    let mean = 0;
    for (const s of logRatio) mean += Math.exp(s) / count;
    const ex = normRatioExpansion(p.width);
    return {
      ...evidenceFrom(this.title, 'E log(‖x_L‖²/‖x₀‖²)', r, { ...p, networks: count }),
      note:
        `The median network keeps e^${r.measured.toPrecision(3)} = ${Math.exp(r.measured).toPrecision(3)} of its ` +
        `mean square; the mean over these networks is ${mean.toPrecision(3)} (exact 1, heavy-tailed). ` +
        `Series −5/(2n) − 49/(12n²) per layer gives ${(p.depth * ex.logMeanSecondOrder).toPrecision(4)}.`,
    };
  },
  predict: (p) => depthLaw(p).logMean,
};

/** How many independent networks the preservation refutation draws. */
const PRESERVATION_NETWORKS = 16;

/** Claim 9d (refutation): "He init preserves every network's norm". */
export const finiteWidthPreservationRefuted: Claim<DepthLawParams> = {
  id: 'finite-width-preservation-refuted',
  title: 'refuted: with He init every deep ReLU network keeps ‖x_L‖ within a factor 2 of ‖x₀‖',
  statement:
    'Naive: He initialization preserves the norm, so every deep ReLU network of width ≥ 64 keeps ‖x_L‖ ' +
    'within a factor 2 of ‖x₀‖ (‖x_L‖²/‖x₀‖² between ¼ and 4). False: it preserves the MEAN square; single ' +
    'networks spread with log-variance ≈ 5·L/n, so a deep enough network leaves the band (the check draws ' +
    '16 networks; one network outside the band is a counterexample, not a statistical inference).',
  source:
    'Hanin & Rolnick 2018; the discussion ("the larger n, the smaller Wᵢ" keeps the mean, not every network)',
  kind: 'refutation',
  family: 'finiteWidth',
  parameters: fc.record({ width: fc.integer({ min: 64, max: 256 }), depth: fc.integer({ min: 1, max: 64 }) }),
  representative: { width: 64, depth: 32 },
  check(p, ctx) {
    const sim = netSimulator({
      widths: new Array<number>(p.depth + 1).fill(p.width),
      activation: 'relu',
      weightScale: 2,
      rows: 1,
    });
    let worst = 1;
    let i = 0;
    for (; i < PRESERVATION_NETWORKS; i++) {
      const rec = sim.run(ctx.rng);
      const ratio = rec.norms[p.depth - 1][0] / rec.inputNorms[0];
      if (Math.abs(Math.log(ratio)) > Math.abs(Math.log(worst))) worst = ratio;
      if (!(ratio >= 0.25 && ratio <= 4)) {
        i++;
        break;
      }
    }
    const pass = worst >= 0.25 && worst <= 4;
    return {
      claim: this.title,
      quantity: '‖x_L‖²/‖x₀‖² of the network furthest from 1',
      measured: worst,
      predicted: this.predict(p),
      interval: [0.25, 4],
      alpha: 0,
      samples: i,
      pass,
      decision: pass ? 'pass' : 'fail',
      params: { ...p },
      note: 'an observed network outside [¼, 4] falsifies "every network" outright (no false alarms possible)',
    };
  },
  predict: () => 1,
  telling(p) {
    // The feature is finite width: the exact law spreads single networks' log-norms with sd
    // √(Σ Var log R_l) ≈ √(5L/n), so that leaving the band is not astronomically rare (within 7.5 sd
    // of E log, the nearer edge; a search over seeds may find rarer ones, which the spec rejects).
    const law = depthLaw(p);
    const sd = Math.sqrt(law.logVariance);
    const edge = Math.min(Math.abs(2 * Math.LN2 - law.logMean), Math.abs(-2 * Math.LN2 - law.logMean)) / sd;
    let exact = '';
    if (p.depth === 1) {
      const F = reluNormRatioCdf(p.width);
      exact = `; exactly, P(outside) = ${(F(0.25) + 1 - F(4)).toExponential(2)} per network`;
    }
    return {
      ok: edge <= 7.5,
      feature:
        `depth ${p.depth} at width ${p.width}: Var log(‖x_L‖²/‖x₀‖²) = ${law.logVariance.toPrecision(3)} ` +
        `(≈ 5L/n = ${((5 * p.depth) / p.width).toPrecision(3)}), E log = ${law.logMean.toPrecision(3)}, so the band's ` +
        `nearer edge is ${edge.toPrecision(2)} sd away${exact}, although E[‖x_L‖²/‖x₀‖²] = 1`,
    };
  },
  lesson:
    'He initialization makes the AVERAGE network preserve its mean square; each layer still multiplies ' +
    'it by a random factor with variance 5/n, and these factors compound: log-norms spread like 5·L/n, ' +
    'so depth comparable to width needs more than the right variance (wider layers, normalization, or residual scaling).',
};
