/**
 * The theory's spec: closed forms of src/theory agree with simulation.
 *
 * - Goodman's product variance (and the product's exact kurtosis) against sampled W·X for random
 *   families, means and scales; the naive Var(W)·Var(X) is rejected wherever it is ≥ 10% off.
 * - sumVariance against independent replicates of z = ΣWᵢXᵢ; the naive n·Var(W)·Var(X) is rejected
 *   wherever it is ≥ 10% off.
 * - The exact finite-width law of one He-initialized Gaussian layer: R = (‖y‖²/n)/(‖x‖²/m) for
 *   y = relu(Wx) against the mixture CDF Σₖ C(n,k)2⁻ⁿ·P(χ²ₖ ≤ nr/2) (DKW), E[R] = 1, E and Var of
 *   log R given R > 0, and P(R = 0) = 2⁻ⁿ (exact binomial test); for leaky ReLU E[R] and the log
 *   moments. A 10%-too-large weight variance is rejected (negative control).
 * - The depth law: through a whole He-initialized ReLU network of random widths, log of the
 *   mean-square ratio is a sum of independent per-layer log R_l, so its mean and variance are the
 *   sums of the per-layer exact values (given no layer entirely off), and P(some layer off) is
 *   1 − ∏(1 − 2^{−n_l}).
 *
 * Standards: independent replicates only (each R from a fresh W and x); variance tests use the
 * exact kurtosis of the simulated quantity (productMoments/sumMoments) or, for log R, the sample
 * kurtosis; sample sizes from `samplesFor`/`ksSamplesFor` for the stated tolerance at power
 * 1 − α, so a miss of a negative control is as unlikely as a false alarm. Every decision has
 * false-alarm rate α = budget.perCheck('theory', DECISIONS).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  beta,
  createRng,
  type Distribution,
  laplace,
  normal,
  type Rng,
  scaled,
  shifted,
  studentT,
  uniform,
} from '../src/random/index.js';
import {
  assertEvidence,
  ksSamplesFor,
  minDetectable,
  moments,
  samplesFor,
  type TestResult,
  testDistribution,
  testEqual,
  testProportion,
  testVariance,
} from '../src/stats/index.js';
import { tailSafeSamples } from '../src/stats/single-draw.js';
import { assertProperty } from '../src/testing/property.js';
import {
  depthNormRatioLaw,
  productMoments,
  productVariance,
  reluNormRatioCdf,
  reluNormRatioLaw,
  sumMoments,
  sumVariance,
} from '../src/theory/index.js';
import { budget } from './budget.js';

const PRODUCT_RUNS = 12;
const SUM_RUNS = 8;
const RELU_RUNS = 5;
const LEAKY_RUNS = 4;
const DEPTH_RUNS = 3;
// product: law + naive control; sum: law + naive control; ReLU: KS, E[R], E log R, Var log R,
// P(R = 0), negative control; leaky: E[R], E log R, Var log R; depth: Σ log R mean and variance,
// P(some layer off)
const DECISIONS = PRODUCT_RUNS * 2 + SUM_RUNS * 2 + RELU_RUNS * 6 + LEAKY_RUNS * 3 + DEPTH_RUNS * 3;
const alpha = budget.perCheck('theory', DECISIONS);
const power = 1 - alpha;
const beta_ = 1 - power;
/** Variance laws must catch a 10% error. */
const VAR_TOL = 0.1;
/** Means of R must catch a 5% error. */
const MEAN_TOL = 0.05;
/** E[log R] must catch a shift of 0.1 standard deviations of log R. */
const LOG_SHIFT = 0.1;
/** The DKW test must catch a sup-distance 0.05 between CDFs. */
const KS_DISTANCE = 0.05;

