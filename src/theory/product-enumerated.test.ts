/**
 * productMoments and sumMoments against brute-force enumeration of small discrete laws with skew
 * (W uniform on {0, 1, 5}, X uniform on {1, 2, 6}: nine equally likely products), and the SELU
 * Jacobian's spectral norm against the singular values of its own matrix.
 */
import { describe, expect, it } from 'vitest';
import { productMoments, sumMoments, sumVariance } from './product.js';
import { seluJacobian, seluMomentMap } from './selu.js';

/** Mean and central moments 2–4 of equally likely values. */
function lawOf(values: number[]) {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const c = (k: number) => values.reduce((s, v) => s + (v - mean) ** k, 0) / n;
  return { mean, variance: c(2), thirdCentralMoment: c(3), fourthCentralMoment: c(4) };
}

const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('productMoments by enumeration', () => {
  const W = [0, 1, 5];
  const X = [1, 2, 6];
  const products = W.flatMap((w) => X.map((x) => w * x));
  const truth = lawOf(products);
  it('skewed factors: mean, variance, μ₄ and κ of W·X equal those of the nine products', () => {
    const m = productMoments(lawOf(W), lawOf(X));
    expect(rel(m.mean, truth.mean)).toBeLessThan(1e-14);
    expect(rel(m.variance, truth.variance)).toBeLessThan(1e-14);
    expect(rel(m.secondMoment, truth.variance + truth.mean ** 2)).toBeLessThan(1e-14);
    expect(rel(m.fourthCentralMoment, truth.fourthCentralMoment)).toBeLessThan(1e-12);
    expect(rel(m.kurtosis, truth.fourthCentralMoment / truth.variance ** 2)).toBeLessThan(1e-12);
  });
  it('and with the factors swapped (the skew of W enters through E[c³d])', () => {
    const m = productMoments(lawOf(X), lawOf(W));
    expect(rel(m.kurtosis, truth.fourthCentralMoment / truth.variance ** 2)).toBeLessThan(1e-12);
  });
  it('negative means: W on {−5, −1, 0}', () => {
    const Wn = [-5, -1, 0];
    const t = lawOf(Wn.flatMap((w) => X.map((x) => w * x)));
    const m = productMoments(lawOf(Wn), lawOf(X));
    expect(rel(m.kurtosis, t.fourthCentralMoment / t.variance ** 2)).toBeLessThan(1e-12);
  });
  it('sums of n independent products: variance n·Var, kurtosis 3 + (κ − 3)/n', () => {
    const p = productMoments(lawOf(W), lawOf(X));
    const s = sumMoments(4, lawOf(W), lawOf(X));
    expect(rel(s.variance, 4 * truth.variance)).toBeLessThan(1e-14);
    expect(rel(s.mean, 4 * truth.mean)).toBeLessThan(1e-14);
    expect(rel(s.kurtosis, 3 + (p.kurtosis - 3) / 4)).toBeLessThan(1e-14);
    expect(() => sumMoments(0, lawOf(W), lawOf(X))).toThrow(/^n must be/);
  });
  it('a constant product has μ₄ = 0 and the degenerate kurtosis 1', () => {
    const m = productMoments({ mean: 2, variance: 0 }, { mean: 3, variance: 0 });
    expect(m).toMatchObject({ mean: 6, variance: 0, fourthCentralMoment: 0, kurtosis: 1 });
  });
  it('errors name the factor and the moment', () => {
    expect(() => productMoments(null as never, lawOf(X))).toThrow(
      /^w must be a Distribution or \{mean, variance\}, got null/,
    );
    expect(() => productMoments(lawOf(W), 3 as never)).toThrow(
      /^x must be a Distribution or \{mean, variance\}, got 3/,
    );
    expect(() => productMoments({ variance: 1, thirdCentralMoment: Number.NaN }, lawOf(X))).toThrow(
      /^w.thirdCentralMoment must be finite/,
    );
    expect(() => productMoments(lawOf(W), { variance: 1, fourthCentralMoment: -1 })).toThrow(
      /^x.fourthCentralMoment must be >= 0/,
    );
    expect(() => sumVariance(2, lawOf(W), lawOf(X), 3 as never)).toThrow(
      /^options must be an options object/,
    );
    expect(() => sumVariance(2, lawOf(W), lawOf(X), { inputCovariance: Number.NaN })).toThrow(
      /^inputCovariance must be finite/,
    );
    expect(() => sumVariance(2, null as never, lawOf(X))).toThrow(/^w must be/);
    expect(() => sumVariance(2, lawOf(W), null as never)).toThrow(/^x must be/);
  });
  it('an input covariance equal to Var(X) is allowed (fully correlated inputs), beyond it refused', () => {
    const x = { mean: 0, variance: 2 };
    // n = 3, W mean 1 var 0.5: 3·(0.5·2 + 2·1) + 3·2·1·2 = 9 + 12 = 21
    expect(sumVariance(3, { mean: 1, variance: 0.5 }, x, { inputCovariance: 2 })).toBeCloseTo(21, 12);
    expect(() => sumVariance(3, { mean: 1, variance: 0.5 }, x, { inputCovariance: 2.001 })).toThrow(
      /^inputCovariance must satisfy \|c\| <= Var\(X\) = 2, got 2.001/,
    );
  });
});

describe('seluJacobian off the fixed point', () => {
  const mu = 0.4;
  const nu = 1.3;
  const opts = { omega: 0.3, tau: 1.1 };
  const J = seluJacobian(mu, nu, opts);
  it('its matrix is the derivative of seluMomentMap (central differences at h = 1e-5 agree to 1e-7)', () => {
    const h = 1e-5;
    const f = (m: number, v: number) => seluMomentMap(m, v, opts);
    const dmu = [
      (f(mu + h, nu).mean - f(mu - h, nu).mean) / (2 * h),
      (f(mu + h, nu).variance - f(mu - h, nu).variance) / (2 * h),
    ];
    const dnu = [
      (f(mu, nu + h).mean - f(mu, nu - h).mean) / (2 * h),
      (f(mu, nu + h).variance - f(mu, nu - h).variance) / (2 * h),
    ];
    const want = [
      [dmu[0], dnu[0]],
      [dmu[1], dnu[1]],
    ];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++) expect(Math.abs(J.matrix[i][j] - want[i][j])).toBeLessThan(1e-7);
    expect(Math.abs(J.matrix[0][0])).toBeGreaterThan(0.01); // ω ≠ 0: the mean feeds the mean
  });
  it('its spectral norm is the largest singular value: σ² = (T + √(T² − 4D²))/2, T = ‖J‖²_F, D = det J', () => {
    const [[a, b], [c, d]] = J.matrix;
    const T = a * a + b * b + c * c + d * d;
    const D = a * d - b * c;
    expect(rel(J.spectralNorm, Math.sqrt((T + Math.sqrt(T * T - 4 * D * D)) / 2))).toBeLessThan(1e-12);
  });
});
