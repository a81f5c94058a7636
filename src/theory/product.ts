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

/** x·y·… with 0 for any zero factor, so an exact zero wins over an overflow (never 0·∞ = NaN). */
function mul(...xs: number[]): number {
  let p = 1;
  for (const x of xs) {
    if (x === 0) return 0;
    p *= x;
  }
  return p;
}

/**
 * The shape of a law: its mean, sd σ, skewness μ₃/σ³ and kurtosis μ₄/σ⁴ (divided one σ at a time,
 * so a tiny σ does not underflow σ⁴ to 0); a law with σ = 0 gets a normal's 0 and 3 (unused). A
 * kurtosis or skewness too large for a double is refused (RangeError naming the argument).
 */
function shapeOf(name: string, value: unknown): { m: number; sd: number; skew: number; kurt: number } {
  const d = readMoments(name, value);
  const sd = Math.sqrt(d.v);
  if (sd === 0) return { m: d.m, sd, skew: 0, kurt: 3 };
  const given = (value as FourMoments).fourthCentralMoment !== undefined;
  const skew = d.m3 / sd / sd / sd;
  const kurt = given ? d.m4 / sd / sd / sd / sd : 3;
  if (!Number.isFinite(skew) || !Number.isFinite(kurt)) {
    throw new RangeError(
      `${name}: the skewness μ₃/σ³ and kurtosis μ₄/σ⁴ must be finite in double precision, got ${skew} and ${kurt}`,
    );
  }
  // readMoments compares μ₄ with σ⁴, which underflows for σ² below ≈ 1e-154: check the ratio too
  if (kurt < 1 - 1e-9) {
    throw new RangeError(
      `${name}: the kurtosis μ₄/σ⁴ = ${kurt} is below 1, and every law has μ₄ ≥ σ⁴ ` +
        `(σ⁴ = (${d.v})² underflows in double precision: give the moments of a law at a larger scale)`,
    );
  }
  // Pearson's inequality κ ≥ 1 + s² (Pearson 1916; E[(Z² − sZ − 1)²] ≥ 0 for the standardized Z),
  // with equality for two-point laws, so a relative 1e-9 for their rounding.
  if (skew * skew > (kurt - 1) * (1 + 1e-9) + 1e-12) {
    throw new RangeError(
      `${name}: no law has skewness ${skew} with kurtosis ${kurt}: every law has kurtosis ≥ 1 + skewness²` +
        (given ? '' : ' (a missing fourthCentralMoment is taken as a normal’s 3σ⁴)'),
    );
  }
  return { m: d.m, sd, skew, kurt };
}

/** log|x| (−∞ for 0). */
function logAbs(x: number): number {
  return Math.log(Math.abs(x));
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
  // each term is ≥ 0; an exact zero factor wins over an overflowing one (the result may be ∞)
  return mul(a.v, b.v) + mul(a.v, b.m, b.m) + mul(b.v, a.m, a.m);
}

/**
 * Exact mean, variance and fourth central moment of Y = W·X for independent W and X. With
 * W = μw + σw·a and X = μx + σx·b (a, b standardized: skewness sₐ, s_b, kurtosis kₐ, k_b),
 *
 *   Y − μwμx = P·a + Q·b + E·ab,   P = μxσw, Q = μwσx, E = σwσx,
 *
 * so Var(Y) = P² + Q² + E² (Goodman 1960) and, conditioning on b (c = P + E·b, d = Q·b),
 * μ₄(Y) = kₐE[c⁴] + 4sₐE[c³d] + 6E[c²d²] + E[d⁴] with E[c⁴] = P⁴ + 6P²E² + 4PE³s_b + E⁴k_b,
 * E[c³d] = Q(3P²E + 3PE²s_b + E³k_b), E[c²d²] = Q²(P² + 2PEs_b + E²k_b), E[d⁴] = Q⁴k_b.
 * The kurtosis κ = μ₄/Var² is computed with P, Q, E divided by the largest of them (in log
 * space), so it is exact at any scale: a variance of 5e-324 or a mean of 1e200 gives a finite κ,
 * and mean, variance, E[Y²] and μ₄ = κ·Var² may overflow to Infinity or underflow to 0 but are
 * never NaN. The kurtosis sizes a test of a sample variance of W·X (se of s² is σ²√((κ − 1)/N)).
 * Missing third/fourth moments are taken as a normal's. Moments that no law has are refused
 * (RangeError naming w or x): κ < 1 + skewness² (Pearson's inequality) or μ₄ < σ⁴.
 */
export function productMoments(w: FourMoments, x: FourMoments): DerivedMoments {
  const a = shapeOf('w', w);
  const b = shapeOf('x', x);
  const mean = mul(a.m, b.m);
  const variance = productVariance(w, x);
  const secondMoment = mul(a.sd * a.sd + a.m * a.m, b.sd * b.sd + b.m * b.m);
  const lP = logAbs(b.m) + Math.log(a.sd);
  const lQ = logAbs(a.m) + Math.log(b.sd);
  const lE = Math.log(a.sd) + Math.log(b.sd);
  const lM = Math.max(lP, lQ, lE);
  let kurtosis = 1; // a constant product (Var = 0): the convention of a degenerate law
  if (lM > Number.NEGATIVE_INFINITY) {
    const P = Math.sign(b.m) * Math.exp(lP - lM);
    const Q = Math.sign(a.m) * Math.exp(lQ - lM);
    const E = Math.exp(lE - lM);
    const v = P * P + Q * Q + E * E; // ≥ 1: the largest coefficient is ±1
    const ec4 = P ** 4 + 6 * P * P * E * E + 4 * P * E ** 3 * b.skew + E ** 4 * b.kurt;
    const ec3d = Q * (3 * P * P * E + 3 * P * E * E * b.skew + E ** 3 * b.kurt);
    const ec2d2 = Q * Q * (P * P + 2 * P * E * b.skew + E * E * b.kurt);
    const ed4 = Q ** 4 * b.kurt;
    const m4 = a.kurt * ec4 + mul(4, a.skew, ec3d) + 6 * ec2d2 + ed4;
    kurtosis = Math.max(1, m4 / (v * v));
  }
  return {
    mean,
    variance,
    secondMoment,
    // κ ≥ 1 (∞ only if κ(W)·κ(X) overflows): a zero variance gives μ₄ = 0, an infinite one ∞
    fourthCentralMoment: mul(kurtosis, variance, variance),
    kurtosis,
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
  const v = count * productVariance(w, x) + mul(count, count - 1, a.m, a.m, c);
  if (Number.isNaN(v)) {
    throw new RangeError(
      `Var(z) is not representable in double precision for these moments (∞ − ∞: w.mean ${a.m}, inputCovariance ${c})`,
    );
  }
  return v;
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
    fourthCentralMoment: mul(kurtosis, variance, variance),
    kurtosis,
  };
}
