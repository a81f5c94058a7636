import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import * as check from '../validate.js';
import {
  assertEstimate,
  type Estimate,
  estimateMean,
  estimateVariance,
  zOneSided,
  zTwoSided,
} from './estimate.js';
import type { Moments } from './moments.js';

/**
 * The outcome of a statistical decision.
 * - `fail`: the measurement contradicts the prediction at false-alarm rate α (P(fail | law true) ≤ α).
 * - `pass`: the whole 1 − β interval lies within the tolerance, so a deviation as large as the
 *   tolerance is excluded (P(pass | deviation ≥ tolerance) ≤ β).
 * - `inconclusive`: neither; more samples are needed (see `staged`).
 */
export type Decision = 'pass' | 'fail' | 'inconclusive';

/** The full record of one test: what was compared, how, and the verdict. */
export interface TestResult {
  decision: Decision;
  /** The estimate on its natural scale. */
  measured: number;
  predicted: number;
  /** Two-sided 1 − α interval for the measured quantity, on its natural scale. */
  interval: [number, number];
  /** (measured − predicted)/se on the test's scale. */
  z: number;
  /** Two-sided p-value of the point null "measured = predicted". */
  pValue: number;
  alpha: number;
  beta: number;
  /** The tolerance on the test's scale (absolute, or log(1 + relTol) on the log scale). */
  tolerance: number;
  scale: 'linear' | 'log';
  n: number;
}

export interface TestOptions {
  /** False-alarm probability: P(fail) when the prediction is exactly right. */
  alpha?: number;
  /** Miss probability at the tolerance: P(pass) when the deviation equals the tolerance. Default α. */
  beta?: number;
  /** The smallest relative deviation that matters (5% = 0.05). */
  relTol?: number;
  /** The smallest absolute deviation that matters (linear scale only); overrides relTol. */
  absTol?: number;
  /** Compare on the log scale (ratios, variances, second moments) or linearly (means). */
  scale?: 'linear' | 'log';
}

/** Rounding allowance of a comparison, in units of float64's epsilon (≈ 1.4e-14 relative). */
const ROUNDING_ULPS = 64;

/**
 * Compare an estimate with a prediction. On the log scale the deviation is log(measured/predicted)
 * with se ≈ se(measured)/measured (delta method); the tolerance is log(1 + relTol), the smaller
 * of the two log-distances to predicted·(1 ± relTol), so both directions are covered.
 *
 * fail ⇔ |d| > z_{α/2}·se; pass ⇔ |d| + z_β·se < tolerance (a one-sided 1 − β bound on |d| below the
 * tolerance); otherwise inconclusive. When both hold (a significant but tiny deviation), fail wins:
 * the laws wixi tests are exact.
 */
export function testEstimate(estimate: Estimate, predicted: number, options: TestOptions = {}): TestResult {
  assertEstimate('estimate', estimate);
  check.finite('predicted', predicted);
  const o = check.options<TestOptions>('options', options);
  const alpha = check.probability('alpha', o.alpha ?? 0.05);
  const beta = check.probability('beta', o.beta ?? alpha);
  const scale = check.oneOf('scale', o.scale ?? 'linear', ['linear', 'log'] as const);
  let d: number;
  let se: number;
  let tolerance: number;
  if (scale === 'log') {
    if (!(estimate.value > 0))
      throw new RangeError(`a log-scale test needs a positive estimate, got ${estimate.value}`);
    if (!(predicted > 0))
      throw new RangeError(`a log-scale test needs a positive prediction, got ${predicted}`);
    if (o.absTol !== undefined) throw new TypeError('absTol applies to linear-scale tests only; use relTol');
    d = Math.log(estimate.value / predicted);
    se = estimate.se / estimate.value;
    tolerance = Math.log1p(check.positive('relTol', o.relTol ?? 0.05));
  } else {
    d = estimate.value - predicted;
    se = estimate.se;
    tolerance =
      o.absTol !== undefined
        ? check.positive('absTol', o.absTol)
        : check.positive('relTol', o.relTol ?? 0.05) * Math.abs(predicted);
    if (!(tolerance > 0))
      throw new RangeError('relTol of a zero prediction is zero: give absTol for this test');
  }
  const zCrit = zTwoSided(alpha);
  // A floor for rounding: measured and predicted values computed by different float64 routes differ
  // by a few ulps even when they are equal in exact arithmetic. Without it, degenerate data with
  // se = 0 (Rademacher × Rademacher gives z² ≡ 1) turns a 1e-16 rounding difference into |z| = ∞.
  const ulps =
    scale === 'log'
      ? ROUNDING_ULPS * Number.EPSILON
      : ROUNDING_ULPS * Number.EPSILON * Math.max(Math.abs(estimate.value), Math.abs(predicted));
  se = Math.max(se, ulps);
  const z = se > 0 ? d / se : 0;
  const pValue = se > 0 ? 2 * normalCdf(-Math.abs(z), 0, 1) : 1;
  let decision: Decision;
  if (Math.abs(z) > zCrit) decision = 'fail';
  else if (Math.abs(d) + zOneSided(beta) * se < tolerance) decision = 'pass';
  else decision = 'inconclusive';
  const interval: [number, number] =
    scale === 'log'
      ? [estimate.value * Math.exp(-zCrit * se), estimate.value * Math.exp(zCrit * se)]
      : [estimate.value - zCrit * se, estimate.value + zCrit * se];
  return {
    decision,
    measured: estimate.value,
    predicted,
    interval,
    z,
    pValue,
    alpha,
    beta,
    tolerance,
    scale,
    n: estimate.n,
  };
}

