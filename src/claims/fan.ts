/**
 * Claim 8: fan-in versus fan-out. With unequal widths the forward pass multiplies E[x²] by
 * n_{l−1}·Var(W_l)/2 per ReLU layer and the backward pass multiplies E[g²] by n_l·Var(W_l)/2, so
 * one variance cannot satisfy both. Fan-in init (Var = 2/n_{l−1}) keeps the forward pass and scales
 * the backward one by ∏ n_l/n_{l−1} = n_L/n₀ (a telescoping product: the ratio of last to first
 * width, NOT a power of the depth); fan-out init (2/n_l) does the opposite; Glorot's fan-average
 * (here with the ReLU gain, 2/((n_{l−1} + n_l)/2)) trades between them (He et al. 2015, §2.2;
 * Glorot & Bengio 2010, §4.2.1). Predictions from `telescopingRatios`.
 *
 * Statistical design as for the depth claims (`layer-ratios.ts`): per replicate, the average over
 * layers of the per-row ratio over the law's factor for that layer; forward with the proven bound
 * Var ≤ Σ_l 5/n_l / L², backward studentized. A 10% error in the geometric-mean per-layer factor is
 * resolved (15% in --quick).
 */
import fc from 'fast-check';
import { kaimingNormal, xavierNormal } from '../init/presets.js';
import type { Initializer } from '../init/types.js';
import { type FanMode, telescopingRatios } from '../theory/depth.js';
import * as check from '../validate.js';
import { DEPTH_BATCH, DEPTH_REL_TOL } from './depth.js';
import { QUICK_REL_TOL } from './evidence.js';
import { layerRatios, plannedRatios, planReplicates, testGeometricLaw } from './layer-ratios.js';
import type { CheckContext, Claim } from './types.js';

/** A plain ReLU network of widths [n₀, …, n_L], every weight of variance 2/fan with fan by `mode`. */
export interface FanParams {
  widths: readonly number[];
  mode: FanMode;
}

/**
 * The initializer of a mode, with the ReLU gain √2: PyTorch's kaiming_normal_(mode='fan_in' or
 * 'fan_out') and xavier_normal_(gain=√2) for the fan-average (Var = 4/(n_in + n_out)).
 */
export function fanInit(mode: FanMode): Initializer {
  return mode === 'fanAvg' ? xavierNormal({ gain: Math.SQRT2 }) : kaimingNormal({ mode });
}

/** telescopingRatios with the ReLU gain (scale 2) for every mode. */
export const fanLaw = (p: FanParams) => {
  const o = check.options<FanParams>('p', p);
  if (p === undefined) throw new TypeError('p must be an object {widths, mode}, got undefined');
  check.list('p.widths', o.widths, { min: 2 });
  return telescopingRatios(o.widths as readonly number[], { mode: o.mode as FanMode, scale: 2 });
};

const relTolOf = (ctx: CheckContext) => (ctx.size === 'quick' ? QUICK_REL_TOL : DEPTH_REL_TOL);

const paramsArb: fc.Arbitrary<FanParams> = fc.record({
  widths: fc.array(fc.integer({ min: 32, max: 128 }), { minLength: 2, maxLength: 7 }),
  mode: fc.constantFrom<FanMode>('fanIn', 'fanOut', 'fanAvg'),
});

/** (1/L)·√(Σ_l k/n_l) over the given widths. */
function averagedSd(k: number, widths: readonly number[]): number {
  let s = 0;
  for (const n of widths) s += k / n;
  return Math.sqrt(s) / widths.length;
}

function run(p: FanParams, ctx: CheckContext, backward: boolean) {
  const logTolerance = Math.log1p(relTolOf(ctx));
  const L = p.widths.length - 1;
  // forward: Var(R_l/f_l | x_{l−1}) ≤ 5/n_l (proven); backward: planned with 5/min(n_{l−1}, n_l)
  const outWidths = p.widths.slice(1);
  const minWidths = outWidths.map((n, l) => Math.min(n, p.widths[l]));
  const sd = backward ? averagedSd(5, minWidths) : averagedSd(5, outWidths);
  const options = { init: fanInit(p.mode), widths: p.widths, batch: DEPTH_BATCH, backward };
  const law = fanLaw(p);
  const lr = backward
    ? plannedRatios(
        options,
        { sdPlan: sd, logTolerance, ctx, law: law.backwardPerLayer, which: 'backward' },
        ctx.rng,
      )
    : layerRatios({ ...options, replicates: planReplicates(sd, logTolerance, ctx) }, ctx.rng);
  return { lr, logTolerance, sd, L };
}

