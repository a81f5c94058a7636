/**
 * Claims 6 and 7: the depth laws. With Var(W) = c/n and ReLU, every layer multiplies the forward
 * second moment by c/2 and the backpropagated gradient's by c_out/2 = fan_out·Var(W)/2, so over L
 * layers both change by (c/2)^L: He (c = 2) preserves them, Xavier (c = 1 for equal fans) halves
 * them per layer, c = 4 doubles them (He et al. 2015, §2.2).
 *
 * Statistical design (see `layer-ratios.ts`): the end-to-end ratio is heavy-tailed at finite width,
 * so the law is tested through its exact per-layer form. Each replicate network (fresh weights and
 * inputs) gives one observation, the average over its layers of the per-row ratio over the law's
 * factor; replicates are independent, so the mean of the observations has a valid standard error.
 * Forward, that error comes from the proven bound Var ≤ 5/(n·L) and nothing is estimated; backward it
 * is the studentized sample error. The number of replicates is planned (`samplesFor`) so that a 10%
 * error in the per-layer factor (15% in --quick) is detected with the context's power.
 *
 * Ranges. The per-layer law and its variance bound are exact at every width and depth (no
 * finite-width correction), so wide and deep networks test the same law. The laws' random draws
 * take widths from 32 to 128 and depths from 1 to 100, each on a log scale (every doubling equally
 * likely), with the weight count n²·L capped at 2¹⁸ (`MAX_WEIGHTS`; the depth is cut to fit: width
 * 128 comes with depth ≤ 16, depth 100 with width ≤ 51). The spec also runs each law at the
 * extremes (`extremeDepthParameters`): wide, width 512–1024 at depth 1–2, and deep, depth 64–100 at
 * width 32–64. Wide and deep at once is not drawn: the cost is dominated by drawing the weights,
 * R·n²·L normals with R = max(40, ≈ 8·10⁴/(n·L)) replicates (at the suite's α), so at least
 * ≈ 8·10⁴·n normals at width n whatever the depth (≈ 1 s forward at n = 1024 on one idle core,
 * twice that backward, which also runs a 40-replicate pilot).
 */
import fc from 'fast-check';
import { xavierNormal } from '../init/presets.js';
import type { ScalingDistribution } from '../init/types.js';
import { varianceScaling } from '../init/variance-scaling.js';
import { depthGain, gradientGain } from '../theory/depth.js';
import { QUICK_REL_TOL } from './evidence.js';
import {
  layerRatios,
  plannedRatios,
  planReplicates,
  testGeometricBand,
  testGeometricLaw,
} from './layer-ratios.js';
import type { CheckContext, Claim } from './types.js';

/** A plain ReLU network of `depth` layers of `width` units with i.i.d. weights of variance c/width. */
export interface DepthParams {
  width: number;
  depth: number;
  /** c = n·Var(W): 2 is He, 1 is Xavier/LeCun for equal fans, 4 is "too large". */
  c: number;
  /** The weights' law: a normal, a uniform, or a normal truncated at ±2σ (variance corrected). */
  distribution: ScalingDistribution;
}

/** The depth claims resolve a 10% error in the per-layer factor (15% in --quick). */
export const DEPTH_REL_TOL = 0.1;

/** Rows of each replicate's input batch: averaging rows lowers the variance at little cost. */
export const DEPTH_BATCH = 8;

const relTolOf = (ctx: CheckContext) => (ctx.size === 'quick' ? QUICK_REL_TOL : DEPTH_REL_TOL);

/** Var(W) = c/fan_in in PyTorch's (out, in) layout, from the one mechanism (`varianceScaling`). */
export function scaledInit(c: number, distribution: ScalingDistribution = 'untruncatedNormal') {
  return varianceScaling({ scale: c, mode: 'fanIn', distribution, layout: 'torch' });
}

/** c from a grid (the named schemes) or anywhere in [0.5, 4]. */
const cArb = fc.oneof(fc.constantFrom(2, 1, 4), fc.double({ min: 0.5, max: 4, noNaN: true }));

/** Most weights (n²·L) of one network of the depth laws' random draws: their cost cap. */
export const MAX_WEIGHTS = 2 ** 18;

