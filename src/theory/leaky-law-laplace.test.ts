/**
 * The leaky-ReLU layer law checked by a route independent of the implementation's Beta
 * decomposition: R = 2X/((1 + a²)n) with X = Σᵢ yᵢ, yᵢ = zᵢ² for zᵢ > 0 and a²zᵢ² otherwise, so
 * E[e^(−tX)] = M(t)ⁿ, M(t) = ((1 + 2t)^(−½) + (1 + 2a²t)^(−½))/2. With
 * G(s) = ∫₀^∞ t^(s−1)(M(t)ⁿ − e^(−t)) dt = Γ(s)(E[X^(−s)] − 1), E log X = −G(0) and
 * E log² X = 2(G′(0) + γG(0)): two one-dimensional integrals, done in mpmath 1.3 at 40 digits
 * (it reproduces the 2-D quadrature values of finite-width.test.ts to 3e-15).
 */
import { describe, expect, it } from 'vitest';
import { logMomentsGivenK, normRatioExpansion, reluNormRatioLaw } from './finite-width.js';

function rel(a: number, b: number): number {
  return Math.abs(a / b - 1);
}

describe('reluNormRatioLaw with a slope, by the Laplace transform', () => {
  it('n = 1500, a = ½: E log R = −0.0010267228270107704, Var log R = 0.0020545555629803316', () => {
    // a width where the Beta density's normalization e^(ln 2 − ln B(p, q)) is ≈ e⁵⁰⁰ and its peak is
    // ≈ 1/√(2n) wide: the panels and the normalization both matter
    const law = reluNormRatioLaw(1500, { slope: 0.5 });
    expect(rel(law.logMean, -0.0010267228270107703)).toBeLessThan(1e-12);
    expect(rel(law.logVariance, 0.0020545555629803316)).toBeLessThan(1e-13);
  });
});

describe('logMomentsGivenK', () => {
  it('n = 2, K = 1 at small slopes (a log singularity at θ ≈ a): the closed forms to 1e-13', () => {
    // E log(Z₁² + a²Z₂²) = ln 2 − γ + 2 ln((1 + a)/2), Var = π²/6 + 2·Li₂(ρ²), ρ = (1 − a)/(1 + a)
    // (mpmath: log, euler, polylog(2, ρ²))
    for (const [a, mean, variance] of [
      [1e-3, -1.2683638447953112, 4.882622500250323],
      [1e-4, -1.2701628554608115, 4.927742883716907],
    ]) {
      const got = logMomentsGivenK(2, 1, a);
      expect(Math.abs(got.mean - mean)).toBeLessThan(1e-13);
      expect(Math.abs(got.variance - variance)).toBeLessThan(1e-12);
    }
  });
  it('refuses K = 0 for ReLU, where log χ²₀ = −∞', () => {
    expect(() => logMomentsGivenK(4, 0, 0)).toThrow(/^log χ²₀ = −∞: the ReLU law needs k >= 1$/);
  });
});

describe('normRatioExpansion with a slope', () => {
  it('a = 1 (linear: R = χ²ₙ/n, k₂ = 2, k₃ = 8): E log R ≈ −1/n − 1/(3n²), Var log R ≈ 2/n + 2/n²', () => {
    // the series of ψ(n/2) + ln(2/n) and ψ′(n/2) (A&S 6.3.18, 6.4.12) to O(n⁻³)
    for (const a of [1, -1]) {
      const e = normRatioExpansion(10, { slope: a });
      expect(e.variance).toBeCloseTo(0.2, 15);
      expect(e.logMeanFirstOrder).toBeCloseTo(-0.1, 15);
      expect(e.logMeanSecondOrder).toBeCloseTo(-0.1 - 1 / 300, 15);
      expect(e.logVarianceFirstOrder).toBeCloseTo(0.2, 15);
      expect(e.logVarianceSecondOrder).toBeCloseTo(0.22, 15);
    }
  });
});
