/**
 * The initializers' spec: for random shapes (dense and conv, ranks 2–5), layouts, modes, scales,
 * gains and dtypes, every initializer's samples have the variance, mean and family that the
 * frameworks' formulas (wixi's ANCHORS table) give — computed here from the fans the arbitrary
 * built the shape from, never from the code under test — and stay inside their support.
 * Orthogonal matrices satisfy QᵀQ = g²I exactly and their entries follow the Haar marginal law.
 * Aliases agree. Negative controls show the same checks reject every classic mistake.
 *
 * Statistics: each decision has false-alarm rate α = budget.perCheck('init', DECISIONS) and the
 * same miss rate β = α at its planned deviation (5% in variance, 0.05 sd in mean, a KS distance
 * that separates the families), so no run of this file fails by chance with probability more than
 * the 'init' share of the suite budget. Elements of one tensor are i.i.d., and successive tensors
 * drawn from one stream are independent of each other, so a sample too small for the plan is
 * pooled from successive tensors; orthogonal entries are dependent, so their law is tested on one
 * entry per independent matrix.
 */
import betaCdf from '@stdlib/stats-base-dists-beta-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeFans,
  constant,
  type Dtype,
  type ElementwiseInitializer,
  GAIN_NAMES,
  type GainName,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  type Initializer,
  kaimingNormal,
  kaimingUniform,
  type Layout,
  lecunNormal,
  lecunUniform,
  normal,
  ones,
  orthogonal,
  torchBiasDefault,
  torchLinearDefault,
  truncatedNormal,
  uniform,
  varianceScaling,
  xavierNormal,
  xavierUniform,
  zeros,
} from '../src/init/index.js';
import {
  createRng,
  type Distribution,
  normal as normalLaw,
  type Rng,
  truncatedNormal as truncatedLaw,
  uniform as uniformLaw,
} from '../src/random/index.js';
import {
  assertEvidence,
  type Evidence,
  type FitResult,
  ksSamplesFor,
  samplesFor,
  type TestResult,
  testDistribution,
  testEqual,
  testVariance,
} from '../src/stats/index.js';
import { assertProperty } from '../src/testing/property.js';
import { budget } from './budget.js';

// ---------------------------------------------------------------------------------------------
// The plan: runs, decisions, α, power, deviations to detect.

const RUNS_PER_KIND = 4; // runs of each initializer's property
const KINDS = 17; // initializers checked per round: 15 properties of one, 1 of two (uniform and normal)
const CHECKS_PER_RUN = 4; // variance, mean, KS, range
const CONTROL_RUNS = 3; // runs of each negative control (8 controls)
const CONTROLS = 8;
const ORTHO_RUNS = 3; // runs of the orthogonal entry-law property (mean, variance, KS at 2 entries)
const ORTHO_CONTROL_RUNS = 2; // runs of the orthogonal sign-fix control (mean and KS must fail)
const DECISIONS =
  KINDS * RUNS_PER_KIND * CHECKS_PER_RUN + CONTROLS * CONTROL_RUNS + ORTHO_RUNS * 6 + ORTHO_CONTROL_RUNS * 2;
const alpha = budget.perCheck('init', DECISIONS);
const power = 1 - alpha; // negative controls miss with probability ≤ α, spent from the same budget
const REL_TOL = 0.05; // the variance error every check must catch
/**
 * KS distance every law must detect. Sup-distances between families of equal variance (SciPy,
 * computed by hand): uniform ↔ N 0.0572; uniform ↔ N cut at ±2σ and corrected 0.0430; corrected ↔
 * uncorrected truncation 0.0325 (also a 23% variance error); N ↔ corrected truncation only 0.0167,
 * but that confusion is caught for sure by the range check (an untruncated law's extremes lie
 * beyond the cut, a truncated law's never reach the normal's).
 */
const KS_DISTANCE = 0.03;
/** Keras/JAX's truncation correction: √Var of N(0, 1) cut at ±2 (ANCHORS). */
const C = 0.87962566103423978;

// ---------------------------------------------------------------------------------------------
// The oracle: what ANCHORS says each initializer draws, from fans known by construction.

type Family = 'normal' | 'truncated' | 'uniform';

interface Oracle {
  /** E[W] and Var(W) by the framework's formula. */
  mean: number;
  variance: number;
  family: Family;
  /** The law, built from the foundation's distributions with the oracle's parameters. */
  law: Distribution;
  lo: number;
  hi: number;
}

