/**
 * The theory functions with user-defined activations (`defineActivation`): a kink away from 0 must
 * be split by the quadratures (the built-ins all kink at 0, where every Gaussian expectation splits
 * anyway), the positive-homogeneity test has a documented tolerance, and the edge of chaos of a
 * rescaled tanh and of the zero unit follow in closed form.
 */
import { describe, expect, it } from 'vitest';
import { defineActivation } from '../nn/activations.js';
import { activationSecondMoment, derivativeSecondMoment, homogeneousMoments } from './activation-moments.js';
import { depthGain, gradientGain, telescopingRatios } from './depth.js';
import { chi1, correlationMap, criticalWeightVariance } from './mean-field.js';

function rel(a: number, b: number): number {
  return Math.abs(a / b - 1);
}

/** φ(x) = max(x − t, 0), a ReLU with its threshold at t = 0.3 (kink at 0.3, not at 0). */
const T = 0.3;
const shifted = defineActivation({
  name: 'shiftedRelu',
  value: (x) => Math.max(x - T, 0),
  derivative: (x) => (x > T ? 1 : 0),
  kinks: [T],
});

describe('a kink away from 0 is split at (the quadratures use the activation’s kinks)', () => {
  // closed forms for Z ~ N(0, 1), t = 0.3 (mpmath 1.3, 30 digits: ncdf, npdf):
  // E[(Z − t)₊²] = (1 + t²)Φ(−t) − tφ(t), E[1{Z > t}] = Φ(−t), E[(Z − t)₊] = φ(t) − tΦ(−t)
  const E2 = 0.3020602051758844;
  const ED2 = 0.3820885778110474;
  it('E[φ(Z)²] = (1 + t²)Φ(−t) − tφ(t) and E[φ′(Z)²] = Φ(−t) to 1e-14', () => {
    expect(rel(activationSecondMoment(shifted, 1), E2)).toBeLessThan(1e-14);
    expect(rel(derivativeSecondMoment(shifted, 1), ED2)).toBeLessThan(1e-14);
  });
  it('the correlation map: c′(1) = 1 exactly and c′(0) = E[φ]²/E[φ²] = 0.23558734012804014', () => {
    // c = 1: the cross moment is E[φ(u)²], the same integral as the next variance
    expect(Math.abs(correlationMap(shifted, 1, 0, 1, { q: 1 }) - 1)).toBeLessThan(1e-15);
    // c = 0: u₁, u₂ independent, E[φ(u₁)φ(u₂)] = E[φ]²
    expect(rel(correlationMap(shifted, 1, 0, 0, { q: 1 }), 0.23558734012804014)).toBeLessThan(1e-13);
  });
});

/** c·(x + δ·sign(x)·max(|x| − 2, 0)): linear with slope c, and slope c(1 + δ) beyond |x| = 2. */
function bentLinear(c: number, delta: number) {
  const value = (x: number) => c * (x + delta * Math.sign(x) * Math.max(Math.abs(x) - 2, 0));
  return defineActivation({
    name: `bent(${c}, ${delta})`,
    value,
    derivative: (x) => c * (Math.abs(x) > 2 ? 1 + delta : 1),
    kinks: [-2, 2],
  });
}

describe('homogeneousMoments: |φ(λx) − λφ(x)| ≤ 1e-12·max(|λφ(x)|, |λx|) at the probes, and φ(0) = 0', () => {
  it('a bend of relative size 1e-13 beyond |x| = 2 passes; one of 1e-11 does not', () => {
    // φ(λx) − λφ(x) = cδ·(sign·max(|λx| − 2, 0) − λ·sign·max(|x| − 2, 0)), at most ≈ 0.47·δ·|λφ(x)|
    // for λ ∈ {0.37, 2.9} and |x| ∈ {0.61, 1.3, 3.7}
    for (const c of [1, 100]) {
      expect(homogeneousMoments(bentLinear(c, 1e-13))).toEqual({ forward: c * c, backward: c * c });
      expect(homogeneousMoments(bentLinear(c, 1e-11))).toBeNull();
    }
  });
  it('the tolerance is relative to |λx| where that is larger: a unit scaled by 0.01 may bend by 1e-10', () => {
    // |φ(λx) − λφ(x)| ≤ 0.01·3.8·1e-10·… < 1e-12·|λx| at every probe
    expect(homogeneousMoments(bentLinear(0.01, 1e-10))).not.toBeNull();
  });
  it('φ(0) ≠ 0 is not homogeneous even when φ(λx) = λφ(x) for x ≠ 0', () => {
    const lifted = defineActivation({
      name: 'reluLiftedAt0',
      value: (x) => (x === 0 ? 1 : Math.max(x, 0)),
      derivative: (x) => (x > 0 ? 1 : 0),
    });
    expect(homogeneousMoments(lifted)).toBeNull();
  });
  it('a linear unit clipped below at −5 is not homogeneous (seen at x = −3.7, λ = 2.9)', () => {
    const clipped = defineActivation({
      name: 'clippedLinear',
      value: (x) => Math.max(x, -5),
      derivative: (x) => (x > -5 ? 1 : 0),
      kinks: [-5],
    });
    expect(homogeneousMoments(clipped)).toBeNull();
  });
  it('errors name the argument', () => {
    for (const f of [
      () => activationSecondMoment(3 as never),
      () => derivativeSecondMoment(3 as never),
      () => homogeneousMoments(3 as never),
    ]) {
      expect(f).toThrow(/^activation must be an activation name or an Activation object, got 3$/);
    }
    expect(() => activationSecondMoment({} as never)).toThrow(
      /^activation must be an activation name or an Activation object, got/,
    );
    expect(() => activationSecondMoment('nope' as never)).toThrow(
      /^unknown activation "nope"; expected one of/,
    );
    expect(() => activationSecondMoment('relu', -1)).toThrow(/^q must be >= 0, got -1/);
    expect(() => derivativeSecondMoment('relu', -1)).toThrow(/^q must be >= 0, got -1/);
  });
});

