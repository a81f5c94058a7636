/** Regressions found by properties/fuzz.property.ts: bad input to wixi/theory is refused, by name. */
import { describe, expect, it } from 'vitest';
import { holey, hugeSparse, throwsBeforeWalking } from '../../properties/support/hostile.js';
import { normal } from '../random/distributions.js';
import {
  chiSquareCdf,
  depthNormRatioLaw,
  fixedPoint,
  normRatioExpansion,
  productMoments,
  productVariance,
  regularizedGammaP,
  regularizedGammaQ,
  reluNormRatioLaw,
  residualGrowth,
  seluJacobian,
  seluMomentMap,
  sigmoidDerivativeAsymptote,
  sumMoments,
  sumVariance,
  telescopingRatios,
} from './index.js';

describe('wixi/theory refuses bad input', () => {
  it('telescopingRatios refuses a sparse widths array at once (it used to walk 2³² − 1 holes)', () => {
    throwsBeforeWalking(() => telescopingRatios(hugeSparse()), RangeError);
    throwsBeforeWalking(() => telescopingRatios(holey(3, 4)), TypeError);
    expect(() => telescopingRatios([3, 0])).toThrow(/widths\[1\]/);
  });

  it('sigmoidDerivativeAsymptote at a subnormal s is the series limit ±Infinity, not ∞ − ∞ = NaN', () => {
    expect(sigmoidDerivativeAsymptote(5e-324, { terms: 3 })).toBe(Number.POSITIVE_INFINITY);
    expect(sigmoidDerivativeAsymptote(5e-324, { terms: 2 })).toBe(Number.NEGATIVE_INFINITY);
    expect(sigmoidDerivativeAsymptote(5e-324)).toBe(Number.POSITIVE_INFINITY);
    expect(sigmoidDerivativeAsymptote(3, { terms: 3 })).toBeCloseTo(0.118004483961144, 14);
  });

  it('the incomplete gamma functions: a probability at a subnormal shape, a RangeError above 10⁶', () => {
    expect(chiSquareCdf(1e-323, 1e-323)).toBe(1);
    const p = chiSquareCdf(1, 1e-323); // P(χ²ₖ ≤ 1) → 1 as k → 0
    expect(p).toBeGreaterThan(0.999);
    expect(p).toBeLessThanOrEqual(1);
    expect(regularizedGammaP(5e-324, 5e-324)).toBe(1);
    expect(regularizedGammaQ(5e-324, 3)).toBeGreaterThanOrEqual(0);
    expect(() => regularizedGammaQ(1e300, 1e300)).toThrow(/^a must be <= 1000000/);
    expect(() => regularizedGammaP(1e16, 1e16)).toThrow(RangeError);
    expect(() => chiSquareCdf(1e12, 1.79e308)).toThrow(/^k must be <= 2000000/);
    expect(regularizedGammaP(1e6, 1e300)).toBe(1);
  });

  it('the finite-width laws at a huge slope are those at 1/a (R is invariant under a → 1/a), not ∞/∞', () => {
    expect(normRatioExpansion(7, { slope: 2 })).toEqual(normRatioExpansion(7, { slope: 0.5 }));
    const e = normRatioExpansion(1, { slope: 1e300 });
    expect(Object.values(e).some(Number.isNaN)).toBe(false);
    expect(e.variance).toBe(5); // the ReLU limit
    const r = reluNormRatioLaw(1, { slope: 1e300 });
    expect(r.slope).toBe(1e300);
    expect(r.conditioned).toBe(true);
    expect(r.logMean).not.toBeNaN();
    const d = depthNormRatioLaw([1, 1], { slope: 1e300 });
    expect([d.logMean, d.logVariance, d.variance].some(Number.isNaN)).toBe(false);
    expect(d.conditioned).toBe(true);
  });

  it('product and sum moments at tiny and huge moments: exact kurtosis, overflow to Infinity, never NaN', () => {
    const noNaN = (m: object) => expect(Object.values(m).some(Number.isNaN), JSON.stringify(m)).toBe(false);
    const tiny = productMoments(normal(), { mean: 0, variance: 5e-324 });
    noNaN(tiny);
    expect(tiny.kurtosis).toBeCloseTo(9, 12); // a product of two zero-mean normals, at any scale
    const scaledConstant = productMoments({ mean: -7.9e-163, variance: 0 }, normal({ mean: 1 }));
    noNaN(scaledConstant);
    expect(scaledConstant.kurtosis).toBeCloseTo(3, 12); // a constant times a normal
    const huge = productMoments({ mean: 1e200, variance: 1 }, { mean: 1e200, variance: 0 });
    noNaN(huge);
    expect(huge.variance).toBe(Number.POSITIVE_INFINITY);
    expect(huge.kurtosis).toBeCloseTo(3, 12);
    noNaN(sumMoments(3, { mean: 1e200, variance: 0 }, { mean: 1e200, variance: 1 }));
    expect(productVariance({ mean: 0, variance: 0 }, { mean: 1e200, variance: 1 })).toBe(0);
    expect(sumVariance(2, { mean: 1e200, variance: 0 }, { mean: 0, variance: 1 })).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(() => productMoments({ variance: 1e-300, fourthCentralMoment: 1e300 }, normal())).toThrow(
      /kurtosis/,
    );
  });

  it('the SELU moment map and Jacobian at extreme parameters: finite or Infinity, or a RangeError; never NaN', () => {
    const big = seluMomentMap(0, 1, { alpha: 1e300 });
    expect(big.variance).toBe(Number.POSITIVE_INFINITY);
    expect(big.mean).toBeLessThan(0);
    const both = seluMomentMap(0, 1, { lambda: 1e300, alpha: 1e300 });
    expect([both.mean, both.variance].some(Number.isNaN)).toBe(false);
    expect(() => seluMomentMap(1e300, 1, { omega: 1e300 })).toThrow(/^the pre-activation mean/);
    const j = seluJacobian(1e300, 0.5, { omega: 1e-146, tau: 0.5 });
    expect(j.matrix.flat().some(Number.isNaN)).toBe(false);
    expect(j.spectralNorm).not.toBeNaN();
    const fixed = seluMomentMap(0, 1);
    expect(fixed.mean).toBeCloseTo(0, 12);
    expect(fixed.variance).toBeCloseTo(1, 12);
  });
});

