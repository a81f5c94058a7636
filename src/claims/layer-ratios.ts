/**
 * Per-layer second-moment ratios of deep networks, and the test the depth, fan and residual claims
 * share: a geometric law E[x_L²]/E[x₀²] = ∏ f_l tested one layer at a time.
 *
 * Why per layer. A network's end-to-end ratio E[x_L²]/E[x₀²] is a product of L per-layer ratios; at
 * finite width it is heavy-tailed (log-normal-like with log-variance ≈ 5·Σ1/n_l for ReLU, Hanin &
 * Rolnick 2018), so a normal approximation of its mean is unreliable at the tiny false-alarm rates
 * of the suite. The law, however, holds layer by layer in conditional expectation:
 *
 *   forward:  E[R_l | x_{l−1}] = f_l for the per-row ratio R_l = (‖x_l‖²/n_l)/(‖x_{l−1}‖²/n_{l−1}),
 *             f_l = n_{l−1}·Var(W_l)/2 for ReLU — exact for ANY symmetric i.i.d. weights and any
 *             x_{l−1} ≠ 0, since z = W_l·x_{l−1} is symmetric given x_{l−1} and E[relu(z)²] = ½E[z²]
 *             (He et al. 2015, eqs. 8–10);
 *
 * so R_l − f_l are martingale differences: uncorrelated across layers, whatever the dependence
 * between layers. Each replicate network contributes ONE observation, the average over its layers
 * of R_l/f_l, whose mean is exactly 1 and whose variance is at most Σ_l Var(R_l/f_l)/L², a sum of
 * one-layer variances: light-tailed, nearly normal (an average of n·L unit terms). Replicates are
 * independent (fresh weights and inputs from forks of the stream), so the mean of R replicate
 * observations has a valid standard error. Given x_{l−1}, R_l is an average of n_l independent unit
 * terms relu(z_j)²/E, each with relative variance E[relu(z)⁴]/E[relu(z)²]² − 1 ≤ 6 − 1 = 5 when z is
 * no more heavy-tailed than a normal (kurtosis ≤ 3: normal, uniform and truncated-normal weights), so
 * Var(R_l/f_l | x_{l−1}) ≤ 5/n_l exactly (averaging rows keeps the bound, by Minkowski). That bound
 * plans the number of replicates and gives the standard error without estimating it.
 *
 * Backward, the same is tested for the per-row gradient ratios B_l = (‖g_{l−1}‖²/n_{l−1})/(‖g_l‖²/n_l),
 * g_l = ∂loss/∂x_l, whose factor is n_l·Var(W_l)/2 (fan-out, He et al. 2015 eq. 14). The END-TO-END
 * law E[g₀²]/E[g_L²] = ∏ n_l·Var(W_l)/2 is exact at every width (for loss = Σ G·x_L with G i.i.d.
 * N(0, 1): E_G‖g₀‖² = ‖J‖²_F = Σ_p ‖J·e_p‖², and forward-mode products J·v obey the forward
 * martingale above). For the per-row ratio B_l no martingale identity is proven here, so its
 * standard error is estimated from the replicates (studentized with Student's t) rather than
 * bounded. Its mean equals the factor exactly at the top layer (the output gradient is independent
 * and sign-symmetric); deeper, a 2·10⁷-replicate simulation (widths 3–16, batch 1–4, Gaussian and
 * uniform weights) found it equal to the forward per-layer mean within 3·10⁻⁴. The POOLED batch ratio
 * Σ_b‖g_{l−1,b}‖²/Σ_b‖g_{l,b}‖² is biased (−0.4% at width 16, batch 4): rows with larger gradients
 * get more weight. That is why every ratio here is taken per row (sample) and then averaged.
 */
import type { Initializer } from '../init/types.js';
import { mlp, type ResidualSpec } from '../nn/network.js';
import { type Trace, trace } from '../nn/trace.js';
import { assertRng, type Rng } from '../random/rng.js';
import { samplesFor, type TestResult, testEstimate } from '../stats/decide.js';
import { tOverZ, zTwoSided } from '../stats/estimate.js';
import type { Evidence } from '../stats/evidence.js';
import * as check from '../validate.js';
import { evidenceFrom } from './evidence.js';
import type { CheckContext } from './types.js';