const uniformOracle = (lo: number, hi: number): Oracle => ({
  mean: (lo + hi) / 2,
  variance: (hi - lo) ** 2 / 12,
  family: 'uniform',
  law: uniformLaw({ lo, hi }),
  lo,
  hi,
});
/** U(±√(3v)): Var v. */
const symmetricUniform = (v: number): Oracle => uniformOracle(-Math.sqrt(3 * v), Math.sqrt(3 * v));
const normalOracle = (v: number, mean = 0): Oracle => ({
  mean,
  variance: v,
  family: 'normal',
  law: normalLaw({ mean, sd: Math.sqrt(v) }),
  lo: Number.NEGATIVE_INFINITY,
  hi: Number.POSITIVE_INFINITY,
});
/** Keras/JAX: σ = √v/C, cut at ±2σ, so Var = v. */
const kerasTruncated = (v: number): Oracle => {
  const s = Math.sqrt(v) / C;
  return {
    mean: 0,
    variance: v,
    family: 'truncated',
    law: truncatedLaw({ sd: s, lo: -2, hi: 2, units: 'sigma' }),
    lo: -2 * s,
    hi: 2 * s,
  };
};
const phi = (z: number) => (Number.isFinite(z) ? Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) : 0);
const zphi = (z: number) => (Number.isFinite(z) ? z * phi(z) : 0);
/** N(mean, std²) cut at standardised [a, b], no correction: the textbook moments (JKB §13.10). */
const plainTruncated = (mean: number, std: number, a: number, b: number): Oracle => {
  const z = normalCdf(b, 0, 1) - normalCdf(a, 0, 1);
  const m = (phi(a) - phi(b)) / z;
  return {
    mean: mean + std * m,
    variance: std * std * (1 + (zphi(a) - zphi(b)) / z - m * m),
    family: 'truncated',
    law: truncatedLaw({ mean, sd: std, lo: a, hi: b, units: 'sigma' }),
    lo: mean + std * a,
    hi: mean + std * b,
  };
};

/** PyTorch's calculate_gain table, as ANCHORS states it. */
function torchGain(name: GainName, a: number): number {
  if (name === 'tanh') return 5 / 3;
  if (name === 'relu') return Math.SQRT2;
  if (name === 'leaky_relu') return Math.sqrt(2 / (1 + a * a));
  if (name === 'selu') return 3 / 4;
  return 1; // linear, conv*, conv_transpose*, sigmoid
}

// ---------------------------------------------------------------------------------------------
// Shapes with known fans.

interface Geometry {
  fanIn: number;
  fanOut: number;
  layout: Layout;
  shape: number[];
}

/** Dense (rank 2) or conv (rank 3–5) weights with in, out ∈ [4, 64] and kernels of 1–4. */
const geometryArb = (layouts: readonly Layout[] = ['torch', 'keras', 'jax']): fc.Arbitrary<Geometry> =>
  fc
    .record({
      fin: fc.integer({ min: 4, max: 64 }),
      fout: fc.integer({ min: 4, max: 64 }),
      kernel: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }),
      layout: fc.constantFrom(...layouts),
    })
    .map(({ fin, fout, kernel, layout }) => {
      const rf = kernel.reduce((p, k) => p * k, 1);
      const shape = layout === 'torch' ? [fout, fin, ...kernel] : [...kernel, fin, fout];
      return { fanIn: fin * rf, fanOut: fout * rf, layout, shape };
    });

const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const dtypeArb = fc.constantFrom<Dtype>('float64', 'float32');

// ---------------------------------------------------------------------------------------------
// The check every initializer and every control goes through.

interface Outcome {
  n: number;
  variance: TestResult;
  mean: TestResult;
  ks: FitResult;
  range: RangeResult;
  outside: number;
  bounds: [number, number];
}

interface RangeResult {
  decision: 'pass' | 'fail';
  min: number;
  max: number;
  /** P(max ≤ observed max) and P(min ≥ observed min) under the law, on the log scale. */
  logPMax: number;
  logPMin: number;
}

/**
 * The range test: for n i.i.d. draws from F, P(max ≤ m) = F(m)ⁿ and P(min ≥ m) = (1 − F(m))ⁿ
 * exactly, so failing when either is below α/2 has false-alarm rate ≤ α. It rejects a law whose
 * draws do not reach as far as F says: a truncated law passed off as an untruncated one, a
 * support declared wider than the draws.
 */
function testRange(x: Float64Array, law: Distribution, a: number): RangeResult {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < min) min = x[i];
    if (x[i] > max) max = x[i];
  }
  const logPMax = x.length * Math.log(law.cdf(max));
  const logPMin = x.length * Math.log1p(-law.cdf(min));
  const cut = Math.log(a / 2);
  return { decision: logPMax < cut || logPMin < cut ? 'fail' : 'pass', min, max, logPMax, logPMin };
}

/** Draw n elements by pooling successive tensors from one stream (elements are i.i.d.). */
function draw(init: Initializer, shape: number[], dtype: Dtype, rng: Rng, n: number): Float64Array {
  const x = new Float64Array(n);
  for (let k = 0; k < n; ) {
    const t = init(shape, rng, { dtype }).data;
    const m = Math.min(t.length, n - k);
    for (let i = 0; i < m; i++) x[k + i] = t[i];
    k += m;
  }
  return x;
}

/** Sample size that detects a 5% variance error, a 0.05 sd mean shift and the family's KS distance. */
function planned(o: Oracle): number {
  return Math.max(
    samplesFor({ relTol: REL_TOL, alpha, power, kurtosis: o.law.kurtosis }),
    samplesFor({ relTol: REL_TOL, alpha, power, cv: 1 }),
    ksSamplesFor({ distance: KS_DISTANCE, alpha, power }),
  );
}

