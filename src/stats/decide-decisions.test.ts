/**
 * testEstimate's three-way decision on hand-made estimates (z, p-value, interval, tolerance on both
 * scales), the ratio and staged procedures, and errors that name the argument.
 */
import { describe, expect, it } from 'vitest';
import {
  minDetectable,
  samplesFor,
  staged,
  testEqual,
  testEstimate,
  testRatio,
  testVariance,
} from './decide.js';
import { zOneSided, zTwoSided } from './estimate.js';

const Z975 = 1.959963984540054;
const near = (a: number, b: number, tol = 1e-12) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe('testEstimate', () => {
  it('linear: 1.1 ± 0.05 against 1 is z = 2, p = 2Φ(−2) = 0.0455, a failure at α = 0.05', () => {
    const r = testEstimate({ value: 1.1, se: 0.05, n: 100 }, 1);
    near(r.z, 2);
    near(r.pValue, 0.04550026389635842, 1e-10);
    expect(r).toMatchObject({
      decision: 'fail',
      measured: 1.1,
      predicted: 1,
      alpha: 0.05,
      beta: 0.05,
      scale: 'linear',
      n: 100,
    });
    near(r.tolerance, 0.05);
    near(r.interval[0], 1.1 - Z975 * 0.05);
    near(r.interval[1], 1.1 + Z975 * 0.05);
  });
  it('passes when |d| + z_β·se is inside the tolerance, else is inconclusive', () => {
    expect(testEstimate({ value: 1.001, se: 0.001, n: 9 }, 1).decision).toBe('pass');
    // 0.001 + 1.645·0.03 = 0.0503 > 0.05
    expect(testEstimate({ value: 1.001, se: 0.03, n: 9 }, 1).decision).toBe('inconclusive');
    expect(testEstimate({ value: 1.001, se: 0.03, n: 9 }, 1, { relTol: 0.06 }).decision).toBe('pass');
    expect(testEstimate({ value: 1.001, se: 0.03, n: 9 }, 1, { absTol: 0.06 }).decision).toBe('pass');
    // a larger β (less power) shrinks z_β: 0.001 + 1.2816·0.03 = 0.0394 < 0.05
    expect(testEstimate({ value: 1.001, se: 0.03, n: 9 }, 1, { beta: 0.1 }).decision).toBe('pass');
  });
  it('log scale: d = ln(2/1.8), se = 0.2/2, interval 2·e^(∓1.96·0.1), tolerance ln 1.05', () => {
    const r = testEstimate({ value: 2, se: 0.2, n: 50 }, 1.8, { scale: 'log' });
    near(r.z, Math.log(2 / 1.8) / 0.1);
    near(r.interval[0], 2 * Math.exp(-Z975 * 0.1));
    near(r.interval[1], 2 * Math.exp(Z975 * 0.1));
    near(r.tolerance, Math.log(1.05));
    expect(r.scale).toBe('log');
  });
  it('zero against zero with no spread: z = 0, p = 1, pass', () => {
    const r = testEstimate({ value: 0, se: 0, n: 2 }, 0, { absTol: 0.1 });
    expect(r).toMatchObject({ z: 0, pValue: 1, decision: 'pass' });
  });
  it('errors name the argument', () => {
    const e = { value: 1, se: 0.1, n: 5 };
    expect(() => testEstimate(e, 1, 3 as never)).toThrow(/^options must be an options object/);
    expect(() => testEstimate(e, 1, { beta: 2 })).toThrow(/^beta must be/);
    expect(() => testEstimate(e, 0, { scale: 'log' })).toThrow(
      /^a log-scale test needs a positive prediction, got 0$/,
    );
    expect(() => testEstimate({ ...e, value: 0 }, 1, { scale: 'log' })).toThrow(/positive estimate, got 0$/);
    expect(() => testEstimate(e, 1, { scale: 'log', absTol: 0.1 })).toThrow(
      /^absTol applies to linear-scale tests only/,
    );
    expect(() => testEstimate(e, 1, { scale: 'log', relTol: 0 })).toThrow(/^relTol must be > 0/);
    expect(() => testEstimate(e, 1, { relTol: 0 })).toThrow(/^relTol must be > 0/);
    expect(() => testEstimate(e, 1, { absTol: 0 })).toThrow(/^absTol must be > 0/);
    expect(() => testEstimate(e, 0)).toThrow(/relTol of a zero prediction is zero: give absTol/);
  });
});

