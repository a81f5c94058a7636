import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { SELU_ALPHA, SELU_LAMBDA } from '../nn/activations.js';
import * as check from '../validate.js';

/**
 * Self-normalizing networks (Klambauer, Unterthiner, Mayr & Hochreiter 2017, "Self-Normalizing
 * Neural Networks", §3 and Theorem 1): selu(x) = λ·x for x > 0, λα(eˣ − 1) otherwise, with λ and α
 * chosen so that (mean 0, variance 1) is a stable fixed point of the moment map of a layer with
 * LeCun-normal weights (Σwᵢ = ω = 0, Σwᵢ² = τ = 1).
 */

const INV_SQRT_2PI = 0.3989422804014327;

function pdf(t: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * t * t);
}

/** Mills' ratio Φ(−t)/φ(t) for t ≥ 0: directly for t < 5, else Laplace's continued fraction (A&S 26.2.14). */
function mills(t: number): number {
  if (t < 5) return normalCdf(-t, 0, 1) / pdf(t);
  let f = t;
  for (let k = 80; k >= 1; k--) f = t + k / f;
  return 1 / f;
}

/** E[e^{kz}·1{z < 0}] for z ~ N(m, s²), s > 0, without overflow or 0·∞. */
function expBelowZero(k: number, m: number, s: number): number {
  const t = (m + k * s * s) / s;
  if (t >= 0) return pdf(m / s) * mills(t);
  return Math.exp(k * m + 0.5 * k * k * s * s) * normalCdf(-t, 0, 1);
}

/** Mean and variance of selu(z). */
export interface SeluMoments {
  readonly mean: number;
  readonly variance: number;
}

/**
 * The SELU moment map (Klambauer et al. 2017, eqs. 4–5, in closed form): if a layer's inputs have
 * mean μ and variance ν and its weights have Σwᵢ = ω, Σwᵢ² = τ, the pre-activation is taken as
 * z ~ N(μω, ντ) (central limit theorem: wide layers, independent inputs) and the output's mean
 * and variance are E[selu(z)] and Var[selu(z)], evaluated with
 *   E[z·1{z>0}] = mΦ(m/s) + sφ(m/s),  E[z²·1{z>0}] = (m² + s²)Φ(m/s) + msφ(m/s),
 *   E[e^{kz}·1{z<0}] = e^{km + k²s²/2}·Φ(−(m + ks²)/s),
 * m = μω, s² = ντ. At (μ, ν) = (0, 1) with ω = 0, τ = 1 (LeCun normal: Var(W) = 1/n) it returns
 * (0, 1) up to the rounding of λ and α: E[selu(Z)] = 0 and E[selu(Z)²] = 1. The moments are
 * computed in units of λ·max(|m|, s, |α|, 1), so extreme parameters (α = 1e300) give a finite or
 * overflowing (+Infinity) variance, never ∞ − ∞ = NaN; a pre-activation mean μω that itself
 * overflows is a RangeError.
 */
export function seluMomentMap(
  mean: number,
  variance: number,
  options: { omega?: number; tau?: number; lambda?: number; alpha?: number } = {},
): SeluMoments {
  const mu = check.finite('mean', mean);
  const nu = check.nonNegative('variance', variance);
  const o = check.options<{ omega: number; tau: number; lambda: number; alpha: number }>('options', options);
  const omega = check.finite('omega', o.omega ?? 0);
  const tau = check.nonNegative('tau', o.tau ?? 1);
  const lambda = check.positive('lambda', o.lambda ?? SELU_LAMBDA);
  const alpha = check.finite('alpha', o.alpha ?? SELU_ALPHA);
  const m = mu * omega;
  // √ν·√τ ≤ √MAX·√MAX < MAX: the sd cannot overflow (√(ντ) could)
  const s = Math.sqrt(nu) * Math.sqrt(tau);
  if (!Number.isFinite(m)) {
    throw new RangeError(`the pre-activation mean μω = ${check.show(mu)}·${check.show(omega)} overflows`);
  }
  if (s === 0) {
    const y = m > 0 ? lambda * m : lambda * (alpha * Math.expm1(m));
    return { mean: y, variance: 0 };
  }
  const pPos = normalCdf(m / s, 0, 1);
  const pNeg = normalCdf(-m / s, 0, 1);
  const d = pdf(m / s);
  const e1 = expBelowZero(1, m, s);
  const e2 = expBelowZero(2, m, s);
  // the moments of selu(z)/(λU), U = max(|m|, s, |α|, 1), are O(1): no overflow, no ∞ − ∞
  const U = Math.max(Math.abs(m), s, Math.abs(alpha), 1);
  const mU = m / U;
  const sU = s / U;
  const aU = alpha / U;
  const first = mU * pPos + sU * d + aU * (e1 - pNeg);
  const second = (mU * mU + sU * sU) * pPos + mU * sU * d + aU * aU * (e2 - 2 * e1 + pNeg);
  const v = Math.max(0, second - first * first);
  // λ·U·x with no intermediate overflow: λU alone overflows for |m| near the largest double, where
  // E[selu(z)] ≈ −λα is finite (it gave −∞). U ≥ 1, so for λ > 1 a U·x that overflows means λU·x
  // does; for λ ≤ 1, λU ≤ U is finite. λ and U are finite and > 0: never ∞·0 = NaN.
  const scaled = (x: number) => (lambda > 1 ? lambda * (U * x) : lambda * U * x);
  return { mean: scaled(first), variance: scaled(scaled(v)) };
}