/** Test that the mean of `x` equals `predicted` (linear scale, se = s/√n). */
export function testEqual(
  x: ArrayLike<number> | Moments,
  predicted: number,
  options: Omit<TestOptions, 'scale'> = {},
): TestResult {
  return testEstimate(estimateMean(x), predicted, { ...check.options('options', options), scale: 'linear' });
}

/**
 * Test that the variance of `x` equals `predicted`, on the log scale with the fourth-moment
 * standard error (known kurtosis if given, else the sample's). `knownMean` measures the spread
 * about a known mean (use 0 for a second moment E[X²] of zero-mean data).
 */
export function testVariance(
  x: ArrayLike<number> | Moments,
  predicted: number,
  options: Omit<TestOptions, 'scale' | 'absTol'> & { kurtosis?: number; knownMean?: number } = {},
): TestResult {
  const o = check.options<{ kurtosis: number; knownMean: number }>('options', options);
  const est = estimateVariance(x, { kurtosis: o.kurtosis, knownMean: o.knownMean });
  return testEstimate(est, predicted, { ...options, scale: 'log' });
}

/**
 * Test that numerator/denominator equals `predicted` for two independent estimates, on the log
 * scale: log(a/b) has se² ≈ (se_a/a)² + (se_b/b)² (delta method).
 */
export function testRatio(
  numerator: Estimate,
  denominator: Estimate,
  predicted: number,
  options: Omit<TestOptions, 'scale' | 'absTol'> = {},
): TestResult {
  assertEstimate('numerator', numerator);
  assertEstimate('denominator', denominator);
  if (!(numerator.value > 0 && denominator.value > 0)) {
    throw new RangeError(
      `a ratio test needs positive estimates, got numerator=${numerator.value}, denominator=${denominator.value}`,
    );
  }
  const ratio = numerator.value / denominator.value;
  const relSe = Math.hypot(numerator.se / numerator.value, denominator.se / denominator.value);
  return testEstimate(
    { value: ratio, se: ratio * relSe, n: Math.min(numerator.n, denominator.n) },
    predicted,
    {
      ...check.options('options', options),
      scale: 'log',
    },
  );
}

export interface PlanOptions {
  /** Smallest relative deviation to detect. */
  relTol: number;
  alpha: number;
  /** Probability of detecting a deviation of relTol, 1 − β. */
  power: number;
  /** For a variance/second-moment test: the kurtosis κ of the data (3 for normal). */
  kurtosis?: number;
  /** For a mean test: the coefficient of variation sd/|mean| of one observation. */
  cv?: number;
}

