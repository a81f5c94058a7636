import gammaln from '@stdlib/math-base-special-gammaln';
import * as check from '../validate.js';

/**
 * Special functions the exact finite-width law needs: digamma ψ, trigamma ψ', and the regularized
 * incomplete gamma functions P(a, x), Q(a, x) (hence the χ² CDF). Implemented here from the
 * standard series, so wixi depends on no further package.
 */

/** Euler–Mascheroni constant γ = −ψ(1). */
export const EULER_GAMMA = 0.5772156649015329;

/** Below this argument, the recurrence moves x up before the asymptotic series is used. */
const ASYMPTOTIC_FROM = 10;

/**
 * x − n for the integer n nearest to x, exact in floating point. The reflections need only
 * tan(πx) = tan(π(x − n)) and sin²(πx) = sin²(π(x − n)), and π·(x − n) is accurate where π·x is
 * not: its rounding error ≈ |x|·1e-16 made ψ and ψ′ wrong by ≈3e-10 relative at x = −10⁶ + 0.3.
 */
function offInteger(x: number): number {
  return x - Math.round(x);
}

function nonPole(name: string, x: unknown): number {
  const v = check.finite(name, x);
  if (v <= 0 && Number.isInteger(v)) {
    throw new RangeError(`${name} must not be a pole (0, −1, −2, …), got ${check.show(x)}`);
  }
  return v;
}

/**
 * The digamma function ψ(x) = Γ'(x)/Γ(x).
 *
 * For x ≥ 10 the asymptotic series ψ(x) = ln x − 1/(2x) − Σₖ B₂ₖ/(2k·x²ᵏ) (Abramowitz & Stegun
 * 6.3.18) is summed through B₁₄ (truncation error < 5e-17); smaller x are moved up by the
 * recurrence ψ(x) = ψ(x + 1) − 1/x (A&S 6.3.5), and x < 0 is reflected with
 * ψ(1 − x) − ψ(x) = π·cot(πx) (A&S 6.3.7). Accurate to ≈1e-15 absolute for x ∈ (0, 1e6]; near its
 * root x₀ = 1.4616… the relative error is correspondingly larger. Throws at the poles 0, −1, −2, ….
 */
export function digamma(x: number): number {
  let v = nonPole('x', x);
  if (v < 0) return digamma(1 - v) - Math.PI / Math.tan(Math.PI * offInteger(v));
  let shift = 0;
  while (v < ASYMPTOTIC_FROM) {
    shift -= 1 / v;
    v += 1;
  }
  const r = 1 / (v * v);
  const series =
    r *
    (1 / 12 -
      r * (1 / 120 - r * (1 / 252 - r * (1 / 240 - r * (1 / 132 - r * (691 / 32760 - r * (1 / 12)))))));
  return shift + Math.log(v) - 0.5 / v - series;
}

/**
 * The trigamma function ψ'(x) = d²/dx² ln Γ(x).
 *
 * For x ≥ 10 the asymptotic series ψ'(x) = 1/x + 1/(2x²) + Σₖ B₂ₖ/x²ᵏ⁺¹ (A&S 6.4.12) is summed
 * through B₁₆ (truncation error < 1e-16 relative); smaller x use ψ'(x) = ψ'(x + 1) + 1/x²
 * (A&S 6.4.6), and x < 0 the reflection ψ'(1 − x) + ψ'(x) = π²/sin²(πx) (A&S 6.4.7). Throws at the
 * poles 0, −1, −2, ….
 */
export function trigamma(x: number): number {
  let v = nonPole('x', x);
  if (v < 0) {
    const s = Math.sin(Math.PI * offInteger(v));
    return -trigamma(1 - v) + (Math.PI * Math.PI) / (s * s);
  }
  let shift = 0;
  while (v < ASYMPTOTIC_FROM) {
    shift += 1 / (v * v);
    v += 1;
  }
  const r = 1 / (v * v);
  // B2/x³ + B4/x⁵ + … with B2 = 1/6, B4 = −1/30, B6 = 1/42, B8 = −1/30, B10 = 5/66,
  // B12 = −691/2730, B14 = 7/6, B16 = −3617/510
  const series =
    (r / v) *
    (1 / 6 -
      r *
        (1 / 30 -
          r * (1 / 42 - r * (1 / 30 - r * (5 / 66 - r * (691 / 2730 - r * (7 / 6 - r * (3617 / 510))))))));
  return shift + 1 / v + 0.5 * r + series;
}

