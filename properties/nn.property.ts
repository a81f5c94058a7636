/**
 * The network engine's spec: over random widths, batch sizes, weight scales, input laws (including
 * nonzero-mean "pixel" inputs) and dtypes, the second moments `trace` measures obey the exact
 * one- and two-layer laws of He et al. (2015, §2.2) for Gaussian weights W_l ~ N(0, c_l/n_{l−1}),
 * any fixed input batch X without a zero row and any fixed output gradient G = ∂L/∂output:
 *
 * - E[z₁²] = c₁·m₂(X), m₂ the mean of squares (the second moment, not the variance: eq. 7);
 * - E[relu(z₁)²] = ½·c₁·m₂(X) (z₁ is symmetric given X);
 * - E[z₂²] = c₂·E[relu(z₁)²] = ½c₁c₂·m₂(X);
 * - backward through a linear read-out: E[(∂L/∂x₁)²] = c₂·(n₂/n₁)·m₂(G) (the fan-out condition);
 *   E[(∂L/∂z₁)²] = ½ of that (the ReLU mask is independent of W₂); E[(∂L/∂X)²] = ½c₁c₂·(n₂/n₀)·m₂(G)
 *   (the mask depends on W₁, but by the symmetry w ↦ −w, E[W²·1{w·x > 0}] = ½E[W²], and distinct
 *   units' cross terms vanish because W₂'s columns are uncorrelated);
 * - a residual block y = x + α·W₂·relu(W₁x): E[y²] = m₂(X)·(1 + α²c₁c₂/2) (the skip and the
 *   zero-mean branch are uncorrelated).
 *
 * Statistics. Units of a layer are correlated through shared inputs, so each replicate (fresh
 * weights from rng.fork()) yields one observation per law — its average over rows and units — and
 * replicates are i.i.d.: the mean of R replicates has the CLT standard error s/√R. Laws that cross
 * two layers subtract a control variate (Hammersley & Handscomb 1964, ch. 5): the first layer's
 * statistic minus its exact mean, times the factor that carries it into the second layer. The
 * subtracted term has expectation exactly 0, so the tested expectation is unchanged, while the
 * first layer's randomness leaves the estimate. R is planned by samplesFor from a pilot's
 * coefficient of variation (×1.1) so that a 5% error in any law is detected with probability
 * 0.999; each decision has false-alarm rate α = budget.perCheck('nn', DECISIONS). A negative
 * control (a prediction 10% off) must be rejected every time.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { Dtype, Initializer, Tensor } from '../src/init/types.js';
import { mlp, type Network } from '../src/nn/network.js';
import { type Trace, trace } from '../src/nn/trace.js';
import { createRng, type Rng } from '../src/random/index.js';
import { assertEvidence, estimateMean, samplesFor, testEstimate } from '../src/stats/index.js';
import { assertProperty } from '../src/testing/property.js';
import { budget } from './budget.js';

const RUNS = 5;
/** Per run: 7 laws and 1 negative control. */
const DECISIONS = RUNS * 8;
const alpha = budget.perCheck('nn', DECISIONS);
/** Probability of detecting a 5% error in any one law. */
const power = 0.999;
const REL_TOL = 0.05;
const PILOT = 100;
/** Margin on the pilot's coefficient of variation (whose own relative error is ≈ 1/√(2·PILOT) = 7%). */
const CV_MARGIN = 1.1;
const MAX_REPLICATES = 20_000;

/** W ~ N(0, c/fan_in) with fan_in = shape[1] (PyTorch layout). */
function gaussian(c: number): Initializer {
  const f = (shape: readonly number[], rng: Rng, options?: { dtype?: Dtype }): Tensor => {
    const size = shape[0] * shape[1];
    const data = options?.dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
    return { shape: [...shape], data: rng.fillNormal(data, 0, Math.sqrt(c / shape[1])) };
  };
  return Object.assign(f, {
    displayName: `N(0, ${c}/fan_in)`,
    variance: (s: readonly number[]) => c / s[1],
    mean: () => 0,
  });
}

