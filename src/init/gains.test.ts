import { describe, expect, it } from 'vitest';
import { defineActivation, relu, SELU_ALPHA, SELU_LAMBDA, tanh } from '../nn/activations.js';
import { calculateGain, exactGain, GAIN_NAMES, type GainName } from './gains.js';

describe('calculateGain: PyTorch table', () => {
  it('has every name of torch.nn.init.calculate_gain with its value', () => {
    const expected: Record<GainName, number> = {
      linear: 1,
      conv1d: 1,
      conv2d: 1,
      conv3d: 1,
      conv_transpose1d: 1,
      conv_transpose2d: 1,
      conv_transpose3d: 1,
      sigmoid: 1,
      tanh: 5 / 3,
      relu: Math.SQRT2,
      leaky_relu: Math.sqrt(2 / (1 + 0.01 ** 2)),
      selu: 0.75,
    };
    expect([...GAIN_NAMES].sort()).toEqual(Object.keys(expected).sort());
    for (const name of GAIN_NAMES) expect(calculateGain(name)).toBe(expected[name]);
  });
  it('uses the leaky_relu slope, and ignores param for other names as PyTorch does', () => {
    expect(calculateGain('leaky_relu', 0.2)).toBe(Math.sqrt(2 / 1.04));
    expect(calculateGain('leaky_relu', 0)).toBe(Math.SQRT2);
    expect(calculateGain('leaky_relu', -1)).toBe(1);
    expect(calculateGain('leaky_relu', 3)).toBe(Math.sqrt(0.2));
    expect(calculateGain('relu', 0.5)).toBe(Math.SQRT2);
    expect(calculateGain('tanh', 7)).toBe(5 / 3);
  });
  it('throws like PyTorch for unknown names and non-number slopes', () => {
    expect(() => calculateGain('gelu' as GainName)).toThrow(/unknown nonlinearity "gelu"/);
    expect(() => calculateGain('ReLU' as GainName)).toThrow(RangeError);
    expect(() => calculateGain(undefined as unknown as GainName)).toThrow(TypeError);
    expect(() => calculateGain('leaky_relu', true as unknown as number)).toThrow(/negative_slope.*true/);
    expect(() => calculateGain('leaky_relu', '0.1' as unknown as number)).toThrow(TypeError);
  });
  it('refuses NaN and infinite slopes instead of returning NaN or 0', () => {
    expect(() => calculateGain('leaky_relu', Number.NaN)).toThrow(RangeError);
    expect(() => calculateGain('leaky_relu', Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('exactGain = 1/√E[φ(Z)²]', () => {
  // References: 40-digit mpmath quadrature of E[φ(Z)²] (mp.dps = 40, quad split at 0), run by hand
  // and rounded to the nearest double;
  // SELU uses the 32-digit constants of Klambauer et al. Not computed by wixi.
  const references: [string, number | undefined, number][] = [
    ['tanh', undefined, 1.5925374197228315],
    ['sigmoid', undefined, 1.8462285453386054],
    ['relu', undefined, Math.SQRT2],
    ['gelu', undefined, 1.5335304411955353],
    ['silu', undefined, 1.676532470331091],
    ['elu', undefined, 1.2451983007007066],
    ['selu', undefined, 1.0],
    ['softplus', undefined, 1.0418668355353018],
    ['linear', undefined, 1.0],
    ['leakyRelu', 0.2, 1.3867504905630728],
  ];
  it.each(references)('%s (param %s) to 1e-9', (name, param, ref) => {
    const g = exactGain(name as 'tanh', param === undefined ? {} : { param });
    expect(Math.abs(g - ref)).toBeLessThan(1e-9);
  });
  it('matches closed forms: leaky ReLU √(2/(1+a²)) and ELU 1/√(1 + e²Φ(−2) − 2√e·Φ(−1))', () => {
    for (const a of [0, 0.01, 0.3, 1, 2]) {
      expect(Math.abs(exactGain('leakyRelu', a) - Math.sqrt(2 / (1 + a * a)))).toBeLessThan(1e-12);
    }
    // Φ(−2) = 0.02275013194817921, Φ(−1) = 0.15865525393145707 (scipy.stats.norm.cdf)
    const elu2 = 1 + Math.exp(2) * 0.02275013194817921 - 2 * Math.exp(0.5) * 0.15865525393145707;
    expect(Math.abs(exactGain('elu') - 1 / Math.sqrt(elu2))).toBeLessThan(1e-12);
  });
  it('accepts an Activation, a plain function and extra breakpoints', () => {
    expect(exactGain(relu)).toBe(exactGain('relu'));
    expect(exactGain(tanh)).toBe(exactGain('tanh'));
    expect(Math.abs(exactGain((x) => Math.max(0, x)) - Math.SQRT2)).toBeLessThan(1e-12);
    const shifted = defineActivation({
      name: 'shiftedRelu',
      value: (x) => (x > 1 ? x - 1 : 0),
      derivative: (x) => (x > 1 ? 1 : 0),
      kinks: [1],
    });
    // E[(Z−1)₊²] = 2Φ(−1) − φ(1) (scipy.stats.norm: 0.07533978334377078)
    expect(Math.abs(exactGain(shifted) - 1 / Math.sqrt(0.07533978334377078))).toBeLessThan(1e-9);
    expect(
      Math.abs(exactGain((x) => (x > 1 ? x - 1 : 0), { breakpoints: [1] }) - exactGain(shifted)),
    ).toBeLessThan(1e-12);
    // an Activation's kinks reach the quadrature: a step at 0.3 declared as a kink gives
    // 1/√P(Z > 0.3) = 1.61777445106727 (scipy.stats.norm.sf(0.3) = 0.3820885778110474); without the
    // split at 0.3 the quadrature is off by 0.7%
    const step = defineActivation({
      name: 'step',
      value: (x) => (x > 0.3 ? 1 : 0),
      derivative: () => 0,
      kinks: [0.3],
    });
    expect(Math.abs(exactGain(step) / 1.61777445106727 - 1)).toBeLessThan(1e-12);
    // an object with value, derivative and apply is accepted as an Activation; without kinks it
    // is smooth (here ReLU, whose only kink is at 0, where the quadrature always splits): √2
    const plain = { name: 'plainRelu', value: relu.value, derivative: relu.derivative, apply: relu.apply };
    expect(Math.abs(exactGain(plain as never) - Math.SQRT2)).toBeLessThan(1e-12);
    // SELU from its constants: E[selu(Z)²] = 1
    const selu2 = exactGain((x) => SELU_LAMBDA * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)));
    expect(Math.abs(selu2 - 1)).toBeLessThan(1e-9);
  });
  it('rejects bad input with a clear error', () => {
    expect(() => exactGain((() => 0) as (x: number) => number)).toThrow(/no finite gain/);
    expect(() => exactGain((x) => (x > 0 ? Number.NaN : 0))).toThrow(RangeError);
    expect(() => exactGain('swish' as 'relu')).toThrow(/unknown activation "swish"/);
    expect(() => exactGain((x) => x, { param: 1 })).toThrow(TypeError);
    expect(() => exactGain('relu', { breakpoints: [Number.NaN] })).toThrow(/options.breakpoints\[0\]/);
    expect(() => exactGain(42 as unknown as 'relu')).toThrow(TypeError);
  });
});
