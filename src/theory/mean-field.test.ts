import { describe, expect, it } from 'vitest';
import { leakyRelu, relu, tanh } from '../nn/activations.js';
import {
  chi1,
  correlationMap,
  criticalWeightVariance,
  fixedPoint,
  lengthMap,
  reluCorrelationMap,
} from './mean-field.js';

describe('lengthMap (Poole et al. 2016)', () => {
  it('at q = 1, σw² = 1, σb² = 0 gives E[tanh(Z)²]; 1/√ of it is the exact tanh gain 1.592537 (ANCHORS)', () => {
    const e = lengthMap('tanh', 1, 0, 1);
    expect((1 / Math.sqrt(e)).toFixed(6)).toBe('1.592537');
    expect(Math.abs(1 / Math.sqrt(e) - 1.5925374197228312)).toBeLessThan(1e-13); // SciPy quad
  });

  it('ReLU: σw²·q/2 + σb²; leaky ReLU: σw²(1 + a²)q/2 + σb²; q = 0 gives σw²φ(0)² + σb²', () => {
    expect(lengthMap('relu', 2, 0.1, 3)).toBeCloseTo(3.1, 14);
    expect(lengthMap(leakyRelu(0.5), 1, 0, 2)).toBeCloseTo(1.25, 14);
    expect(lengthMap('tanh', 1.7, 0.2, 0)).toBe(0.2);
  });

  it('rejects bad arguments', () => {
    expect(() => lengthMap('tanh', -1, 0, 1)).toThrow(/weightVariance must be >= 0/);
    expect(() => lengthMap('tanh', 1, 0, -1)).toThrow(/q must be >= 0/);
    expect(() => lengthMap(42 as never, 1, 0, 1)).toThrow(/activation must be/);
  });
});