/**
 * An integer in [lo, hi] on a log scale (64 equal steps of log(hi/lo)), shrinking towards lo: each
 * doubling of a width or depth is equally likely (the residual claims use it too).
 */
export const logInteger = (lo: number, hi: number): fc.Arbitrary<number> =>
  fc.integer({ min: 0, max: 64 }).map((k) => Math.round(lo * (hi / lo) ** (k / 64)));

/** Width 32…128 and depth 1…100, both on a log scale, with n²·L ≤ `MAX_WEIGHTS` (depth cut to fit). */
const sizeArb = fc
  .record({ width: logInteger(32, 128), depth: logInteger(1, 100) })
  .map(({ width, depth }) => ({
    width,
    depth: Math.min(depth, Math.max(1, Math.floor(MAX_WEIGHTS / width ** 2))),
  }));

/** The depth laws' parameters: a size, c and one of the weight laws. */
const depthParams = (
  size: fc.Arbitrary<{ width: number; depth: number }>,
  distributions: readonly ScalingDistribution[],
): fc.Arbitrary<DepthParams> =>
  fc
    .record({ size, c: cArb, distribution: fc.constantFrom(...distributions) })
    .map(({ size: s, c, distribution }) => ({ ...s, c, distribution }));

const FORWARD_LAWS: readonly ScalingDistribution[] = ['untruncatedNormal', 'uniform', 'truncatedNormal'];
const BACKWARD_LAWS: readonly ScalingDistribution[] = ['untruncatedNormal', 'uniform'];

/**
 * The extremes at which the spec runs the depth laws besides their random draws: `'wide'`, width
 * 512–1024 (log scale) at depth 1–2; `'deep'`, depth 64–100 (log scale) at width 32–64. c and the
 * weight law are drawn as in the law's own parameters (`direction`).
 */
export function extremeDepthParameters(
  extreme: 'wide' | 'deep',
  direction: 'forward' | 'backward',
): fc.Arbitrary<DepthParams> {
  const size =
    extreme === 'wide'
      ? fc.record({ width: logInteger(512, 1024), depth: fc.integer({ min: 1, max: 2 }) })
      : fc.record({ width: logInteger(32, 64), depth: logInteger(64, 100) });
  return depthParams(size, direction === 'forward' ? FORWARD_LAWS : BACKWARD_LAWS);
}

const equalWidths = (p: { width: number; depth: number }) => Array<number>(p.depth + 1).fill(p.width);

/** Claim 6: the forward depth law. */
export const depthForwardLaw: Claim<DepthParams> = {
  id: 'depth-forward-law',
  title:
    'E[x_L²] = (c/2)^L·E[x₀²] in a ReLU net with Var(W) = c/n: He (c = 2) keeps it, Xavier (c = 1) halves it per layer',
  statement:
    'With i.i.d. symmetric weights of variance c/n (n = fan-in) and ReLU after every layer, each layer ' +
    'multiplies the mean square of the signal by c/2 in expectation (the ReLU keeps half of a symmetric ' +
    "pre-activation's second moment), so after L layers E[x_L²] = (c/2)^L·E[x₀²]: He's c = 2 preserves it, " +
    'Xavier/LeCun (c = 1) halves it at every layer, c = 4 doubles it: vanishing or exploding geometrically.',
  source: 'discussion, Dr. Ng ("you can use 2/n when you use ReLU"); He et al. 2015, §2.2, eq. 10',
  kind: 'law',
  family: 'depth',
  parameters: depthParams(sizeArb, FORWARD_LAWS),
  representative: { width: 64, depth: 10, c: 1, distribution: 'untruncatedNormal' },
  check(p, ctx) {
    const logTolerance = Math.log1p(relTolOf(ctx));
    // the proven bound Var(R_l/f | x_{l−1}) ≤ 5/n per layer, martingale differences across layers
    const sdBound = Math.sqrt(5 / (p.width * p.depth));
    const replicates = planReplicates(sdBound, logTolerance, ctx);
    const lr = layerRatios(
      { init: scaledInit(p.c, p.distribution), widths: equalWidths(p), batch: DEPTH_BATCH, replicates },
      ctx.rng,
    );
    return testGeometricLaw({
      claim: this.title,
      quantity: 'E[x_L²]/E[x₀²]',
      ratios: lr.forward,
      law: Array<number>(p.depth).fill(p.c / 2),
      predicted: this.predict(p),
      logTolerance,
      sdBound,
      ctx,
      params: { ...p, batch: DEPTH_BATCH },
    });
  },
  predict: (p) => depthGain(p.c, p.depth),
};

