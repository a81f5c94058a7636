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

describe('the 24-point rule against an independent reference', () => {
  // the twelve positive roots of P₂₄ and their weights 2/((1 − x²)P₂₄′(x)²), by Newton's method in
  // mpmath at 50 digits, rounded to the nearest double; the negative half by symmetry
  const NODES = [
    0.06405689286260563, 0.1911188674736163, 0.3150426796961634, 0.4337935076260451, 0.5454214713888396,
    0.6480936519369755, 0.7401241915785544, 0.820001985973903, 0.8864155270044011, 0.9382745520027328,
    0.9747285559713095, 0.9951872199970213,
  ];
  const WEIGHTS = [
    0.12793819534675216, 0.1258374563468283, 0.12167047292780339, 0.1155056680537256, 0.10744427011596563,
    0.09761865210411388, 0.08619016153195327, 0.0733464814110803, 0.05929858491543678, 0.04427743881741981,
    0.028531388628933663, 0.0123412297999872,
  ];
  it('nodes to one ulp (1.2e-16) and weights to 2.5e-16', () => {
    for (let j = 0; j < 12; j++) {
      expect(Math.abs(RULE.x[12 + j] - NODES[j])).toBeLessThanOrEqual(1.2e-16);
      expect(Math.abs(RULE.x[11 - j] + NODES[j])).toBeLessThanOrEqual(1.2e-16);
      expect(Math.abs(RULE.w[12 + j] - WEIGHTS[j])).toBeLessThanOrEqual(2.5e-16);
      expect(Math.abs(RULE.w[11 - j] - WEIGHTS[j])).toBeLessThanOrEqual(2.5e-16);
    }
  });
});

describe('compositeRule: edges sorted as numbers', () => {
  it('breakpoints −2, 3, 9 in [−10, 10] (given out of order; a string sort would put 10 before 3)', () => {
    const r = compositeRule(-10, 10, [9, -2, 3], 100);
    expect(r.x.length).toBe(4 * 24); // one panel on each of [−10, −2], [−2, 3], [3, 9], [9, 10]
    for (let i = 0; i < r.w.length; i++) expect(r.w[i]).toBeGreaterThan(0);
    expect(Math.abs(sum(r.w, (i) => r.w[i]) - 20)).toBeLessThan(1e-13);
    // |x + 2|·|x − 3| has its kinks on panel edges, so the rule is exact. By hand, with
    // G(x) = x³/3 − x²/2 − 6x the antiderivative of (x + 2)(x − 3): G(−10) = −970/3, G(−2) = 22/3,
    // G(3) = −27/2, G(10) = 670/3, so ∫₋₁₀¹⁰ = 992/3 + 125/6 + 1421/6 = 1765/3
    const f = (x: number) => Math.abs(x + 2) * Math.abs(x - 3);
    expect(Math.abs(sum(r.w, (i) => r.w[i] * f(r.x[i])) / (1765 / 3) - 1)).toBeLessThan(1e-14);
  });
});

describe('gaussianExpectation: the documented panels', () => {
  const relu = (x: number) => Math.max(0, x);
  it('always splits at 0: ReLU moments of N(0.3, 1) and N(−0.7, 4), where 0 is no panel edge', () => {
    // E[max(0, X)] = μΦ(μ/σ) + σφ(μ/σ), E[max(0, X)²] = (μ² + σ²)Φ(μ/σ) + μσφ(μ/σ); mpmath, 40 digits
    const rel = (a: number, b: number) => Math.abs(a / b - 1);
    expect(rel(gaussianExpectation(relu, 1, { mean: 0.3 }), 0.5667612421172099)).toBeLessThan(1e-14);
    expect(rel(gaussianExpectation(relu, 4, { mean: -0.7 }), 0.4962621496568091)).toBeLessThan(1e-14);
    expect(
      rel(
        gaussianExpectation((x) => relu(x) ** 2, 1, { mean: 0.3 }),
        0.7879397948241156,
      ),
    ).toBeLessThan(1e-14);
    expect(
      rel(
        gaussianExpectation((x) => relu(x) ** 2, 4, { mean: -0.7 }),
        1.1052938905377574,
      ),
    ).toBeLessThan(1e-14);
  });
  it('evaluates f on 24 nodes per panel, panels σ/2 wide on [μ − 14σ, 0] and [0, μ + 14σ]', () => {
    const calls = (variance: number, mean: number, breakpoints: number[] = []) => {
      const xs: number[] = [];
      gaussianExpectation(
        (x) => {
          xs.push(x);
          return 1;
        },
        variance,
        { mean, breakpoints },
      );
      return { n: xs.length, lo: Math.min(...xs), hi: Math.max(...xs) };
    };
    // N(0, 1): 28 + 28 panels
    expect(calls(1, 0).n).toBe(56 * 24);
    // N(−0.7, 4), σ = 2: [−28.7, 0] takes ⌈28.7⌉ = 29 panels of width 1, [0, 27.3] takes 28
    const c = calls(4, -0.7);
    expect(c.n).toBe(57 * 24);
    expect(c.lo).toBeGreaterThan(-28.7);
    expect(c.lo).toBeLessThan(-28.7 + 1 / 24);
    expect(c.hi).toBeLessThan(27.3);
    expect(c.hi).toBeGreaterThan(27.3 - 1 / 24);
    // a breakpoint outside the range adds no panel; one inside splits a segment
    expect(calls(1, 0, [20]).n).toBe(56 * 24);
    expect(calls(1, 0, [0.25]).n).toBe(57 * 24);
  });
});
