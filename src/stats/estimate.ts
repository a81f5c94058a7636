import erfcinv from '@stdlib/math-base-special-erfcinv';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import * as check from '../validate.js';
import { type Moments, moments } from './moments.js';

/** A point estimate with its standard error, from `n` independent observations. */
export interface Estimate {
  value: number;
  se: number;
  n: number;
}

/** A two-sided confidence interval at level 1 − α. */
export interface Interval {
  estimate: number;
  se: number;
  lo: number;
  hi: number;
  alpha: number;
  n: number;
}

/**
 * The upper α/2 point of N(0, 1), z with P(|Z| > z) = α: z = √2·erfc⁻¹(α), since
 * P(|Z| > z) = erfc(z/√2). Computed from erfc⁻¹ (stdlib’s port of Boost’s rational
 * approximations) rather than as −Φ⁻¹(α/2): stdlib's normal quantile forms 2p − 1 and loses digits
 * in the tail (relative error 2e-9 at p = 5e-11, 1.5e-3 at 1e-16, ∞ below 1e-17 — checked against
 * SciPy's ndtri), while erfc⁻¹ keeps ≈ 1e-13 down to α = 5e-324, and α/2 never underflows.
 */
export function zTwoSided(alpha: number): number {
  check.probability('alpha', alpha);
  return Math.SQRT2 * erfcinv(alpha);
}

/** The upper α point of N(0, 1), z with P(Z > z) = α: √2·erfc⁻¹(2α) (see `zTwoSided`). */
export function zOneSided(alpha: number): number {
  check.probability('alpha', alpha);
  return Math.SQRT2 * erfcinv(2 * alpha);
}

/**
 * The upper α/2 point of Student's t with `df` degrees of freedom, t with P(|T| > t) = α, computed
 * as −F⁻¹(α/2) (the t law is symmetric) rather than F⁻¹(1 − α/2), in which 1 − α/2 keeps only
 * ≈ 16 − log₁₀(1/α) digits of α and is exactly 1 (t = ∞) for α below 1.1e-16. Internal: the
 * studentized checks' critical value. `df` > 0, not necessarily an integer.
 */
export function tTwoSided(alpha: number, df: number): number {
  check.probability('alpha', alpha);
  check.positive('df', df);
  return -tQuantile(alpha / 2, df);
}

/**
 * The ratio t_{df}(α)/z(α) of the two-sided critical values: how much wider a t interval is than
 * a normal one. Where t is ∞ (α = 5e-324, at which α/2 underflows to 0, or a t quantile beyond
 * 1.8e308) the ratio is ∞: a studentized standard error s·ratio is then ∞ and the test
 * never rejects, the conservative side.
 */
export function tOverZ(alpha: number, df: number): number {
  return tTwoSided(alpha, df) / zTwoSided(alpha);
}

function summarize(x: ArrayLike<number> | Moments): Moments {
  return isMoments(x) ? checkMoments('x', x) : moments(x);
}

/** A Moments record given in place of data must be one `moments` could have returned. */
function checkMoments(name: string, m: Moments): Moments {
  check.integer(`${name}.n`, m.n, 1);
  for (const key of ['mean', 'variance', 'm2', 'm3', 'm4', 'kurtosis'] as const) {
    check.finite(`${name}.${key}`, m[key]);
  }
  for (const key of ['variance', 'm2', 'm4', 'kurtosis'] as const)
    check.nonNegative(`${name}.${key}`, m[key]);
  return m;
}

function isMoments(x: unknown): x is Moments {
  return typeof x === 'object' && x !== null && !ArrayBuffer.isView(x) && !Array.isArray(x) && 'm4' in x;
}

/** The sample mean with se = s/√n (valid for any finite-variance data, by the CLT). */
export function estimateMean(x: ArrayLike<number> | Moments): Estimate {
  const m = summarize(x);
  if (m.n < 2) throw new RangeError(`need at least 2 observations for a standard error, got n=${m.n}`);
  return { value: m.mean, se: Math.sqrt(m.variance / m.n), n: m.n };
}

/**
 * The smallest κ − 1 a standard error about a known mean relies on: 64 ulps of κ. A kurtosis is a
 * ratio of rounded moments, so κ − 1 below this is not resolved: X = R + c with R Rademacher and
 * c = 4.9e-13 has κ − 1 ≈ 4c² ≈ 1e-24, which rounds to κ = 1 exactly and would give se = 0 although
 * the sample mean of X² still varies by 2c/√n (found by the spec under WIXI_SEED=1958332606).
 */
const KURTOSIS_RESOLUTION = 64 * Number.EPSILON;