/** Standard deviation of one observation's contribution on the test's scale. */
function unitSd(o: { kurtosis?: number; cv?: number }): { sd: number; log: boolean } {
  if ((o.kurtosis === undefined) === (o.cv === undefined)) {
    throw new TypeError('give exactly one of kurtosis (variance test) or cv (mean test)');
  }
  if (o.kurtosis !== undefined) {
    const k = check.finite('kurtosis', o.kurtosis);
    if (!(k > 1)) throw new RangeError(`kurtosis must be > 1 for a variance test, got ${k}`);
    return { sd: Math.sqrt(k - 1), log: true };
  }
  return { sd: check.positive('cv', o.cv), log: false };
}

/**
 * How many independent observations a test needs to detect a relative deviation `relTol` with
 * probability `power` at false-alarm rate `alpha`:
 * n = ((z_{α/2} + z_{1−power})·sd/δ)², where for a variance test sd = √(κ − 1) and
 * δ = log(1 + relTol) (log scale, as `testVariance`), and for a mean test sd = cv and δ = relTol.
 * The same n makes `testEstimate` reach a decision (pass or fail) with β = 1 − power.
 */
export function samplesFor(options: PlanOptions): number {
  const o = check.options<PlanOptions>('options', options);
  const relTol = check.positive('relTol', o.relTol);
  const alpha = check.probability('alpha', o.alpha);
  const power = check.probability('power', o.power);
  const { sd, log } = unitSd(o);
  const delta = log ? Math.log1p(relTol) : relTol;
  const z = zTwoSided(alpha) + zOneSided(1 - power);
  return Math.max(2, Math.ceil(((z * sd) / delta) ** 2));
}

/** The inverse of `samplesFor`: the smallest relative deviation n observations detect with the given power. */
export function minDetectable(options: Omit<PlanOptions, 'relTol'> & { n: number }): number {
  const o = check.options<PlanOptions & { n: number }>('options', options);
  const n = check.integer('n', o.n, 2);
  const alpha = check.probability('alpha', o.alpha);
  const power = check.probability('power', o.power);
  const { sd, log } = unitSd(o);
  const delta = ((zTwoSided(alpha) + zOneSided(1 - power)) * sd) / Math.sqrt(n);
  return log ? Math.expm1(delta) : delta;
}

export interface StagedOptions extends Omit<TestOptions, 'beta'> {
  alpha: number;
  /** Power at the tolerance, 1 − β. */
  power?: number;
  /** Number of stages; α and β are split evenly (Bonferroni) across them. */
  stages?: number;
  /** Observations in the first stage; each later stage doubles the cumulative count. */
  firstStage: number;
}

/** The record of a staged test: every stage's result and the final one. */
export interface StagedResult extends TestResult {
  stages: TestResult[];
  /** True when the last stage was reached without a pass or fail and the verdict was forced. */
  forced: boolean;
}

/**
 * A group-sequential test in the spirit of Gandy & Scott's mcunit (arXiv:2001.06465): draw
 * `firstStage` observations, decide; while inconclusive, double the (cumulative) sample and decide
 * again. Stage k uses α/K and β/K (Bonferroni spending), so P(fail | law true) ≤ α over all stages,
 * whatever the dependence between stages. At the last stage an inconclusive result is forced to a
 * verdict by its fail rule alone (pass unless |z| > z_{α/2K}), which keeps the false-alarm bound.
 *
 * `measure(n, stage)` must return the estimate from the first n observations of one fixed stream
 * (cumulative) or from fresh ones; either keeps the bound.
 */
export function staged(
  measure: (n: number, stage: number) => Estimate,
  predicted: number,
  options: StagedOptions,
): StagedResult {
  check.func('measure', measure);
  const o = check.options<StagedOptions>('options', options);
  const stages = check.integer('stages', o.stages ?? 3, 1, 30);
  const alpha = check.probability('alpha', o.alpha);
  const power = check.probability('power', o.power ?? 1 - alpha);
  let n = check.integer('firstStage', o.firstStage, 2);
  const results: TestResult[] = [];
  for (let k = 0; k < stages; k++, n *= 2) {
    const r = testEstimate(measure(n, k), predicted, {
      ...o,
      alpha: alpha / stages,
      beta: (1 - power) / stages,
    });
    results.push(r);
    if (r.decision !== 'inconclusive') return { ...r, alpha, stages: results, forced: false };
  }
  const last = results[results.length - 1];
  return { ...last, decision: 'pass', alpha, stages: results, forced: true };
}
