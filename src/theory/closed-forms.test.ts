/**
 * Closed forms the theory module must reproduce exactly, at points the other tests leave out (a
 * bias with an input second moment ≠ 1, the gradient profile, the leaky finite-width coefficient,
 * a constant SELU input), and errors that name the argument.
 */
import { describe, expect, it } from 'vitest';
import { defineActivation, leakyRelu, SELU_ALPHA, SELU_LAMBDA } from '../nn/activations.js';
import { homogeneousMoments } from './activation-moments.js';
import { depthGain, gradientGain, secondMomentProfile, telescopingRatios } from './depth.js';
import { depthNormRatioLaw, normRatioExpansion, reluNormRatioCdf, reluNormRatioLaw } from './finite-width.js';
import { residualGrowth, residualGrowthBound } from './residual.js';
import { seluJacobian, seluMomentMap } from './selu.js';

const close = (a: number, b: number, tol = 1e-14) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.abs(b));

describe('depth laws', () => {
  it('ReLU with a bias: q_l = c·E[x²_{l−1}] + σb², E[x_l²] = q_l/2 (c = 2, σb² = ½, E[x₀²] = 2: 2 → 2.25 → 2.5 → 2.75)', () => {
    close(depthGain(2, 3, { biasVariance: 0.5, inputSecondMoment: 2 }), 2.75 / 2);
    close(depthGain(2, 3, { biasVariance: 0.5 }), 1.75); // 1 → 1.25 → 1.5 → 1.75
  });
  it('ReLU gradients: E[g_l²] = (c/2)^(L−l), so [1.5⁴, 1.5³, 1.5², 1.5, 1] at c = 3, L = 4', () => {
    const g = Array.from(secondMomentProfile(3, 4).gradient);
    const want = [1.5 ** 4, 1.5 ** 3, 1.5 ** 2, 1.5, 1];
    for (let i = 0; i < want.length; i++) close(g[i], want[i]);
    close(gradientGain(3, 4), 1.5 ** 4);
  });
  it('errors name the argument', () => {
    expect(() => secondMomentProfile(2, 3, 3 as never)).toThrow(/^options must be an options object/);
    expect(() => secondMomentProfile(2, 3, { activation: 3 as never })).toThrow(/^activation must be/);
    expect(() => secondMomentProfile(2, 3, { biasVariance: -1 })).toThrow(/^biasVariance must be >= 0/);
    expect(() => secondMomentProfile(2, 3, { inputSecondMoment: -1 })).toThrow(
      /^inputSecondMoment must be >= 0/,
    );
    expect(() => secondMomentProfile(-1, 3)).toThrow(/^weightScale must be >= 0/);
    expect(() => secondMomentProfile(2, 1.5)).toThrow(/^depth must be an integer/);
    expect(() => gradientGain(-1, 3)).toThrow(/^weightScale must be >= 0/);
    expect(() => gradientGain(2, -1)).toThrow(/^depth must be an integer in \[0, 100000\]/);
    expect(() => telescopingRatios(3 as never)).toThrow(/^widths must be an array of layer widths/);
    expect(() => telescopingRatios([3, 4], 3 as never)).toThrow(/^options must be an options object/);
    expect(() => telescopingRatios([3, 4], { activation: 3 as never })).toThrow(/^activation must be/);
    expect(() => telescopingRatios([3, 4], { scale: 0 })).toThrow(/^scale must be > 0/);
  });
});

describe('finite-width expansion', () => {
  // per unit y = 2φ(z)²/(1 + a²) with E[y] = 1 and E[y²] = 6(1 + a⁴)/(1 + a²)², so
  // Var log R ≈ κ₂/n with κ₂ = 6(1 + a⁴)/(1 + a²)² − 1: 5 for ReLU, 2 for a linear layer (χ²ₙ/n)
  it.each([
    [0, 5],
    [1, 2],
    [0.5, (6 * (1 + 0.5 ** 4)) / (1 + 0.5 ** 2) ** 2 - 1],
  ])('slope %s: variance κ₂/n and first-order log mean −κ₂/(2n), κ₂ = %s', (slope, k2) => {
    for (const n of [10, 16]) {
      const e = normRatioExpansion(n, { slope });
      close(e.variance, k2 / n, 1e-13);
      close(e.logMeanFirstOrder, -k2 / (2 * n), 1e-13);
    }
  });
  it('a ReLU stack is conditioned on every layer being alive; a leaky one needs no conditioning', () => {
    expect(depthNormRatioLaw([4, 4]).conditioned).toBe(true);
    expect(depthNormRatioLaw([4, 4], { slope: 0.5 }).conditioned).toBe(false);
  });
  it('errors name the argument', () => {
    expect(() => normRatioExpansion(10, 3 as never)).toThrow(/^options must be an options object/);
    expect(() => normRatioExpansion(0)).toThrow(/^width must be an integer/);
    expect(() => reluNormRatioLaw(0)).toThrow(/^width must be an integer in \[1, 1000000000\]/);
    expect(() => reluNormRatioCdf(0)).toThrow(/^width must be an integer/);
    expect(() => reluNormRatioCdf(4)(Number.NaN)).toThrow(/^r must be finite/);
    expect(() => depthNormRatioLaw(3 as never)).toThrow(/^widths must be an array \[n₀, n₁, …, n_L\]/);
  });
});