/** Throw unless `ctx` carries a false-alarm rate and a power in (0, 1) (all the planners read). */
function checkRates(ctx: unknown, name = 'ctx'): CheckContext {
  const c = check.options<CheckContext>(name, ctx);
  if (ctx === undefined) throw new TypeError(`${name} must be a CheckContext object, got undefined`);
  check.probability(`${name}.alpha`, c.alpha);
  check.probability(`${name}.power`, c.power);
  return ctx as CheckContext;
}

/** Throw unless `law` is a non-empty list of finite factors > 0. */
function checkLaw(name: string, law: unknown): ArrayLike<number> {
  if (Array.isArray(law)) check.list(name, law, { min: 1 });
  const f = check.sample(name, law);
  for (let l = 0; l < f.length; l++) check.positive(`${name}[${l}]`, f[l]);
  return f;
}

/** Throw unless `t` is a trace: an object with `input.rowNorms` and a list of `blocks`. */
function checkTrace(t: unknown): Trace {
  if (t === null || typeof t !== 'object')
    throw new TypeError(`t must be a Trace (from wixi/nn), got ${check.show(t)}`);
  const tr = t as Trace;
  check.list('t.blocks', tr.blocks);
  const norms = (name: string, v: unknown) => {
    const o = v as { rowNorms?: unknown } | null;
    if (o === null || typeof o !== 'object')
      throw new TypeError(`${name} must be a trace entry, got ${check.show(v)}`);
    check.floatArray(`${name}.rowNorms`, o.rowNorms);
  };
  norms('t.input', tr.input);
  for (let l = 0; l < tr.blocks.length; l++) {
    const b = tr.blocks[l] as { output?: unknown } | null;
    if (b === null || typeof b !== 'object')
      throw new TypeError(`t.blocks[${l}] must be a trace block, got ${check.show(b)}`);
    norms(`t.blocks[${l}].output`, b.output);
  }
  return tr;
}

/** What `layerRatios` propagates through independent replicate ReLU networks. */
export interface LayerRatioOptions {
  /** One initializer for every layer, or one per layer (see `mlp`). */
  init: Initializer | readonly Initializer[];
  /** [n₀, n₁, …, n_L]. */
  widths: readonly number[];
  /** Rows (samples) of each replicate's input batch, i.i.d. N(0, 1). */
  batch: number;
  replicates: number;
  /** Also run a backward pass with ∂loss/∂x_L i.i.d. N(0, 1) (default false). */
  backward?: boolean;
  /** Residual blocks (see `mlp`); the networks have no bias. */
  residual?: ResidualSpec;
}

/** Per-replicate, per-block mean-square ratios, each averaged over the batch's rows. */
export interface LayerRatios {
  /**
   * forward[r][l] = mean over rows b of (‖x_{l+1,b}‖²/n_{l+1})/(‖x_{l,b}‖²/n_l): block l + 1's
   * forward factor in replicate r (l = 0 … L − 1).
   */
  forward: Float64Array[];
  /**
   * backward[r][l] = mean over rows b of (‖g_{l,b}‖²/n_l)/(‖g_{l+1,b}‖²/n_{l+1}), g_l = ∂loss/∂x_l:
   * block l + 1's backward factor (present with `backward: true`).
   */
  backward: Float64Array[] | null;
  /** Rows skipped because their denominator was exactly 0 (a dead ReLU row, probability ≈ 2^−n). */
  skipped: number;
}

/** Mean over rows of (a_b/na)/(b_b/nb), skipping rows with b_b = 0; the count of skipped rows. */
function rowRatio(num: Float64Array, den: Float64Array, nNum: number, nDen: number): [number, number] {
  let s = 0;
  let k = 0;
  for (let b = 0; b < num.length; b++) {
    if (den[b] > 0) {
      s += num[b] / den[b];
      k++;
    }
  }
  if (k === 0)
    throw new RangeError('every row of a layer is exactly zero: the network died (width too small)');
  return [((s / k) * nDen) / nNum, num.length - k];
}

/**
 * The per-row mean-square ratios of one trace, averaged over its rows: forward[l] for block l + 1 and,
 * when the trace ran a backward pass, backward[l] (see `LayerRatios`). Rows whose denominator is
 * exactly 0 are skipped and counted.
 */
