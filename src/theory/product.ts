import * as check from '../validate.js';

/**
 * The first two moments of a random variable: a wixi `Distribution` qualifies, as does a plain
 * `{ mean, variance }`. `mean` defaults to 0.
 */
export interface MeanVariance {
  readonly mean?: number;
  readonly variance: number;
}

/**
 * Up to four moments of a random variable, as central moments (a wixi `Distribution` qualifies).
 * Missing third/fourth central moments default to those of a normal (0 and 3σ⁴).
 */
export interface FourMoments extends MeanVariance {
  readonly thirdCentralMoment?: number;
  readonly fourthCentralMoment?: number;
}

/** Exact moments of a random variable built from others (a product or a sum). */
export interface DerivedMoments {
  /** E[Y]. */
  readonly mean: number;
  /** Var(Y). */
  readonly variance: number;
  /** E[Y²] = Var(Y) + E[Y]². */
  readonly secondMoment: number;
  /** μ₄ = E[(Y − E[Y])⁴]. */
  readonly fourthCentralMoment: number;
  /** κ = μ₄/Var(Y)² (3 for a normal; not the excess); the sample-size planner's input. */
  readonly kurtosis: number;
}

function readMoments(name: string, value: unknown): { m: number; v: number; m3: number; m4: number } {
  if (value === null || typeof value !== 'object') {
    throw new TypeError(`${name} must be a Distribution or {mean, variance}, got ${check.show(value)}`);
  }
  const d = value as FourMoments;
  const m = check.finite(`${name}.mean`, d.mean ?? 0);
  const v = check.nonNegative(`${name}.variance`, d.variance);
  const m3 = check.finite(`${name}.thirdCentralMoment`, d.thirdCentralMoment ?? 0);
  const m4 = check.nonNegative(`${name}.fourthCentralMoment`, d.fourthCentralMoment ?? 3 * v * v);
  if (m4 < v * v * (1 - 1e-12)) {
    throw new RangeError(
      `${name}.fourthCentralMoment must be >= variance² (κ >= 1), got ${m4} with variance ${v}`,
    );
  }
  return { m, v, m3, m4 };
}

/** Raw moments E[Xᵏ], k = 1…4, from the mean and central moments (binomial expansion). */
function raw(d: { m: number; v: number; m3: number; m4: number }): [number, number, number, number] {
  const { m, v, m3, m4 } = d;
  return [m, v + m * m, m3 + 3 * m * v + m ** 3, m4 + 4 * m * m3 + 6 * m * m * v + m ** 4];
}

/**
 * Var(W·X) for independent W and X (Goodman 1960, "On the exact variance of products", JASA 55,
 * eq. 2 with zero covariance):
 *
 *   Var(WX) = σw²σx² + σw²μx² + σx²μw²  ( = E[W²]E[X²] − μw²μx² ).
 *
 * It equals Var(W)·Var(X) only when both means are zero — the naive product rule the
 * discussion's second question leans on. Assumptions: W and X independent with finite variances;
 * nothing else (any family, any means).
 */
export function productVariance(w: MeanVariance, x: MeanVariance): number {
  const a = readMoments('w', w);
  const b = readMoments('x', x);
  return a.v * b.v + a.v * b.m * b.m + b.v * a.m * a.m;
}

/**
 * Exact mean, variance and fourth central moment of Y = W·X for independent W and X, from their
 * raw moments: E[Yᵏ] = E[Wᵏ]·E[Xᵏ] (independence), then
 * μ₄(Y) = E[Y⁴] − 4μE[Y³] + 6μ²E[Y²] − 3μ⁴ with μ = E[W]E[X]. The variance is Goodman's (1960);
 * the kurtosis sizes a test of a sample variance of W·X (se of s² is σ²√((κ − 1)/N)).
 * Missing third/fourth moments are taken as a normal's.
 */
export function productMoments(w: FourMoments, x: FourMoments): DerivedMoments {
  const rw = raw(readMoments('w', w));
  const rx = raw(readMoments('x', x));
  const ey = rw.map((r, i) => r * rx[i]) as [number, number, number, number];
  const mu = ey[0];
  const variance = productVariance(w, x);
  const m4 = Math.max(0, ey[3] - 4 * mu * ey[2] + 6 * mu * mu * ey[1] - 3 * mu ** 4);
  return {
    mean: mu,
    variance,
    secondMoment: ey[1],
    fourthCentralMoment: m4,
    kurtosis: variance > 0 ? Math.max(1, m4 / (variance * variance)) : 1,
  };
}

/**
 * Var(z) for a pre-activation z = Σᵢ₌₁ⁿ WᵢXᵢ, with (Wᵢ) i.i.d., independent of (Xᵢ), and Xᵢ
 * identically distributed:
 *
 *   zero-mean W (He et al. 2015, eq. 7):  Var(z) = n·Var(W)·E[X²]   — the SECOND MOMENT of X,
 *                                                                     not its variance;
 *   general:  Var(z) = n·Var(WX) + n(n − 1)·μw²·Cov(Xᵢ, Xⱼ)
 *           = n·(σw²σx² + σw²μx² + σx²μw²) + n(n − 1)·μw²·c   (Goodman 1960 per term),
 *
 * where c = `inputCovariance` is the common covariance of two distinct inputs (0 for independent
 * inputs, the default). With zero-mean W the cross terms vanish whatever the inputs' dependence,
 * which is why the He/Glorot rules need only E[X²]. A nonzero weight mean with correlated inputs
 * makes Var(z) grow like n², which no 1/n scaling repairs.
 */
export function sumVariance(
  n: number,
  w: MeanVariance,
  x: MeanVariance,
  options: { inputCovariance?: number } = {},
): number {
  const count = check.integer('n', n, 1);
  const o = check.options<{ inputCovariance: number }>('options', options);
  const c = check.finite('inputCovariance', o.inputCovariance ?? 0);
  const a = readMoments('w', w);
  const b = readMoments('x', x);
  if (Math.abs(c) > b.v * (1 + 1e-12)) {
    throw new RangeError(`inputCovariance must satisfy |c| <= Var(X) = ${b.v}, got ${c}`);
  }
  return count * productVariance(w, x) + count * (count - 1) * a.m * a.m * c;
}

/**
 * Exact mean, variance and kurtosis of z = Σᵢ₌₁ⁿ WᵢXᵢ when the n pairs (Wᵢ, Xᵢ) are i.i.d. and
 * each Wᵢ is independent of Xᵢ: E[z] = n·μwμx, Var(z) = n·Var(WX), and, since cumulants add over
 * independent terms, κ(z) = 3 + (κ(WX) − 3)/n. Used to size tests of sampled pre-activations.
 */
export function sumMoments(n: number, w: FourMoments, x: FourMoments): DerivedMoments {
  const count = check.integer('n', n, 1);
  const p = productMoments(w, x);
  const variance = count * p.variance;
  const mean = count * p.mean;
  const kurtosis = Math.max(1, 3 + (p.kurtosis - 3) / count);
  return {
    mean,
    variance,
    secondMoment: variance + mean * mean,
    fourthCentralMoment: kurtosis * variance * variance,
    kurtosis,
  };
}