describe('the zero unit φ ≡ 0', () => {
  const zero = defineActivation({ name: 'zero', value: () => 0, derivative: () => 0 });
  it('is homogeneous with E[φ²] = 0, which telescopingRatios refuses', () => {
    expect(homogeneousMoments(zero)).toEqual({ forward: 0, backward: 0 });
    expect(() => telescopingRatios([4, 8], { activation: zero })).toThrow(
      /^activation "zero" is identically zero$/,
    );
  });
  it('has χ₁ = 0 at every σw²: no edge of chaos in [2⁻³¹, 2³¹]', () => {
    expect(() => criticalWeightVariance(zero, 1)).toThrow(
      /^no edge of chaos found for zero at biasVariance=1: χ₁ − 1 does not change sign in \[2\^-31, 2\^31\]$/,
    );
  });
});

describe('the edge of chaos of φ(x) = tanh(c·x) at σb² = 0 is σw² = 1/c²', () => {
  // with q̃ = c²q the length map of tanh(c·) at σw² is that of tanh at c²σw², and χ₁ is tanh's
  // χ₁ at c²σw²; tanh's edge at σb² = 0 is 1, where q* = 0 and χ₁ = σw²·tanh′(0)² = 1
  const scaledTanh = (name: string, c: number) => {
    // the bump of φ′ is 1/c wide: breakpoints at ±2ʲ/c let the quadrature resolve it at any q
    const kinks: number[] = [];
    for (let j = -4; j <= 6; j++) kinks.push(-(2 ** j) / c, 2 ** j / c);
    return defineActivation({
      name,
      value: (x) => Math.tanh(c * x),
      derivative: (x) => c * (1 - Math.tanh(c * x) ** 2),
      kinks,
    });
  };
  it('c = 2: σw² = 1/4, found by halving from 0.5', () => {
    expect(criticalWeightVariance(scaledTanh('tanh2x', 2))).toBe(0.25);
  });
  it('c = ½: σw² = 4, found by doubling from 2', () => {
    expect(criticalWeightVariance(scaledTanh('tanhHalfX', 0.5))).toBe(4);
  });
  it('c = 2^±15.75: the edge 2^∓31.5 lies outside the range [2⁻³¹, 2³¹] searched, a RangeError', () => {
    const steep = scaledTanh('steepTanh', 2 ** 15.75);
    // deep in the chaotic phase (q* ≈ σw²) χ₁ ≈ (4/3)φ(0)·σw·c ≫ 1, so χ₁ − 1 > 0 on all of the range
    expect(chi1(steep, 0.5, 0)).toBeGreaterThan(1e4);
    expect(() => criticalWeightVariance(steep)).toThrow(
      /^no edge of chaos found for steepTanh at biasVariance=0/,
    );
    expect(() => criticalWeightVariance(scaledTanh('flatTanh', 2 ** -15.75))).toThrow(
      /^no edge of chaos found for flatTanh at biasVariance=0/,
    );
  });
});

describe('the homogeneous depth laws do not depend on the input’s scale', () => {
  it('(c/2)^L forward and backward for ReLU even where E[x₀²]·(c/2)^l overflows (c = 4, L = 30, E[x₀²] = 1e300)', () => {
    const o = { inputSecondMoment: 1e300 };
    expect(depthGain(4, 30, o)).toBe(2 ** 30);
    expect(gradientGain(4, 30, o)).toBe(2 ** 30);
    // E[x₀²] = 0 (an all-zero input) leaves the per-layer factor c·E[φ(Z)²] = 1 at He init
    expect(depthGain(2, 10, { inputSecondMoment: 0 })).toBe(1);
  });
});