const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** Families with finite eighth moments (so sample variances of products are normal-like). */
const familyArb: fc.Arbitrary<Distribution> = fc.oneof(
  fc.constant(normal()),
  fc.constant(uniform({ lo: -1, hi: 1 })),
  fc.constant(laplace()),
  // ν ≥ 20: with two heavy factors one product alone can decide a variance test at this α, so the
  // tests below double N until that is negligible (tailSafeSamples); from t₂₀ × t₂₀ on that takes
  // one or two doublings, while t₁₂ × t₁₂ (134× α/2 at the planned N) would take six
  fc.double({ min: 20, max: 40, noNaN: true }).map((nu) => studentT({ nu })),
  fc
    .record({
      a: fc.double({ min: 0.5, max: 6, noNaN: true }),
      b: fc.double({ min: 0.5, max: 6, noNaN: true }),
    })
    .map((p) => beta({ alpha: p.a, beta: p.b })),
);

/** A family scaled by 10^u, u ∈ [−1, 1], and shifted by c ∈ [−2, 2] (or centred when `zeroMean`). */
function distributionArb(zeroMean: boolean): fc.Arbitrary<Distribution> {
  return fc
    .tuple(
      familyArb,
      fc.double({ min: -1, max: 1, noNaN: true }),
      zeroMean ? fc.constant(0) : fc.double({ min: -2, max: 2, noNaN: true }),
    )
    .map(([d, u, c]) => shifted(scaled(shifted(d, -d.mean), 10 ** u), c));
}

function check(claim: string, quantity: string, r: TestResult, n: number, params: Record<string, unknown>) {
  assertEvidence({
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
  });
}

/** A deliberately wrong prediction must be rejected (its deviation exceeds the planned tolerance). */
function mustReject(claim: string, r: TestResult, params: Record<string, unknown>) {
  if (r.decision !== 'fail') {
    throw new Error(
      `negative control not rejected: ${claim}; measured ${r.measured}, wrong prediction ${r.predicted}, z = ${r.z}; ${JSON.stringify(params)}`,
    );
  }
}

const farFrom = (a: number, b: number) => Math.abs(Math.log(a / b)) >= Math.log1p(VAR_TOL);

