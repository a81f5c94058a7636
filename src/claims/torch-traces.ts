/**
 * Cross-check with real PyTorch: wixi's deep-MLP traces agree statistically with the traces in
 * `fixtures/torch/torch-reference.json` (written by `fixtures/torch/generate.py` with PyTorch 1.13,
 * float64): a 10-layer ReLU MLP of width 256, batch 512, N(0, 1) inputs and output gradients, for
 * kaiming_normal_ (He), xavier_normal_ and nn.Linear's own default (weights and biases
 * U(±1/√fan_in)), 20 independent replicates each.
 *
 * What is compared. Per replicate network, five log second-moment ratios: log(q₁/E[x₀²]) (the first
 * pre-activation: gain, fan and bias of one layer), log(post₅/E[x₀²]) and log(post₁₀/E[x₀²]) (the
 * forward signal after 5 and 10 layers), log(gradIn₁₀/E[G²]) (the gradient below the last layer) and
 * log(gradIn₁/E[G²]) (∂loss/∂x₀, through all ten layers). Replicates are independent networks, so
 * each per-replicate value is one observation; logs of these ratios are sums of nearly independent
 * per-layer log-ratios and close to normal. Each quantity is compared by a two-sample t-test with
 * Student's t critical values (degrees of freedom matter: PyTorch has 20 replicates) — pooled for the
 * forward quantities, Welch's for the gradients (see below) — and Holm's procedure controls the
 * family-wise false-alarm rate over the five comparisons of a scheme at α.
 *
 * The same configuration. wixi builds the same networks (`mlp` of width 256, depth 10, ReLU,
 * float64; kaimingNormal, xavierNormal, or torchLinearDefault with torchBiasDefault(256)) and traces
 * a batch of 512 N(0, 1) rows forward. Backward passes cost three times as much, so the gradient
 * comparisons backpropagate i.i.d. N(0, 1) output gradients through the first 64 rows of each
 * replicate's batch. That changes the distribution of a per-replicate log gradient ratio only through
 * the row-sampling part of its variance (the part shared by the rows, from the weights, dominates at
 * width 256): the mean of the log moves by half the variance difference, below 10⁻³ — under a
 * hundredth of the comparison's standard error.
 *
 * Power. With 20 PyTorch replicates the comparison resolves shifts of a few percent in the first
 * layer's second moment (its per-replicate sd is 0.006 in log) and factors of ~1.5–2 after ten layers
 * (sd 0.26): enough to catch a wrong gain, fan, bias or backward rule (the negative controls), not a
 * 1% effect deep in the network — the depth claims test that against theory with many replicates.
 */
import { existsSync, readFileSync } from 'node:fs';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import fc from 'fast-check';
import { kaimingNormal, torchBiasDefault, torchLinearDefault, xavierNormal } from '../init/presets.js';
import type { Initializer } from '../init/types.js';
import { type BiasSpec, mlp } from '../nn/network.js';
import { trace } from '../nn/trace.js';
import { assertRng, type Rng } from '../random/rng.js';
import { holm } from '../stats/budget.js';
import { tTwoSided } from '../stats/estimate.js';
import type { Evidence } from '../stats/evidence.js';
import * as check from '../validate.js';
import type { CheckContext, Claim } from './types.js';

/** The three initialization schemes of the fixture's traces. */
export type TorchScheme = 'he' | 'xavier' | 'linearDefault';

export const TORCH_SCHEMES: readonly TorchScheme[] = Object.freeze([
  'he',
  'xavier',
  'linearDefault',
] as const);

/** One scheme's traces: per replicate r, per layer l (index 0 is layer 1). */
export interface SchemeTraces {
  inputMeanSquare: number[];
  gradOutMeanSquare: number[];
  /** Mean of z_l² (pre-activation). */
  q: number[][];
  /** Mean of relu(z_l)². */
  post: number[][];
  /** Mean of (∂loss/∂h_{l−1})², the gradient of layer l's input (l = 1: ∂loss/∂x₀). */
  gradIn: number[][];
}

