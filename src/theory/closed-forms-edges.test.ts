/**
 * Closed forms at the edges of the remaining theory functions: SELU's moment map where λ·max(|m|, s)
 * overflows though the moments do not, the Jacobian's overflow errors and its spectral norm when the
 * mean-to-mean entry dominates, products with a kurtosis of 1, Var(z) that is ∞ − ∞, the sigmoid
 * asymptote's terms, and the documented tolerances and floors of `fixedPoint`.
 */
import { describe, expect, it } from 'vitest';
import { SELU_ALPHA, SELU_LAMBDA } from '../nn/activations.js';
import { fixedPoint } from './mean-field.js';
import { productMoments, productVariance, sumMoments, sumVariance } from './product.js';
import { seluJacobian, seluMomentMap } from './selu.js';
import { sigmoidDerivativeAsymptote } from './sigmoid.js';

function rel(a: number, b: number): number {
  return Math.abs(a / b - 1);
}

describe('seluMomentMap near the largest double', () => {
  it('m = −1.75e308: E[selu(z)] = λα(E[e^z; z < 0] − 1) = −λα, Var = 0 (it was −∞: λ·|m| overflowed)', () => {
    const r = seluMomentMap(-1.75e308, 1, { omega: 1 });
    expect(rel(r.mean, -SELU_LAMBDA * SELU_ALPHA)).toBeLessThan(1e-14);
    expect(r.variance).toBe(0);
  });
  it('m = s = 1.7e308 with λ = ½: E[selu(z)] = λ(mΦ(1) + sφ(1) − αΦ(−1)) = 9.208181499995332e307 (mpmath)', () => {
    const r = seluMomentMap(1.7e308, 1.7e308, { omega: 1, tau: 1.7e308, lambda: 0.5 });
    expect(rel(r.mean, 9.208181499995332e307)).toBeLessThan(1e-14);
    expect(r.variance).toBe(Number.POSITIVE_INFINITY);
  });
  it('a constant input at 0 maps to selu(0) = 0', () => {
    expect(seluMomentMap(0, 0)).toEqual({ mean: 0, variance: 0 });
  });
});

describe('seluJacobian', () => {
  it('refuses points where the moment map overflows, or where its differences do', () => {
    // s = √(10³⁰⁰)·√(10¹⁰) = 10¹⁵⁵: the output variance (λs)² overflows at every step
    expect(() => seluJacobian(0, 1e300, { tau: 1e10 })).toThrow(
      /^the SELU moment map overflows at mean \+ h \(mean 0, variance 1e\+300\): no finite Jacobian there$/,
    );
    // ω = MAX: every moment is finite, but ∂μ̃/∂μ ≈ λω overflows
    expect(() => seluJacobian(1e-5, 1, { omega: Number.MAX_VALUE })).toThrow(
      /^the SELU Jacobian at mean 0\.00001, variance 1 overflows double precision$/,
    );
  });
  it('its spectral norm is the largest singular value when ∂μ̃/∂μ is the largest entry (ω = 3)', () => {
    const J = seluJacobian(0.4, 1.3, { omega: 3, tau: 1.1 });
    const [[a, b], [c, d]] = J.matrix;
    expect(Math.abs(a)).toBeGreaterThan(Math.max(Math.abs(b), Math.abs(c), Math.abs(d)));
    // σ² = (T + √(T² − 4D²))/2, T = ‖J‖²_F, D = det J
    const T = a * a + b * b + c * c + d * d;
    const D = a * d - b * c;
    expect(rel(J.spectralNorm, Math.sqrt((T + Math.sqrt(T * T - 4 * D * D)) / 2))).toBeLessThan(1e-12);
  });
});

describe('products and sums', () => {
  it('Rademacher × the constant 2: W·X = ±2, variance 4, μ₄ = 16, kurtosis 1', () => {
    const w = { mean: 0, variance: 1, fourthCentralMoment: 1 };
    const x = { mean: 2, variance: 0 };
    expect(productMoments(w, x)).toEqual({
      mean: 0,
      variance: 4,
      secondMoment: 4,
      fourthCentralMoment: 16,
      kurtosis: 1,
    });
    // a sum of n such products: κ = 3 + (1 − 3)/n
    expect(sumMoments(4, w, x).kurtosis).toBe(2.5);
  });
  it('errors name the factor', () => {
    expect(() => productVariance({ variance: 1 }, { variance: -1 })).toThrow(/^x\.variance must be >= 0/);
  });
  it('Var(z) = n·Var(WX) + n(n − 1)μw²c is refused when it is ∞ − ∞, naming both terms', () => {
    // n·Var(WX) = 2·(1e150·1 + 1·1e400) = ∞, n(n − 1)μw²c = 2·1e400·(−1) = −∞
    expect(() =>
      sumVariance(2, { mean: 1e200, variance: 1e150 }, { mean: 0, variance: 1 }, { inputCovariance: -1 }),
    ).toThrow(/^Var\(z\) is not representable .*w\.mean 1e\+200, inputCovariance -1/);
  });
});

describe('sigmoidDerivativeAsymptote', () => {
  it('s = 2: φ(0)/s, φ(0)/s·(1 − π²/24) and φ(0)/s·(1 − π²/24 + 7π⁴/1920) (mpmath)', () => {
    expect(rel(sigmoidDerivativeAsymptote(2), 0.19947114020071635)).toBeLessThan(4e-16);
    expect(rel(sigmoidDerivativeAsymptote(2, { terms: 2 }), 0.11744192173341207)).toBeLessThan(1e-15);
    expect(rel(sigmoidDerivativeAsymptote(2, { terms: 3 }), 0.1882815660986594)).toBeLessThan(1e-15);
  });
  it('errors name the options', () => {
    expect(() => sigmoidDerivativeAsymptote(1, 3 as never)).toThrow(/^options must be an options object/);
  });
});

describe('fixedPoint: its documented tolerance and floor', () => {
  it('q₀ is returned when |h(q₀)| ≤ tol·q₀: linear, σw² = 1, σb² = 1e-12 from q₀ = 10⁴', () => {
    // h(q) = q + 1e-12 − q ≡ 1e-12 (no fixed point); at q₀ = 10⁴ that is 1e-16·q₀ ≤ 1e-13·q₀
    expect(fixedPoint('linear', 1, 1e-12, { q0: 1e4 })).toBe(1e4);
  });
  it('the doubling gives up only beyond 10¹⁰⁰: linear, σw² = ½, σb² = 4.5e99 from q₀ = 5e99 has q* = σb²/(1 − σw²) = 9e99', () => {
    // h(q₀) = 2e99 > 0; the next point 2q₀ = 10¹⁰⁰ exactly is still searched, and h(10¹⁰⁰) = −5e98 < 0
    expect(rel(fixedPoint('linear', 0.5, 4.5e99, { q0: 5e99 }), 9e99)).toBeLessThan(1e-12);
  });
  it('ReLU, σw² = 1, σb² = 1e-8: q* = σb²/(1 − σw²/2) = 2e-8 from q₀ = 1, but 0 from q₀ = 10⁴ (below 1e-9·q₀)', () => {
    expect(rel(fixedPoint('relu', 1, 1e-8), 2e-8)).toBeLessThan(1e-12);
    expect(fixedPoint('relu', 1, 1e-8, { q0: 1e4 })).toBe(0);
  });
});