/** Claim 7: the backward depth law. */
export const depthBackwardLaw: Claim<DepthParams> = {
  id: 'depth-backward-law',
  title:
    'E[g₀²] = (c_out/2)^L·E[g_L²] for backpropagated gradients, c_out = fan_out·Var(W): the same geometric law',
  statement:
    'Backpropagation through a ReLU layer multiplies the gradient by Wᵀ after the 0/1 mask, so each ' +
    'layer multiplies E[g²] by fan_out·Var(W)·½ in expectation: with Var(W) = c/n and equal widths, ' +
    'E[g₀²]/E[g_L²] = (c/2)^L — the forward law run backwards, vanishing for c < 2 and exploding for c > 2.',
  source:
    'discussion, paulinpaloalto ("the coefficients show up there as factors as well"); He et al. 2015, eq. 14',
  kind: 'law',
  family: 'depth',
  parameters: depthParams(sizeArb, BACKWARD_LAWS),
  representative: { width: 64, depth: 10, c: 4, distribution: 'untruncatedNormal' },
  check(p, ctx) {
    const logTolerance = Math.log1p(relTolOf(ctx));
    // planned from the forward bound (the backward ratios' sample sd was 0.4–0.7 of it) or a
    // pilot; the decision uses the studentized sample standard error
    const law = Array<number>(p.depth).fill(p.c / 2);
    const lr = plannedRatios(
      { init: scaledInit(p.c, p.distribution), widths: equalWidths(p), batch: DEPTH_BATCH, backward: true },
      { sdPlan: Math.sqrt(5 / (p.width * p.depth)), logTolerance, ctx, law, which: 'backward' },
      ctx.rng,
    );
    return testGeometricLaw({
      claim: this.title,
      quantity: 'E[g₀²]/E[g_L²]',
      ratios: lr.backward as Float64Array[],
      law,
      predicted: this.predict(p),
      logTolerance,
      ctx,
      params: { ...p, batch: DEPTH_BATCH },
    });
  },
  predict: (p) => gradientGain(p.c, p.depth),
};

/** A Xavier-initialized ReLU network of equal widths. */
export interface XavierParams {
  width: number;
  depth: number;
}

/** Claim 6 (refutation): "Xavier is fine for ReLU nets". */
export const xavierReluRefuted: Claim<XavierParams> = {
  id: 'xavier-relu-refuted',
  title:
    'refuted: Xavier init (Var(W) = 2/(n_in + n_out)) is fine for ReLU nets: E[x_L²]/E[x₀²] stays within a factor 2 of 1',
  statement:
    'Naive: Glorot/Xavier initialization keeps signals stable in any deep network, so the mean square stays ' +
    'within a factor 2 of the input’s at every depth. False for ReLU: with equal fans Xavier gives ' +
    'c = n·Var(W) = 1, the ReLU halves the second moment at every layer, and E[x_L²]/E[x₀²] = (1/2)^L.',
  source: 'discussion, Dr. Ng ("2/n … works better" for ReLU); He et al. 2015, §2.2 and Fig. 3',
  kind: 'refutation',
  family: 'depth',
  parameters: fc.record({ width: fc.integer({ min: 32, max: 128 }), depth: fc.integer({ min: 1, max: 12 }) }),
  representative: { width: 64, depth: 10 },
  check(p, ctx) {
    // at depth ≥ 2 the true per-layer level 1/2 is ≥ 29% below the band's edge 2^{-1/L}: resolving
    // 20% per layer finds it every time; depth 1 sits exactly on the edge (½) and is never refuted
    const logTolerance = Math.log1p(0.2);
    const sdBound = Math.sqrt(5 / (p.width * p.depth));
    const replicates = planReplicates(sdBound, logTolerance, ctx);
    const lr = layerRatios(
      { init: xavierNormal(), widths: equalWidths(p), batch: DEPTH_BATCH, replicates },
      ctx.rng,
    );
    const naive = this.predict(p);
    return testGeometricBand({
      claim: this.title,
      quantity: 'E[x_L²]/E[x₀²]',
      ratios: lr.forward,
      law: Array<number>(p.depth).fill(0.5),
      predicted: naive,
      lower: naive / 2,
      upper: naive * 2,
      sdBound,
      ctx,
      params: { ...p, init: 'xavierNormal (PyTorch)', batch: DEPTH_BATCH },
    });
  },
  predict: () => 1,
  telling(p) {
    return {
      ok: p.depth >= 2,
      feature: `Xavier with fan_in = fan_out = ${p.width} gives c = n·Var(W) = 1, so each ReLU layer halves E[x²] and the ratio is (1/2)^L = ${0.5 ** p.depth} at L = ${p.depth}, outside [1/2, 2] from L = 2 on (and 1/1024 at L = 10)`,
    };
  },
  lesson:
    'Xavier’s 1/n_avg was derived for activations that keep the second moment (tanh near 0, linear). A ReLU ' +
    'zeroes half of a symmetric pre-activation, so it needs twice the variance: He’s 2/n.',
};

