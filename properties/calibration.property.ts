/**
 * Calibration of the decision rules themselves: under a true null each rule's empirical false-alarm
 * rate must match its α, and at the planned sample size it must detect the planned deviation with
 * the planned power. Each check (properties/calibration-rules.ts) runs a rule R times on fresh data at
 * a measurable α (0.05) and compares the count with Binomial(R, rate) by an exact test whose own
 * false-alarm rate comes from the suite budget. `npm run calibrate` runs the same checks at a much
 * larger R and prints the rates.
 */
import { describe, expect, it } from 'vitest';
import { testProportion } from '../src/stats/index.js';
import { seedFor } from '../src/testing/seed.js';
import { budget } from './budget.js';
import { type CalibrationCheck, calibrationChecks, countFirings } from './calibration-rules.js';

const R = 2000; // replicates per calibration check
const metaAlpha = budget.perCheck('calibration', calibrationChecks.length);

/** Count how often the check's rule fires over R replicates and test the count against its rate. */
function calibrate(check: CalibrationCheck): void {
  const k = countFirings(check, R, seedFor(check.title) >>> 0);
  const t = testProportion(k, R, check.expected, { alpha: metaAlpha });
  const wrongSide =
    check.direction === 'equal' ||
    (check.direction === 'at most' ? k > R * check.expected : k < R * check.expected);
  const ok = !(t.decision === 'fail' && wrongSide);
  expect(
    ok,
    `${check.title}: observed rate ${t.observed} over ${R} replicates, expected ${check.direction} ${check.expected} ` +
      `(exact binomial p = ${t.pValue.toExponential(3)}, meta α = ${metaAlpha.toExponential(3)}, WIXI_SEED=${process.env.WIXI_SEED})`,
  ).toBe(true);
}

describe('calibration: false-alarm rates match α under a true null', () => {
  for (const check of calibrationChecks.filter((c) => c.kind === 'size')) {
    it(`${check.title} (rate ${check.direction} ${check.expected})`, () => calibrate(check));
  }
});

describe('calibration: power at the planned sample size', () => {
  for (const check of calibrationChecks.filter((c) => c.kind !== 'size')) {
    it(`${check.title} (rate ${check.direction} ${check.expected})`, () => calibrate(check));
  }
});