describe('SELU moment map', () => {
  it('a constant input (ν = 0) maps to the constant selu(ωμ): λ·0.5 above 0, λα(e^−0.5 − 1) below', () => {
    const up = seluMomentMap(1, 0, { omega: 0.5 });
    expect(up).toEqual({ mean: SELU_LAMBDA * 0.5, variance: 0 });
    const down = seluMomentMap(1, 0, { omega: -0.5 });
    close(down.mean, SELU_LAMBDA * SELU_ALPHA * Math.expm1(-0.5));
    expect(down.variance).toBe(0);
    close(seluMomentMap(1, 0, { omega: -0.5, lambda: 2, alpha: 3 }).mean, 6 * Math.expm1(-0.5));
  });
  it('errors name the argument', () => {
    expect(() => seluMomentMap(Number.NaN, 1)).toThrow(/^mean must be finite/);
    expect(() => seluMomentMap(0, 1, 3 as never)).toThrow(/^options must be an options object/);
    expect(() => seluMomentMap(0, 1, { omega: Number.NaN })).toThrow(/^omega must be finite/);
    expect(() => seluMomentMap(0, 1, { tau: -1 })).toThrow(/^tau must be >= 0/);
    expect(() => seluMomentMap(0, 1, { lambda: 0 })).toThrow(/^lambda must be > 0/);
    expect(() => seluMomentMap(0, 1, { alpha: Number.NaN })).toThrow(/^alpha must be finite/);
    expect(() => seluJacobian(Number.NaN)).toThrow(/^mean must be finite/);
    expect(() => seluJacobian(0, 1, 3 as never)).toThrow(/^options must be an options object/);
  });
});

describe('positively homogeneous activations', () => {
  it('forward = (φ(1)² + φ(−1)²)/2 and backward = (φ′(1)² + φ′(−1)²)/2: 4.625 for slopes 3 and ½', () => {
    const lopsided = defineActivation({
      name: 'lopsided',
      value: (x) => (x > 0 ? 3 * x : 0.5 * x),
      derivative: (x) => (x > 0 ? 3 : 0.5),
      kinks: [0],
    });
    expect(homogeneousMoments(lopsided)).toEqual({ forward: 4.625, backward: 4.625 });
    // leakyRelu(0.01): (1 + 10⁻⁴)/2, although 0.01·(λx) and λ·(0.01x) differ in the last bit
    expect(homogeneousMoments(leakyRelu(0.01))).toEqual({ forward: 0.50005, backward: 0.50005 });
    expect(homogeneousMoments('tanh')).toBeNull();
    expect(homogeneousMoments('softplus')).toBeNull();
  });
});

describe('residual growth', () => {
  it('a zero branch gain is allowed and gives growth 1; errors name the option and the layer', () => {
    expect(residualGrowth(3, { branchGain: 0 })).toBe(1);
    expect(residualGrowth(2, { branchGain: [0, 3], alpha: 0.5 })).toBe(1.75);
    expect(() => residualGrowth(2, 3 as never)).toThrow(/^options must be an options object/);
    expect(() => residualGrowth(2, { alpha: 'x' as never })).toThrow(
      /^alpha must be a number or an array, got "x"/,
    );
    expect(() => residualGrowth(2, { alpha: [1, Number.NaN] })).toThrow(/^alpha\[1\] must be finite/);
    expect(() => residualGrowth(2, { branchGain: [1, Number.NaN] })).toThrow(
      /^branchGain\[1\] must be finite/,
    );
    expect(() => residualGrowth(2, { branchGain: Number.NaN })).toThrow(/^branchGain must be finite/);
    expect(() => residualGrowth(2, { branchGain: -1 })).toThrow(/^branchGain must be >= 0, got -1/);
    expect(() => residualGrowthBound(-1)).toThrow(/^branchGain must be >= 0/);
  });
});
