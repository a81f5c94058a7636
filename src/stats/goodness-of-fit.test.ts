/**
 * Kolmogorov–Smirnov distances worked by hand (continuous and discrete laws, ties), the DKW
 * critical values and the KS sample-size plan.
 */
import { describe, expect, it } from 'vitest';
import {
  dkwEpsilon,
  ksDistance,
  ksDistance2,
  ksSamplesFor,
  testDistribution,
  testSameDistribution,
} from './goodness.js';

const U = (x: number) => Math.min(1, Math.max(0, x)); // U(0, 1)
const bernoulli = (p: number) => (x: number) => (x < 0 ? 0 : x < 1 ? 1 - p : 1);

describe('ksDistance', () => {
  it('[0.1, 0.5, 0.9] against U(0, 1): sup |F_n − F| = 1/3 − 0.1 = 7/30, on either side of a jump', () => {
    expect(ksDistance([0.5, 0.9, 0.1], U)).toBeCloseTo(7 / 30, 15);
    expect(ksDistance([0.1, 0.5, 0.8], U)).toBeCloseTo(7 / 30, 15);
    // the left limit: F_n(0.6−) = 0 against F(0.6) = 0.6
    expect(ksDistance([0.6, 0.7, 0.8], U)).toBeCloseTo(0.6, 15);
  });
  it('discrete laws: atoms are compared on both sides of the jump', () => {
    expect(ksDistance([0, 0, 1, 1], bernoulli(0.5))).toBe(0);
    expect(ksDistance([0, 0, 1, 1], bernoulli(0.3))).toBeCloseTo(0.2, 15);
    // all ones against Bernoulli(½): F(1−) = ½ while F_n(1−) = 0
    expect(ksDistance([1, 1, 1, 1], bernoulli(0.5))).toBe(0.5);
    expect(ksDistance([-1e-300, 1], bernoulli(0.5))).toBe(0.5);
  });
  it('errors name x and cdf', () => {
    expect(() => ksDistance([], U)).toThrow(/^x must not be empty, got length 0/);
    expect(() => ksDistance('abc' as never, U)).toThrow(
      /^x must be an array or typed array of numbers, got "abc"/,
    );
    expect(() => ksDistance([0.5, Number.NaN], U)).toThrow(/x/);
    expect(() => ksDistance([0.5], 3 as never)).toThrow(/^cdf must be/);
    expect(() => ksDistance([0.5], () => 2)).toThrow(
      /^cdf must return a probability in \[0, 1\], got cdf\(0.5\) = 2$/,
    );
    expect(() => ksDistance([0.5], () => Number.NaN)).toThrow(/^cdf must return a probability/);
  });
});

describe('ksDistance2', () => {
  it('identical samples 0, disjoint 1, interleaved and tied by hand', () => {
    expect(ksDistance2([1, 2, 3], [3, 2, 1])).toBe(0);
    expect(ksDistance2([1, 2, 3], [4, 5])).toBe(1);
    expect(ksDistance2([4, 5], [1, 2, 3])).toBe(1);
    expect(ksDistance2([1, 2, 3, 4], [2.5])).toBe(0.5);
    expect(ksDistance2([1, 1, 2], [1, 2, 2])).toBeCloseTo(1 / 3, 15);
  });
  it('errors name x and y', () => {
    expect(() => ksDistance2([1], [])).toThrow(/^y must not be empty/);
    expect(() => ksDistance2(3 as never, [1])).toThrow(/^x must be an array/);
  });
});