/** Claim 7 (refutation): "ReLU gradients cannot explode". */
export const reluGradientsRefuted: Claim<{ width: number; depth: number; c: number }> = {
  id: 'relu-gradients-refuted',
  title: 'refuted: ReLU gradients cannot explode because its derivative is 0 or 1: E[g₀²]/E[g_L²] ≤ 1',
  statement:
    'Naive: the ReLU’s derivative is 0 or 1, so backpropagation can only keep or shrink a gradient. False: ' +
    'each layer also multiplies by Wᵀ, and with Var(W) = c/n the mask keeps half, so E[g²] grows by c/2 > 1 ' +
    'per layer whenever c > 2: (c/2)^L, geometrically in depth.',
  source: 'discussion, the learner ("our gradients never explode on ReLU … because it is either 1 or 0")',
  kind: 'refutation',
  family: 'depth',
  parameters: fc.record({
    width: fc.integer({ min: 32, max: 96 }),
    depth: fc.integer({ min: 2, max: 12 }),
    c: fc.integer({ min: 1, max: 8 }).map((k) => k / 2),
  }),
  representative: { width: 64, depth: 10, c: 4 },
  check(p, ctx) {
    // c > 2 on the grid means a per-layer factor ≥ 1.25: resolving 20% per layer finds it
    const logTolerance = Math.log1p(0.2);
    const law = Array<number>(p.depth).fill(p.c / 2);
    const lr = plannedRatios(
      { init: scaledInit(p.c), widths: equalWidths(p), batch: DEPTH_BATCH, backward: true },
      { sdPlan: Math.sqrt(5 / (p.width * p.depth)), logTolerance, ctx, law, which: 'backward' },
      ctx.rng,
    );
    return testGeometricBand({
      claim: this.title,
      quantity: 'E[g₀²]/E[g_L²]',
      ratios: lr.backward as Float64Array[],
      law,
      predicted: this.predict(p),
      upper: this.predict(p),
      ctx,
      params: { ...p, batch: DEPTH_BATCH },
    });
  },
  predict: () => 1,
  telling(p) {
    const f = p.c / 2;
    return {
      ok: p.c > 2,
      feature: `c = ${p.c} > 2: each layer multiplies E[g²] by c/2 = ${f}, so E[g₀²]/E[g_L²] = (c/2)^L = ${(f ** p.depth).toPrecision(4)} at L = ${p.depth}, ${(f ** 10).toPrecision(4)} at L = 10 and ${(f ** 50).toPrecision(4)} at L = 50`,
    };
  },
  lesson:
    'The derivative is only one factor of the chain rule; the weights are the other. A 0/1 mask cannot ' +
    'stop Wᵀ from amplifying: with Var(W) > 2/fan_out gradients explode geometrically, as paulinpaloalto said.',
};