export function traceRatios(
  t: Trace,
  widths: readonly number[],
): { forward: Float64Array; backward: Float64Array | null; skipped: number } {
  check.listOf('widths', widths, (n, v) => check.integer(n, v, 1), { min: 2 });
  checkTrace(t);
  const L = widths.length - 1;
  if (t.blocks.length !== L)
    throw new RangeError(`the trace has ${t.blocks.length} blocks, widths imply ${L}`);
  let skipped = 0;
  const forward = new Float64Array(L);
  let prev = t.input.rowNorms;
  for (let l = 0; l < L; l++) {
    const cur = t.blocks[l].output.rowNorms;
    const [v, k] = rowRatio(cur, prev, widths[l + 1], widths[l]);
    forward[l] = v;
    skipped += k;
    prev = cur;
  }
  if (t.grad === undefined) return { forward, backward: null, skipped };
  const backward = new Float64Array(L);
  const grad = (l: number): Float64Array => {
    const m = l === 0 ? t.grad?.input : t.blocks[l - 1].grad?.output;
    if (m === undefined) throw new Error('trace ran no backward pass');
    return m.rowNorms;
  };
  for (let l = 0; l < L; l++) {
    const [v, k] = rowRatio(grad(l), grad(l + 1), widths[l], widths[l + 1]);
    backward[l] = v;
    skipped += k;
  }
  return { forward, backward, skipped };
}

/**
 * Propagate `replicates` independent networks (fresh weights from `init` and fresh N(0, 1) inputs,
 * from forks of `rng`; one bias-free ReLU network whose weights are redrawn in place), run `trace` on each and return every block's per-row forward (and backward)
 * mean-square ratio, averaged over the batch. Units of one network are correlated; replicates are
 * not, and within a replicate the forward ratios are martingale differences (see the module notes).
 */
export function layerRatios(options: LayerRatioOptions, rng: Rng): LayerRatios {
  const o = check.options<LayerRatioOptions>('options', options);
  if (o.init === undefined) throw new TypeError('options.init must be an Initializer (or one per layer)');
  if (!Array.isArray(o.widths))
    throw new TypeError(`options.widths must be an array, got ${check.show(o.widths)}`);
  const widths = o.widths as readonly number[];
  const batch = check.integer('batch', o.batch, 1);
  const replicates = check.integer('replicates', o.replicates, 1);
  const withGrad = o.backward ?? false;
  const forward: Float64Array[] = [];
  const backward: Float64Array[] | null = withGrad ? [] : null;
  let skipped = 0;
  const x = new Float64Array(batch * widths[0]);
  // one network, its weights redrawn in place for every replicate (mlp checks the options once)
  const net = mlp({ widths, activation: 'relu', init: o.init, residual: o.residual }, rng.fork());
  const inits = net.layers.map((_, i) => (Array.isArray(o.init) ? o.init[i] : o.init) as Initializer);
  for (let r = 0; r < replicates; r++) {
    const rr = rng.fork();
    net.layers.forEach((layer, i) => {
      const w = inits[i](layer.weight.shape, rr).data;
      if (w.length !== layer.weight.data.length)
        throw new RangeError(`init[${i}] returned ${w.length} weights`);
      layer.weight.data.set(w);
    });
    rr.fillNormal(x);
    const t: Trace = withGrad ? trace(net, x, { rng: rr }) : trace(net, x);
    const one = traceRatios(t, widths);
    forward.push(one.forward);
    if (backward) backward.push(one.backward as Float64Array);
    skipped += one.skipped;
  }
  return { forward, backward, skipped };
}

/**
 * Replicates needed so that a test on the log scale with per-observation standard deviation `sd`
 * (relative to the mean) detects a deviation of `logTolerance` with the context's power:
 * ((z_{α/2} + z_{1−power})·sd/logTolerance)², at least `min`.
 */
export function planReplicates(sd: number, logTolerance: number, ctx: CheckContext, min = 40): number {
  check.positive('sd', sd);
  check.positive('logTolerance', logTolerance);
  checkRates(ctx);
  check.integer('min', min, 1);
  return Math.max(min, samplesFor({ relTol: logTolerance, alpha: ctx.alpha, power: ctx.power, cv: sd }));
}

