import { describe, expect, it } from 'vitest';
import { SIGMOID_DERIVATIVE_MAX, sigmoidDerivativeAsymptote, sigmoidDerivativeMean } from './sigmoid.js';

describe('sigmoid slopes', () => {
  it('E[σ′(Z)] = 0.2066209641 (issue 4; SciPy quad 0.2066209641419071)', () => {
    expect(sigmoidDerivativeMean(1).toFixed(10)).toBe('0.2066209641');
    expect(Math.abs(sigmoidDerivativeMean(1) - 0.2066209641419071)).toBeLessThan(1e-14);
  });

  it('is at most σ′(0) = 1/4, equal to it at s = 0, and falls with s', () => {
    expect(SIGMOID_DERIVATIVE_MAX).toBe(0.25);
    expect(sigmoidDerivativeMean(0)).toBe(0.25);
    let prev = 0.25;
    for (let s = 0.01; s < 300; s *= 1.5) {
      const v = sigmoidDerivativeMean(s);
      expect(v).toBeLessThan(prev);
      prev = v;
    }
  });

  it('approaches 1/(s√(2π)); the three-term expansion is accurate to its next term, φ(0)·m₆/(48s⁷), m₆ = 31π⁶/21', () => {
    for (const s of [30, 100, 1000, 1e5]) {
      const exact = sigmoidDerivativeMean(s);
      const next = ((1 / Math.sqrt(2 * Math.PI)) * ((31 * Math.PI ** 6) / 21)) / (48 * s ** 7);
      expect(Math.abs(exact - sigmoidDerivativeAsymptote(s, { terms: 3 }))).toBeLessThan(
        2 * next + 1e-13 * exact, // plus the quadrature's relative rounding
      );
      expect(Math.abs(exact / sigmoidDerivativeAsymptote(s) - 1)).toBeLessThan(2 / s ** 2); // m₂/(2s²) = 1.64/s²
    }
  });

  it('rejects bad arguments', () => {
    expect(() => sigmoidDerivativeMean(-1)).toThrow(/s must be >= 0/);
    expect(() => sigmoidDerivativeAsymptote(0)).toThrow(/s must be > 0/);
    expect(() => sigmoidDerivativeAsymptote(1, { terms: 4 as never })).toThrow(/terms/);
  });
});
