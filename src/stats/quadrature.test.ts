/**
 * Gauss–Legendre and Gaussian expectations: exact on polynomials, exact across kinks when the
 * kink is a breakpoint, and errors that name the argument.
 */
import { describe, expect, it } from 'vitest';
import { compositeRule, gaussianExpectation, RULE } from './quadrature.js';

const sum = (a: ArrayLike<number>, f: (i: number) => number) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += f(i);
  return s;
};

describe('the 24-point Gauss–Legendre rule', () => {
  it('is exact for x^(2k) on [−1, 1] up to degree 46 (∫ = 2/(2k + 1)) and for every odd power', () => {
    for (let k = 0; k <= 23; k++) {
      expect(Math.abs(sum(RULE.x, (i) => RULE.w[i] * RULE.x[i] ** (2 * k)) - 2 / (2 * k + 1))).toBeLessThan(
        2e-15,
      );
      expect(Math.abs(sum(RULE.x, (i) => RULE.w[i] * RULE.x[i] ** (2 * k + 1)))).toBeLessThan(1e-15);
    }
  });
  it('has 24 increasing nodes in (−1, 1), symmetric, with positive symmetric weights', () => {
    expect(RULE.x.length).toBe(24);
    for (let i = 0; i < 24; i++) {
      expect(RULE.x[i]).toBeGreaterThan(-1);
      expect(RULE.x[i]).toBeLessThan(1);
      expect(RULE.w[i]).toBeGreaterThan(0);
      expect(RULE.x[i]).toBe(-RULE.x[23 - i]);
      expect(RULE.w[i]).toBe(RULE.w[23 - i]);
      if (i > 0) expect(RULE.x[i]).toBeGreaterThan(RULE.x[i - 1]);
    }
  });
});

describe('compositeRule', () => {
  it('splits at breakpoints inside (lo, hi) only, into panels of at most maxPanel', () => {
    const r = compositeRule(0, 1, [0.5, 2, -1, 0, 1], 0.3);
    expect(r.x.length).toBe(4 * 24); // [0, ½] and [½, 1], two panels each
    expect(Math.abs(sum(r.w, (i) => r.w[i]) - 1)).toBeLessThan(1e-15);
    // |x − ½| has its kink on a panel edge: ∫₀¹ = ¼ exactly
    expect(Math.abs(sum(r.w, (i) => r.w[i] * Math.abs(r.x[i] - 0.5)) - 0.25)).toBeLessThan(1e-15);
    expect(Math.min(...r.x)).toBeGreaterThan(0);
    expect(Math.max(...r.x)).toBeLessThan(1);
    expect(compositeRule(2, 3, [], 10).x.length).toBe(24);
  });
});

describe('gaussianExpectation', () => {
  it('moments of N(μ, σ²): E[X] = μ, E[X²] = μ² + σ², E[(X − μ)⁴] = 3σ⁴, E[(X − μ)⁶] = 15σ⁶', () => {
    const o = { mean: 1.5 };
    const rel = (a: number, b: number) => Math.abs(a / b - 1);
    expect(
      rel(
        gaussianExpectation((x) => x, 4, o),
        1.5,
      ),
    ).toBeLessThan(1e-14);
    expect(
      rel(
        gaussianExpectation((x) => x * x, 4, o),
        6.25,
      ),
    ).toBeLessThan(1e-14);
    expect(
      rel(
        gaussianExpectation((x) => (x - 1.5) ** 4, 4, o),
        48,
      ),
    ).toBeLessThan(1e-13);
    expect(
      rel(
        gaussianExpectation((x) => (x - 1.5) ** 6, 4, o),
        960,
      ),
    ).toBeLessThan(1e-13);
    expect(
      rel(
        gaussianExpectation(() => 1, 1e-6),
        1,
      ),
    ).toBeLessThan(1e-14);
  });
  it('a step at a breakpoint: E[1{Z > 0.3}] = Q(0.3) = 0.3820885778110474; the kink at 0 is always split', () => {
    expect(
      Math.abs(gaussianExpectation((x) => (x > 0.3 ? 1 : 0), 1, { breakpoints: [0.3] }) - 0.3820885778110474),
    ).toBeLessThan(1e-14);
    expect(gaussianExpectation((x) => (x > 0 ? 1 : 0), 2.5)).toBeCloseTo(0.5, 15);
    expect(gaussianExpectation((x) => (x > 1 ? 1 : 0), 4, { mean: 1, breakpoints: [1] })).toBeCloseTo(
      0.5,
      15,
    );
  });
  it('variance 0 is the point mass: f(mean)', () => {
    expect(gaussianExpectation((x) => x * x + 1, 0, { mean: 3 })).toBe(10);
  });
  it('errors name f, variance, options, mean and the breakpoints', () => {
    expect(() => gaussianExpectation(3 as never)).toThrow(/^f must be/);
    expect(() => gaussianExpectation((x) => x, -1)).toThrow(/^variance must be >= 0/);
    expect(() => gaussianExpectation((x) => x, 1, 3 as never)).toThrow(/^options must be an options object/);
    expect(() => gaussianExpectation((x) => x, 1, { mean: Number.NaN })).toThrow(/^mean must be finite/);
    expect(() => gaussianExpectation((x) => x, 1, { breakpoints: 3 as never })).toThrow(
      /^options.breakpoints must be an array of numbers, got 3/,
    );
    expect(() => gaussianExpectation((x) => x, 1, { breakpoints: [0.5, Number.NaN] })).toThrow(
      /^options.breakpoints\[1\] must be finite/,
    );
    expect(() => gaussianExpectation(() => Number.NaN)).toThrow(/^f must return a finite number; f\(/);
    expect(() => gaussianExpectation(() => '1' as never)).toThrow(/^f must return a finite number/);
  });
});
