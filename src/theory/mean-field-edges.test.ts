/**
 * The mean-field functions at their edges and with bad arguments: closed forms at the boundaries
 * (c = ±1, q* of ReLU with a bias, the large-q limit of χ₁), the bound σ′ ≤ 1/4 on sigmoid's edge
 * of chaos, and errors that name the argument.
 */
import { describe, expect, it } from 'vitest';
import {
  chi1,
  correlationMap,
  criticalWeightVariance,
  fixedPoint,
  lengthMap,
  reluCorrelationMap,
} from './mean-field.js';

describe('mean field: boundaries in closed form', () => {
  it('ReLU correlation map at c = −1 and c = 1: relu(u)·relu(−u) = 0 gives c′ = 0; c = 1 is fixed', () => {
    expect(correlationMap('relu', 2, 0, -1, { q: 1 })).toBe(0);
    expect(reluCorrelationMap(-1)).toBe(0);
    expect(correlationMap('relu', 2, 0, 1, { q: 1 })).toBe(1);
    expect(Math.abs(correlationMap('tanh', 1.5, 0.1, 1) - 1)).toBeLessThan(1e-14);
  });
  it('ReLU with a bias: q* = σb²/(1 − σw²/2) (σw² = 1, σb² = ½: q* = 1); at σw² = 2 the start q₀ is fixed', () => {
    expect(Math.abs(fixedPoint('relu', 1, 0.5) - 1)).toBeLessThan(1e-13);
    expect(fixedPoint('relu', 2, 0, { q0: 3 })).toBe(3);
    expect(fixedPoint('tanh', 0.5, 0)).toBe(0);
  });
  it('χ₁ of ReLU is σw²/2 at any q, so 1.5 at σw² = 3 where q* = ∞ (its large-q limit)', () => {
    expect(Math.abs(chi1('relu', 3, 0) - 1.5)).toBeLessThan(1e-13);
    expect(Math.abs(chi1('relu', 3, 0, 0.25) - 1.5)).toBeLessThan(1e-13);
  });
  it("sigmoid's edge of chaos lies above σw² = 16 (σ′ ≤ 1/4, so χ₁ ≤ σw²/16) and has χ₁ = 1 there", () => {
    const s = criticalWeightVariance('sigmoid');
    expect(s).toBeGreaterThan(16);
    expect(Math.abs(chi1('sigmoid', s, 0) - 1)).toBeLessThan(1e-9);
  });
});

describe('mean field: errors name the argument', () => {
  it('variances, activation, options, q₀, tol, q', () => {
    expect(() => lengthMap('relu', 2, -1, 1)).toThrow(/^biasVariance must be >= 0, got -1/);
    expect(() => lengthMap('relu', -2, 0, 1)).toThrow(/^weightVariance must be >= 0/);
    for (const f of [
      () => lengthMap(3 as never, 1, 0, 1),
      () => fixedPoint(3 as never, 1, 0),
      () => chi1(3 as never, 1, 0),
      () => criticalWeightVariance(3 as never),
      () => correlationMap(3 as never, 1, 0, 0),
    ]) {
      expect(f).toThrow(/^activation must be/);
    }
    expect(() => fixedPoint('relu', 2, 0, 3 as never)).toThrow(/^options must be an options object/);
    expect(() => fixedPoint('tanh', 2, 0, { q0: 0 })).toThrow(/^q0 must be > 0/);
    expect(() => fixedPoint('tanh', 2, 0, { tol: 0 })).toThrow(/^tol must be > 0/);
    expect(() => chi1('relu', 2, 0, -1)).toThrow(/^q must be >= 0/);
    expect(() => criticalWeightVariance('relu', -1)).toThrow(/^biasVariance must be >= 0/);
  });
  it('correlations outside [−1, 1], a zero q, no finite fixed point, a zero next variance', () => {
    expect(() => reluCorrelationMap(1.5)).toThrow(/^c must be in \[-1, 1\], got 1.5$/);
    expect(() => reluCorrelationMap(-1.5)).toThrow(/^c must be in \[-1, 1\]/);
    expect(() => reluCorrelationMap(Number.NaN)).toThrow(/^c must be finite/);
    expect(() => correlationMap('tanh', 1, 0, 1.5)).toThrow(/^c must be in \[-1, 1\], got 1.5$/);
    expect(() => correlationMap('tanh', 1, 0, -1.5)).toThrow(/^c must be in \[-1, 1\]/);
    expect(() => correlationMap('tanh', 1, 0, Number.NaN)).toThrow(/^c must be finite/);
    expect(() => correlationMap('tanh', 1, 0, 0.5, 3 as never)).toThrow(/^options must be an options object/);
    expect(() => correlationMap('tanh', 1, 0, 0.5, { q: 0 })).toThrow(/^q must be > 0/);
    expect(() => correlationMap('relu', 3, 0, 0.5)).toThrow(/^the length map has no finite fixed point here/);
    expect(() => correlationMap('relu', 0, 0, 0.5, { q: 1 })).toThrow(/^the next layer's variance is 0/);
  });
});