/**
 * `planReplicates` for a studentized check: the standard error will be inflated by
 * t_{R−1, 1−α/2}/z_{1−α/2}, so the plan is iterated until R covers that inflation too (it converges
 * in two or three steps; the inflation is 1.3 at R = 40 and α = 6·10⁻¹¹, 1.03 at R = 1000).
 */
export function planStudentized(sd: number, logTolerance: number, ctx: CheckContext, min = 40): number {
  checkRates(ctx);
  check.integer('min', min, 2);
  let R = planReplicates(sd, logTolerance, ctx, min);
  for (let i = 0; i < 6; i++) {
    const next = planReplicates(sd * tOverZ(ctx.alpha, R - 1), logTolerance, ctx, min);
    if (next <= R) break;
    R = next;
  }
  return R;
}

/**
 * The standard error of a mean of `n` observations with sample standard deviation `s`, inflated by
 * t_{n−1, 1−α/2}/z_{1−α/2} so that the z-based decision of `testEstimate` has Student's t
 * critical value: the sample standard deviation of a few hundred replicates is itself uncertain,
 * which matters at the tiny α of the suite (t₉₉ at α = 2·10⁻⁹ is 6.6 against z = 6.0).
 */
export function studentizedSe(s: number, n: number, alpha: number): number {
  check.nonNegative('s', s);
  check.integer('n', n, 2);
  check.probability('alpha', alpha);
  const sd = s / Math.sqrt(n);
  // an exact 0 stays 0 at α = 5e-324, where the inflation is ∞ (never 0·∞ = NaN)
  return sd === 0 ? 0 : sd * tOverZ(alpha, n - 1);
}

/** Replicates of the pilot that plans a studentized check. */
export const PILOT_REPLICATES = 40;

/** Margin on the pilot's standard deviation (its relative error with 40 replicates is ≈ 11%). */
export const PILOT_MARGIN = 1.3;

/**
 * `layerRatios` with the number of replicates planned (`planStudentized`) for a check whose standard
 * error is studentized: the formula-based plan from `sdPlan` (an over-estimate for backward ratios, whose
 * sample sd is 0.4–0.7 of the forward bound) is used as is when small; otherwise a pilot of 40
 * replicates on its own stream estimates the sd of the per-replicate observation (the mean over
 * layers of ratio/law), and the plan uses 1.3 times that (never more than twice the formula's plan).
 * The replicates that are tested are fresh, so choosing their number from the pilot does not touch
 * the validity of the test (Stein 1945's two-stage design without reusing the first stage).
 */
export function plannedRatios(
  options: Omit<LayerRatioOptions, 'replicates'>,
  plan: {
    sdPlan: number;
    logTolerance: number;
    ctx: CheckContext;
    law: ArrayLike<number>;
    which: 'forward' | 'backward';
  },
  rng: Rng,
): LayerRatios {
  check.options('plan', plan);
  if (plan === undefined) throw new TypeError('plan must be an object, got undefined');
  check.oneOf('plan.which', plan.which, ['forward', 'backward'] as const);
  checkLaw('plan.law', plan.law);
  checkRates(plan.ctx, 'plan.ctx');
  check.positive('plan.sdPlan', plan.sdPlan);
  check.positive('plan.logTolerance', plan.logTolerance);
  check.options('options', options);
  assertRng('rng', rng);
  const formula = planStudentized(plan.sdPlan, plan.logTolerance, plan.ctx);
  let replicates = formula;
  if (formula > 3 * PILOT_REPLICATES) {
    const pilot = layerRatios({ ...options, replicates: PILOT_REPLICATES }, rng.fork());
    const ratios = (plan.which === 'forward' ? pilot.forward : pilot.backward) as Float64Array[];
    const { sd } = meanSd(normalizedMeans(ratios, plan.law));
    replicates = Math.min(
      2 * formula,
      planStudentized(Math.max(PILOT_MARGIN * sd, 1e-6), plan.logTolerance, plan.ctx),
    );
  }
  return layerRatios({ ...options, replicates }, rng.fork());
}