describe('residualGrowth stays finite where α² overflows', () => {
  it('a zero branch gain gives growth 1 at any α (∞·0 was NaN; the fuzzer, WIXI_SEED=1760866208)', () => {
    expect(residualGrowth(1, { alpha: 1e300, branchGain: 0 })).toBe(1);
    // α² = 1e400 overflows but α²·g = 1e100 does not: growth (1 + 1e100)² = 1e200
    expect(residualGrowth(2, { alpha: 1e200, branchGain: 1e-300 }) / 1e200).toBeCloseTo(1, 12);
    expect(residualGrowth(3, { alpha: 0.5, branchGain: 2 })).toBe(1.5 ** 3);
  });
});

describe('wixi/theory fixedPoint from a subnormal q₀', () => {
  it('ends: 1e-9·q₀ underflows to 0, so the halving counts its steps (the fuzzer hung on elu from 5e-324)', () => {
    // elu(x) ≈ x near 0, so L(q) ≈ σw²·q < q at σw² = 0.518: the iteration falls to the fixed point 0.
    expect(fixedPoint('elu', 0.5179984889441404, 0, { q0: 5e-324 })).toBe(0);
    expect(fixedPoint('tanh', 0.5, 0, { q0: 1e-310 })).toBe(0);
    // Without underflow the floor is unchanged: 0 from 2⁻³⁰·q₀ < 1e-9·q₀ on, whatever q₀.
    expect(fixedPoint('tanh', 0.5, 0, { q0: 1e300 })).toBe(0);
    // Rising from a subnormal q₀ still finds the positive root: ReLU, σw² = 1, σb² = ½ has q* = 1.
    expect(Math.abs(fixedPoint('relu', 1, 0.5, { q0: 5e-324 }) - 1)).toBeLessThan(1e-13);
  });
});

describe('wixi/theory moments that no law has', () => {
  it('are refused by name: skewness 1.8e308 with a normal’s kurtosis gave a NaN μ₄ (4·s overflowed, times 0)', () => {
    const impossible = { mean: 0, variance: 1, thirdCentralMoment: Number.MAX_VALUE };
    expect(() => sumMoments(1, impossible, normal())).toThrow(
      /^w: no law has skewness .* kurtosis ≥ 1 \+ skewness²/,
    );
    expect(() => productMoments(normal(), impossible)).toThrow(/^x: no law has skewness/);
    // Pearson's bound κ ≥ 1 + s² is reached by two-point laws: Bernoulli(0.1) has s² = 64/9, κ = 73/9
    const p = 0.1;
    const bernoulli = {
      mean: p,
      variance: p * (1 - p),
      thirdCentralMoment: p * (1 - p) * (1 - 2 * p),
      fourthCentralMoment: p * (1 - p) * (1 - 3 * p + 3 * p * p),
    };
    expect(Math.abs(productMoments(bernoulli, { mean: 1, variance: 0 }).kurtosis - 73 / 9)).toBeLessThan(
      1e-12,
    );
  });
  it('a μ₄ that is below σ⁴ only because σ⁴ underflows is refused, not read as κ = 1', () => {
    expect(() => productMoments({ variance: 1e-300, fourthCentralMoment: 0 }, normal())).toThrow(
      /^w: the kurtosis μ₄\/σ⁴ = 0 is below 1/,
    );
  });
});