/** The `traces` section of the PyTorch fixture. */
export interface TorchTraces {
  description: string;
  batch: number;
  width: number;
  depth: number;
  replicates: number;
  dtype: string;
  schemes: Record<TorchScheme, SchemeTraces & { seeds: number[]; gradPre: number[][] }>;
}

/** Where the fixture lives (relative to this module, in src/ or dist/). */
export const TORCH_FIXTURE = new URL('../../fixtures/torch/torch-reference.json', import.meta.url);

let cached: TorchTraces | null | undefined;

/**
 * The traces of `fixtures/torch/torch-reference.json`, or null when the file (or its `traces`
 * section) is absent — regenerate it with `/usr/bin/python3 fixtures/torch/generate.py`.
 */
export function loadTorchTraces(): TorchTraces | null {
  if (cached !== undefined) return cached;
  if (!existsSync(TORCH_FIXTURE)) {
    cached = null;
    return cached;
  }
  const json = JSON.parse(readFileSync(TORCH_FIXTURE, 'utf8')) as { traces?: TorchTraces };
  cached = json.traces ?? null;
  return cached;
}

/** How wixi builds a scheme's network: the weight initializer and the bias. */
export interface SchemeNetwork {
  init: Initializer;
  bias: BiasSpec;
}

/**
 * The wixi counterpart of a PyTorch scheme at width `width`: kaiming_normal_(a=0, fan_in, relu) →
 * kaimingNormal(); xavier_normal_(gain=1) → xavierNormal(); nn.Linear's reset_parameters →
 * torchLinearDefault() with torchBiasDefault(width).
 */
export function schemeNetwork(scheme: TorchScheme, width: number): SchemeNetwork {
  check.oneOf('scheme', scheme, TORCH_SCHEMES);
  check.integer('width', width, 1);
  if (scheme === 'he') return { init: kaimingNormal(), bias: false };
  if (scheme === 'xavier') return { init: xavierNormal(), bias: false };
  if (scheme === 'linearDefault') return { init: torchLinearDefault(), bias: torchBiasDefault(width) };
  throw new RangeError(`scheme must be one of ${TORCH_SCHEMES.join(', ')}, got ${check.show(scheme)}`);
}

/** Options of `wixiTraces`. */
export interface WixiTraceOptions {
  replicates: number;
  /** Run the backward comparison too (default true). */
  backward?: boolean;
  /** Rows backpropagated (default 64, the first rows of the forward batch). */
  backwardBatch?: number;
  width?: number;
  depth?: number;
  /** Rows of the forward batch (default 512, the fixture's). */
  batch?: number;
}

/**
 * `replicates` independent wixi networks built like the fixture's (fresh weights, N(0, 1) inputs
 * and output gradients per replicate, from forks of `rng`), traced like `generate.py` traces them:
 * the same per-layer means of z², relu(z)² and (∂loss/∂input)².
 */
export function wixiTraces(net: SchemeNetwork, options: WixiTraceOptions, rng: Rng): SchemeTraces {
  if (net === null || typeof net !== 'object') {
    throw new TypeError(`net must be a SchemeNetwork {init, bias}, got ${check.show(net)}`);
  }
  check.func('net.init', net.init);
  const o = check.options<WixiTraceOptions>('options', options);
  if (options === undefined) throw new TypeError('options must be an object {replicates, …}, got undefined');
  check.integer('options.replicates', o.replicates, 1, 4096);
  const width = check.integer('options.width', o.width ?? 256, 1, 4096);
  const depth = check.integer('options.depth', o.depth ?? 10, 1, 1000);
  const batch = check.integer('options.batch', o.batch ?? 512, 1, 2 ** 16);
  const backBatch = check.integer('options.backwardBatch', o.backwardBatch ?? 64, 1, batch);
  const withGrad = o.backward ?? true;
  if (typeof withGrad !== 'boolean')
    throw new TypeError(`options.backward must be a boolean, got ${check.show(withGrad)}`);
  assertRng('rng', rng);
  const out: SchemeTraces = { inputMeanSquare: [], gradOutMeanSquare: [], q: [], post: [], gradIn: [] };
  const x = new Float64Array(batch * width);
  for (let r = 0; r < options.replicates; r++) {
    const rr = rng.fork();
    const network = mlp(
      { widths: Array<number>(depth + 1).fill(width), activation: 'relu', init: net.init, bias: net.bias },
      rr.fork(),
    );
    rr.fillNormal(x);
    const t = trace(network, x);
    out.inputMeanSquare.push(t.input.value);
    out.q.push(t.layers.map((l) => l.preActivation.value));
    out.post.push(t.layers.map((l) => l.activation.value));
    if (withGrad) {
      const G = rr.fillNormal(new Float64Array(backBatch * width));
      const tb = trace(network, x.subarray(0, backBatch * width), { dOut: G });
      out.gradOutMeanSquare.push(tb.grad?.output.value ?? Number.NaN);
      out.gradIn.push(tb.layers.map((l) => l.grad?.input.value ?? Number.NaN));
    }
  }
  return out;
}