/** Sample mean and standard deviation. */
function meanSd(y: Float64Array): { mean: number; sd: number } {
  let m = 0;
  for (const v of y) m += v;
  m /= y.length;
  let ss = 0;
  for (const v of y) ss += (v - m) ** 2;
  return { mean: m, sd: Math.sqrt(ss / (y.length - 1)) };
}

/**
 * One observation per replicate: the average over layers of ratio_l/law_l (mean exactly 1 under
 * the law, see the module notes).
 */
export function normalizedMeans(ratios: readonly Float64Array[], law: ArrayLike<number>): Float64Array {
  checkLaw('law', law);
  check.listOf('ratios', ratios, (name, row) => check.sample(name, row, 0));
  const L = law.length;
  return Float64Array.from(ratios, (row) => {
    if (row.length !== L) throw new RangeError(`a replicate has ${row.length} layers, the law ${L}`);
    let s = 0;
    for (let l = 0; l < L; l++) s += row[l] / law[l];
    return s / L;
  });
}

/** Throw unless `t` has the fields both geometric tests read (the ratios are checked by normalizedMeans). */
function checkGeometricTest(t: unknown): void {
  if (t === null || typeof t !== 'object' || Array.isArray(t)) {
    throw new TypeError(`t must be a GeometricLawTest object, got ${check.show(t)}`);
  }
  const g = t as GeometricLawTest;
  for (const key of ['claim', 'quantity'] as const) {
    if (typeof g[key] !== 'string')
      throw new TypeError(`t.${key} must be a string, got ${check.show(g[key])}`);
  }
  checkLaw('t.law', g.law);
  check.list('t.ratios', g.ratios, { min: 1 });
  check.finite('t.predicted', g.predicted);
  if (g.sdBound !== undefined) check.positive('t.sdBound', g.sdBound);
  checkRates(g.ctx, 't.ctx');
  check.options('t.params', g.params);
  if (g.params === undefined) throw new TypeError('t.params must be an object, got undefined');
}

/** What `testGeometricLaw` needs. */
export interface GeometricLawTest {
  claim: string;
  /** The end-to-end quantity, e.g. "E[x_L²]/E[x₀²]". */
  quantity: string;
  /** Per-replicate, per-layer ratios (from `layerRatios`). */
  ratios: readonly Float64Array[];
  /** The law's per-layer factors f_l (they normalize the ratios; their product is the law's gain). */
  law: ArrayLike<number>;
  /** The end-to-end value under test (the claim's `predict`, or a mutant's). */
  predicted: number;
  /** Log-scale tolerance per layer: the deviation of the per-layer factor the check must resolve. */
  logTolerance: number;
  /**
   * A proven upper bound on the standard deviation of one replicate's observation (the mean over
   * layers of ratio_l/f_l); when given the standard error is sd/√R and nothing is estimated.
   * Otherwise the sample standard deviation is used, studentized (`studentizedSe`).
   */
  sdBound?: number;
  ctx: CheckContext;
  params: Record<string, unknown>;
  note?: string;
}

/**
 * Test an end-to-end geometric law through its per-layer factors. The replicate observations
 * Y_r = (1/L)·Σ_l ratio_{r,l}/f_l have mean exactly 1 under the law; a prediction P of the
 * end-to-end gain corresponds to the per-layer level (P/∏f_l)^{1/L}, which is tested against mean(Y)
 * on the log scale (`testEstimate`, tolerance `logTolerance` per layer). The Evidence reports the
 * end-to-end gain, ∏f_l·mean(Y)^L, with its interval mapped the same way, so it reads as
 * "E[x_L²]/E[x₀²] measured … predicted …"; the decision is the per-layer one.
 */
