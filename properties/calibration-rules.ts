/**
 * The decision rules' calibration checks, defined once: each is a replicate that returns true when
 * the rule under test fires (rejects, or passes for the pass-rate check) on fresh data from a known
 * truth, with the rate it should fire at. `properties/calibration.property.ts` runs each R = 2000
 * times inside `npm test` and tests the count against Binomial(R, rate); `scripts/calibrate.ts`
 * runs them at a much larger R and prints the measured rates with exact intervals.
 *
 * Size checks use a true null (the rule should fire at α); power checks use a true deviation equal
 * to the planned one at the planned sample size (the rule should fire at the planned power); the
 * pass-rate check asks how often the rule *passes* at a deviation equal to its tolerance (≤ β).
 */
import { createRng, type Distribution, laplace, normal, uniform } from '../src/random/index.js';
import {
  estimateVariance,
  ksSamplesFor,
  samplesFor,
  staged,
  type TestResult,
  testDistribution,
  testEqual,
  testRatio,
  testVariance,
} from '../src/stats/index.js';

/** The rules' nominal false-alarm rate in the checks: large enough to measure. */
export const CALIBRATION_ALPHA = 0.05;
/** Observations per replicate in the size checks. */
export const SIZE_N = 1000;
/** The planned power and relative deviation of the power checks. */
export const PLANNED_POWER = 0.8;
export const PLANNED_DEVIATION = 0.1;
/** β of the pass-rate check. */
export const PASS_BETA = 0.1;

export type Direction = 'equal' | 'at most' | 'at least';

export interface CalibrationCheck {
  /** Also the seed name: `seedFor(title)` gives the check's stream. */
  readonly title: string;
  readonly kind: 'size' | 'power' | 'pass rate';
  /** The rate the rule should fire at, and whether the check is two-sided or one-sided. */
  readonly expected: number;
  readonly direction: Direction;
  /** Observations per replicate. */
  readonly n: number;
  /** Allocates the buffers once and returns one replicate: true when the rule fires. */
  readonly replicate: () => (rng: ReturnType<typeof createRng>) => boolean;
}

const fails = (r: TestResult) => r.decision === 'fail';
const ALPHA = CALIBRATION_ALPHA;
const REL = PLANNED_DEVIATION;

/** Size checks of the moment rules over light (κ = 1.8), normal (3) and heavy (6) tails. */
function momentSizeChecks(d: Distribution): CalibrationCheck[] {
  const sized = (title: string, rule: (x: Float64Array) => boolean): CalibrationCheck => ({
    title,
    kind: 'size',
    expected: ALPHA,
    direction: 'equal',
    n: SIZE_N,
    replicate: () => {
      const x = new Float64Array(SIZE_N);
      return (rng) => rule(d.sample(rng, x));
    },
  });
  return [
    sized(`size testVariance known κ ${d.name}`, (x) =>
      fails(testVariance(x, d.variance, { alpha: ALPHA, kurtosis: d.kurtosis })),
    ),
    sized(`size testVariance estimated κ ${d.name}`, (x) =>
      fails(testVariance(x, d.variance, { alpha: ALPHA })),
    ),
    sized(`size testEqual ${d.name}`, (x) => fails(testEqual(x, d.mean, { alpha: ALPHA, absTol: 0.1 }))),
  ];
}

function ksSizeCheck(d: Distribution): CalibrationCheck {
  return {
    title: `size testDistribution ${d.name}`,
    kind: 'size',
    expected: ALPHA,
    direction: 'at most',
    n: SIZE_N,
    replicate: () => {
      const x = new Float64Array(SIZE_N);
      return (rng) => testDistribution(d.sample(rng, x), d.cdf, { alpha: ALPHA }).decision === 'fail';
    },
  };
}

const ratioSize: CalibrationCheck = {
  title: 'size testRatio',
  kind: 'size',
  expected: ALPHA,
  direction: 'equal',
  n: SIZE_N,
  replicate: () => {
    const x = new Float64Array(SIZE_N);
    const y = new Float64Array(SIZE_N);
    return (rng) => {
      const a = estimateVariance(rng.fillNormal(x, 0, 2), { kurtosis: 3 });
      const b = estimateVariance(rng.fillNormal(y, 0, 1), { kurtosis: 3 });
      return fails(testRatio(a, b, 4, { alpha: ALPHA }));
    };
  },
};