/** The deepest layer index the compared quantities read (post₁₀, gradIn₁₀). */
const TRACE_LAYERS = 10;

/**
 * Throw unless `s` is a SchemeTraces whose per-replicate values are finite and > 0 (they are
 * compared on the log scale) with at least TRACE_LAYERS layers per replicate; `grad` requires
 * the backward values too.
 */
function checkTraces(name: string, s: unknown, grad = false): void {
  if (s === null || typeof s !== 'object' || Array.isArray(s)) {
    throw new TypeError(`${name} must be a SchemeTraces object, got ${check.show(s)}`);
  }
  const t = s as SchemeTraces;
  const values = (n: string, v: unknown, min: number) => {
    if (Array.isArray(v)) check.list(n, v);
    const x = check.sample(n, v, min);
    for (let i = 0; i < x.length; i++) check.positive(`${n}[${i}]`, x[i]);
    return x;
  };
  const R = values(`${name}.inputMeanSquare`, t.inputMeanSquare, 2).length;
  const rows = (key: 'q' | 'post' | 'gradIn', count: number) =>
    check.listOf(`${name}.${key}`, t[key], (n, row) => values(n, row, TRACE_LAYERS), {
      min: count,
      max: count,
    });
  rows('q', R);
  rows('post', R);
  const G = values(`${name}.gradOutMeanSquare`, t.gradOutMeanSquare, grad ? 2 : 0).length;
  rows('gradIn', G);
}

/** One quantity compared between PyTorch and wixi. */
export interface TraceComparison {
  name: string;
  /** exp(mean log ratio) on each side (geometric means of the per-replicate ratios). */
  torch: number;
  wixi: number;
  /** Mean log difference wixi − torch, its standard error, Welch's t and degrees of freedom. */
  diff: number;
  se: number;
  t: number;
  df: number;
  pValue: number;
  /** Rejected by Holm's procedure at the comparison family's α. */
  rejected: boolean;
}

interface Quantity {
  name: string;
  values(s: SchemeTraces): number[];
  backward: boolean;
}

const logRatio = (a: number[][], l: number, norm: number[]) => a.map((row, r) => Math.log(row[l] / norm[r]));

/** The compared quantities (layers are 1-based in the names). */
export const TRACE_QUANTITIES: readonly Quantity[] = Object.freeze([
  { name: 'log(q₁/E[x₀²])', values: (s) => logRatio(s.q, 0, s.inputMeanSquare), backward: false },
  { name: 'log(post₅/E[x₀²])', values: (s) => logRatio(s.post, 4, s.inputMeanSquare), backward: false },
  { name: 'log(post₁₀/E[x₀²])', values: (s) => logRatio(s.post, 9, s.inputMeanSquare), backward: false },
  {
    name: 'log(gradIn₁₀/E[G²])',
    values: (s) => logRatio(s.gradIn, 9, s.gradOutMeanSquare),
    backward: true,
  },
  { name: 'log(gradIn₁/E[G²])', values: (s) => logRatio(s.gradIn, 0, s.gradOutMeanSquare), backward: true },
]);

function meanVar(x: readonly number[]): { mean: number; variance: number } {
  let m = 0;
  for (const v of x) m += v;
  m /= x.length;
  let ss = 0;
  for (const v of x) ss += (v - m) ** 2;
  return { mean: m, variance: ss / (x.length - 1) };
}