describe('testEqual, testVariance, testRatio', () => {
  it('testEqual tests the mean on the linear scale, passing its options on', () => {
    const r = testEqual([1, 2, 3, 4], 2.5, { alpha: 0.1 });
    expect(r).toMatchObject({ measured: 2.5, z: 0, scale: 'linear', alpha: 0.1, n: 4 });
    expect(() => testEqual([1, 2], 1, 3 as never)).toThrow(/^options must be an options object/);
  });
  it('testVariance passes its options on and works on the log scale', () => {
    const r = testVariance([1, 2, 3, 4], 5 / 3, { alpha: 0.1, relTol: 0.5 });
    expect(r).toMatchObject({ scale: 'log', alpha: 0.1, n: 4 });
    near(r.tolerance, Math.log(1.5));
    expect(() => testVariance([1, 2], 1, 3 as never)).toThrow(/^options must be an options object/);
  });
  it('testRatio: 4 ± 0.4 over 2 ± 0.2 is 2 with relative se √2·0.1 and n the smaller', () => {
    const r = testRatio({ value: 4, se: 0.4, n: 10 }, { value: 2, se: 0.2, n: 20 }, 2, { alpha: 0.1 });
    expect(r).toMatchObject({ measured: 2, z: 0, n: 10, alpha: 0.1, scale: 'log' });
    near(r.interval[1], 2 * Math.exp(1.6448536269514722 * Math.SQRT2 * 0.1));
    expect(() => testRatio({ value: 4, se: 0.4, n: 10 }, { value: 0, se: 0.2, n: 20 }, 2)).toThrow(
      /^a ratio test needs positive estimates, got numerator=4, denominator=0$/,
    );
    expect(() => testRatio({ value: -4, se: 0.4, n: 10 }, { value: 2, se: 0.2, n: 20 }, 2)).toThrow(
      /positive estimates/,
    );
    expect(() => testRatio({ value: 4, se: 0.4, n: 10 }, { value: 'x' } as never, 2)).toThrow(
      /^denominator must be an Estimate/,
    );
    expect(() =>
      testRatio({ value: 4, se: 0.4, n: 10 }, { value: 2, se: 0.2, n: 20 }, 2, 3 as never),
    ).toThrow(/^options must be an options object/);
  });
});

describe('plans', () => {
  it('errors name the argument', () => {
    const base = { relTol: 0.05, alpha: 0.01, power: 0.9 };
    expect(() => samplesFor({ ...base, kurtosis: 1 })).toThrow(
      /^kurtosis must be > 1 for a variance test, got 1$/,
    );
    expect(() => samplesFor({ ...base, kurtosis: Number.NaN })).toThrow(/^kurtosis must be finite/);
    expect(() => samplesFor({ ...base, cv: 0 })).toThrow(/^cv must be > 0/);
    expect(() => samplesFor(3 as never)).toThrow(/^options must be an options object/);
    expect(() => samplesFor({ ...base, alpha: 2, cv: 1 })).toThrow(/^alpha must be/);
    expect(() => samplesFor({ ...base, power: 2, cv: 1 })).toThrow(/^power must be/);
    expect(() => minDetectable(3 as never)).toThrow(/^options must be an options object/);
    expect(() => minDetectable({ n: 1, alpha: 0.01, power: 0.9, cv: 1 })).toThrow(/^n must be/);
    expect(() => minDetectable({ n: 10, alpha: 2, power: 0.9, cv: 1 })).toThrow(/^alpha must be/);
    expect(() => minDetectable({ n: 10, alpha: 0.01, power: 2, cv: 1 })).toThrow(/^power must be/);
  });
});