function measure(init: Initializer, shape: number[], dtype: Dtype, oracle: Oracle, seed: number): Outcome {
  const n = planned(oracle);
  const x = draw(init, shape, dtype, createRng(seed), n);
  const opts = { alpha, beta: 1 - power };
  const variance = testVariance(x, oracle.variance, {
    ...opts,
    relTol: REL_TOL,
    kurtosis: oracle.law.kurtosis,
  });
  const mean = testEqual(x, oracle.mean, { ...opts, absTol: REL_TOL * Math.sqrt(oracle.variance) });
  const ks = testDistribution(x, (v) => oracle.law.cdf(v), { alpha });
  const range = testRange(x, oracle.law, alpha);
  const round = dtype === 'float32' ? Math.fround : (v: number) => v;
  const bounds: [number, number] = [round(oracle.lo), round(oracle.hi)];
  let outside = 0;
  for (let i = 0; i < n; i++) if (x[i] < bounds[0] || x[i] > bounds[1]) outside++;
  return { n, variance, mean, ks, range, outside, bounds };
}

function evidence(
  claim: string,
  quantity: string,
  r: TestResult | FitResult,
  n: number,
  params: Record<string, unknown>,
): Evidence {
  if ('distance' in r) {
    return {
      claim,
      quantity,
      measured: r.distance,
      predicted: 0,
      interval: [0, r.critical],
      alpha,
      samples: n,
      pass: r.decision === 'pass',
      params,
    };
  }
  return {
    claim,
    quantity,
    measured: r.measured,
    predicted: r.predicted,
    interval: r.interval,
    alpha,
    samples: n,
    pass: r.decision !== 'fail',
    decision: r.decision,
    params,
  };
}

/** Assert an initializer keeps every promise of its oracle: declared values, variance, mean, law, support. */
function assertKeeps(
  name: string,
  init: ElementwiseInitializer,
  g: { shape: number[] },
  dtype: Dtype,
  oracle: Oracle,
  seed: number,
  params: Record<string, unknown>,
  declaredRelTol = 1e-12,
): void {
  const p = { ...params, shape: g.shape, dtype, seed, init: init.displayName };
  // What the initializer declares equals the framework's formula (deterministic).
  const declared = init.variance(g.shape);
  if (!(Math.abs(declared / oracle.variance - 1) <= declaredRelTol)) {
    throw new Error(
      `${name} declares Var ${declared}, the formula gives ${oracle.variance} (${JSON.stringify(p)})`,
    );
  }
  const sd = Math.sqrt(oracle.variance);
  if (!(Math.abs(init.mean(g.shape) - oracle.mean) <= 1e-12 * sd)) {
    throw new Error(`${name} declares E[W] ${init.mean(g.shape)}, the formula gives ${oracle.mean}`);
  }
  const [lo, hi] = init.support(g.shape);
  for (const [ours, theirs] of [
    [lo, oracle.lo],
    [hi, oracle.hi],
  ]) {
    if (!(ours === theirs || Math.abs(ours - theirs) <= 1e-14 * sd)) {
      throw new Error(
        `${name} declares support [${lo}, ${hi}], the formula gives [${oracle.lo}, ${oracle.hi}]`,
      );
    }
  }
  // What it draws has that variance, mean and law.
  const r = measure(init, g.shape, dtype, oracle, seed);
  assertEvidence(evidence(`${name} has Var(W) = ${oracle.variance}`, 'Var(W)', r.variance, r.n, p));
  assertEvidence(evidence(`${name} has E[W] = ${oracle.mean}`, 'E[W]', r.mean, r.n, p));
  assertEvidence(
    evidence(`${name} follows its ${oracle.family} law`, 'KS distance sup|Fₙ − F|', r.ks, r.n, p),
  );
  if (r.outside > 0) {
    throw new Error(`${name}: ${r.outside} of ${r.n} draws outside [${r.bounds}] (${JSON.stringify(p)})`);
  }
}

// ---------------------------------------------------------------------------------------------
// Every initializer keeps its promise.

const modeArb = fc.constantFrom('fanIn' as const, 'fanOut' as const, 'fanAvg' as const, 'fanGeoAvg' as const);
const fanOf = (g: Geometry, mode: 'fanIn' | 'fanOut' | 'fanAvg' | 'fanGeoAvg') =>
  mode === 'fanIn'
    ? g.fanIn
    : mode === 'fanOut'
      ? g.fanOut
      : mode === 'fanAvg'
        ? (g.fanIn + g.fanOut) / 2
        : Math.sqrt(g.fanIn * g.fanOut);
const byDistribution = (distribution: 'truncatedNormal' | 'untruncatedNormal' | 'uniform', v: number) =>
  distribution === 'uniform'
    ? symmetricUniform(v)
    : distribution === 'untruncatedNormal'
      ? normalOracle(v)
      : kerasTruncated(v);

/** A Keras/JAX preset read in a random layout; `layout` is passed only when it is not the default. */
function kerasPreset(
  name: string,
  make: (o?: { layout?: Layout }) => ElementwiseInitializer,
  oracle: (g: Geometry) => Oracle,
): void {
  it(`${name}: variance, mean, law and support as Keras/JAX define them`, () => {
    assertProperty(
      `init: ${name} keeps its Keras/JAX promise`,
      [geometryArb(), dtypeArb, seedArb],
      (g, dtype, seed) => {
        const init = g.layout === 'keras' ? make() : make({ layout: g.layout });
        assertKeeps(name, init, g, dtype, oracle(g), seed, {
          fanIn: g.fanIn,
          fanOut: g.fanOut,
          layout: g.layout,
        });
      },
      { numRuns: RUNS_PER_KIND },
    );
  });
}