describe('decisions and plans', () => {
  it('dkwEpsilon(n, α) = √(ln(2/α)/(2n)): 0.05 at n = 50 gives √(ln 40/100)', () => {
    expect(dkwEpsilon(50, 0.05)).toBeCloseTo(Math.sqrt(Math.log(40) / 100), 15);
    expect(() => dkwEpsilon(0, 0.05)).toThrow(/^n must be/);
    expect(() => dkwEpsilon(5, 0)).toThrow(/^alpha must be/);
  });
  it('testDistribution fails only above the DKW critical value; defaults α = 0.05', () => {
    const r = testDistribution([0.1, 0.5, 0.9], U);
    expect(r).toMatchObject({ decision: 'pass', alpha: 0.05, n: 3 });
    expect(r.critical).toBeCloseTo(dkwEpsilon(3, 0.05), 15);
    expect(testDistribution([0.9, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97], U).decision).toBe('fail');
    // D = 7/30 = 0.2333 against ε(3, α) = √(ln(2/α)/6): fails once ε < 7/30, i.e. α > 2e^{−0.3267}
    expect(testDistribution([0.1, 0.5, 0.9], U, { alpha: 0.9 }).decision).toBe('pass');
    expect(testDistribution([0.1, 0.5, 0.9], U, { alpha: 0.999 }).decision).toBe('pass');
    expect(() => testDistribution([0.5], U, 3 as never)).toThrow(/^options must be an options object/);
    expect(() => testDistribution([0.5], U, { alpha: 2 })).toThrow(/^alpha must be/);
  });
  it('testSameDistribution splits α over the two DKW bands', () => {
    const r = testSameDistribution([1, 2, 3], [4, 5], { alpha: 0.1 });
    expect(r).toMatchObject({ decision: 'pass', distance: 1, alpha: 0.1, n: 5 });
    expect(r.critical).toBeCloseTo(dkwEpsilon(3, 0.05) + dkwEpsilon(2, 0.05), 15);
    const far = Array.from({ length: 200 }, (_, i) => i);
    expect(
      testSameDistribution(
        far,
        far.map((v) => v + 1000),
      ).decision,
    ).toBe('fail');
    expect(testSameDistribution(far, far).decision).toBe('pass');
    expect(() => testSameDistribution([1], [2], 3 as never)).toThrow(/^options must be an options object/);
  });
  it('ksSamplesFor: the smallest n with ε(n, α) + √(ln(1/β)/(2n)) ≤ d', () => {
    const d = 0.1;
    const n = ksSamplesFor({ distance: d, alpha: 0.05, power: 0.9 });
    const reach = (m: number) => dkwEpsilon(m, 0.05) + Math.sqrt(Math.log(10) / (2 * m));
    expect(reach(n)).toBeLessThanOrEqual(d);
    expect(reach(n - 1)).toBeGreaterThan(d);
    expect(() => ksSamplesFor({ distance: 1, alpha: 0.05, power: 0.9 })).toThrow(
      /^distance must be < 1, got 1/,
    );
    expect(() => ksSamplesFor({ distance: 0, alpha: 0.05, power: 0.9 })).toThrow(/^distance must be > 0/);
    expect(() => ksSamplesFor({ distance: 0.1, alpha: 2, power: 0.9 })).toThrow(/^alpha must be/);
    expect(() => ksSamplesFor({ distance: 0.1, alpha: 0.05, power: 2 })).toThrow(/^power must be/);
    expect(() => ksSamplesFor(3 as never)).toThrow(/^options must be an options object/);
  });
});

/** The error `f` throws (vitest's toThrow(/re/) also passes when `f` throws undefined). */
const thrown = (f: () => unknown): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('did not throw');
};

describe('left limits one double below a sample', () => {
  // two atoms of ½, at a sample v and at the double just below it: the sample [a, v] is the law
  // itself, D = 0. F(v−) = F(a) must be read at a, not two doubles below v (found by mutation testing:
  // the old v − |v|·2.3e-16 stepped over a for v = 1, 0.75, 1.5, …, giving D = ½)
  const twoAtoms = (a: number, v: number) => (x: number) => (x < a ? 0 : x < v ? 0.5 : 1);
  it.each([
    [1 - 2 ** -53, 1],
    [1.5 - 2 ** -52, 1.5],
    [-0.75 - 2 ** -53, -0.75],
    [1.25 - 2 ** -52, 1.25],
    [-Number.MIN_VALUE, 0],
  ])('atoms at %s and %s: D = 0', (a, v) => {
    expect(ksDistance([a, v], twoAtoms(a, v))).toBe(0);
    expect(ksDistance([v, v], twoAtoms(a, v))).toBe(0.5); // all mass on the upper atom
  });
});

describe('checks on typed arrays and the cdf', () => {
  it('a NaN or ±Infinity in a typed array is named with its index', () => {
    const e = thrown(() => ksDistance(Float64Array.of(0.5, Number.NaN), U));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe('x[1] must be finite, got NaN');
    const f = thrown(() => ksDistance2([1], Float32Array.of(1, Number.POSITIVE_INFINITY)));
    expect(f).toBeInstanceOf(RangeError);
    expect(f.message).toBe('y[1] must be finite, got Infinity');
  });
  it('a cdf below 0 is refused like one above 1', () => {
    const e = thrown(() => ksDistance([0.5], () => -0.5));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe('cdf must return a probability in [0, 1], got cdf(0.5) = -0.5');
  });
  it('testSameDistribution names alpha', () => {
    expect(() => testSameDistribution([1], [2], { alpha: 2 })).toThrow(/^alpha must be in \(0, 1\), got 2$/);
  });
});

describe('fail iff D > ε: at D = ε exactly the tests pass', () => {
  it('two ones against Bernoulli(½): D = ½ = ε(2, 2/e) = √(ln(e)/4)', () => {
    const r = testDistribution([1, 1], bernoulli(0.5), { alpha: 2 / Math.E });
    expect([r.distance, r.critical]).toEqual([0.5, 0.5]);
    expect(r.decision).toBe('pass');
  });
  it('disjoint samples of 8: D = 1 = 2·ε(8, α/2) at α = 4e⁻⁴ (2·√(ln(4/α)/16) = 1)', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    const r = testSameDistribution(
      x,
      x.map((v) => v + 10),
      { alpha: 4 * Math.exp(-4) },
    );
    expect([r.distance, r.critical]).toEqual([1, 1]);
    expect(r.decision).toBe('pass');
  });
});