const MAX_ITER = 10_000;

/**
 * P(a, x) by its power series e⁻ˣxᵃ/Γ(a+1)·Σₙ₌₀ xⁿ/((a+1)…(a+n)) (A&S 6.5.29); for x < a + 1.
 * The prefactor takes Γ(a+1) (not Γ(a)/a), so a subnormal a neither overflows 1/a nor
 * underflows e⁻ˣxᵃ/Γ(a): P → 1 − e⁻ˣ·… stays a probability.
 */
function gammaPSeries(a: number, x: number): number {
  let term = 1;
  let sum = term;
  for (let n = 1; n < MAX_ITER; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
  }
  return Math.min(1, Math.exp(-x + a * Math.log(x) - gammaln(a + 1)) * sum);
}

/**
 * Q(a, x) by Legendre's continued fraction (A&S 6.5.31), evaluated with the modified Lentz
 * algorithm (Press et al., Numerical Recipes 3rd ed., §6.2); for x ≥ a + 1.
 */
function gammaQFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x + a * Math.log(x) - gammaln(a)) * h;
}

/**
 * The largest shape a of P(a, x) and Q(a, x): both need about √a terms near x = a, and beyond
 * 10⁶ the 10⁴ terms allowed no longer reach double precision (at 10⁷ the error is 1e-4).
 */
export const GAMMA_SHAPE_MAX = 1e6;

function shape(a: unknown): number {
  const s = check.positive('a', a);
  if (s > GAMMA_SHAPE_MAX) {
    throw new RangeError(
      `a must be <= ${GAMMA_SHAPE_MAX} (the range where P(a, x) and Q(a, x) are computed accurately), got ${check.show(a)}`,
    );
  }
  return s;
}

/**
 * The regularized lower incomplete gamma function P(a, x) = γ(a, x)/Γ(a) = ∫₀ˣ tᵃ⁻¹e⁻ᵗ dt/Γ(a),
 * for 0 < a ≤ 10⁶ (a RangeError beyond) and x ≥ 0 (x = +∞ gives 1). The series
 * is used for x < a + 1, otherwise 1 − Q from the continued fraction, so each branch works where
 * it converges fast (Numerical Recipes §6.2). Relative accuracy ≈1e-13 in the branch that is
 * computed directly for a ≤ 10³, ≈1e-9 at a = 10⁶ (against scipy).
 */
export function regularizedGammaP(a: number, x: number): number {
  const s = shape(a);
  if (x === Number.POSITIVE_INFINITY) return 1;
  const v = check.nonNegative('x', x);
  if (v === 0) return 0;
  return v < s + 1 ? gammaPSeries(s, v) : 1 - gammaQFraction(s, v);
}

/**
 * The regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x), computed directly in its
 * accurate branch; the same range of a as `regularizedGammaP`.
 */
export function regularizedGammaQ(a: number, x: number): number {
  const s = shape(a);
  if (x === Number.POSITIVE_INFINITY) return 0;
  const v = check.nonNegative('x', x);
  if (v === 0) return 1;
  return v < s + 1 ? 1 - gammaPSeries(s, v) : gammaQFraction(s, v);
}

/**
 * The CDF of the χ² law with k > 0 degrees of freedom: P(χ²ₖ ≤ x) = P(k/2, x/2) (A&S 26.4.19),
 * for k ≤ 2·10⁶ (a RangeError beyond: see `regularizedGammaP`). k = 0 is the point mass at 0 (the
 * convention χ²₀ = 0 of the finite-width law).
 */
export function chiSquareCdf(x: number, k: number): number {
  const v = check.finite('x', x);
  const dof = check.nonNegative('k', k);
  if (dof > 2 * GAMMA_SHAPE_MAX) {
    throw new RangeError(`k must be <= ${2 * GAMMA_SHAPE_MAX} (see regularizedGammaP), got ${check.show(k)}`);
  }
  if (v < 0) return 0;
  if (dof === 0) return 1;
  return regularizedGammaP(dof / 2, v / 2);
}

/**
 * The natural log of the Binomial(n, p) probability of k, from log-gamma:
 * ln C(n, k) + k ln p + (n − k) ln(1 − p). Internal helper (p ∈ (0, 1)).
 */
export function logBinomialPmf(k: number, n: number, p: number): number {
  return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}
