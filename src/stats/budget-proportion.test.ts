/**
 * The error budget (Bonferroni shares, Holm's step-down) and the exact binomial test, against
 * values worked by hand: counts of subsets for the binomial, sorted thresholds α/(m − k) for Holm.
 */
import { describe, expect, it } from 'vitest';
import { alphaBudget, holm } from './budget.js';
import { testProportion } from './proportion.js';

describe('testProportion: the exact two-sided binomial test', () => {
  it('k = 2 of n = 10 at p = ½: P(X ≤ 2) = 56/1024, so p-value 112/1024', () => {
    const r = testProportion(2, 10, 0.5);
    expect(r.pValue).toBeCloseTo(112 / 1024, 15);
    expect(r).toMatchObject({ decision: 'pass', observed: 0.2, expected: 0.5, alpha: 0.05, n: 10 });
  });
  it('the ends: k = 0 has P(X ≥ 0) = 1, so p-value 2·(½)⁵ = 1/16; k = n likewise; capped at 1', () => {
    expect(testProportion(0, 5, 0.5).pValue).toBeCloseTo(1 / 16, 15);
    expect(testProportion(5, 5, 0.5).pValue).toBeCloseTo(1 / 16, 15);
    expect(testProportion(5, 10, 0.5).pValue).toBe(1);
    expect(testProportion(0, 5, 0).pValue).toBe(1);
  });
  it('fails when the p-value is at most α (the boundary included)', () => {
    expect(testProportion(2, 10, 0.5, { alpha: 112 / 1024 }).decision).toBe('fail');
    expect(testProportion(2, 10, 0.5, { alpha: 0.1 }).decision).toBe('pass');
    expect(testProportion(0, 20, 0.5, { alpha: 1e-5 }).decision).toBe('fail'); // 2·2⁻²⁰ = 1.9e-6
  });
  it('errors name the argument', () => {
    expect(() => testProportion(0, 0, 0.5)).toThrow(/^n must be/);
    expect(() => testProportion(11, 10, 0.5)).toThrow(/^k must be an integer in \[0, 10\]/);
    expect(() => testProportion(1, 10, 1.5)).toThrow(/^p must be in \[0, 1\], got 1.5/);
    expect(() => testProportion(1, 10, -0.5)).toThrow(/^p must be in \[0, 1\]/);
    expect(() => testProportion(1, 10, Number.NaN)).toThrow(/^p must be finite/);
    expect(() => testProportion(1, 10, 0.5, 3 as never)).toThrow(/^options must be an options object/);
    expect(() => testProportion(1, 10, 0.5, { alpha: 2 })).toThrow(/^alpha must be/);
  });
});

describe('alphaBudget: shares proportional to the weights, a hair under the total', () => {
  it('weights 1 and 3 of 1e-3: 2.5e-4 and 7.5e-4 (× (1 − 1e-12)); perCheck divides a share', () => {
    const b = alphaBudget(1e-3, { a: 1, b: 3 });
    expect(b.total).toBe(1e-3);
    const rel = (x: number, y: number) => Math.abs(x / y - 1);
    expect(rel(b.of('a'), 2.5e-4)).toBeLessThan(1e-11);
    expect(rel(b.of('b'), 7.5e-4)).toBeLessThan(1e-11);
    expect(b.of('a') + b.of('b')).toBeLessThan(1e-3);
    expect(b.shares).toEqual({ a: b.of('a'), b: b.of('b') });
    expect(rel(b.perCheck('b', 3), 2.5e-4)).toBeLessThan(1e-11);
    expect(Object.isFrozen(b.shares)).toBe(true);
  });
  it('errors name the total, the parts, the part asked for and the checks', () => {
    expect(() => alphaBudget(2, { a: 1 })).toThrow(/^total must be/);
    expect(() => alphaBudget(0.1, {})).toThrow(/^parts must name at least one part$/);
    expect(() => alphaBudget(0.1, 3 as never)).toThrow(/^parts must be an options object/);
    expect(() => alphaBudget(0.1, { a: 0 })).toThrow(/^parts.a must be > 0/);
    const b = alphaBudget(0.1, { a: 1, b: 1 });
    expect(() => b.of(3 as never)).toThrow(/^part must be a string, got 3/);
    expect(() => b.of('c')).toThrow(/^unknown part "c"; the budget declares "a", "b"$/);
    expect(() => b.of('toString')).toThrow(/^unknown part/);
    expect(() => b.perCheck('a', 0)).toThrow(/^checks must be/);
  });
});

describe("holm: Holm's step-down at thresholds α/m, α/(m − 1), …", () => {
  it('p = [0.01, 0.04, 0.03, 0.005] at α = 0.05: 0.005 ≤ 0.0125, 0.01 ≤ 0.0167, then 0.03 > 0.025 stops', () => {
    expect(holm([0.01, 0.04, 0.03, 0.005], 0.05)).toEqual([true, false, false, true]);
  });
  it('a p-value equal to its threshold is rejected; once one is kept, all larger ones are', () => {
    expect(holm([0.025, 0.05], 0.05)).toEqual([true, true]);
    expect(holm([0.03, 0.045, 0.001], 0.05)).toEqual([false, false, true]); // 0.045 ≤ α, but after 0.03 > α/2
    expect(holm([0.5], 0.05)).toEqual([false]);
    // p-values of exactly 0 and 1 are valid
    expect(holm([0, 1], 0.05)).toEqual([true, false]);
  });
  it('errors name the argument and the element', () => {
    expect(() => holm([], 0.05)).toThrow(/^pValues must be a non-empty array/);
    expect(() => holm(3 as never, 0.05)).toThrow(/^pValues must be a non-empty array, got 3/);
    expect(() => holm([0.1, 2], 0.05)).toThrow(/^pValues\[1\] must be in \[0, 1\], got 2$/);
    expect(() => holm([-0.1], 0.05)).toThrow(/^pValues\[0\] must be in \[0, 1\]/);
    expect(() => holm([Number.NaN], 0.05)).toThrow(/^pValues\[0\] must be finite/);
    expect(() => holm([0.1], 2)).toThrow(/^alpha must be/);
  });
});

describe('testProportion at p = 0 and p = 1', () => {
  it('p = 1: n successes are certain (p-value 1), fewer are impossible (p-value 0)', () => {
    expect(testProportion(5, 5, 1)).toMatchObject({ pValue: 1, decision: 'pass', expected: 1 });
    expect(testProportion(4, 5, 1)).toMatchObject({ pValue: 0, decision: 'fail' });
    expect(testProportion(1, 5, 0)).toMatchObject({ pValue: 0, decision: 'fail' });
  });
});
