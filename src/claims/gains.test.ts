import { describe, expect, it } from 'vitest';
import { lengthMap } from '../theory/mean-field.js';
import {
  exactGainOf,
  fixedPointSlope,
  lengthProfile,
  meanFieldProfile,
  SIMULATED_GAIN_ACTIVATIONS,
  seluSelfNormalizing,
  torchFixedPoint,
  torchGainOf,
} from './gains.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('the numbers the gain claims state', () => {
  it('exact gains match ANCHORS.md (tanh 1.592537, sigmoid 1.846229, SELU 1, ELU 1.245198, softplus 1.041867)', () => {
    expect(rel(exactGainOf('tanh'), 1.592537)).toBeLessThan(1e-6);
    expect(rel(exactGainOf('sigmoid'), 1.846229)).toBeLessThan(1e-6);
    expect(rel(exactGainOf('selu'), 1)).toBeLessThan(1e-6);
    expect(rel(exactGainOf('elu'), 1.245198)).toBeLessThan(1e-6);
    expect(rel(exactGainOf('softplus'), 1.041867)).toBeLessThan(1e-6);
  });
  it('the exact gain maps q = 1 to 1 for every built-in; the slope there classifies its stability', () => {
    for (const a of [
      'linear',
      'relu',
      'leakyRelu',
      'tanh',
      'sigmoid',
      'selu',
      'elu',
      'gelu',
      'silu',
      'softplus',
    ] as const) {
      const g = exactGainOf(a);
      expect(Math.abs(lengthMap(a, g * g, 0, 1) - 1)).toBeLessThan(1e-12);
    }
    for (const a of SIMULATED_GAIN_ACTIVATIONS)
      expect(fixedPointSlope(a, exactGainOf(a) ** 2)).toBeLessThan(0.95);
    expect(fixedPointSlope('tanh', exactGainOf('tanh') ** 2)).toBeCloseTo(0.4611, 4);
    expect(fixedPointSlope('selu', 1)).toBeCloseTo(0.7826, 4);
    expect(fixedPointSlope('gelu', exactGainOf('gelu') ** 2)).toBeCloseTo(1.1441, 4);
    expect(fixedPointSlope('silu', exactGainOf('silu') ** 2)).toBeCloseTo(1.1726, 4);
    expect(Math.abs(fixedPointSlope('relu', 2) - 1)).toBeLessThan(1e-9);
  });
  it("PyTorch's gains: tanh 5/3 → q* = 1.17848, χ₁ = 1.209831; SELU 3/4 → 0.02303, χ₁ = 1.00367; sigmoid 1 → 0.26469, χ₁ = 0.05572", () => {
    expect(torchGainOf('tanh')).toBeCloseTo(5 / 3, 15);
    expect(torchGainOf('selu')).toBeCloseTo(3 / 4, 15);
    const t = torchFixedPoint('tanh');
    expect(rel(t.q, 1.17848)).toBeLessThan(1e-5);
    expect(rel(t.chi, 1.209831)).toBeLessThan(1e-6);
    const s = torchFixedPoint('selu');
    expect(rel(s.q, 0.02303378)).toBeLessThan(1e-6);
    expect(rel(s.chi, 1.00367)).toBeLessThan(1e-5);
    const g = torchFixedPoint('sigmoid');
    expect(rel(g.q, 0.2646869)).toBeLessThan(1e-6);
    expect(rel(g.chi, 0.05572071)).toBeLessThan(1e-6);
  });
  it('SELU with Var(W) = 1/n pulls E[z²] towards 1 from above and below', () => {
    for (const q1 of [0.25, 4]) {
      const q = lengthProfile('selu', new Array<number>(40).fill(1), q1);
      expect(Math.abs(q[39] - 1)).toBeLessThan(1e-3);
      expect(Math.abs(q[5] - 1)).toBeLessThan(Math.abs(q1 - 1));
    }
    expect(seluSelfNormalizing.predict({ width: 64, depth: 3, inputMean: 0, inputSd: 1 })).toBeCloseTo(1, 10);
  });
});

describe('meanFieldProfile', () => {
  it('follows the length map; its spread shrinks with width and, at an attracting fixed point, saturates with depth', () => {
    const g2 = exactGainOf('tanh') ** 2;
    const a = meanFieldProfile('tanh', [1, g2, g2], 64);
    expect(a.q).toEqual(lengthProfile('tanh', [1, g2, g2], 1));
    const deeper = meanFieldProfile('tanh', [1, g2, g2, g2, g2], 64);
    const wider = meanFieldProfile('tanh', [1, g2, g2], 256);
    expect(Math.abs(deeper.cv2 / a.cv2 - 1)).toBeLessThan(0.2);
    expect(wider.cv2).toBeLessThan(a.cv2);
  });
  it('is exact for ReLU at one layer: Var of ‖x₀‖²/n₀·c is 2c²/n', () => {
    const p = meanFieldProfile('relu', [2], 50);
    expect(p.cv2).toBeCloseTo(2 / 50 + 2 / 50, 12);
  });
});