const stagedSize: CalibrationCheck = {
  title: 'size staged',
  kind: 'size',
  expected: ALPHA,
  direction: 'at most',
  n: 8 * 200,
  replicate: () => {
    const x = new Float64Array(8 * 200);
    return (rng) => {
      rng.fillNormal(x);
      const r = staged((n) => estimateVariance(x.subarray(0, n), { kurtosis: 3 }), 1, {
        alpha: ALPHA,
        firstStage: 200,
        stages: 4,
        relTol: 0.1,
        scale: 'log',
      });
      return r.decision === 'fail';
    };
  },
};

/** A check whose replicate fills one buffer of n observations and applies `rule` to it. */
function onBuffer(
  spec: Omit<CalibrationCheck, 'replicate'>,
  rule: (rng: ReturnType<typeof createRng>, x: Float64Array) => boolean,
): CalibrationCheck {
  return {
    ...spec,
    replicate: () => {
      const x = new Float64Array(spec.n);
      return (rng) => rule(rng, x);
    },
  };
}

/** testVariance at a true variance of 1 + relTol or 1/(1 + relTol): both log(1 + relTol) from 1. */
function variancePower(sign: '+' | '-'): CalibrationCheck {
  const sd = Math.sqrt(sign === '+' ? 1 + REL : 1 / (1 + REL));
  return onBuffer(
    {
      title: `power testVariance ${sign}10%`,
      kind: 'power',
      expected: PLANNED_POWER,
      direction: 'equal',
      n: samplesFor({ relTol: REL, alpha: ALPHA, power: PLANNED_POWER, kurtosis: 3 }),
    },
    (rng, x) => fails(testVariance(rng.fillNormal(x, 0, sd), 1, { alpha: ALPHA, kurtosis: 3, relTol: REL })),
  );
}

const meanPower = onBuffer(
  {
    title: 'power testEqual',
    kind: 'power',
    expected: PLANNED_POWER,
    direction: 'equal',
    n: samplesFor({ relTol: REL, alpha: ALPHA, power: PLANNED_POWER, cv: 1 }),
  },
  (rng, x) => fails(testEqual(rng.fillNormal(x, REL, 1), 0, { alpha: ALPHA, absTol: REL })),
);

const standardNormalCdf = normal().cdf;

/** A uniform posing as a normal: sup |Φ(x) − U(±√3)(x)| = 0.0572 (SciPy); planned for 0.05. */
const ksPower = onBuffer(
  {
    title: 'power testDistribution',
    kind: 'power',
    expected: PLANNED_POWER,
    direction: 'at least',
    n: ksSamplesFor({ distance: 0.05, alpha: ALPHA, power: PLANNED_POWER }),
  },
  (rng, x) =>
    testDistribution(rng.fillUniform(x, -Math.sqrt(3), Math.sqrt(3)), standardNormalCdf, { alpha: ALPHA })
      .decision === 'fail',
);

/** At a deviation equal to the tolerance the rule may pass at most β of the time. */
const passRate = onBuffer(
  {
    title: 'pass rate at the tolerance',
    kind: 'pass rate',
    expected: PASS_BETA,
    direction: 'at most',
    n: samplesFor({ relTol: REL, alpha: ALPHA, power: 1 - PASS_BETA, kurtosis: 3 }),
  },
  (rng, x) =>
    testVariance(rng.fillNormal(x, 0, Math.sqrt(1 + REL)), 1, {
      alpha: ALPHA,
      beta: PASS_BETA,
      kurtosis: 3,
      relTol: REL,
    }).decision === 'pass',
);

const families: Distribution[] = [normal(), uniform({ lo: -1, hi: 1 }), laplace()];

/** Every calibration check: 9 moment sizes, 2 KS sizes, ratio, staged, 4 powers, the pass rate. */
export const calibrationChecks: readonly CalibrationCheck[] = [
  ...families.flatMap(momentSizeChecks),
  ksSizeCheck(normal()),
  ksSizeCheck(laplace()),
  ratioSize,
  stagedSize,
  variancePower('+'),
  variancePower('-'),
  meanPower,
  ksPower,
  passRate,
];

/** Run a check R times on a stream seeded by `seed`; the number of replicates where the rule fired. */
export function countFirings(check: CalibrationCheck, replicates: number, seed: number): number {
  const rng = createRng(seed);
  const once = check.replicate();
  let k = 0;
  for (let r = 0; r < replicates; r++) if (once(rng)) k++;
  return k;
}
