/**
 * Decision rules the audit needs beyond wixi/stats: the two-sided range test of the extremes, the
 * correlation test of two streams, the exact Haar marginal of an orthogonal matrix's entry.
 * Each states its false-alarm rate exactly.
 */
import betaCdf from '@stdlib/stats-base-dists-beta-cdf';
import { assertDistribution, type Distribution } from '../random/distributions.js';
import { type Decision, type TestResult, testEstimate } from '../stats/decide.js';
import * as check from '../validate.js';

/** The result of `testExtremes`. */
export interface ExtremesResult {
  decision: 'pass' | 'fail';
  /** max |x − center| over the sample. */
  maxDeviation: number;
  /** Elements farther from the center than the support's half-width allows (beyond float32 rounding). */
  outside: number;
  /** log P(max|X − c| ≤ observed) under the law. */
  logPBelow: number;
  /** 1 − α acceptance interval of max|X − c| under the law: [lower, upper]. */
  interval: [number, number];
  n: number;
  alpha: number;
}

/**
 * Are the extremes of `x` where `law` puts them? For a law symmetric about `center` with tail
 * Q(m) = P(|X − c| > m) = 2·F(c − m), the largest deviation M of n i.i.d. draws has
 * P(M ≤ m) = (1 − Q(m))ⁿ exactly. The test fails when the draws stop short of where the law
 * reaches (P(M ≤ m) below α, e.g. a cut at ±2σ where the law's cut is at ±2.27σ) and, for an
 * unbounded law (`half` = Infinity), when they reach too far (P(M > m) below α/2; the short side
 * then gets α/2): false-alarm rate α. For a bounded law, "too far" is instead an exact violation:
 * any element farther than `half` from the center by more than float32 rounding (2⁻²³ relative).
 * The observed M is moved by that rounding in the conservative direction before each tail is
 * evaluated, so data stored as float32 keep the stated rate.
 *
 * `x` must be a non-empty array or typed array of finite numbers, `law` a Distribution, `center`
 * finite, `half` > 0 (Infinity for an unbounded law) and `alpha` in (0, 1): a TypeError or
 * RangeError naming the argument otherwise.
 */
export function testExtremes(
  x: ArrayLike<number>,
  law: Distribution,
  center: number,
  half: number,
  alpha: number,
): ExtremesResult {
  // the sample first: a sparse new Array(2 ** 32 - 1) fails at its first hole, {length: 1e12} at once
  check.sample('x', x);
  assertDistribution('law', law);
  check.finite('center', center);
  if (typeof half !== 'number') throw new TypeError(`half must be a number, got ${check.show(half)}`);
  if (!(half > 0))
    throw new RangeError(`half must be > 0 (Infinity for an unbounded law), got ${check.show(half)}`);
  check.probability('alpha', alpha);
  const n = x.length;
  const bounded = Number.isFinite(half);
  let m = 0;
  let outside = 0;
  const slack = (Math.abs(center) + (bounded ? half : 0)) * 2 ** -23;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(x[i] - center);
    if (d > m) m = d;
    if (d > half + slack) outside++;
  }
  const tail = (t: number) => Math.min(1, 2 * law.cdf(center - t));
  /** log P(M ≤ t). */
  const logBelow = (t: number) => {
    const q = tail(t);
    return q >= 1 ? Number.NEGATIVE_INFINITY : n * Math.log1p(-q);
  };
  const rounding = (Math.abs(center) + m) * 2 ** -23;
  const shortAlpha = bounded ? alpha : alpha / 2;
  const logPBelow = bounded && m + rounding >= half ? 0 : logBelow(m + rounding);
  const logPAbove = bounded ? 0 : Math.log(-Math.expm1(logBelow(Math.max(0, m - rounding))));
  const decision =
    outside > 0 || logPBelow < Math.log(shortAlpha) || logPAbove < Math.log(alpha / 2) ? 'fail' : 'pass';
  // invert the increasing t ↦ log P(M ≤ t) by bisection on [0, top]
  const top = bounded ? half : 60 * Math.sqrt(law.variance);
  const invert = (target: number): number => {
    let a = 0;
    let b = top;
    if (logBelow(b) <= target) return b;
    for (let k = 0; k < 200 && b - a > 1e-15 * top; k++) {
      const c = (a + b) / 2;
      if (logBelow(c) < target) a = c;
      else b = c;
    }
    return (a + b) / 2;
  };
  const interval: [number, number] = [
    invert(Math.log(shortAlpha)),
    bounded ? half : invert(Math.log1p(-alpha / 2)),
  ];
  return { decision, maxDeviation: m, outside, logPBelow, interval, n, alpha };
}

/**
 * Pearson's correlation r = Σ(x − x̄)(y − ȳ)/√(Σ(x − x̄)²·Σ(y − ȳ)²) of two equally long samples
 * of finite numbers (at least 2 each; a TypeError/RangeError naming x or y otherwise); 0 when
 * either sample is constant.
 */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  check.sample('x', x, 2);
  check.sample('y', y, 2);
  const n = x.length;
  if (n < 2 || y.length !== n)
    throw new RangeError(`need two samples of equal length >= 2, got ${n} and ${y.length}`);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i] - mx;
    const b = y[i] - my;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/**
 * Test that two samples are uncorrelated: under independence √n·r → N(0, 1) (its asymptotic
 * variance is E[(X − μ)²(Y − ν)²]/(σ²τ²) = 1 for independent X, Y with finite variances), so
 * se = 1/√n. fail ⇔ |r| > z_{α/2}/√n; pass ⇔ |r| + z_β/√n < `absTol` (a correlation of `absTol`
 * or more is excluded).
 */
export function testUncorrelated(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: { alpha: number; beta: number; absTol: number },
): TestResult {
  if (options === undefined)
    throw new TypeError('options must be an options object {alpha, beta, absTol}, got undefined');
  check.options('options', options);
  const r = correlation(x, y);
  return testEstimate({ value: r, se: 1 / Math.sqrt(x.length), n: x.length }, 0, {
    alpha: options.alpha,
    beta: options.beta,
    absTol: options.absTol,
    scale: 'linear',
  });
}

/**
 * The exact law of one entry q of an n×n Haar-distributed orthogonal matrix: a column is uniform
 * on the unit sphere, so q² ~ Beta(½, (n − 1)/2), and q is symmetric. Returns the CDF
 * F(x) = ½ + sign(x)·I_{x²}(½, (n − 1)/2)/2 for |x| ≤ 1 (0 below −1, 1 above 1). The CDF
 * refuses a non-number x (TypeError) and NaN (RangeError).
 */
export function haarEntryCdf(n: number): (x: number) => number {
  check.integer('n', n, 2);
  return (x: number) => {
    if (typeof x !== 'number') throw new TypeError(`x must be a number, got ${check.show(x)}`);
    if (Number.isNaN(x)) throw new RangeError('x must not be NaN');
    if (x <= -1) return 0;
    if (x >= 1) return 1;
    const half = betaCdf(x * x, 0.5, (n - 1) / 2) / 2;
    return x < 0 ? 0.5 - half : 0.5 + half;
  };
}

/** The verdict of a decision: a `fail` is a divergence, a `pass` a conformance. */
export function verdictOf(decision: Decision): 'conforms' | 'diverges' | 'inconclusive' {
  return decision === 'fail' ? 'diverges' : decision === 'pass' ? 'conforms' : 'inconclusive';
}
