/**
 * Calibration of the decision rules themselves: under a true null each rule's empirical false-alarm
 * rate must match its α, and at the planned sample size it must detect the planned deviation with
 * the planned power. Each check runs a rule R times on fresh data at a measurable α (0.05) and
 * compares the count with Binomial(R, α) by an exact test whose own false-alarm rate comes from the
 * suite budget.
 */
import { describe, expect, it } from 'vitest';
import { createRng, type Distribution, laplace, normal, uniform } from '../src/random/index.js';
import {
  estimateVariance,
  ksSamplesFor,
  samplesFor,
  staged,
  type TestResult,
  testDistribution,
  testEqual,
  testProportion,
  testRatio,
  testVariance,
} from '../src/stats/index.js';
import { seedFor } from '../src/testing/seed.js';
import { budget } from './budget.js';

const R = 2000; // replicates per calibration check
const N = 1000; // observations per replicate for size checks
const ALPHA = 0.05; // the rules' nominal rate, large enough to measure
const CHECKS = 18; // binomial meta-tests in this file: 3 families × 3 + 2 + 1 + 1 sizes, 5 powers
const metaAlpha = budget.perCheck('calibration', CHECKS);

type Direction = 'equal' | 'at most' | 'at least';

/** Count how often `rule` fails over R replicates and test the count against the nominal rate. */
function calibrate(
  title: string,
  expected: number,
  direction: Direction,
  rule: (rng: ReturnType<typeof createRng>) => boolean,
): void {
  const rng = createRng(seedFor(title) >>> 0);
  let k = 0;
  for (let r = 0; r < R; r++) if (rule(rng)) k++;
  const t = testProportion(k, R, expected, { alpha: metaAlpha });
  const wrongSide = direction === 'equal' || (direction === 'at most' ? k > R * expected : k < R * expected);
  const ok = !(t.decision === 'fail' && wrongSide);
  expect(
    ok,
    `${title}: observed rate ${t.observed} over ${R} replicates, expected ${direction} ${expected} ` +
      `(exact binomial p = ${t.pValue.toExponential(3)}, meta α = ${metaAlpha.toExponential(3)}, WIXI_SEED=${process.env.WIXI_SEED})`,
  ).toBe(true);
}

const fails = (r: TestResult) => r.decision === 'fail';

describe('calibration: false-alarm rates match α under a true null', () => {
  // light (κ = 1.8), normal (3) and heavy (6) tails
  const families: Distribution[] = [normal(), uniform({ lo: -1, hi: 1 }), laplace()];
  for (const d of families) {
    it(`testVariance with the known kurtosis, ${d.name}`, () => {
      const x = new Float64Array(N);
      calibrate(`size testVariance known κ ${d.name}`, ALPHA, 'equal', (rng) =>
        fails(testVariance(d.sample(rng, x), d.variance, { alpha: ALPHA, kurtosis: d.kurtosis })),
      );
    });
    it(`testVariance with the estimated kurtosis, ${d.name}`, () => {
      const x = new Float64Array(N);
      calibrate(`size testVariance estimated κ ${d.name}`, ALPHA, 'equal', (rng) =>
        fails(testVariance(d.sample(rng, x), d.variance, { alpha: ALPHA })),
      );
    });
    it(`testEqual (mean), ${d.name}`, () => {
      const x = new Float64Array(N);
      calibrate(`size testEqual ${d.name}`, ALPHA, 'equal', (rng) =>
        fails(testEqual(d.sample(rng, x), d.mean, { alpha: ALPHA, absTol: 0.1 })),
      );
    });
  }
  it('testDistribution (DKW) is at most α, for a continuous and a heavy-tailed law', () => {
    for (const d of [normal(), laplace()]) {
      const x = new Float64Array(N);
      calibrate(`size testDistribution ${d.name}`, ALPHA, 'at most', (rng) => {
        d.sample(rng, x);
        return testDistribution(x, d.cdf, { alpha: ALPHA }).decision === 'fail';
      });
    }
  });
  it('testRatio of two independent variance estimates', () => {
    const x = new Float64Array(N);
    const y = new Float64Array(N);
    calibrate('size testRatio', ALPHA, 'equal', (rng) => {
      const a = estimateVariance(rng.fillNormal(x, 0, 2), { kurtosis: 3 });
      const b = estimateVariance(rng.fillNormal(y, 0, 1), { kurtosis: 3 });
      return fails(testRatio(a, b, 4, { alpha: ALPHA }));
    });
  });
  it('staged spends α over its stages: total false-alarm rate at most α', () => {
    const x = new Float64Array(8 * 200);
    calibrate('size staged', ALPHA, 'at most', (rng) => {
      rng.fillNormal(x);
      const r = staged((n) => estimateVariance(x.subarray(0, n), { kurtosis: 3 }), 1, {
        alpha: ALPHA,
        firstStage: 200,
        stages: 4,
        relTol: 0.1,
        scale: 'log',
      });
      return r.decision === 'fail';
    });
  });
});

describe('calibration: power at the planned sample size', () => {
  const POWER = 0.8;
  const REL = 0.1;
  it('testVariance detects +10% and −10% with the planned power', () => {
    const n = samplesFor({ relTol: REL, alpha: ALPHA, power: POWER, kurtosis: 3 });
    const x = new Float64Array(n);
    // a true variance of 1 + relTol, and of 1/(1 + relTol): both are log(1 + relTol) away
    calibrate('power testVariance +10%', POWER, 'equal', (rng) =>
      fails(
        testVariance(rng.fillNormal(x, 0, Math.sqrt(1 + REL)), 1, { alpha: ALPHA, kurtosis: 3, relTol: REL }),
      ),
    );
    calibrate('power testVariance -10%', POWER, 'equal', (rng) =>
      fails(
        testVariance(rng.fillNormal(x, 0, Math.sqrt(1 / (1 + REL))), 1, {
          alpha: ALPHA,
          kurtosis: 3,
          relTol: REL,
        }),
      ),
    );
  });
  it('testEqual detects a shift of relTol·sd with the planned power', () => {
    const n = samplesFor({ relTol: REL, alpha: ALPHA, power: POWER, cv: 1 });
    const x = new Float64Array(n);
    calibrate('power testEqual', POWER, 'equal', (rng) =>
      fails(testEqual(rng.fillNormal(x, REL, 1), 0, { alpha: ALPHA, absTol: REL })),
    );
  });
  it('testDistribution detects a uniform posing as a normal with at least the planned power', () => {
    // sup |Φ(x) − U(±√3)(x)| = 0.0572 (SciPy); plan for a distance of 0.05
    const n = ksSamplesFor({ distance: 0.05, alpha: ALPHA, power: POWER });
    const x = new Float64Array(n);
    const cdf = normal().cdf;
    calibrate('power testDistribution', POWER, 'at least', (rng) => {
      rng.fillUniform(x, -Math.sqrt(3), Math.sqrt(3));
      return testDistribution(x, cdf, { alpha: ALPHA }).decision === 'fail';
    });
  });
  it('the pass rule: at a deviation equal to the tolerance, P(pass) is at most β', () => {
    const beta = 0.1;
    const n = samplesFor({ relTol: REL, alpha: ALPHA, power: 1 - beta, kurtosis: 3 });
    const x = new Float64Array(n);
    calibrate('pass rate at the tolerance', beta, 'at most', (rng) => {
      const r = testVariance(rng.fillNormal(x, 0, Math.sqrt(1 + REL)), 1, {
        alpha: ALPHA,
        beta,
        kurtosis: 3,
        relTol: REL,
      });
      return r.decision === 'pass';
    });
  });
});
