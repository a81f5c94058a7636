/**
 * Shape statistics worked by hand, for even and odd lengths (the two summation lanes and the odd
 * tail), and at scales where m₂² underflows (the shape is scale-free and must survive).
 */
import { describe, expect, it } from 'vitest';
import { moments } from './moments.js';

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
