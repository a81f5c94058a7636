import * as ss from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { moments, secondMoment } from './moments.js';

describe('moments', () => {
  it('agrees with simple-statistics on ordinary data', () => {
    const x = createRng(1).fillNormal(new Float64Array(10001), 3, 2);
    const arr = Array.from(x);
    const m = moments(x);
    expect(m.mean).toBeCloseTo(ss.mean(arr), 12);
    expect(m.variance).toBeCloseTo(ss.sampleVariance(arr), 11);
    expect(m.skewness).toBeCloseTo(ss.sampleSkewness(arr), 3); // ss uses the adjusted estimator
    expect(m.m2).toBeCloseTo(ss.variance(arr), 11);
  });

  it('keeps every digit with a 1e9 offset, where the textbook formula loses them all', () => {
    const y = createRng(2).fillNormal(new Float64Array(100000));
    const x = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) x[i] = 1e9 + y[i];
    // x[i] − 1e9 is exact in float64 (Sterbenz), so these are the values x really holds
    const centred = x.map((v) => v - 1e9);
    const exact = moments(centred);
    const m = moments(x);
    expect(Math.abs(m.variance / exact.variance - 1)).toBeLessThan(1e-9);
    expect(Math.abs(m.kurtosis / exact.kurtosis - 1)).toBeLessThan(1e-7);
    expect(Math.abs(m.mean - 1e9 - exact.mean)).toBeLessThan(1e-6);
    let s = 0;
    let s2 = 0;
    for (const v of x) {
      s += v;
      s2 += v * v;
    }
    const naive = (s2 - (s * s) / x.length) / (x.length - 1);
    expect(Math.abs(naive / exact.variance - 1)).toBeGreaterThan(0.01); // the naive formula is wrong here
  });

  it('gives exact values on a tiny hand-computed sample', () => {
    const m = moments([1, 2, 3, 4]);
    expect(m.mean).toBe(2.5);
    expect(m.m2).toBe(1.25);
    expect(m.variance).toBeCloseTo(5 / 3, 15);
    expect(m.m3).toBe(0);
    expect(m.m4).toBeCloseTo((2 * 1.5 ** 4 + 2 * 0.5 ** 4) / 4, 15);
    expect(m.secondMoment).toBe(7.5);
    expect(moments([5]).variance).toBe(0);
    expect(moments([2, 2, 2]).kurtosis).toBe(0);
  });

  it('secondMoment returns E[X²] with the standard error of a mean of squares', () => {
    const x = [1, -1, 3, -3];
    const s = secondMoment(x);
    expect(s.value).toBe(5);
    // X² takes 1 and 9 equally: Var(X²) = 16, se = √(16/4) = 2
    expect(s.se).toBeCloseTo(2, 12);
  });

  it('rejects empty and non-finite input, naming the element', () => {
    expect(() => moments([])).toThrow(/must not be empty/);
    expect(() => moments([1, Number.NaN, 2])).toThrow(/x\[1\] must be finite, got NaN/);
    expect(() => moments(new Float64Array([1, Number.POSITIVE_INFINITY]))).toThrow(/x\[1\]/);
    expect(() => moments([1e200, -1e200])).toThrow(/too large/);
    expect(() => moments('abc' as unknown as number[])).toThrow(TypeError);
  });
});

describe('moments under catastrophic cancellation', () => {
  it('gets the mean of [1e16, 1, −1e16] right (a plain sum gives 0)', () => {
    expect(moments([1e16, 1, -1e16]).mean).toBeCloseTo(1 / 3, 15);
    expect(moments(new Float64Array([1e16, 1, -1e16, 1])).mean).toBe(0.5);
  });
});