describe('theory: closed forms agree with simulation', () => {
  it('Var(W·X) = σw²σx² + σw²μx² + σx²μw² (Goodman 1960) for random families, means and scales', () => {
    assertProperty(
      'Var(W·X) = σw²σx² + σw²μx² + σx²μw² (Goodman 1960) for random families, means and scales',
      [distributionArb(false), distributionArb(false), seedArb],
      (w, x, seed) => {
        const rng = createRng(seed);
        const pm = productMoments(w, x);
        const predicted = productVariance(w, x);
        const planned = samplesFor({ relTol: VAR_TOL, alpha, power, kurtosis: pm.kurtosis });
        const n = tailSafeSamples({ kind: 'product', w, x }, planned, alpha);
        const a = w.sample(rng, new Float64Array(n));
        const b = x.sample(rng, new Float64Array(n));
        for (let i = 0; i < n; i++) a[i] *= b[i];
        const m = moments(a);
        const opts = { alpha, beta: beta_, relTol: VAR_TOL, kurtosis: pm.kurtosis };
        const params = { w: w.name, x: x.name, seed, n, kurtosis: pm.kurtosis };
        check('Goodman: Var(WX)', 'Var(W·X)', testVariance(m, predicted, opts), n, params);
        const naive = w.variance * x.variance;
        if (farFrom(naive, predicted)) {
          mustReject('Var(WX) = Var(W)·Var(X)', testVariance(m, naive, opts), params);
        }
      },
      { numRuns: PRODUCT_RUNS },
    );
  });

  it('Var(ΣWᵢXᵢ) = n·Var(WX) (= n·Var(W)·E[X²] for zero-mean W) over independent replicates', () => {
    assertProperty(
      'Var(ΣWᵢXᵢ) = n·Var(WX) (= n·Var(W)·E[X²] for zero-mean W) over independent replicates',
      [
        fc.oneof(distributionArb(true), distributionArb(false)),
        distributionArb(false),
        fc.integer({ min: 1, max: 64 }),
        seedArb,
      ],
      (w, x, fan, seed) => {
        const rng = createRng(seed);
        const sm = sumMoments(fan, w, x);
        const predicted = sumVariance(fan, w, x);
        const planned = samplesFor({ relTol: VAR_TOL, alpha, power, kurtosis: sm.kurtosis });
        const reps = tailSafeSamples({ kind: 'sum', w, x, fan }, planned, alpha);
        // one bulk draw per factor (row r holds replicate r's n terms), then the row sums
        const wi = w.sample(rng, new Float64Array(reps * fan));
        const xi = x.sample(rng, new Float64Array(reps * fan));
        const z = new Float64Array(reps);
        for (let r = 0; r < reps; r++) {
          let s = 0;
          for (let i = r * fan; i < (r + 1) * fan; i++) s += wi[i] * xi[i];
          z[r] = s;
        }
        const m = moments(z);
        const opts = { alpha, beta: beta_, relTol: VAR_TOL, kurtosis: sm.kurtosis };
        const params = { w: w.name, x: x.name, n: fan, seed, replicates: reps };
        check(
          'He et al. eq. 7 / Goodman: Var(z)',
          'Var(ΣWᵢXᵢ)',
          testVariance(m, predicted, opts),
          reps,
          params,
        );
        const naive = fan * w.variance * x.variance;
        if (farFrom(naive, predicted)) {
          mustReject('Var(z) = n·Var(W)·Var(X)', testVariance(m, naive, opts), params);
        }
      },
      { numRuns: SUM_RUNS },
    );
  });

  /**
   * Independent replicates of R = (‖φ(Wx)‖²/n)/(‖x‖²/m) for W (n × m) i.i.d.
   * N(0, varScale·2/((1 + a²)m)) and x (length m) i.i.d. from `input`, fresh for every replicate.
   */
  function simulateRatios(
    rng: Rng,
    reps: number,
    n: number,
    m: number,
    slope: number,
    input: Distribution,
    varScale = 1,
  ): Float64Array {
    const sd = Math.sqrt((varScale * 2) / ((1 + slope * slope) * m));
    const w = new Float64Array(n * m);
    const xs = input.sample(rng, new Float64Array(reps * m)); // all inputs in one bulk draw
    const out = new Float64Array(reps);
    for (let r = 0; r < reps; r++) {
      const x = xs.subarray(r * m, (r + 1) * m);
      let xx = 0;
      for (;;) {
        xx = 0;
        for (let j = 0; j < m; j++) xx += x[j] * x[j];
        if (xx > 0) break;
        input.sample(rng, x); // x = 0 has probability 0 for these continuous families
      }
      rng.fillNormal(w, 0, sd);
      let yy = 0;
      for (let i = 0; i < n; i++) {
        let z = 0;
        const row = i * m;
        for (let j = 0; j < m; j++) z += w[row + j] * x[j];
        const y = z > 0 ? z : slope * z;
        yy += y * y;
      }
      out[r] = yy / n / (xx / m);
    }
    return out;
  }

  /** E[log R] (shift of 0.1 sd) and Var[log R] (sample-kurtosis se) of the positive replicates. */
  function logChecks(
    ratios: Float64Array,
    law: ReturnType<typeof reluNormRatioLaw>,
    claim: string,
    params: Record<string, unknown>,
  ): void {
    const logs: number[] = [];
    for (const r of ratios) if (r > 0) logs.push(Math.log(r));
    const m = moments(logs);
    const sd = Math.sqrt(law.logVariance);
    const mean = testEqual(m, law.logMean, { alpha, beta: beta_, absTol: LOG_SHIFT * sd });
    check(claim, 'E[log R | R > 0]', mean, logs.length, params);
    const detectable = minDetectable({ alpha, power, kurtosis: Math.max(1.5, m.kurtosis), n: logs.length });
    const variance = testVariance(m, law.logVariance, { alpha, beta: beta_, relTol: detectable });
    check(
      claim,
      `Var[log R | R > 0] (detects a ${(100 * detectable).toFixed(0)}% error)`,
      variance,
      logs.length,
      params,
    );
  }

  it('one He-initialized ReLU layer: R = (2/n)·χ²_K, K ~ Bin(n, ½), exactly (Hanin & Rolnick 2018)', () => {
    assertProperty(
      'one He-initialized ReLU layer: R = (2/n)·χ²_K, K ~ Bin(n, ½), exactly (Hanin & Rolnick 2018)',
      [fc.integer({ min: 2, max: 40 }), fc.integer({ min: 1, max: 16 }), distributionArb(false), seedArb],
      (n, m, input, seed) => {
        const rng = createRng(seed);
        const law = reluNormRatioLaw(n);
        const cv = Math.sqrt(law.variance);
        const reps = Math.max(
          ksSamplesFor({ distance: KS_DISTANCE, alpha, power }),
          samplesFor({ relTol: MEAN_TOL, alpha, power, cv }),
          samplesFor({ relTol: LOG_SHIFT, alpha, power, cv: 1 }),
        );
        const ratios = simulateRatios(rng, reps, n, m, 0, input);
        const params = { n, m, input: input.name, seed, replicates: reps };
        const claim = `ReLU layer n=${n}, m=${m}: exact finite-width law`;
        const ks = testDistribution(ratios, reluNormRatioCdf(n), { alpha });
        assertEvidence({
          claim,
          quantity: 'KS distance to the mixture CDF',
          measured: ks.distance,
          predicted: 0,
          interval: [0, ks.critical],
          alpha,
          samples: reps,
          pass: ks.decision === 'pass',
          params,
        });
        const mean = testEqual(ratios, 1, { alpha, beta: beta_, relTol: MEAN_TOL });
        check(claim, 'E[R]', mean, reps, params);
        let zeros = 0;
        for (const r of ratios) if (r === 0) zeros++;
        const p0 = testProportion(zeros, reps, law.probabilityZero, { alpha });
        assertEvidence({
          claim,
          quantity: 'P(R = 0) = 2⁻ⁿ',
          measured: p0.observed,
          predicted: law.probabilityZero,
          interval: [0, 1],
          alpha,
          samples: reps,
          pass: p0.decision === 'pass',
          params: { ...params, pValue: p0.pValue },
        });
        logChecks(ratios, law, claim, params);
        // negative control: Var(W) 10% too large gives E[R] = 1.1, twice the planned tolerance
        const wrongReps = samplesFor({ relTol: MEAN_TOL, alpha, power, cv });
        const wrong = simulateRatios(rng, wrongReps, n, m, 0, input, 1.1);
        mustReject(
          'He law with Var(W) = 2.2/m',
          testEqual(wrong, 1, { alpha, beta: beta_, relTol: MEAN_TOL }),
          params,
        );
      },
      { numRuns: RELU_RUNS },
    );
  });

  it('one He-initialized leaky-ReLU layer: E[R] = 1 and the exact log moments', () => {
    assertProperty(
      'one He-initialized leaky-ReLU layer: E[R] = 1 and the exact log moments',
      [
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 1, max: 16 }),
        fc.oneof(
          fc.double({ min: -1, max: -0.02, noNaN: true }),
          fc.double({ min: 0.02, max: 1, noNaN: true }),
        ),
        distributionArb(false),
        seedArb,
      ],
      (n, m, slope, input, seed) => {
        const rng = createRng(seed);
        const law = reluNormRatioLaw(n, { slope });
        const reps = Math.max(
          samplesFor({ relTol: MEAN_TOL, alpha, power, cv: Math.sqrt(law.variance) }),
          samplesFor({ relTol: LOG_SHIFT, alpha, power, cv: 1 }),
        );
        const ratios = simulateRatios(rng, reps, n, m, slope, input);
        const params = { n, m, slope, input: input.name, seed, replicates: reps };
        const claim = `leaky ReLU(${slope}) layer n=${n}, m=${m}: exact finite-width law`;
        check(claim, 'E[R]', testEqual(ratios, 1, { alpha, beta: beta_, relTol: MEAN_TOL }), reps, params);
        logChecks(ratios, law, claim, params);
      },
      { numRuns: LEAKY_RUNS },
    );
  });
  it('a deep He-initialized ReLU network: per-layer log-ratios are independent, so their means and variances add', () => {
    assertProperty(
      'a deep He-initialized ReLU network: per-layer log-ratios are independent, so their means and variances add',
      [
        fc.array(fc.integer({ min: 3, max: 16 }), { minLength: 3, maxLength: 6 }),
        distributionArb(false),
        seedArb,
      ],
      (widths, input, seed) => {
        const rng = createRng(seed);
        const law = depthNormRatioLaw(widths);
        const reps = samplesFor({ relTol: LOG_SHIFT, alpha, power, cv: 1 });
        const L = widths.length - 1;
        const maxW = Math.max(...widths);
        const w = new Float64Array(maxW * maxW);
        let x = new Float64Array(maxW);
        let y = new Float64Array(maxW);
        const xs = input.sample(rng, new Float64Array(reps * widths[0]));
        const logs: number[] = [];
        let zeros = 0;
        for (let r = 0; r < reps; r++) {
          const m0 = widths[0];
          x.set(xs.subarray(r * m0, (r + 1) * m0));
          let xx = 0;
          for (let j = 0; j < m0; j++) xx += x[j] * x[j];
          if (xx === 0) continue; // probability 0 for these continuous families
          const start = xx / m0;
          let ms = start;
          for (let l = 1; l <= L && ms > 0; l++) {
            const m = widths[l - 1];
            const n = widths[l];
            rng.fillNormal(w.subarray(0, n * m), 0, Math.sqrt(2 / m));
            let yy = 0;
            for (let i = 0; i < n; i++) {
              let z = 0;
              for (let j = 0; j < m; j++) z += w[i * m + j] * x[j];
              y[i] = Math.max(z, 0);
              yy += y[i] * y[i];
            }
            [x, y] = [y, x];
            ms = yy / n;
          }
          if (ms === 0) zeros++;
          else logs.push(Math.log(ms / start));
        }
        const params = { widths, input: input.name, seed, replicates: reps };
        const claim = `ReLU network of widths ${widths.join('-')}: log-norm law of independent layers`;
        const m = moments(logs);
        const sd = Math.sqrt(law.logVariance);
        check(
          claim,
          'E[Σ log R_l | all layers on]',
          testEqual(m, law.logMean, { alpha, beta: beta_, absTol: LOG_SHIFT * sd }),
          logs.length,
          params,
        );
        const detectable = minDetectable({
          alpha,
          power,
          kurtosis: Math.max(1.5, m.kurtosis),
          n: logs.length,
        });
        check(
          claim,
          `Var[Σ log R_l | all layers on] (detects a ${(100 * detectable).toFixed(0)}% error)`,
          testVariance(m, law.logVariance, { alpha, beta: beta_, relTol: detectable }),
          logs.length,
          params,
        );
        const p0 = testProportion(zeros, reps, law.probabilityZero, { alpha });
        assertEvidence({
          claim,
          quantity: 'P(some layer entirely off) = 1 − ∏(1 − 2^{−n_l})',
          measured: p0.observed,
          predicted: law.probabilityZero,
          interval: [0, 1],
          alpha,
          samples: reps,
          pass: p0.decision === 'pass',
          params: { ...params, pValue: p0.pValue },
        });
      },
      { numRuns: DEPTH_RUNS },
    );
  });
});
