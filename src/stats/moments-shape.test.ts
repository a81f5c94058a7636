/**
 * Shape statistics worked by hand, for even and odd lengths (the two summation lanes and the odd
 * tail), and at scales where m₂² underflows (the shape is scale-free and must survive).
 */
import { describe, expect, it } from 'vitest';
import { moments, secondMoment } from './moments.js';

const close = (a: number, b: number) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(2e-15 * Math.max(1, Math.abs(b)));

describe('moments: skewness and kurtosis by hand', () => {
  it('[0, 0, 0, 4]: m₂ = 3, m₃ = 6, m₄ = 21, skewness 2/√3, kurtosis 7/3', () => {
    const m = moments([0, 0, 0, 4]);
    expect([m.n, m.mean, m.m2, m.m3, m.m4]).toEqual([4, 1, 3, 6, 21]);
    close(m.variance, 4);
    close(m.skewness, 2 / Math.sqrt(3));
    close(m.kurtosis, 7 / 3);
    close(m.secondMoment, 4);
  });
  it('[0, 4, 0] (odd length, the outlier in the second lane): m₂ = 32/9, skewness 1/√2, kurtosis 3/2', () => {
    for (const x of [
      [0, 4, 0],
      [0, 0, 4],
      [4, 0, 0],
    ]) {
      const m = moments(x);
      close(m.mean, 4 / 3);
      close(m.m2, 32 / 9);
      close(m.m3, 128 / 27);
      close(m.m4, 512 / 27);
      close(m.variance, 16 / 3);
      close(m.skewness, Math.SQRT1_2);
      close(m.kurtosis, 1.5);
    }
  });
  it('the same shape at scale 1e-300, where m₂² and m₄ underflow to 0, and in a Float32Array', () => {
    const m = moments([0, 0, 0, 4e-300]);
    close(m.skewness, 2 / Math.sqrt(3));
    close(m.kurtosis, 7 / 3);
    const f = moments(Float32Array.from([0, 0, 0, 4]));
    close(f.skewness, 2 / Math.sqrt(3));
    close(f.kurtosis, 7 / 3);
  });
  it('constant data: skewness and kurtosis 0 by convention; one observation has variance 0', () => {
    expect(moments([2, 2, 2])).toMatchObject({
      mean: 2,
      variance: 0,
      skewness: 0,
      kurtosis: 0,
      secondMoment: 4,
    });
    expect(moments([5])).toMatchObject({ n: 1, mean: 5, variance: 0, secondMoment: 25 });
  });
  it('errors name x and the element', () => {
    expect(() => moments('abc' as never)).toThrow(
      /^x must be an array or typed array of numbers, got "abc"$/,
    );
    expect(() => moments([])).toThrow(/^x must not be empty, got length 0$/);
    expect(() => moments(Float64Array.from([1, Number.NaN]))).toThrow(/^x\[1\]/);
    expect(() => moments([1e300, -1e300, 1e300])).toThrow(
      /^x is too large: its fourth central moment overflows$/,
    );
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

describe('moments: m₄ and m₂² subnormal, rounded differently', () => {
  it('m₄ = 5e-324 while m₂² underflows to 0: [0, 0, 0, 2.6e-81] still has kurtosis 7/3', () => {
    const m = moments([0, 0, 0, 2.6e-81]);
    expect(m.m4).toBeGreaterThan(0); // the case in question: m₄ is one subnormal step, m₂² is 0
    expect(m.m2 * m.m2).toBe(0);
    close(m.skewness, 2 / Math.sqrt(3));
    close(m.kurtosis, 7 / 3);
  });
  it('m₄ rounds to 0 while m₂² does not: 8e-82·[−1, 0, 3, 2] still has kurtosis 34/25 (κ ≥ 1 always)', () => {
    // deviations ±2c, ±c about the mean c: m₂ = 5c²/2, m₄ = 17c⁴/2, κ = (17/2)/(25/4) = 34/25
    const m = moments([-1, 0, 3, 2].map((v) => v * 8e-82));
    expect(m.m4).toBe(0);
    expect(m.m2 * m.m2).toBeGreaterThan(0);
    close(m.skewness, 0);
    close(m.kurtosis, 34 / 25);
  });
});

describe('moments: the compensated mean in each summation lane', () => {
  it('the odd tail: [1e16, −1e16, 1] has mean 1/3 (1e16 + 1 rounds to 1e16 in the first lane)', () => {
    close(moments([1e16, -1e16, 1]).mean, 1 / 3);
  });
  it('the second lane: [0, 1e16, 0, 1, 0, −1e16] has mean 1/6', () => {
    close(moments([0, 1e16, 0, 1, 0, -1e16]).mean, 1 / 6);
    close(moments(Float64Array.of(0, 1e16, 0, 1, 0, -1e16)).mean, 1 / 6);
  });
  it('a sum that overflows is named as such: [1.7e308, 1.7e308]', () => {
    for (const x of [[1.7e308, 1.7e308], Float64Array.of(1.7e308, 1.7e308, 1)]) {
      const e = thrown(() => moments(x));
      expect(e).toBeInstanceOf(RangeError);
      expect(e.message).toBe('x is too large: its sum overflows');
    }
    const e = thrown(() => moments(Float64Array.of(1, Number.POSITIVE_INFINITY)));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe('x[1] must be finite, got Infinity');
  });
});

describe('secondMoment with a nonzero mean', () => {
  it('[0, 0, 3]: E[X²] = 3, E[X⁴] = 27, so Var(X²) = 18 and se = √(18/3) = √6', () => {
    const s = secondMoment([0, 0, 3]);
    close(s.value, 3);
    close(s.se, Math.sqrt(6));
    expect(s.n).toBe(3);
  });
});