describe('fixedPoint', () => {
  it('ReLU and linear with a bias: q* = σb²/(1 − σw²E[φ²]) in closed form', () => {
    expect(Math.abs(fixedPoint('relu', 1.5, 0.1) / 0.4 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(fixedPoint('linear', 0.5, 0.3, { q0: 7 }) / 0.6 - 1)).toBeLessThan(1e-12);
  });

  it('ReLU without bias: 0 below σw² = 2, q₀ itself at 2, ∞ above', () => {
    expect(fixedPoint('relu', 1.5, 0)).toBe(0);
    expect(fixedPoint(relu, 2, 0, { q0: 3 })).toBe(3);
    expect(fixedPoint('relu', 2.5, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(fixedPoint('relu', 2, 0.1)).toBe(Number.POSITIVE_INFINITY);
  });

  it('tanh: a positive fixed point that the map leaves fixed; 0 at σw² ≤ 1, σb² = 0 (marginal at 1)', () => {
    const q = fixedPoint('tanh', 1.5, 0.05);
    expect(Math.abs(lengthMap('tanh', 1.5, 0.05, q) / q - 1)).toBeLessThan(1e-13);
    expect(fixedPoint(tanh, 1, 0)).toBe(0);
    expect(fixedPoint(tanh, 0.7, 0)).toBe(0);
    const chaotic = fixedPoint(tanh, 1.2, 0);
    expect(chaotic).toBeGreaterThan(0.05);
    // the same fixed point from either side
    expect(Math.abs(fixedPoint(tanh, 1.2, 0, { q0: 1e-3 }) / chaotic - 1)).toBeLessThan(1e-11);
  });
});

describe('chi1 and the edge of chaos (Poole et al. 2016; Schoenholz et al. 2017)', () => {
  it('χ₁ = 1 at σw² = 2 for ReLU (any q, any σb²) and at σw² = 1 for tanh with σb² = 0', () => {
    for (const q of [1e-6, 1, 1e6]) expect(chi1('relu', 2, 0, q)).toBeCloseTo(1, 14);
    expect(chi1('relu', 2, 0)).toBeCloseTo(1, 14);
    expect(chi1('relu', 1.5, 0)).toBeCloseTo(0.75, 14); // q* = 0 read as q → 0⁺
    expect(chi1('tanh', 1, 0)).toBeCloseTo(1, 14);
    expect(chi1('tanh', 0.9, 0)).toBeCloseTo(0.9, 14);
  });

  it('criticalWeightVariance: 2 for ReLU at any bias, 2/(1 + a²) for leaky ReLU, 1 for tanh at σb² = 0', () => {
    expect(criticalWeightVariance('relu')).toBeCloseTo(2, 12);
    expect(criticalWeightVariance('relu', 0.1)).toBeCloseTo(2, 12);
    expect(criticalWeightVariance(leakyRelu(0.5), 0.2)).toBeCloseTo(1.6, 12);
    expect(Math.abs(criticalWeightVariance('tanh', 0) - 1)).toBeLessThan(1e-6);
  });

  it('criticalWeightVariance for tanh with a bias puts χ₁ = 1 at its own fixed point and grows with σb²', () => {
    const a = criticalWeightVariance('tanh', 0.05);
    expect(Math.abs(chi1('tanh', a, 0.05) - 1)).toBeLessThan(1e-12);
    const b = criticalWeightVariance('tanh', 0.2);
    expect(b).toBeGreaterThan(a);
    expect(a).toBeGreaterThan(1);
  });

  it('rejects a negative bias variance', () => {
    expect(() => criticalWeightVariance('tanh', -0.1)).toThrow(/biasVariance must be >= 0/);
  });
});

describe('correlation maps', () => {
  it('ReLU closed form: c′(1) = 1, c′(0) = 1/π, c′(−1) = 0, increasing', () => {
    expect(reluCorrelationMap(1)).toBe(1);
    expect(reluCorrelationMap(0)).toBeCloseTo(1 / Math.PI, 16);
    expect(reluCorrelationMap(-1)).toBe(0);
    for (let c = -1; c < 0.99; c += 0.01)
      expect(reluCorrelationMap(c + 0.01)).toBeGreaterThan(reluCorrelationMap(c));
    expect(() => reluCorrelationMap(1.5)).toThrow(/c must be in \[-1, 1\]/);
  });

  it('the general map by nested quadrature reproduces the ReLU closed form to 1e-13', () => {
    for (const c of [-1, -0.7, -0.2, 0, 0.3, 0.8, 0.99, 1]) {
      expect(Math.abs(correlationMap('relu', 2, 0, c, { q: 1.7 }) - reluCorrelationMap(c))).toBeLessThan(
        1e-13,
      );
    }
  });

  it('linear layers keep correlations: c′ = c (σb² = 0)', () => {
    for (const c of [-0.9, 0.1, 0.6]) expect(correlationMap('linear', 1, 0, c, { q: 2 })).toBeCloseTo(c, 13);
  });

  it('tanh: c = 1 is fixed and the slope there is χ₁ (Poole et al. 2016, eq. 8)', () => {
    const sw2 = 1.5;
    const sb2 = 0.05;
    expect(correlationMap('tanh', sw2, sb2, 1)).toBeCloseTo(1, 13);
    const h = 1e-4;
    const slope = (1 - correlationMap('tanh', sw2, sb2, 1 - h)) / h;
    const chi = chi1('tanh', sw2, sb2);
    expect(Math.abs(slope / chi - 1)).toBeLessThan(5e-3); // O(h) finite-difference error
  });
});

describe('fixedPoint when a bracketing step lands on the root', () => {
  it('returns the fixed point q* = 1 of the exact gain from q₀ = 0.5 and 2 (sigmoid, SELU, softplus)', async () => {
    const { exactGain } = await import('../init/gains.js');
    for (const act of ['sigmoid', 'selu', 'softplus'] as const) {
      const sw2 = exactGain(act) ** 2;
      for (const q0 of [0.5, 2]) expect(fixedPoint(act, sw2, 0, { q0 })).toBeCloseTo(1, 9);
    }
  });
});