const modeName = (m: FanMode) =>
  m === 'fanIn'
    ? 'fan-in (kaiming_normal_, Var = 2/n_in)'
    : m === 'fanOut'
      ? 'fan-out (kaiming_normal_(mode=fan_out), Var = 2/n_out)'
      : 'fan-average (xavier_normal_(gain=√2), Var = 4/(n_in + n_out))';

/** Claim 8a: the forward ratio with unequal widths. */
export const fanForwardLaw: Claim<FanParams> = {
  id: 'fan-forward-law',
  title:
    'forward: E[x_L²]/E[x₀²] = ∏ n_{l−1}·Var(W_l)/2 — 1 with fan-in init, n₀/n_L with fan-out, in between with Glorot',
  statement:
    'With unequal widths a ReLU layer multiplies the forward second moment by n_in·Var(W)/2. Fan-in init ' +
    '(Var = 2/n_in) makes every factor 1; fan-out init (2/n_out) makes it n_in/n_out, whose product ' +
    'telescopes to n₀/n_L; the fan-average 4/(n_in + n_out) gives 2n_in/(n_in + n_out) per layer.',
  source: 'He et al. 2015, §2.2 ("Backward propagation case"); Glorot & Bengio 2010, §4.2.1, eqs. 10–12',
  kind: 'law',
  family: 'fanInOut',
  parameters: paramsArb,
  representative: { widths: [128, 96, 64, 48, 32], mode: 'fanOut' },
  check(p, ctx) {
    const { lr, logTolerance, sd } = run(p, ctx, false);
    const law = fanLaw(p);
    return testGeometricLaw({
      claim: this.title,
      quantity: 'E[x_L²]/E[x₀²]',
      ratios: lr.forward,
      law: law.forwardPerLayer,
      predicted: this.predict(p),
      logTolerance,
      sdBound: sd,
      ctx,
      params: { widths: `[${p.widths.join(', ')}]`, mode: p.mode, batch: DEPTH_BATCH },
      note: `Init ${modeName(p.mode)}: forward ${law.forward.toPrecision(4)}, backward ${law.backward.toPrecision(4)} (n_L/n₀ = ${(p.widths[p.widths.length - 1] / p.widths[0]).toPrecision(4)})`,
    });
  },
  predict: (p) => fanLaw(p).forward,
};

/** Claim 8b: the backward ratio with unequal widths. */
export const fanBackwardLaw: Claim<FanParams> = {
  id: 'fan-backward-law',
  title:
    'backward: E[g₀²]/E[g_L²] = ∏ n_l·Var(W_l)/2 — n_L/n₀ with fan-in init, 1 with fan-out, in between with Glorot',
  statement:
    'Backpropagation multiplies E[g²] by n_out·Var(W)/2 per ReLU layer. Fan-in init therefore changes the ' +
    'gradient by ∏ n_out/n_in = n_L/n₀ — only the ratio of the last to the first width, not exponentially ' +
    'in depth — while fan-out init preserves it; Glorot’s average splits the difference.',
  source:
    'He et al. 2015, §2.2 (eq. 14 and the remark on the telescoping product); Glorot & Bengio 2010, §4.2.1',
  kind: 'law',
  family: 'fanInOut',
  parameters: paramsArb,
  representative: { widths: [128, 96, 64, 48, 32], mode: 'fanIn' },
  check(p, ctx) {
    const { lr, logTolerance } = run(p, ctx, true);
    const law = fanLaw(p);
    return testGeometricLaw({
      claim: this.title,
      quantity: 'E[g₀²]/E[g_L²]',
      ratios: lr.backward as Float64Array[],
      law: law.backwardPerLayer,
      predicted: this.predict(p),
      logTolerance,
      ctx,
      params: { widths: `[${p.widths.join(', ')}]`, mode: p.mode, batch: DEPTH_BATCH },
      note: `Init ${modeName(p.mode)}: forward ${law.forward.toPrecision(4)}, backward ${law.backward.toPrecision(4)} (n_L/n₀ = ${(p.widths[p.widths.length - 1] / p.widths[0]).toPrecision(4)})`,
    });
  },
  predict: (p) => fanLaw(p).backward,
};
