/**
 * Estimates and intervals on a sample small enough to work by hand: x = [1, 2, 3, 4] has mean 2.5,
 * s² = 5/3, central moments m₂ = 1.25, m₃ = 0, m₄ = 2.5625 (κ = 1.64) and E[x²] = 7.5, E[x⁴] = 88.5.
 */
import { describe, expect, it } from 'vitest';
import {
  assertEstimate,
  estimateMean,
  estimateVariance,
  meanInterval,
  tOverZ,
  tTwoSided,
  varianceInterval,
  zOneSided,
  zTwoSided,
} from './estimate.js';
import { moments } from './moments.js';

const x = [1, 2, 3, 4];
const close = (a: number, b: number) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(b)));

describe('normal quantiles', () => {
  it('z for α = 0.05: 1.959963984540054 two-sided, 1.6448536269514722 one-sided', () => {
    close(zTwoSided(0.05), 1.959963984540054);
    close(zOneSided(0.05), 1.6448536269514722);
    expect(() => zTwoSided(0)).toThrow(/^alpha must be/);
    expect(() => zOneSided(1.5)).toThrow(/^alpha must be/);
  });
  it('t from the lower tail keeps tiny α: Cauchy (t₁) has t = cot(πα/2), ≈ 2/(πα) at α = 1e-20', () => {
    // F⁻¹(1 − α/2) would read 1 − 5e-21 = 1 and give ∞
    const cauchy = (a: number) => 1 / Math.tan((Math.PI * a) / 2);
    for (const a of [0.05, 1e-9, 1e-20]) {
      expect(Math.abs(tTwoSided(a, 1) / cauchy(a) - 1)).toBeLessThan(1e-12);
    }
    // t₂: P(|T| > t) = 1 − t/√(2 + t²), so t = √(2/(α(2 − α))) · (1 − α)
    const a = 1e-18;
    expect(Math.abs(tTwoSided(a, 2) / (Math.sqrt(2 / (a * (2 - a))) * (1 - a)) - 1)).toBeLessThan(1e-12);
    expect(() => tTwoSided(0.05, 0)).toThrow(/^df must be/);
    expect(() => tTwoSided(Number.NaN, 3)).toThrow(/^alpha must be/);
  });
  it('z keeps ≈ 1e-13 down to α = 5e-324 (SciPy: −ndtri(α/2), and −ndtri_exp(log α − log 2) below 1e-300)', () => {
    // reference values from scipy.special (SciPy 1.17.1, Debian python3-scipy); stdlib's normal
    // quantile, used before, gave 6.361340889697 at α = 1e-10 (2e-9 off), 8.2095 at 2e-16 and ∞ below
    const twoSided: [number, number][] = [
      [1e-10, 6.466951087240516],
      [1e-12, 7.130506848171324],
      [1e-16, 8.304785425194112],
      [1e-20, 9.33604484923406],
      [1e-100, 21.30594006935153],
      [1e-300, 37.06578788077213],
      [1e-310, 37.68144680306125],
      [5e-324, 38.48540833556734],
    ];
    for (const [a, z] of twoSided) expect(Math.abs(zTwoSided(a) / z - 1), `α = ${a}`).toBeLessThan(5e-13);
    const oneSided: [number, number][] = [
      [1e-10, 6.361340902404056],
      [1e-16, 8.222082216130435],
      [5e-324, 38.467405617144344],
    ];
    for (const [a, z] of oneSided) expect(Math.abs(zOneSided(a) / z - 1), `α = ${a}`).toBeLessThan(5e-13);
    close(zOneSided(0.5), 0);
    close(zOneSided(0.975), -1.959963984540054);
  });
  it('t/z is > 1, → 1 as df → ∞, and ∞ at α = 5e-324 where α/2 underflows and t is ∞', () => {
    expect(tOverZ(1e-9, 99)).toBeGreaterThan(1.1);
    expect(Math.abs(tOverZ(0.05, 1e9) - 1)).toBeLessThan(1e-8);
    expect(tOverZ(Number.MIN_VALUE, 5)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('estimates', () => {
  it('the mean: 2.5 with se √(s²/n) = √(5/12)', () => {
    const e = estimateMean(x);
    expect(e.value).toBe(2.5);
    close(e.se, Math.sqrt(5 / 12));
    expect(e.n).toBe(4);
  });
  it('the variance: s² = 5/3 with se s²·√((κ − (n − 3)/(n − 1))/n), κ = 1.64, or κ given', () => {
    const e = estimateVariance(x);
    close(e.value, 5 / 3);
    close(e.se, (5 / 3) * Math.sqrt((1.64 - 1 / 3) / 4));
    close(estimateVariance(x, { kurtosis: 3 }).se, (5 / 3) * Math.sqrt((3 - 1 / 3) / 4));
  });
  it('about a known mean 0: E[x²] = 7.5 with κ = E[x⁴]/E[x²]² = 88.5/56.25', () => {
    const e = estimateVariance(x, { knownMean: 0 });
    close(e.value, 7.5);
    close(e.se, 7.5 * Math.sqrt((88.5 / 56.25 - 1) / 4));
    close(estimateVariance(x, { knownMean: 0, kurtosis: 2 }).se, 7.5 * Math.sqrt(1 / 4));
    expect(estimateVariance([2, 2, 2], { knownMean: 2 })).toEqual({ value: 0, se: 0, n: 3 });
    // skewed: [0, 0, 0, 4] about 0 has E[x²] = 4, E[x⁴] = 64, κ = 4, so se = 4·√(3/4)
    const s = estimateVariance([0, 0, 0, 4], { knownMean: 0 });
    close(s.value, 4);
    close(s.se, 4 * Math.sqrt(3 / 4));
  });
  it('a Moments summary gives the same estimates as the sample', () => {
    expect(estimateVariance(moments(x))).toEqual(estimateVariance(x));
    expect(estimateMean(moments(x))).toEqual(estimateMean(x));
  });
  it('errors name the argument', () => {
    expect(() => estimateMean([1])).toThrow(/^need at least 2 observations for a standard error, got n=1$/);
    expect(() => estimateVariance([1])).toThrow(/^need at least 2 observations for a variance, got n=1$/);
    expect(() => estimateVariance(x, 3 as never)).toThrow(/^options must be an options object/);
    expect(() => estimateVariance(x, { kurtosis: 0.5 })).toThrow(/^kurtosis must be >= 1 .*got 0.5$/);
    expect(() => estimateVariance(x, { kurtosis: Number.NaN })).toThrow(/^kurtosis must be finite/);
    expect(() => estimateVariance(x, { knownMean: Number.NaN })).toThrow(/^knownMean must be finite/);
    const m = moments(x);
    expect(() => estimateMean({ ...m, n: 0 })).toThrow(/^x.n must be/);
    expect(() => estimateMean({ ...m, mean: Number.NaN })).toThrow(/^x.mean must be finite/);
    expect(() => estimateMean({ ...m, variance: -1 })).toThrow(/^x.variance must be >= 0/);
    expect(() => estimateMean({ ...m, m4: -1 })).toThrow(/^x.m4 must be >= 0/);
  });
});

describe('intervals', () => {
  it('mean: 2.5 ∓ z·√(5/12), α = 0.05 by default', () => {
    const i = meanInterval(x);
    const half = 1.959963984540054 * Math.sqrt(5 / 12);
    close(i.lo, 2.5 - half);
    close(i.hi, 2.5 + half);
    expect(i).toMatchObject({ estimate: 2.5, alpha: 0.05, n: 4 });
    close(meanInterval(x, { alpha: 0.1 }).hi, 2.5 + 1.6448536269514722 * Math.sqrt(5 / 12));
  });
  it('variance: on the log scale, s²·exp(∓z·se/s²)', () => {
    const e = estimateVariance(x);
    const i = varianceInterval(x);
    close(i.lo, e.value * Math.exp((-1.959963984540054 * e.se) / e.value));
    close(i.hi, e.value * Math.exp((1.959963984540054 * e.se) / e.value));
    expect(i).toMatchObject({ estimate: e.value, se: e.se, alpha: 0.05, n: 4 });
    const k = varianceInterval(x, { kurtosis: 3, knownMean: 0, alpha: 0.1 });
    close(k.hi, 7.5 * Math.exp(1.6448536269514722 * Math.sqrt(2 / 4)));
  });
  it('no spread gives a point interval, even at the smallest α', () => {
    expect(meanInterval([3, 3, 3], { alpha: 5e-324 })).toMatchObject({ lo: 3, hi: 3 });
    expect(varianceInterval([3, 3, 3], { alpha: 5e-324 })).toMatchObject({ lo: 0, hi: 0 });
  });
  it('errors name the argument', () => {
    expect(() => meanInterval(x, 3 as never)).toThrow(/^options must be an options object/);
    expect(() => meanInterval(x, { alpha: 2 })).toThrow(/^alpha must be/);
    expect(() => varianceInterval(x, 3 as never)).toThrow(/^options must be an options object/);
    expect(() => varianceInterval(x, { alpha: 2 })).toThrow(/^alpha must be/);
  });
});

describe('assertEstimate', () => {
  it('accepts an Estimate and names the argument and its field otherwise', () => {
    expect(() => assertEstimate('e', { value: 1, se: 0, n: 1 })).not.toThrow();
    expect(() => assertEstimate(3 as never, { value: 1, se: 0, n: 1 })).toThrow(
      /^name must be a string, got 3/,
    );
    expect(() => assertEstimate('e', null)).toThrow(/^e must be an Estimate \{value, se, n\}, got null/);
    expect(() => assertEstimate('e', { value: '1', se: 0, n: 1 })).toThrow(/^e must be an Estimate/);
    expect(() => assertEstimate('e', { value: 1, se: '0', n: 1 })).toThrow(/^e must be an Estimate/);
    expect(() => assertEstimate('e', { value: Number.NaN, se: 0, n: 1 })).toThrow(/^e.value must be finite/);
    expect(() => assertEstimate('e', { value: 1, se: -1, n: 1 })).toThrow(/^e.se must be >= 0/);
    expect(() => assertEstimate('e', { value: 1, se: 0, n: 0 })).toThrow(/^e.n must be/);
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

describe('what counts as data and what as a Moments record', () => {
  it('numbers, strings and null are neither: the data check names x', () => {
    for (const [bad, shown] of [
      [3, '3'],
      ['abc', '"abc"'],
      [null, 'null'],
    ] as const) {
      for (const f of [() => estimateMean(bad as never), () => estimateVariance(bad as never)]) {
        const e = thrown(f);
        expect(e).toBeInstanceOf(TypeError);
        expect(e.message).toBe(`x must be an array or typed array of numbers, got ${shown}`);
      }
    }
  });
  it('a function carrying value, se and n is not an Estimate record', () => {
    const e = thrown(() =>
      assertEstimate(
        'e',
        Object.assign(() => 0, { value: 1, se: 0, n: 1 }),
      ),
    );
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toMatch(/^e must be an Estimate \{value, se, n\}, got function/);
  });
});

describe('the variance about a known mean', () => {
  it('[0, 0, 0, 4] about −1: E[(x + 1)²] = 7, E[(x + 1)⁴] = 157, κ = 157/49, se = 7·√((κ − 1)/4) = √27', () => {
    const e = estimateVariance([0, 0, 0, 4], { knownMean: -1 });
    close(e.value, 7);
    close(e.se, Math.sqrt(27));
  });
  it('far from the data (|x̄ − μ| = 1e100): v = 1e200 and κ ≈ 1, floored at 64 ulps; d⁴ overflowed before', () => {
    // κ − 1 = 4·m₂/d² ≈ 1e-200 about μ = 1e100, below the floor: se = v·√(64ε/n)
    const e = estimateVariance([1, 2], { knownMean: 1e100 });
    expect(Math.abs(e.value / 1e200 - 1)).toBeLessThan(1e-15);
    expect(Math.abs(e.se / (e.value * Math.sqrt((64 * Number.EPSILON) / 2)) - 1)).toBeLessThan(1e-15);
  });
  it('a spread that overflows itself is refused by name', () => {
    const e = thrown(() => estimateVariance([1, 2], { knownMean: 1e200 }));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe('the spread of x about knownMean overflows (variance Infinity)');
  });
});