/** Fresh weights for a replicate: layer i gets N(0, scales[i]/fan_in), drawn in place. */
function redraw(net: Network, scales: readonly number[], rng: Rng): void {
  net.layers.forEach((layer, i) => {
    rng.fillNormal(layer.weight.data, 0, Math.sqrt(scales[i] / layer.fanIn));
  });
}

/** Mean of squares, from the definition: an input of the laws, not a measurement. */
function m2(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s / x.length;
}

/** Input laws: centred and shifted normals, and [0, 1) "pixels" (mean ½: rows far from orthogonal). */
const inputArb = fc.oneof(
  fc.record({
    kind: fc.constant('normal' as const),
    mean: fc.double({ min: -1.5, max: 1.5, noNaN: true }),
    sd: fc.double({ min: 0.3, max: 2, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('pixels' as const),
    mean: fc.constant(0.5),
    sd: fc.constant(Math.sqrt(1 / 12)),
  }),
);

const paramsArb = fc.record({
  n0: fc.integer({ min: 24, max: 48 }),
  n1: fc.integer({ min: 48, max: 96 }),
  n2: fc.integer({ min: 32, max: 64 }),
  batch: fc.integer({ min: 4, max: 12 }),
  c1: fc.double({ min: 0.5, max: 3, noNaN: true }),
  c2: fc.double({ min: 0.5, max: 3, noNaN: true }),
  alpha: fc.double({ min: 0.1, max: 1.5, noNaN: true }),
  input: inputArb,
  dtype: fc.constantFrom<Dtype>('float64', 'float32'),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

type Params = typeof paramsArb extends fc.Arbitrary<infer T> ? T : never;

interface Law {
  name: string;
  predicted: number;
  /** This replicate's observation (control variate included) from the two traces. */
  read(plain: Trace, residual: Trace): number;
}

interface Setup {
  plain: Network;
  residual: Network;
  X: Float64Array;
  Xr: Float64Array;
  G: Float64Array;
  c: [number, number];
}

/** `count` replicates with fresh weights from successive forks of `rng`; one array per law. */
function replicate(count: number, rng: Rng, s: Setup, laws: readonly Law[]): Float64Array[] {
  const obs = laws.map(() => new Float64Array(count));
  for (let k = 0; k < count; k++) {
    const r = rng.fork();
    redraw(s.plain, s.c, r);
    redraw(s.residual, s.c, r);
    const tp = trace(s.plain, s.X, { dOut: s.G });
    const tr = trace(s.residual, s.Xr);
    laws.forEach((law, i) => {
      obs[i][k] = law.read(tp, tr);
    });
  }
  return obs;
}

function coefficientOfVariation(x: Float64Array): number {
  const e = estimateMean(x);
  return (e.se * Math.sqrt(e.n)) / Math.abs(e.value);
}

function setup(p: Params): { s: Setup; laws: Law[]; rng: Rng } {
  const { n0, n1, n2, c1, c2 } = p;
  const rng = createRng(p.seed);
  const draw = (x: Float64Array) =>
    p.input.kind === 'pixels' ? rng.fillUniform(x, 0, 1) : rng.fillNormal(x, p.input.mean, p.input.sd);
  const X = draw(new Float64Array(p.batch * n0));
  const Xr = draw(new Float64Array(p.batch * n2));
  const G = rng.fillNormal(new Float64Array(p.batch * n2));
  const plain = mlp(
    { widths: [n0, n1, n2], activation: 'relu', init: gaussian(1), linearOutput: true, dtype: p.dtype },
    rng,
  );
  const residual = mlp(
    {
      widths: [n2, n2],
      activation: 'relu',
      init: gaussian(1),
      residual: { alpha: p.alpha, branch: 2 },
      dtype: p.dtype,
    },
    rng,
  );
  // the laws concern the inputs the network sees, rounded to its dtype
  const r32 = p.dtype === 'float32' ? Math.fround : (v: number) => v;
  const mX = m2(X.map(r32));
  const mXr = m2(Xr.map(r32));
  const mG = m2(G.map(r32));
  // exact means of the first-layer statistics that serve as control variates
  const eZ1 = c1 * mX;
  const eA1 = 0.5 * c1 * mX;
  const eDx1 = (c2 * n2 * mG) / n1;
  const eA1r = 0.5 * c1 * mXr;
  const z1 = (t: Trace) => t.layers[0].preActivation.value;
  const a1 = (t: Trace) => t.layers[0].activation.value;
  const dx1 = (t: Trace) => t.layers[1].grad?.input.value ?? Number.NaN;
  const laws: Law[] = [
    { name: 'E[z₁²] = c₁·m₂(X)', predicted: eZ1, read: (t) => z1(t) },
    {
      name: 'E[relu(z₁)²] = ½c₁·m₂(X)',
      predicted: eA1,
      read: (t) => a1(t) - 0.5 * (z1(t) - eZ1),
    },
    {
      name: 'E[z₂²] = ½c₁c₂·m₂(X)',
      predicted: c2 * eA1,
      read: (t) => t.layers[1].preActivation.value - c2 * (a1(t) - eA1),
    },
    { name: 'E[(∂L/∂x₁)²] = c₂(n₂/n₁)·m₂(G)', predicted: eDx1, read: (t) => dx1(t) },
    {
      name: 'E[(∂L/∂z₁)²] = ½c₂(n₂/n₁)·m₂(G)',
      predicted: 0.5 * eDx1,
      read: (t) => (t.layers[0].grad?.preActivation.value ?? Number.NaN) - 0.5 * (dx1(t) - eDx1),
    },
    {
      name: 'E[(∂L/∂X)²] = ½c₁c₂(n₂/n₀)·m₂(G)',
      predicted: (0.5 * c1 * n1 * eDx1) / n0,
      read: (t) => (t.grad?.input.value ?? Number.NaN) - ((0.5 * c1 * n1) / n0) * (dx1(t) - eDx1),
    },
    {
      name: 'E[(x + α·W₂relu(W₁x))²] = m₂(X)(1 + α²c₁c₂/2)',
      predicted: mXr * (1 + (p.alpha * p.alpha * c1 * c2) / 2),
      read: (_, t) => t.output.value - p.alpha * p.alpha * c2 * (a1(t) - eA1r),
    },
  ];
  return { s: { plain, residual, X, Xr, G, c: [c1, c2] }, laws, rng };
}

describe('nn: the engine obeys the exact one- and two-layer second-moment laws', () => {
  it('forward, backward and residual second moments match He et al.’s laws for Gaussian weights', () => {
    assertProperty(
      'forward, backward and residual second moments match the exact laws',
      [paramsArb],
      (p) => {
        const { s, laws, rng } = setup(p);
        // plan R from a pilot on its own streams: the largest coefficient of variation, with margin
        const pilot = replicate(PILOT, rng.fork(), s, laws);
        const cv = CV_MARGIN * Math.max(...pilot.map(coefficientOfVariation));
        const R = Math.max(PILOT, samplesFor({ relTol: REL_TOL, alpha, power, cv }));
        if (R > MAX_REPLICATES) {
          throw new Error(`planning: ${R} replicates needed (cv ${cv}); narrow the parameter ranges`);
        }
        const obs = replicate(R, rng.fork(), s, laws);
        const params = { ...p, input: JSON.stringify(p.input), replicates: R };
        const opts = { alpha, beta: 1 - power, relTol: REL_TOL, scale: 'linear' as const };
        laws.forEach((law, i) => {
          const r = testEstimate(estimateMean(obs[i]), law.predicted, opts);
          assertEvidence({
            claim: `trace obeys ${law.name}`,
            quantity: law.name.split(' = ')[0],
            measured: r.measured,
            predicted: r.predicted,
            interval: r.interval,
            alpha,
            samples: R,
            pass: r.decision !== 'fail',
            decision: r.decision,
            params,
          });
        });
        // negative control: the same test at the same size must reject a law 10% off
        const control = testEstimate(estimateMean(obs[0]), 1.1 * laws[0].predicted, opts);
        if (control.decision !== 'fail') {
          throw new Error(
            `negative control not rejected: ${JSON.stringify(control)} (${JSON.stringify(params)})`,
          );
        }
      },
      { numRuns: RUNS },
    );
  });
});