/**
 * The unbiased sample variance s² with its exact standard error
 * se(s²) = √((μ₄ − σ⁴(n − 3)/(n − 1))/n) = σ²·√((κ − (n − 3)/(n − 1))/n), which is σ²√((κ − 1)/n)
 * for large n (Cramér 1946, §27.4). The kurtosis κ is the known one when given (a distribution's
 * exact value), else the sample's. With `knownMean` the variance is measured about that mean
 * (divide by n) and se = σ²√((κ − 1)/n) exactly, with κ − 1 at least 64 ulps (below that κ is not
 * resolved in float64, see `KURTOSIS_RESOLUTION`).
 *
 * Limitation: a normal approximation of s² needs (κ − 1)/n to dominate its O(1/n²) terms. For
 * κ ≈ 1 (two-point laws such as Rademacher, where s² is a function of the mean) it does not; test
 * such data with `testDistribution` or `testProportion` instead.
 */
export function estimateVariance(
  x: ArrayLike<number> | Moments,
  options: { kurtosis?: number; knownMean?: number } = {},
): Estimate {
  const o = check.options<{ kurtosis: number; knownMean: number }>('options', options);
  const m = summarize(x);
  if (m.n < 2) throw new RangeError(`need at least 2 observations for a variance, got n=${m.n}`);
  if (o.kurtosis !== undefined && check.finite('kurtosis', o.kurtosis) < 1) {
    throw new RangeError(`kurtosis must be >= 1 (κ = μ₄/σ⁴ ≥ 1 always), got ${o.kurtosis}`);
  }
  if (o.knownMean !== undefined) {
    const d = m.mean - check.finite('knownMean', o.knownMean);
    const v = m.m2 + d * d;
    if (v === 0) return { value: 0, se: 0, n: m.n }; // every observation equals knownMean
    // κ about knownMean from the central moments, each term in units of v (u = d/√v, |u| ≤ 1):
    // the unscaled d⁴ overflowed from |d| ≈ 1e77, where v, κ (≈ 1) and se are still finite
    const s = Math.sqrt(v);
    const u = d / s;
    const kappa = o.kurtosis ?? m.m4 / v / v + 4 * u * (m.m3 / v / s) + 6 * u * u * (m.m2 / v) + u ** 4;
    const se = v * Math.sqrt(Math.max(KURTOSIS_RESOLUTION, kappa - 1) / m.n);
    if (!Number.isFinite(se))
      throw new RangeError(`the spread of x about knownMean overflows (variance ${v})`);
    return { value: v, se, n: m.n };
  }
  const kappa = o.kurtosis ?? m.kurtosis;
  const n = m.n;
  return { value: m.variance, se: m.variance * Math.sqrt(Math.max(0, kappa - (n - 3) / (n - 1)) / n), n };
}

/** Two-sided 1 − α interval for a mean: x̄ ± z·s/√n. */
export function meanInterval(x: ArrayLike<number> | Moments, options: { alpha?: number } = {}): Interval {
  const alpha = check.probability(
    'alpha',
    check.options<{ alpha: number }>('options', options).alpha ?? 0.05,
  );
  const e = estimateMean(x);
  const z = zTwoSided(alpha);
  // a zero standard error gives a point interval even when z is infinite (α at the subnormal edge)
  const half = e.se === 0 ? 0 : z * e.se;
  return { estimate: e.value, se: e.se, lo: e.value - half, hi: e.value + half, alpha, n: e.n };
}

/**
 * Two-sided 1 − α interval for a variance, built on the log scale, where the sampling distribution
 * of s² is closer to normal: s²·exp(±z·se/s²), with the fourth-moment se of `estimateVariance`.
 * Unlike the χ² interval it stays valid for non-normal data (which the χ² interval is not:
 * Box 1953, "Non-normality and tests on variances").
 */
export function varianceInterval(
  x: ArrayLike<number> | Moments,
  options: { alpha?: number; kurtosis?: number; knownMean?: number } = {},
): Interval {
  const o = check.options<{ alpha: number; kurtosis: number; knownMean: number }>('options', options);
  const alpha = check.probability('alpha', o.alpha ?? 0.05);
  const e = estimateVariance(x, o);
  const z = zTwoSided(alpha);
  const r = e.value > 0 ? e.se / e.value : 0;
  const half = r === 0 ? 0 : z * r; // no ∞·0 when z is infinite and the spread is zero
  return {
    estimate: e.value,
    se: e.se,
    lo: e.value * Math.exp(-half),
    hi: e.value * Math.exp(half),
    alpha,
    n: e.n,
  };
}

/** Throw a TypeError unless `value` is an Estimate with finite value and se ≥ 0. */
export function assertEstimate(name: string, value: unknown): asserts value is Estimate {
  if (typeof name !== 'string') throw new TypeError(`name must be a string, got ${check.show(name)}`);
  const e = value as Estimate;
  if (!e || typeof e !== 'object' || typeof e.value !== 'number' || typeof e.se !== 'number') {
    throw new TypeError(`${name} must be an Estimate {value, se, n}, got ${check.show(value)}`);
  }
  check.finite(`${name}.value`, e.value);
  check.nonNegative(`${name}.se`, e.se);
  check.integer(`${name}.n`, e.n, 1);
}
