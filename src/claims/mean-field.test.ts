import { describe, expect, it } from 'vitest';
import { gradientGain } from '../theory/depth.js';
import { meanFieldGradients, tanhGradientsCannotExplodeRefuted } from './mean-field.js';

describe('mean-field gradient claims', () => {
  it('ReLU at σw² = 2 is flat at every depth; tanh at σw² = 1 decays only polynomially (≈ 0.7/L), not geometrically', () => {
    expect(
      meanFieldGradients.predict({ activation: 'relu', weightVariance: 2, width: 32, depth: 9 }),
    ).toBeCloseTo(1, 12);
    const g10 = gradientGain(1, 10, { activation: 'tanh' });
    const g20 = gradientGain(1, 20, { activation: 'tanh' });
    expect(g10).toBeCloseTo(0.07137, 4);
    // doubling the depth roughly halves it (≈ 1/L), far from squaring it (geometric)
    expect(g20 / g10).toBeGreaterThan(0.4);
    expect(g20 / g10).toBeLessThan(0.6);
  });
  it('either side of the edge it is geometric: tanh σw² = 0.5 vanishes, 25/9 explodes', () => {
    expect(gradientGain(0.5, 10, { activation: 'tanh' })).toBeLessThan(1e-3);
    const g = (L: number) => gradientGain(25 / 9, L, { activation: 'tanh' });
    expect(g(20) / g(10)).toBeCloseTo(1.209831 ** 10, 1);
  });
  it("the refutation's telling feature needs σw² > 1 and a gain above 1", () => {
    expect(tanhGradientsCannotExplodeRefuted.telling?.({ weightVariance: 3, depth: 3 }).ok).toBe(true);
    expect(tanhGradientsCannotExplodeRefuted.telling?.({ weightVariance: 0.75, depth: 3 }).ok).toBe(false);
  });
});