/**
 * Two-sample t-test of equal means, two-sided p-value from Student's t. `pooled: false` is Welch's
 * test (unequal variances, Satterthwaite's degrees of freedom): t = (x̄_b − x̄_a)/√(s_a²/n_a + s_b²/n_b).
 * `pooled: true` is Student's test with the pooled variance and n_a + n_b − 2 degrees of freedom,
 * exact for normal data when the two variances are equal — as they are under the null hypothesis
 * "both samples come from the same distribution" for quantities traced in the same configuration.
 */
export function twoSampleT(a: readonly number[], b: readonly number[], pooled = false) {
  if (Array.isArray(a)) check.list('a', a);
  if (Array.isArray(b)) check.list('b', b);
  check.sample('a', a, 0);
  check.sample('b', b, 0);
  if (typeof pooled !== 'boolean') throw new TypeError(`pooled must be a boolean, got ${check.show(pooled)}`);
  if (a.length < 2 || b.length < 2)
    throw new RangeError('a two-sample t-test needs at least 2 observations per sample');
  const A = meanVar(a);
  const B = meanVar(b);
  const diff = B.mean - A.mean;
  let se: number;
  let df: number;
  if (pooled) {
    df = a.length + b.length - 2;
    const s2 = ((a.length - 1) * A.variance + (b.length - 1) * B.variance) / df;
    se = Math.sqrt(s2 * (1 / a.length + 1 / b.length));
  } else {
    const va = A.variance / a.length;
    const vb = B.variance / b.length;
    se = Math.sqrt(va + vb);
    // Welch–Satterthwaite in terms of the share r = va/(va + vb), which neither underflows (va² of a
    // tiny variance) nor gives 0/0 when both samples are constant (then the pooled df: t is 0 or ±∞)
    if (va + vb > 0) {
      const r = va / (va + vb);
      df = 1 / ((r * r) / (a.length - 1) + ((1 - r) * (1 - r)) / (b.length - 1));
    } else {
      df = a.length + b.length - 2;
    }
  }
  const t = se > 0 ? diff / se : diff === 0 ? 0 : Math.sign(diff) * Number.POSITIVE_INFINITY;
  const pValue = Number.isFinite(t) ? 2 * tCdf(-Math.abs(t), df) : 0;
  return { meanA: A.mean, meanB: B.mean, diff, se, t, df, pValue };
}

/**
 * Compare wixi's traces with PyTorch's on the quantities both carry (the backward ones only when
 * wixi's traces have gradients): per quantity a two-sample t-test — pooled (Student) for the forward
 * quantities, traced in exactly the fixture's configuration, Welch for the gradients, which wixi
 * backpropagates through fewer rows — and Holm's procedure over them at `alpha`.
 */
export function compareTraces(torch: SchemeTraces, wixi: SchemeTraces, alpha: number): TraceComparison[] {
  check.probability('alpha', alpha);
  checkTraces('wixi', wixi);
  checkTraces('torch', torch, wixi.gradIn.length > 0);
  const qs = TRACE_QUANTITIES.filter((q) => !q.backward || wixi.gradIn.length > 0);
  const tests = qs.map((q) => ({ q, w: twoSampleT(q.values(torch), q.values(wixi), !q.backward) }));
  const rejected = holm(
    tests.map((t) => t.w.pValue),
    alpha,
  );
  return tests.map(({ q, w }, i) => ({
    name: q.name,
    torch: Math.exp(w.meanA),
    wixi: Math.exp(w.meanB),
    diff: w.diff,
    se: w.se,
    t: w.t,
    df: w.df,
    pValue: w.pValue,
    rejected: rejected[i],
  }));
}

/** Replicates of wixi's side: 8 (4, forward only, in --quick). */
export const WIXI_TRACE_REPLICATES = 8;

function requireTraces(): TorchTraces {
  const t = loadTorchTraces();
  if (t === null) {
    throw new Error(
      `the PyTorch traces are missing from ${TORCH_FIXTURE.pathname}: regenerate with /usr/bin/python3 fixtures/torch/generate.py`,
    );
  }
  return t;
}

