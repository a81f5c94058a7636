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
  /** Sample skewness m₃/m₂^{3/2} (NaN-free: 0 when m₂ = 0). */
  skewness: number;
  /** Sample kurtosis m₄/m₂² (not the excess; 3 for normal data; 0 when m₂ = 0). */
  kurtosis: number;
  /** Mean of squares Σx²/n = m₂ + x̄², the quantity a linear layer propagates. */
  secondMoment: number;
}

/**
 * Moments of `x` by two passes: a compensated (Neumaier) sum for the mean, then central sums with
 * the classic correction term Σ(x − x̄)/n for the residual error of x̄ (Chan, Golub & LeVeque 1983,
 * "Algorithms for computing the sample variance"). Accurate for data with a huge offset such as
 * 1e9 + N(0, 1), where the textbook Σx² − n·x̄² loses every digit.
 *
 * Throws RangeError for empty input or a non-finite element (naming its index), and if squares
 * overflow.
 */
export function moments(x: ArrayLike<number>): Moments {
  if (!(ArrayBuffer.isView(x) || Array.isArray(x))) {
    throw new TypeError(`x must be an array or typed array of numbers, got ${check.show(x)}`);
  }
  const n = x.length;
  if (n === 0) throw new RangeError('x must not be empty, got length 0');
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    const t = sum + v;
    comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  let mean = (sum + comp) / n;
  if (!Number.isFinite(mean)) throw badElement(x, 'x');
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - mean;
    const d2 = d * d;
    s1 += d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
  }
  // Correct for the rounding error left in the mean: Σ(x − x̄) should be 0.
  const e = s1 / n;
  mean += e;
  const m2 = Math.max(0, s2 / n - e * e);
  const m3 = s3 / n - 3 * e * (s2 / n) + 2 * e * e * e;
  const m4 = s4 / n - 4 * e * (s3 / n) + 6 * e * e * (s2 / n) - 3 * e ** 4;
  if (!Number.isFinite(s4)) throw new RangeError('x is too large: its fourth central moment overflows');
  return {
    n,
    mean,
    variance: n > 1 ? (m2 * n) / (n - 1) : 0,
    m2,
    m3,
    m4,
    skewness: m2 > 0 ? m3 / m2 ** 1.5 : 0,
    kurtosis: m2 > 0 ? m4 / (m2 * m2) : 0,
    secondMoment: m2 + mean * mean,
  };
}

/** Find the first non-finite element to name it in the error. */
export function badElement(x: ArrayLike<number>, name: string): Error {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (typeof v !== 'number') return new TypeError(`${name}[${i}] must be a number, got ${check.show(v)}`);
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