describe('staged', () => {
  const always = (value: number, se: number) => (n: number) => ({ value, se, n });
  it('an always-inconclusive measure runs 3 stages of n, 2n, 4n at α/3 and (1 − power)/3, then is forced to pass', () => {
    const sizes: number[] = [];
    const r = staged(
      (n, k) => {
        sizes.push(n);
        expect(k).toBe(sizes.length - 1);
        return { value: 1.001, se: 0.03, n };
      },
      1,
      { alpha: 0.03, power: 0.97, firstStage: 10 },
    );
    expect(sizes).toEqual([10, 20, 40]);
    expect(r).toMatchObject({ decision: 'pass', forced: true, alpha: 0.03, n: 40 });
    expect(r.stages.map((s) => [s.alpha, s.beta])).toEqual([
      [0.01, (1 - 0.97) / 3],
      [0.01, (1 - 0.97) / 3],
      [0.01, (1 - 0.97) / 3],
    ]);
  });
  it('stops at the first conclusive stage, unforced; power defaults to 1 − α', () => {
    const r = staged(always(1.5, 0.01), 1, { alpha: 0.04, stages: 2, firstStage: 5 });
    expect(r).toMatchObject({ decision: 'fail', forced: false, alpha: 0.04 });
    expect(r.stages).toHaveLength(1);
    expect(r.stages[0].beta).toBeCloseTo(0.02, 15);
    const p = staged(always(1, 1e-6), 1, { alpha: 0.04, firstStage: 5 });
    expect(p).toMatchObject({ decision: 'pass', forced: false });
  });
  it('errors name the argument', () => {
    const m = always(1, 0.1);
    expect(() => staged(3 as never, 1, { alpha: 0.05, firstStage: 5 })).toThrow(/^measure must be/);
    expect(() => staged(m, 1, 3 as never)).toThrow(/^options must be an options object/);
    expect(() => staged(m, 1, { alpha: 0.05, firstStage: 5, stages: 0 })).toThrow(
      /^stages must be an integer in \[1, 30\]/,
    );
    expect(() => staged(m, 1, { alpha: 2, firstStage: 5 })).toThrow(/^alpha must be/);
    expect(() => staged(m, 1, { alpha: 0.05, power: 2, firstStage: 5 })).toThrow(/^power must be/);
    expect(() => staged(m, 1, { alpha: 0.05, firstStage: 1 })).toThrow(/^firstStage must be/);
  });
});

describe('testEstimate at its boundaries', () => {
  it('fail ⇔ |z| > z_{α/2}: at |z| = z_{α/2} exactly it does not fail', () => {
    const zc = zTwoSided(0.05);
    const r = testEstimate({ value: zc, se: 1, n: 10 }, 0, { absTol: 10 });
    expect(r.z).toBe(zc); // the boundary itself
    expect(r.decision).toBe('pass');
  });
  it('pass ⇔ |d| + z_β·se < tolerance: at equality it is inconclusive', () => {
    const r = testEstimate({ value: 0, se: 1, n: 10 }, 0, { absTol: zOneSided(0.05) });
    expect(r.decision).toBe('inconclusive');
    expect(testEstimate({ value: 0, se: 1, n: 10 }, 0, { absTol: 1.01 * zOneSided(0.05) }).decision).toBe(
      'pass',
    );
  });
});

describe('the rounding floor of se: 64 ulps of the larger magnitude (linear), 64ε (log)', () => {
  it('a difference of a few ulps with se = 0 is rounding at any magnitude, on both scales', () => {
    // 1e6·(1 + 1e-15) is 8 ulps above 1e6; the log-scale floor is relative, so it holds at 1e-6 too
    expect(testEstimate({ value: 1e6, se: 0, n: 10 }, 1e6 * (1 + 1e-15)).decision).toBe('pass');
    expect(testEstimate({ value: 1e-6, se: 0, n: 10 }, 1e-6 * (1 + 1e-15), { scale: 'log' }).decision).toBe(
      'pass',
    );
  });
  it('0 against 1 with se = 0 is a certain difference: it fails even inside the tolerance', () => {
    for (const [value, predicted] of [
      [0, 1],
      [1, 0],
    ]) {
      const r = testEstimate({ value, se: 0, n: 10 }, predicted, { absTol: 2 });
      expect(r.decision).toBe('fail');
      near(Math.abs(r.z), 1 / (64 * Number.EPSILON));
    }
  });
});

describe('testRatio needs both estimates positive', () => {
  it('a zero numerator is refused by the ratio test itself, naming both values', () => {
    let thrown: unknown;
    try {
      testRatio({ value: 0, se: 0.4, n: 10 }, { value: 2, se: 0.2, n: 20 }, 2);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(RangeError);
    expect((thrown as Error).message).toBe(
      'a ratio test needs positive estimates, got numerator=0, denominator=2',
    );
  });
});
