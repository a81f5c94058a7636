import * as check from '../validate.js';

/** Sample moments of a numeric array. */
export interface Moments {
  /** Number of observations. */
  n: number;
  /** Sample mean x̄. */
  mean: number;
  /** Unbiased sample variance s² = Σ(x − x̄)²/(n − 1) (0 when n = 1). */
  variance: number;
  /** Biased central moments mₖ = Σ(x − x̄)ᵏ/n for k = 2, 3, 4. */
  m2: number;
  m3: number;
  m4: number;
  /** Sample skewness m₃/m₂^{3/2} (NaN-free: 0 for constant data). */
  skewness: number;
  /** Sample kurtosis m₄/m₂² (not the excess; 3 for normal data; 0 for constant data). */
  kurtosis: number;
  /** Mean of squares Σx²/n = m₂ + x̄², the quantity a linear layer propagates. */
  secondMoment: number;
}

/**
 * Moments of `x` by two passes: a compensated (TwoSum, Knuth TAOCP vol. 2 §4.2.2) sum for the mean, then central sums with
 * deviations from that accurate mean (the two-pass algorithm of Chan, Golub & LeVeque 1983,
 * "Algorithms for computing the sample variance", without its correction term, which the
 * compensated mean makes unnecessary). Accurate for data with a huge offset such as
 * 1e9 + N(0, 1), where the textbook Σx² − n·x̄² loses every digit.
 *
 * Throws RangeError for empty input or a non-finite element (naming its index), and if squares
 * overflow.
 */
export function moments(x: ArrayLike<number>): Moments {
  if (!(check.isNumberArrayView(x) || Array.isArray(x))) {
    throw new TypeError(`x must be an array or typed array of numbers, got ${check.show(x)}`);
  }
  const n = x.length;
  if (n === 0) throw new RangeError('x must not be empty, got length 0');
  // A plain array may hold anything (holes, strings): check it first, failing at the first bad
  // element instead of summing 2³² − 1 holes of a sparse array. Typed arrays hold numbers.
  if (Array.isArray(x)) check.sample('x', x);
  // Pass 1: the mean by Knuth's branch-free TwoSum (error-free transformation of each addition),
  // in two interleaved lanes to hide the addition latency.
  let sumA = 0;
  let compA = 0;
  let sumB = 0;
  let compB = 0;
  const half = n - (n & 1);
  for (let i = 0; i < half; i += 2) {
    const v = x[i];
    const t = sumA + v;
    const bp = t - sumA;
    compA += sumA - (t - bp) + (v - bp);
    sumA = t;
    const w = x[i + 1];
    const u = sumB + w;
    const bq = u - sumB;
    compB += sumB - (u - bq) + (w - bq);
    sumB = u;
  }
  if (half < n) {
    const v = x[half];
    const t = sumA + v;
    const bp = t - sumA;
    compA += sumA - (t - bp) + (v - bp);
    sumA = t;
  }
  const mean = (sumA + sumB + (compA + compB)) / n;
  if (!Number.isFinite(mean)) throw badElement(x, 'x');
  // Pass 2: central power sums, two lanes.
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let r2 = 0;
  let r3 = 0;
  let r4 = 0;
  for (let i = 0; i < half; i += 2) {
    const d = x[i] - mean;
    const d2 = d * d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
    const f = x[i + 1] - mean;
    const f2 = f * f;
    r2 += f2;
    r3 += f2 * f;
    r4 += f2 * f2;
  }
  if (half < n) {
    const d = x[half] - mean;
    const d2 = d * d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
  }
  s2 += r2;
  s3 += r3;
  s4 += r4;
  // No Chan–Golub–LeVeque correction term: the compensated mean is already accurate to a few
  // ulps, and the uncompensated Σ(x − x̄) would be the less accurate of the two under cancellation.
  const m2 = s2 / n;
  const m3 = s3 / n;
  const m4 = s4 / n;
  if (!Number.isFinite(s4)) throw new RangeError('x is too large: its fourth central moment overflows');
  let skewness = m2 > 0 ? m3 / m2 ** 1.5 : 0;
  let kurtosis = m2 > 0 ? m4 / (m2 * m2) : 0;
  if (!(m2 > 0 && Number.isFinite(skewness) && Number.isFinite(kurtosis) && m4 > 0)) {
    // constant data (0 and 0 by convention), or deviations so small that m₂, m₂^{3/2}, m₂² or m₄
    // underflow: the shape ratios are scale-free, so take them from the deviations divided by the
    // largest one
    const shape = shapeRatios(x, mean);
    skewness = shape.skewness;
    kurtosis = shape.kurtosis;
  }
  return {
    n,
    mean,
    variance: n > 1 ? (m2 * n) / (n - 1) : 0,
    m2,
    m3,
    m4,
    skewness,
    kurtosis,
    secondMoment: m2 + mean * mean,
  };
}

/** Skewness and kurtosis from the deviations scaled by their largest magnitude (no underflow). */
function shapeRatios(x: ArrayLike<number>, mean: number): { skewness: number; kurtosis: number } {
  let scale = 0;
  for (let i = 0; i < x.length; i++) scale = Math.max(scale, Math.abs(x[i] - mean));
  if (scale === 0) return { skewness: 0, kurtosis: 0 };
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let i = 0; i < x.length; i++) {
    const d = (x[i] - mean) / scale;
    s2 += d * d;
    s3 += d * d * d;
    s4 += d * d * d * d;
  }
  const n = x.length;
  return { skewness: s3 / n / (s2 / n) ** 1.5, kurtosis: s4 / n / (s2 / n) ** 2 };
}

/**
 * Find the first non-finite element to name it in the error. Every caller passes a typed array or
 * a plain array that `check.sample` has already checked, so every element is a number.
 */
export function badElement(x: ArrayLike<number>, name: string): Error {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) return new RangeError(`${name}[${i}] must be finite, got ${check.show(v)}`);
  }
  return new RangeError(`${name} is too large: its sum overflows`);
}

/**
 * Mean and standard error of the squares, E[X²] with se = sd(X²)/√n: the second-moment statistic
 * of He et al. (2015), for which zero-mean and nonzero-mean inputs differ.
 */
export function secondMoment(x: ArrayLike<number>): { value: number; se: number; n: number } {
  const m = moments(x);
  // Var(X²) from the central moments: E[X⁴] − (E[X²])² with E[X⁴] expanded around the mean.
  const ex4 = m.m4 + 4 * m.mean * m.m3 + 6 * m.mean * m.mean * m.m2 + m.mean ** 4;
  const varSq = Math.max(0, ex4 - m.secondMoment * m.secondMoment);
  return { value: m.secondMoment, se: Math.sqrt(varSq / m.n), n: m.n };
}