/** Summarize comparisons as Evidence: the most significant one measured vs PyTorch's value. */
export function comparisonEvidence(
  claim: string,
  comparisons: readonly TraceComparison[],
  alpha: number,
  params: Record<string, unknown>,
): Evidence {
  const worst = comparisons.reduce((a, b) => (b.pValue < a.pValue ? b : a));
  // the 1 − α interval of the least consistent quantity's wixi value, from its t distribution
  const half = tTwoSided(alpha, worst.df) * worst.se;
  const pass = !comparisons.some((c) => c.rejected);
  const f = (v: number) => v.toPrecision(4);
  return {
    claim,
    quantity: `${worst.name.replace(/^log\((.*)\)$/, '$1')} (geometric mean; the least consistent of ${comparisons.length} quantities)`,
    measured: worst.wixi,
    predicted: worst.torch,
    interval: [worst.wixi * Math.exp(-half), worst.wixi * Math.exp(half)],
    alpha,
    samples: Number(params.wixiReplicates ?? 0),
    pass,
    decision: pass ? 'pass' : 'fail',
    params,
    note:
      `Two-sample t-tests (pooled forward, Welch backward), Holm over ${comparisons.length} at α = ${alpha.toExponential(2)}: ` +
      comparisons
        .map(
          (c) =>
            `${c.name}: wixi ${f(c.wixi)} vs PyTorch ${f(c.torch)} (t = ${c.t.toPrecision(3)}, df = ${c.df.toPrecision(3)}, p = ${c.pValue.toPrecision(2)}${c.rejected ? ', REJECTED' : ''})`,
        )
        .join('; '),
  };
}

/** The cross-check as a claim: one scheme per parameter set. */
export const torchTracesAgree: Claim<{ scheme: TorchScheme }> = {
  id: 'torch-traces-agree',
  title: "wixi's deep-MLP traces agree with PyTorch's (He, Xavier, nn.Linear default; width 256, depth 10)",
  statement:
    'The same 10-layer ReLU MLP (width 256, float64, N(0, 1) inputs and output gradients) built by wixi and by ' +
    'PyTorch 1.13 with kaiming_normal_, xavier_normal_ or nn.Linear’s default weights and biases has the same ' +
    'distribution of per-replicate second-moment ratios: first-layer pre-activations, activations after 5 and ' +
    '10 layers, and backpropagated gradients below the last layer and at the input.',
  source:
    'fixtures/torch/torch-reference.json (fixtures/torch/generate.py, PyTorch 1.13, 20 replicates per scheme)',
  kind: 'law',
  family: 'depth',
  parameters: fc.constantFrom<TorchScheme>(...TORCH_SCHEMES).map((scheme) => ({ scheme })),
  representative: { scheme: 'linearDefault' },
  check(p, ctx: CheckContext) {
    const fixture = requireTraces();
    // --quick: half the replicates and the forward quantities only (a Welch test with 4 replicates
    // on one side has too few degrees of freedom to say anything at the suite's α)
    const quick = ctx.size === 'quick';
    const replicates = quick ? WIXI_TRACE_REPLICATES / 2 : WIXI_TRACE_REPLICATES;
    const wixi = wixiTraces(
      schemeNetwork(p.scheme, fixture.width),
      { replicates, width: fixture.width, depth: fixture.depth, batch: fixture.batch, backward: !quick },
      ctx.rng,
    );
    const comparisons = compareTraces(fixture.schemes[p.scheme], wixi, ctx.alpha);
    return comparisonEvidence(this.title, comparisons, ctx.alpha, {
      scheme: p.scheme,
      torchReplicates: fixture.replicates,
      wixiReplicates: replicates,
      width: fixture.width,
      depth: fixture.depth,
      batch: fixture.batch,
      backwardBatch: quick ? 'none (--quick)' : 64,
    });
  },
  /** PyTorch's geometric-mean post₁₀/E[x₀²] for the scheme (the reference of the deepest forward comparison). */
  predict(p) {
    const s = requireTraces().schemes[p.scheme];
    const v = TRACE_QUANTITIES[2].values(s);
    return Math.exp(v.reduce((a, b) => a + b, 0) / v.length);
  },
};