export function testGeometricLaw(t: GeometricLawTest): Evidence {
  checkGeometricTest(t);
  check.positive('t.logTolerance', t.logTolerance);
  const L = t.law.length;
  let lawGain = 1;
  for (let l = 0; l < L; l++) lawGain *= t.law[l];
  const y = normalizedMeans(t.ratios, t.law);
  const R = y.length;
  const { mean, sd } = meanSd(y);
  const se = t.sdBound !== undefined ? t.sdBound / Math.sqrt(R) : studentizedSe(sd, R, t.ctx.alpha);
  if (!(t.predicted > 0)) throw new RangeError(`the predicted gain must be > 0, got ${t.predicted}`);
  const level = (t.predicted / lawGain) ** (1 / L);
  const r = testEstimate({ value: mean, se, n: R }, level, {
    alpha: t.ctx.alpha,
    beta: 1 - t.ctx.power,
    relTol: Math.expm1(t.logTolerance),
    scale: 'log',
  });
  const toGain = (v: number) => lawGain * v ** L;
  const mapped: TestResult = {
    ...r,
    measured: toGain(r.measured),
    predicted: t.predicted,
    interval: [toGain(r.interval[0]), toGain(r.interval[1])],
  };
  const perLayer = `per-layer level ${mean.toPrecision(5)} ± ${se.toPrecision(2)} (se${t.sdBound !== undefined ? ', from the proven bound' : ', studentized'}) of the law's factors, predicted ${level.toPrecision(5)}; tolerance ${(Math.expm1(t.logTolerance) * 100).toPrecision(3)}% per layer`;
  return evidenceFrom(
    t.claim,
    t.quantity,
    mapped,
    { ...t.params, replicates: R },
    [perLayer, t.note].filter(Boolean).join('. '),
  );
}

/**
 * The decision of a refutation: does the measured gain lie significantly outside the naive band
 * [lower, upper] (either bound may be omitted)? Each bound is a one-sided test of the per-layer level
 * at α/k (k = the number of bounds), so P(naive refuted | naive true) ≤ α. The Evidence's `pass`
 * means the naive statement survived; `predicted` is the naive value (the claim's `predict`).
 */
export function testGeometricBand(
  t: Omit<GeometricLawTest, 'logTolerance'> & { lower?: number; upper?: number },
): Evidence & { z: number } {
  checkGeometricTest(t);
  if (t.lower !== undefined) check.positive('t.lower', t.lower);
  if (t.upper !== undefined) check.positive('t.upper', t.upper);
  const L = t.law.length;
  let lawGain = 1;
  for (let l = 0; l < L; l++) lawGain *= t.law[l];
  const y = normalizedMeans(t.ratios, t.law);
  const R = y.length;
  const { mean, sd } = meanSd(y);
  const bounds = [t.lower, t.upper].filter((b) => b !== undefined).length;
  if (bounds === 0) throw new TypeError('give lower, upper or both');
  const a = t.ctx.alpha / bounds;
  // a one-sided decision at a uses the two-sided critical value of 2a
  const se = t.sdBound !== undefined ? t.sdBound / Math.sqrt(R) : studentizedSe(sd, R, 2 * a);
  const zc = zTwoSided(2 * a);
  const zAt = (gain: number) => Math.log(mean / (gain / lawGain) ** (1 / L)) / (se / mean);
  const zLo = t.lower !== undefined ? zAt(t.lower) : Number.POSITIVE_INFINITY;
  const zHi = t.upper !== undefined ? zAt(t.upper) : Number.NEGATIVE_INFINITY;
  const refuted = zLo < -zc || zHi > zc;
  const z = zLo < -zc ? zLo : zHi > zc ? zHi : Math.abs(zLo) < Math.abs(zHi) ? zLo : zHi;
  const toGain = (v: number) => lawGain * v ** L;
  const half = zTwoSided(t.ctx.alpha) * (se / mean);
  const band = `[${t.lower === undefined ? '0' : t.lower.toPrecision(4)}, ${t.upper === undefined ? '∞' : t.upper.toPrecision(4)}]`;
  return {
    claim: t.claim,
    quantity: t.quantity,
    measured: toGain(mean),
    predicted: t.predicted,
    interval: [toGain(mean * Math.exp(-half)), toGain(mean * Math.exp(half))],
    alpha: t.ctx.alpha,
    samples: R,
    pass: !refuted,
    decision: refuted ? 'fail' : 'pass',
    params: { ...t.params, replicates: R },
    z,
    note: [
      `The naive band is ${band}; each bound is a one-sided test of the per-layer level (z = ${z.toPrecision(3)}, critical ${zc.toPrecision(3)}, se ${t.sdBound !== undefined ? 'from the proven bound' : 'studentized'})`,
      t.note,
    ]
      .filter(Boolean)
      .join('. '),
  };
}
