import { describe, expect, it } from 'vitest';
import { defineActivation, gelu, leakyRelu, tanh } from '../nn/activations.js';
import { activationSecondMoment, homogeneousMoments } from './activation-moments.js';
import { depthGain, gradientGain, secondMomentProfile, telescopingRatios } from './depth.js';

const abs = defineActivation({ name: 'abs', value: Math.abs, derivative: Math.sign, kinks: [0] });

describe('homogeneousMoments', () => {
  it('gives E[φ(Z)²] = E[φ′(Z)²] for positively homogeneous φ and null otherwise', () => {
    expect(homogeneousMoments('relu')).toEqual({ forward: 0.5, backward: 0.5 });
    expect(homogeneousMoments('linear')).toEqual({ forward: 1, backward: 1 });
    expect(homogeneousMoments(leakyRelu(0.2))).toEqual({ forward: 0.52, backward: 0.52 });
    expect(homogeneousMoments(abs)).toEqual({ forward: 1, backward: 1 });
    expect(homogeneousMoments(tanh)).toBeNull();
    expect(homogeneousMoments(gelu)).toBeNull();
    expect(homogeneousMoments('softplus')).toBeNull(); // φ(0) ≠ 0
  });
});

describe('depthGain (He et al. 2015)', () => {
  it('ReLU: (c/2)^L — vanishing for c < 2, exploding for c > 2, 1 for He init', () => {
    expect(depthGain(2, 50)).toBe(1);
    expect(depthGain(1, 10)).toBe(2 ** -10);
    expect(depthGain(4, 3)).toBe(8);
    expect(depthGain(3, 0)).toBe(1);
  });

  it('leaky ReLU (c(1 + a²)/2)^L, linear c^L, and the old U(±1/√n) with c = 1/3', () => {
    expect(depthGain(2, 5, { activation: leakyRelu(0.2) })).toBeCloseTo(1.04 ** 5, 14);
    expect(depthGain(1 / 3, 4, { activation: 'linear' })).toBeCloseTo(3 ** -4, 16);
  });

  it('tanh: the length map from E[x₀²] = 1; one layer at c = 1 is E[tanh(Z)²] = 0.3942944903978412 (SciPy quad)', () => {
    expect(depthGain(1, 1, { activation: 'tanh' })).toBeCloseTo(0.3942944903978412, 14);
    const p = secondMomentProfile(1, 3, { activation: 'tanh' });
    expect(p.exactAtFiniteWidth).toBe(false);
    expect(p.activation[2]).toBeCloseTo(activationSecondMoment('tanh', p.activation[1]), 15);
    expect(depthGain(1, 3, { activation: 'tanh' })).toBe(p.activation[3]);
  });

  it('with a bias the ReLU profile follows q_l = c·E[x_{l−1}²] + σb², E[x_l²] = q_l/2', () => {
    const p = secondMomentProfile(2, 3, { biasVariance: 0.5, inputSecondMoment: 4 });
    expect(Array.from(p.preActivation)).toEqual([8.5, 9, 9.5]);
    expect(Array.from(p.activation)).toEqual([4, 4.25, 4.5, 4.75]);
    expect(p.exactAtFiniteWidth).toBe(true);
  });

  it('gradients: (c/2)^L for ReLU, and ∏ c·E[tanh′(√q_l Z)²] along the tanh profile', () => {
    expect(gradientGain(3, 4)).toBe(1.5 ** 4);
    const p = secondMomentProfile(1.2, 4, { activation: 'tanh' });
    expect(gradientGain(1.2, 4, { activation: 'tanh' })).toBe(p.gradient[0]);
    expect(p.gradient[4]).toBe(1);
    expect(p.gradient[0]).toBeLessThan(1); // tanh′² ≤ 1 and c·E[tanh′²] < 1 here
  });

  it('rejects bad arguments', () => {
    expect(() => depthGain(-1, 2)).toThrow(/weightScale must be >= 0/);
    expect(() => depthGain(2, 1.5)).toThrow(/depth must be an integer/);
    expect(() => depthGain(2, 2, { activation: 'nope' as never })).toThrow(/unknown activation/);
    expect(() => depthGain(2, 2, { activation: 'tanh', inputSecondMoment: 0 })).toThrow(/inputSecondMoment/);
    expect(() => secondMomentProfile(1e200, 3, { activation: 'tanh', inputSecondMoment: 1e200 })).toThrow(
      /overflows/,
    );
  });
});

describe('telescopingRatios (He et al. 2015, §2.2; Glorot & Bengio 2010)', () => {
  const widths = [10, 20, 40, 5];

  it('fan-in init preserves the forward pass; the backward pass changes by n_L/n₀', () => {
    const r = telescopingRatios(widths, { mode: 'fanIn' });
    expect(r.forward).toBe(1);
    expect(r.backward).toBeCloseTo(5 / 10, 15);
    expect(Array.from(r.backwardPerLayer)).toEqual([2, 2, 0.125]);
  });

  it('fan-out init does the opposite: forward n₀/n_L, backward 1', () => {
    const r = telescopingRatios(widths, { mode: 'fan_out' });
    expect(r.forward).toBeCloseTo(10 / 5, 15);
    expect(r.backward).toBe(1);
  });

  it('fan-avg (Glorot): factors 2n_{l−1}/(n_{l−1} + n_l) forward, 2n_l/(n_{l−1} + n_l) backward', () => {
    const r = telescopingRatios([10, 30], { mode: 'fanAvg' });
    expect(r.forward).toBeCloseTo(0.5, 15);
    expect(r.backward).toBeCloseTo(1.5, 15);
  });

  it('a scale other than the exact gain² multiplies every layer: Xavier (scale 1) on ReLU halves per layer', () => {
    expect(telescopingRatios([8, 8, 8, 8], { scale: 1 }).forward).toBe(0.125);
  });

  it('rejects non-homogeneous activations and bad widths', () => {
    expect(() => telescopingRatios(widths, { activation: 'tanh' })).toThrow(/not positively homogeneous/);
    expect(() => telescopingRatios([5])).toThrow(/at least an input and an output/);
    expect(() => telescopingRatios([5, 0])).toThrow(/widths\[1\]/);
    expect(() => telescopingRatios(widths, { mode: 'fanMax' as never })).toThrow(/unknown mode/);
    expect(() => telescopingRatios('10,20' as never)).toThrow(TypeError);
  });
});