describe('init: every initializer draws what its framework promises', () => {
  it('varianceScaling: Var = scale/n for every mode, distribution and layout', () => {
    assertProperty(
      'init: varianceScaling keeps its promise',
      [
        geometryArb(),
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        modeArb,
        fc.constantFrom('truncatedNormal' as const, 'untruncatedNormal' as const, 'uniform' as const),
        dtypeArb,
        seedArb,
      ],
      (g, scale, mode, distribution, dtype, seed) => {
        const init = varianceScaling({ scale, mode, distribution, layout: g.layout });
        const oracle = byDistribution(distribution, scale / fanOf(g, mode));
        assertKeeps('varianceScaling', init, g, dtype, oracle, seed, {
          scale,
          mode,
          distribution,
          layout: g.layout,
        });
      },
      { numRuns: RUNS_PER_KIND },
    );
  });

  kerasPreset('glorotUniform', glorotUniform, (g) => symmetricUniform(2 / (g.fanIn + g.fanOut)));
  kerasPreset('glorotNormal', glorotNormal, (g) => kerasTruncated(2 / (g.fanIn + g.fanOut)));
  kerasPreset('heUniform', heUniform, (g) => symmetricUniform(2 / g.fanIn));
  kerasPreset('heNormal', heNormal, (g) => kerasTruncated(2 / g.fanIn));
  kerasPreset('lecunUniform', lecunUniform, (g) => symmetricUniform(1 / g.fanIn));
  kerasPreset('lecunNormal', lecunNormal, (g) => kerasTruncated(1 / g.fanIn));

  for (const [name, make, family] of [
    ['kaimingUniform', kaimingUniform, 'uniform'],
    ['kaimingNormal', kaimingNormal, 'normal'],
  ] as const) {
    it(`${name}: Var = gain²/fan with PyTorch's gain, untruncated`, () => {
      assertProperty(
        `init: ${name} keeps its PyTorch promise`,
        [
          geometryArb(['torch']),
          fc.double({ min: -3, max: 3, noNaN: true }),
          fc.constantFrom('fan_in' as const, 'fan_out' as const, 'fanIn' as const, 'fanOut' as const),
          fc.constantFrom(...GAIN_NAMES),
          dtypeArb,
          seedArb,
        ],
        (g, a, mode, nonlinearity, dtype, seed) => {
          const init = make({ a, mode, nonlinearity });
          const fan = mode === 'fan_in' || mode === 'fanIn' ? g.fanIn : g.fanOut;
          const v = torchGain(nonlinearity, a) ** 2 / fan;
          assertKeeps(
            name,
            init,
            g,
            dtype,
            family === 'uniform' ? symmetricUniform(v) : normalOracle(v),
            seed,
            {
              a,
              mode,
              nonlinearity,
            },
          );
        },
        { numRuns: RUNS_PER_KIND },
      );
    });
  }

  for (const [name, make, family] of [
    ['xavierUniform', xavierUniform, 'uniform'],
    ['xavierNormal', xavierNormal, 'normal'],
  ] as const) {
    it(`${name}: Var = gain²·2/(fan_in + fan_out), untruncated`, () => {
      assertProperty(
        `init: ${name} keeps its PyTorch promise`,
        [geometryArb(['torch']), fc.double({ min: 0.1, max: 5, noNaN: true }), dtypeArb, seedArb],
        (g, gain, dtype, seed) => {
          const v = (gain * gain * 2) / (g.fanIn + g.fanOut);
          const oracle = family === 'uniform' ? symmetricUniform(v) : normalOracle(v);
          assertKeeps(name, make({ gain }), g, dtype, oracle, seed, { gain });
        },
        { numRuns: RUNS_PER_KIND },
      );
    });
  }

  it('torchLinearDefault: U(±1/√fan_in), Var = 1/(3·fan_in)', () => {
    assertProperty(
      'init: torchLinearDefault keeps its PyTorch promise',
      [geometryArb(['torch']), dtypeArb, seedArb],
      (g, dtype, seed) => {
        const b = 1 / Math.sqrt(g.fanIn);
        assertKeeps('torchLinearDefault', torchLinearDefault(), g, dtype, uniformOracle(-b, b), seed, {});
      },
      { numRuns: RUNS_PER_KIND },
    );
  });

  it('torchBiasDefault: U(±1/√fan_in) for a bias of any length', () => {
    assertProperty(
      'init: torchBiasDefault keeps its PyTorch promise',
      [fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 16, max: 512 }), dtypeArb, seedArb],
      (fanIn, length, dtype, seed) => {
        const b = 1 / Math.sqrt(fanIn);
        assertKeeps(
          'torchBiasDefault',
          torchBiasDefault(fanIn),
          { shape: [length] },
          dtype,
          uniformOracle(-b, b),
          seed,
          {
            fanIn,
          },
        );
      },
      { numRuns: RUNS_PER_KIND },
    );
  });

  it('truncatedNormal, Keras/JAX convention: N(mean, std²) cut at ±kσ, no correction', () => {
    assertProperty(
      'init: truncatedNormal (sigma bounds) keeps its promise',
      [
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        fc.double({ min: 0.7, max: 3, noNaN: true }),
        fc.integer({ min: 16, max: 4096 }),
        dtypeArb,
        seedArb,
      ],
      (mean, std, k, length, dtype, seed) => {
        const init = truncatedNormal({ mean, std, bounds: { lo: -k, hi: k, units: 'sigma' } });
        assertKeeps(
          'truncatedNormal',
          init,
          { shape: [length] },
          dtype,
          plainTruncated(mean, std, -k, k),
          seed,
          {
            mean,
            std,
            k,
          },
        );
      },
      { numRuns: RUNS_PER_KIND },
    );
  });

  it('truncatedNormal, PyTorch convention: absolute bounds [a, b], no correction', () => {
    assertProperty(
      'init: truncatedNormal (absolute bounds) keeps its promise',
      [
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: 0.05, max: 3, noNaN: true }),
        fc.double({ min: -3, max: 1, noNaN: true }), // a, standardised
        fc.double({ min: 0.3, max: 5, noNaN: true }), // b − a, standardised
        fc.integer({ min: 16, max: 4096 }),
        dtypeArb,
        seedArb,
      ],
      (mean, std, za, width, length, dtype, seed) => {
        const lo = mean + std * za;
        const hi = mean + std * (za + width);
        const init = truncatedNormal({ mean, std, bounds: { lo, hi, units: 'absolute' } });
        const oracle = plainTruncated(mean, std, (lo - mean) / std, (hi - mean) / std);
        // both formulas take Var(Z) = E[Z²] − E[Z]², which loses 1 + E[Z]²/Var(Z) ulps (≈ 1000 at
        // za = −3, width 0.3, where a fixed 1e-12 was exceeded once in 2·10⁶ draws)
        const ez = (oracle.mean - mean) / std;
        const cancellation = 1 + (ez * ez * std * std) / oracle.variance;
        assertKeeps(
          'truncatedNormal',
          init,
          { shape: [length] },
          dtype,
          oracle,
          seed,
          { mean, std, lo, hi },
          1e-12 * cancellation,
        );
      },
      { numRuns: RUNS_PER_KIND },
    );
  });

  it('uniform(lo, hi) and normal(mean, std): fixed laws whatever the shape', () => {
    assertProperty(
      'init: uniform and normal keep their promise',
      [
        geometryArb(),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        dtypeArb,
        seedArb,
      ],
      (g, center, spread, dtype, seed) => {
        const lo = center - spread;
        const hi = center + spread;
        assertKeeps('uniform', uniform({ lo, hi }), g, dtype, uniformOracle(lo, hi), seed, { lo, hi });
        assertKeeps(
          'normal',
          normal({ mean: center, std: spread }),
          g,
          dtype,
          normalOracle(spread ** 2, center),
          seed,
          {
            mean: center,
            std: spread,
          },
        );
      },
      { numRuns: RUNS_PER_KIND },
    );
  });

  it('zeros, ones, constant: every element is the value, Var = 0', () => {
    assertProperty(
      'init: constants fill every element',
      [geometryArb(), fc.double({ min: -1e6, max: 1e6, noNaN: true }), dtypeArb, seedArb],
      (g, value, dtype, seed) => {
        for (const [init, v] of [
          [zeros(), 0],
          [ones(), 1],
          [constant(value), value],
        ] as const) {
          const t = init(g.shape, createRng(seed), { dtype }).data;
          const want = dtype === 'float32' ? Math.fround(v) : v;
          expect(t.every((x) => x === want)).toBe(true);
          expect(t.length).toBe(g.shape.reduce((p, d) => p * d, 1));
          expect([init.mean(g.shape), init.variance(g.shape)]).toEqual([v, 0]);
        }
      },
      { numRuns: 20 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Negative controls: the same check rejects each classic mistake, every time.

/** Shapes whose fans differ by at least 25% (so fan_out for fan_in is a ≥ 20% variance error). */
const unequalFans = geometryArb(['torch']).filter(
  (g) => Math.max(g.fanIn, g.fanOut) >= 1.25 * Math.min(g.fanIn, g.fanOut),
);

interface Control {
  title: string;
  /** The initializer with the mistake, for a shape of these fans. */
  mutant: (g: Geometry) => ElementwiseInitializer;
  /** What the correct initializer promises. */
  oracle: (g: Geometry) => Oracle;
  /** Which part of the check must reject it. */
  rejectedBy: 'variance' | 'ks' | 'range' | 'support';
}

const CONTROL_LIST: Control[] = [
  {
    title: 'gain 1 instead of √2 (kaiming with nonlinearity "linear" where ReLU was meant)',
    mutant: () => kaimingNormal({ nonlinearity: 'linear' }),
    oracle: (g) => normalOracle(2 / g.fanIn),
    rejectedBy: 'variance',
  },
  {
    title: 'fan_out instead of fan_in',
    mutant: () => kaimingNormal({ mode: 'fanOut' }),
    oracle: (g) => normalOracle(2 / g.fanIn),
    rejectedBy: 'variance',
  },
  {
    title: 'a uniform bound missing its √3: U(±√(2/fan_in))',
    mutant: (g) => uniform({ lo: -Math.sqrt(2 / g.fanIn), hi: Math.sqrt(2 / g.fanIn) }),
    oracle: (g) => symmetricUniform(2 / g.fanIn),
    rejectedBy: 'variance',
  },
  {
    title: 'std used as variance: N(0, (2/fan_in)²)',
    mutant: (g) => normal({ std: 2 / g.fanIn }),
    oracle: (g) => normalOracle(2 / g.fanIn),
    rejectedBy: 'variance',
  },
  {
    title: 'truncation uncorrected: σ = √(2/fan_in) cut at ±2σ (Var = 0.774·2/fan_in)',
    mutant: (g) => truncatedNormal({ std: Math.sqrt(2 / g.fanIn) }),
    oracle: (g) => kerasTruncated(2 / g.fanIn),
    rejectedBy: 'variance',
  },
  {
    title: 'a uniform passed off as a normal of the same variance',
    mutant: () => kaimingUniform(),
    oracle: (g) => normalOracle(2 / g.fanIn),
    rejectedBy: 'ks',
  },
  {
    title: 'a truncated (corrected) normal passed off as an untruncated one',
    mutant: () => heNormal({ layout: 'torch' }),
    oracle: (g) => normalOracle(2 / g.fanIn),
    rejectedBy: 'range',
  },
  {
    title: 'an untruncated normal passed off as the truncated one',
    mutant: () => kaimingNormal(),
    oracle: (g) => kerasTruncated(2 / g.fanIn),
    rejectedBy: 'support',
  },
];

describe('init: negative controls are rejected every time', () => {
  it('has one control per classic mistake', () => {
    expect(CONTROL_LIST.length).toBe(CONTROLS);
  });
  for (const c of CONTROL_LIST) {
    it(c.title, () => {
      assertProperty(
        `init control: ${c.title}`,
        [unequalFans, dtypeArb, seedArb],
        (g, dtype, seed) => {
          const oracle = c.oracle(g);
          const r = measure(c.mutant(g), g.shape, dtype, oracle, seed);
          const rejected =
            c.rejectedBy === 'variance'
              ? r.variance.decision === 'fail'
              : c.rejectedBy === 'ks'
                ? r.ks.decision === 'fail'
                : c.rejectedBy === 'range'
                  ? r.range.decision === 'fail'
                  : r.outside > 0;
          if (!rejected) {
            throw new Error(
              `control "${c.title}" was not rejected by its ${c.rejectedBy} check: ` +
                `Var measured ${r.variance.measured} vs ${oracle.variance} (${r.variance.decision}), ` +
                `KS ${r.ks.distance} vs critical ${r.ks.critical}, range [${r.range.min}, ${r.range.max}] ` +
                `(${r.range.decision}), ${r.outside} draws outside [${r.bounds}]; ` +
                `shape ${JSON.stringify(g.shape)}, ${dtype}, seed ${seed}, n ${r.n}`,
            );
          }
        },
        { numRuns: CONTROL_RUNS },
      );
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Orthogonal: exact orthogonality, the Haar marginal law of an entry, and the sign fix.

interface MatrixCase {
  shape: number[];
  rows: number;
  cols: number;
  layout: 'torch' | 'keras';
}

/** Shapes of rank 2–4 with their flattening computed here: torch rows = shape[0]; keras cols = shape[-1]. */
const matrixArb = (maxDim: number): fc.Arbitrary<MatrixCase> =>
  fc
    .record({
      dims: fc.array(fc.integer({ min: 1, max: maxDim }), { minLength: 2, maxLength: 4 }),
      layout: fc.constantFrom('torch' as const, 'keras' as const),
    })
    .map(({ dims, layout }) => {
      const total = dims.reduce((p, d) => p * d, 1);
      const rows = layout === 'torch' ? dims[0] : total / dims[dims.length - 1];
      return { shape: dims, rows, cols: total / rows, layout };
    });

/** max |G − g²I| for G = QᵀQ (rows ≥ cols) or QQᵀ (rows < cols). */
function orthogonalityError(q: ArrayLike<number>, rows: number, cols: number, g: number): number {
  const tall = rows >= cols;
  const k = tall ? cols : rows;
  let worst = 0;
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let s = 0;
      if (tall) for (let i = 0; i < rows; i++) s += q[i * cols + a] * q[i * cols + b];
      else for (let j = 0; j < cols; j++) s += q[a * cols + j] * q[b * cols + j];
      worst = Math.max(worst, Math.abs(s - (a === b ? g * g : 0)));
    }
  }
  return worst;
}

/**
 * The law of one entry of g·Q, Q Haar on the Stiefel manifold with n = max(rows, cols): each row or
 * column is uniform on the unit sphere Sⁿ⁻¹, so Q²ᵢⱼ ~ Beta(½, (n − 1)/2) with a symmetric sign:
 * mean 0, Var g²/n, κ = 3n/(n + 2).
 */
function haarEntryCdf(n: number, g: number): (x: number) => number {
  return (x) => {
    const b = betaCdf(Math.min(1, (x / g) ** 2), 0.5, (n - 1) / 2);
    return x >= 0 ? 0.5 + 0.5 * b : 0.5 - 0.5 * b;
  };
}

/**
 * Entries at the given positions (pairs i, j flattened) from each of m independent matrices drawn
 * from one stream: one sample of m i.i.d. values per position.
 */
function entries(
  init: Initializer,
  c: MatrixCase,
  at: readonly number[],
  m: number,
  rng: Rng,
): Float64Array[] {
  const xs = Array.from({ length: at.length / 2 }, () => new Float64Array(m));
  for (let r = 0; r < m; r++) {
    const q = init(c.shape, rng).data;
    for (let k = 0; k < xs.length; k++) xs[k][r] = q[at[2 * k] * c.cols + at[2 * k + 1]];
  }
  return xs;
}

describe('init: orthogonal', () => {
  it('QᵀQ = g²I (or QQᵀ) to 1e-12·g² in float64, to float32 rounding in float32; Var = g²/max(rows, cols)', () => {
    assertProperty(
      'init: orthogonal is g-orthogonal',
      [matrixArb(12), fc.double({ min: 0.1, max: 10, noNaN: true }), dtypeArb, seedArb],
      (c, gain, dtype, seed) => {
        const init = orthogonal({ gain, layout: c.layout });
        expect(init.matrix(c.shape)).toEqual({ rows: c.rows, cols: c.cols });
        const q = init(c.shape, createRng(seed), { dtype }).data;
        const u = 2 ** -24;
        // float32: each entry is q(1 + δ), |δ| ≤ u, so |ΔGₐᵦ| ≤ (2u + u²)·‖qₐ‖‖qᵦ‖ = (2u + u²)g²
        const tol = gain * gain * (1e-12 + (dtype === 'float32' ? 2 * u + u * u : 0));
        const err = orthogonalityError(q, c.rows, c.cols, gain);
        expect(err, `shape ${c.shape}, gain ${gain}, ${dtype}`).toBeLessThanOrEqual(tol);
        expect(
          Math.abs(init.variance(c.shape) / ((gain * gain) / Math.max(c.rows, c.cols)) - 1),
        ).toBeLessThan(1e-15);
        expect(init.mean(c.shape)).toBe(0);
      },
      { numRuns: 60 },
    );
  });

  const entryArb = fc
    .record({ c: matrixArb(4), i: fc.nat(), j: fc.nat() })
    .filter(({ c }) => Math.max(c.rows, c.cols) >= 2 && c.rows * c.cols <= 36)
    .map(({ c, i, j }) => ({ c, i: i % c.rows, j: j % c.cols }));

  function entryPlan(n: number): number {
    return Math.max(
      samplesFor({ relTol: REL_TOL, alpha, power, kurtosis: (3 * n) / (n + 2) }),
      samplesFor({ relTol: REL_TOL, alpha, power, cv: 1 }),
      ksSamplesFor({ distance: 0.03, alpha, power }),
    );
  }

  it('entries, over independent matrices, have mean 0, Var g²/n and the Haar marginal law', () => {
    assertProperty(
      'init: orthogonal entries follow the Haar marginal law',
      [entryArb, fc.double({ min: 0.2, max: 5, noNaN: true }), seedArb],
      ({ c, i, j }, gain, seed) => {
        const n = Math.max(c.rows, c.cols);
        const m = entryPlan(n);
        // Entry (0, 0), where Householder QR without the sign fix is biased (q₀₀ ≤ 0), and a random
        // entry (every entry has the same law); each from the same m independent matrices.
        const [first, other] = entries(
          orthogonal({ gain, layout: c.layout }),
          c,
          [0, 0, i, j],
          m,
          createRng(seed),
        );
        for (const [x, at] of [
          [first, [0, 0]],
          [other, [i, j]],
        ] as const) {
          const params = { shape: c.shape, layout: c.layout, entry: at, gain, seed };
          const opts = { alpha, beta: 1 - power };
          const v = testVariance(x, (gain * gain) / n, {
            ...opts,
            relTol: REL_TOL,
            kurtosis: (3 * n) / (n + 2),
          });
          const mean = testEqual(x, 0, { ...opts, absTol: (REL_TOL * gain) / Math.sqrt(n) });
          const ks = testDistribution(x, haarEntryCdf(n, gain), { alpha });
          assertEvidence(evidence('orthogonal entries have Var g²/n', 'Var(Qᵢⱼ)', v, m, params));
          assertEvidence(evidence('orthogonal entries have mean 0', 'E[Qᵢⱼ]', mean, m, params));
          assertEvidence(
            evidence('orthogonal entries follow the Haar marginal', 'KS distance', ks, m, params),
          );
        }
      },
      { numRuns: ORTHO_RUNS },
    );
  });

  it('control: without the sign fix an entry is sign-biased, and the same tests reject it', () => {
    assertProperty(
      'init control: orthogonal without the sign fix',
      [entryArb, seedArb],
      ({ c }, seed) => {
        const n = Math.max(c.rows, c.cols);
        // planned for the control's own deviation: without the fix E[q₀₀] = −E|q₀₀| ≤ −0.79 sd
        // (2/π over 1/√2 at n = 2, √(2/π) as n grows), and P(q₀₀ ≤ 0) = 1 is a KS distance of ½
        const m = Math.max(
          samplesFor({ relTol: 0.5, alpha, power, cv: 1 }),
          ksSamplesFor({ distance: 0.4, alpha, power }),
        );
        // the mutant: column 0's sign chosen so that q₀₀ ≤ 0, as Householder QR gives without the
        // sign fix (q₀₀ = −|a₀₀|/‖a₀‖)
        const [q00] = entries(orthogonal({ layout: c.layout }), c, [0, 0], m, createRng(seed));
        const x = q00.map((v) => -Math.abs(v));
        const mean = testEqual(x, 0, { alpha, beta: 1 - power, absTol: 0.5 / Math.sqrt(n) });
        const ks = testDistribution(x, haarEntryCdf(n, 1), { alpha });
        expect(mean.decision, `mean ${mean.measured}`).toBe('fail');
        expect(ks.decision, `KS ${ks.distance}`).toBe('fail');
      },
      { numRuns: ORTHO_CONTROL_RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Names and layouts agree; bad input is refused.

describe('init: aliases and layouts agree', () => {
  it('glorot ≡ xavier(gain 1), he ≡ kaiming (default), lecun ≡ kaiming "linear", torchLinearDefault ≡ kaiming(a = √5)', () => {
    assertProperty(
      'init: naming aliases agree',
      [geometryArb(['torch']), seedArb],
      (g, seed) => {
        const same = (a: Initializer, b: Initializer, what: string) => {
          const va = a.variance(g.shape);
          const vb = b.variance(g.shape);
          expect(Math.abs(va / vb - 1), `${what}: ${va} vs ${vb}`).toBeLessThan(1e-15);
        };
        const t = { layout: 'torch' as const };
        same(glorotUniform(t), xavierUniform(), 'glorotUniform vs xavierUniform');
        same(glorotNormal(t), xavierNormal({ gain: 1 }), 'glorotNormal vs xavierNormal');
        same(heUniform(t), kaimingUniform(), 'heUniform vs kaimingUniform');
        same(heNormal(t), kaimingNormal({ nonlinearity: 'relu' }), 'heNormal vs kaimingNormal');
        same(lecunUniform(t), kaimingUniform({ nonlinearity: 'linear' }), 'lecunUniform vs kaiming linear');
        same(lecunNormal(t), kaimingNormal({ nonlinearity: 'linear' }), 'lecunNormal vs kaiming linear');
        same(
          torchLinearDefault(),
          kaimingUniform({ a: Math.sqrt(5) }),
          'torchLinearDefault vs kaiming(a=√5)',
        );
        // uniform aliases draw the same numbers from the same stream (to the rounding of √2² ≠ 2)
        const x = heUniform(t)(g.shape, createRng(seed)).data;
        const y = kaimingUniform()(g.shape, createRng(seed)).data;
        let worst = 0;
        for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
        expect(worst).toBeLessThanOrEqual(1e-15 * Math.sqrt(6 / g.fanIn));
      },
      { numRuns: 30 },
    );
  });

  it('the same kernel in torch, keras and jax layouts has the same fans and the same declared variance', () => {
    assertProperty(
      'init: layouts agree on transposed kernels',
      [geometryArb(['torch']), modeArb],
      (g, mode) => {
        const [out, inp, ...kernel] = g.shape;
        const keras = [...kernel, inp, out];
        const t = computeFans(g.shape);
        expect([t.fanIn, t.fanOut]).toEqual([g.fanIn, g.fanOut]);
        expect(computeFans(keras, { layout: 'keras' })).toEqual(t);
        expect(computeFans(keras, { layout: 'jax' })).toEqual(t);
        const a = varianceScaling({ mode, layout: 'torch' }).variance(g.shape);
        const b = varianceScaling({ mode }).variance(keras);
        expect(a).toBe(b);
      },
      { numRuns: 50 },
    );
  });
});

describe('init: bad input is refused with a clear error', () => {
  const all = (): [string, Initializer][] => [
    ['varianceScaling', varianceScaling()],
    ['glorotUniform', glorotUniform()],
    ['heNormal', heNormal()],
    ['kaimingNormal', kaimingNormal()],
    ['xavierUniform', xavierUniform()],
    ['torchLinearDefault', torchLinearDefault()],
    ['orthogonal', orthogonal()],
    ['truncatedNormal', truncatedNormal()],
    ['uniform', uniform()],
    ['constant', constant(1)],
  ];
  it('a negative, fractional or non-finite dimension names shape[i]', () => {
    assertProperty(
      'init: bad dimensions are refused',
      [
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 4 }),
        fc.nat(),
        fc.oneof(
          fc.integer({ min: -1000, max: -1 }),
          fc.double({ min: 0.01, max: 100, noNaN: true }).filter((x) => !Number.isInteger(x)),
          fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
        ),
      ],
      (dims, at, bad) => {
        const k = at % dims.length;
        const shape = dims.map((d, i) => (i === k ? bad : d));
        for (const [name, init] of all()) {
          expect(() => init(shape, createRng(1)), name).toThrow(RangeError);
          expect(() => init(shape, createRng(1)), name).toThrow(`shape[${k}]`);
        }
      },
      { numRuns: 30 },
    );
  });
  it('a non-positive or non-finite scale or gain is refused', () => {
    assertProperty(
      'init: bad scales are refused',
      [
        fc.oneof(
          fc.double({ max: 0, noNaN: true }),
          fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
        ),
      ],
      (bad) => {
        expect(() => varianceScaling({ scale: bad })).toThrow(/scale must be/);
        expect(() => xavierNormal({ gain: bad })).toThrow(/gain must be/);
        expect(() => orthogonal({ gain: bad })).toThrow(/gain must be/);
      },
      { numRuns: 30 },
    );
  });
});