/**
 * λ and α solved from the fixed-point conditions E[selu(Z)] = 0, E[selu(Z)²] = 1, Z ~ N(0, 1)
 * (Klambauer et al. 2017, eq. 14):
 *   α = (1/√(2π)) / (1/2 − √e·Φ(−1)),
 *   λ = (1/2 + α²·(e²Φ(−2) − 2√e·Φ(−1) + 1/2))^(−1/2),
 * which reproduce the published λ = 1.0507009873554804934…, α = 1.6732632423543772848….
 */
export function seluConstants(): { lambda: number; alpha: number } {
  const p1 = normalCdf(-1, 0, 1);
  const p2 = normalCdf(-2, 0, 1);
  const alpha = INV_SQRT_2PI / (0.5 - Math.sqrt(Math.E) * p1);
  const lambda = 1 / Math.sqrt(0.5 + alpha * alpha * (Math.E ** 2 * p2 - 2 * Math.sqrt(Math.E) * p1 + 0.5));
  return { lambda, alpha };
}

/**
 * The Jacobian of the SELU moment map (μ, ν) ↦ (μ̃, ν̃) at a point (default the fixed point
 * (0, 1), ω = 0, τ = 1), by central differences of the closed form (step 1e-5; error ≈1e-10), and
 * its spectral norm (largest singular value). Klambauer et al. (2017, Theorem 1) show the fixed
 * point is attracting: the norm is below 1 (≈ 0.7877), so mean and variance are pulled back to
 * (0, 1) layer after layer.
 */
export function seluJacobian(
  mean = 0,
  variance = 1,
  options: { omega?: number; tau?: number } = {},
): { matrix: [[number, number], [number, number]]; spectralNorm: number } {
  const mu = check.finite('mean', mean);
  const nu = check.positive('variance', variance);
  const o = check.options<{ omega: number; tau: number }>('options', options);
  const h = 1e-5;
  const f = (a: number, b: number) => seluMomentMap(a, b, o);
  const dmu1 = f(mu + h, nu);
  const dmu0 = f(mu - h, nu);
  const dnu1 = f(mu, nu + h);
  const dnu0 = f(mu, nu - h);
  for (const [at, r] of [
    ['mean + h', dmu1],
    ['mean − h', dmu0],
    ['variance + h', dnu1],
    ['variance − h', dnu0],
  ] as const) {
    if (!Number.isFinite(r.mean) || !Number.isFinite(r.variance)) {
      throw new RangeError(
        `the SELU moment map overflows at ${at} (mean ${check.show(mu)}, variance ${check.show(nu)}): ` +
          'no finite Jacobian there',
      );
    }
  }
  const a = (dmu1.mean - dmu0.mean) / (2 * h);
  const b = (dnu1.mean - dnu0.mean) / (2 * h);
  const c = (dmu1.variance - dmu0.variance) / (2 * h);
  const d = (dnu1.variance - dnu0.variance) / (2 * h);
  if (![a, b, c, d].every(Number.isFinite)) {
    throw new RangeError(
      `the SELU Jacobian at mean ${check.show(mu)}, variance ${check.show(nu)} overflows double precision`,
    );
  }
  // largest singular value of [[a, b], [c, d]]: sqrt of the largest eigenvalue of JᵀJ, computed
  // on J/M (M the largest |entry|) so the squares cannot overflow
  const M = Math.max(Math.abs(a), Math.abs(b), Math.abs(c), Math.abs(d));
  let spectralNorm = 0;
  if (M > 0) {
    const [x, y, z, w] = [a / M, b / M, c / M, d / M];
    const s1 = x * x + z * z;
    const s2 = y * y + w * w;
    const s12 = x * y + z * w;
    spectralNorm = M * Math.sqrt((s1 + s2) / 2 + Math.sqrt(((s1 - s2) / 2) ** 2 + s12 * s12));
  }
  return {
    matrix: [
      [a, b],
      [c, d],
    ],
    spectralNorm,
  };
}
