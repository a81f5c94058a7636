import erf from '@stdlib/math-base-special-erf';
import { describe, expect, it } from 'vitest';
import {
  chiSquareCdf,
  digamma,
  EULER_GAMMA,
  regularizedGammaP,
  regularizedGammaQ,
  trigamma,
} from './special.js';

/** |a − b| ≤ tol·max(1, |b|): relative for large values, absolute near 0. */
function close(a: number, b: number, tol: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
}

describe('digamma and trigamma', () => {
  it('match the exact finite sums at integers and half-integers (A&S 6.3.2, 6.3.4, 6.4.2, 6.4.4) to 1e-13', () => {
    // ψ(m) = −γ + Σ_{j<m} 1/j ; ψ(m + ½) = −γ − 2ln2 + Σ_{j≤m} 2/(2j − 1)
    // ψ'(m) = π²/6 − Σ_{j<m} 1/j² ; ψ'(m + ½) = π²/2 − 4Σ_{j≤m} 1/(2j − 1)²
    let h = 0;
    let h2 = 0;
    let o = 0;
    let o2 = 0;
    for (let m = 1; m <= 300; m++) {
      close(digamma(m), -EULER_GAMMA + h, 1e-13);
      close(trigamma(m), (Math.PI * Math.PI) / 6 - h2, 1e-13);
      close(digamma(m - 0.5), -EULER_GAMMA - 2 * Math.LN2 + o, 1e-13);
      close(trigamma(m - 0.5), (Math.PI * Math.PI) / 2 - 4 * o2, 1e-13);
      h += 1 / m;
      h2 += 1 / (m * m);
      o += 2 / (2 * m - 1);
      o2 += 1 / (2 * m - 1) ** 2;
    }
  });

  it('match mpmath at non-special points, including tiny and negative arguments', () => {
    // mpmath 1.3 at 30 digits (rounded to doubles): psi(0, x), psi(1, x)
    close(digamma(0.1), -10.423754940411078, 1e-14);
    close(trigamma(0.1), 101.43329915079276, 1e-14);
    close(digamma(1e-8), -100000000.57721564, 1e-15);
    close(digamma(1000.5), 6.907755320648796, 1e-15);
    close(digamma(-0.5), 0.03648997397857652, 1e-13);
    close(trigamma(-2.7), 14.769375845132302, 1e-13);
  });

  it('satisfy the duplication formulas ψ(2x) = ψ(x)/2 + ψ(x + ½)/2 + ln 2 and ψ′(2x) = (ψ′(x) + ψ′(x + ½))/4', () => {
    for (let x = 0.013; x < 60; x *= 1.37) {
      close(digamma(2 * x), 0.5 * digamma(x) + 0.5 * digamma(x + 0.5) + Math.LN2, 1e-13);
      close(trigamma(2 * x), 0.25 * (trigamma(x) + trigamma(x + 0.5)), 1e-13);
    }
  });

  it('reject poles and non-numbers with errors naming x', () => {
    expect(() => digamma(0)).toThrow(RangeError);
    expect(() => trigamma(-3)).toThrow(/x must not be a pole/);
    expect(() => digamma(Number.NaN)).toThrow(RangeError);
    expect(() => digamma('1' as unknown as number)).toThrow(TypeError);
  });
});

describe('regularized incomplete gamma and the χ² CDF', () => {
  it('P(½, x) = erf(√x) and P(1, x) = 1 − e⁻ˣ, P + Q = 1', () => {
    for (const x of [1e-6, 0.01, 0.3, 1, 2.5, 7, 20, 60]) {
      close(regularizedGammaP(0.5, x), erf(Math.sqrt(x)), 1e-14);
      close(regularizedGammaP(1, x), -Math.expm1(-x), 1e-14);
      for (const a of [0.5, 3, 17.5, 120]) close(regularizedGammaP(a, x) + regularizedGammaQ(a, x), 1, 1e-14);
    }
  });

  it('the recurrence P(a + 1, x) = P(a, x) − xᵃe⁻ˣ/Γ(a + 1) holds where it is well conditioned', () => {
    for (const x of [0.5, 2, 8]) {
      let term = (Math.exp(-x) * Math.sqrt(x)) / Math.sqrt(Math.PI) / 0.5; // x^½e⁻ˣ/Γ(3/2)
      let p = regularizedGammaP(0.5, x);
      for (let a = 0.5; a < 4; a += 1) {
        const next = p - term;
        close(regularizedGammaP(a + 1, x), next, 1e-13);
        p = next;
        term *= x / (a + 1);
      }
    }
  });

  it('χ² quantiles from SciPy 1.17 (chi2.ppf) give their probabilities', () => {
    close(chiSquareCdf(3.841458820694124, 1), 0.95, 1e-14);
    close(chiSquareCdf(18.307038053275146, 10), 0.95, 1e-14);
    close(chiSquareCdf(15.08627246938899, 5), 0.99, 1e-14);
    close(chiSquareCdf(100, 128), 0.03184344175073805, 1e-12);
    expect(Math.abs(regularizedGammaQ(50, 150) / 7.4121008573230175e-22 - 1)).toBeLessThan(1e-12); // chi2.sf(300, 100)
    expect(chiSquareCdf(-1, 3)).toBe(0);
    expect(chiSquareCdf(0, 0)).toBe(1); // χ²₀ = 0
  });

  it('rejects bad arguments', () => {
    expect(() => regularizedGammaP(0, 1)).toThrow(/a must be > 0/);
    expect(() => regularizedGammaP(1, -1)).toThrow(/x must be >= 0/);
    expect(() => chiSquareCdf(1, -2)).toThrow(/k must be >= 0/);
  });
});
