/**
 * digamma, trigamma and the regularized incomplete gamma functions to a few ulps of mpmath 1.3
 * (30 digits, `mp.digamma`, `mp.psi(1, x)`, `mp.gammainc(a, 0, x, regularized=True)` and
 * `mp.gammainc(a, x, mp.inf, regularized=True)`), in every branch: the reflection for x < 0, the
 * recurrence below 10, the asymptotic series above, the power series for x < a + 1 and the
 * continued fraction beyond it.
 */
import { describe, expect, it } from 'vitest';
import { chiSquareCdf, digamma, regularizedGammaP, regularizedGammaQ, trigamma } from './special.js';

/** |got − want| ≤ ulps·ε·|want|. */
function ulps(got: number, want: number, n: number): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(n * Number.EPSILON * Math.abs(want));
}

describe('digamma and trigamma against mpmath, to 8 ulps', () => {
  // x, ψ(x), ψ′(x), at the double x (mpf(float), exact; at the decimal −2.7, 1.8e-16 away, ψ
  // differs by 2.6e-15 = 10 ulps since ψ′(−2.7) = 14.8)
  const table: [number, number, number][] = [
    [-2.7, -1.1153471291406896, 14.769375845132314],
    [-0.3, 2.113309779635399, 13.945160267805722],
    [0.25, -4.227453533376265, 17.19732915450711],
    [3.5, 1.103156640645243, 0.3303577561002349],
    [10, 2.251752589066721, 0.10516633568168575],
    [10.5, 2.3030010342976865, 0.09991695605912673],
    [12.25, 2.464154655185369, 0.0850551429881632],
    [30, 3.384438132685525, 0.033895060357739946],
  ];
  for (const [x, psi, psi1] of table) {
    it(`x = ${x}`, () => {
      ulps(digamma(x), psi, 8);
      ulps(trigamma(x), psi1, 8);
    });
  }
  it('errors name x', () => {
    expect(() => digamma(Number.NaN)).toThrow(/^x must be/);
    expect(() => trigamma(Number.POSITIVE_INFINITY)).toThrow(/^x must be/);
  });
});

describe('P(a, x) and Q(a, x) against mpmath, to 16 ulps, in both branches', () => {
  // a, x, P, Q
  const table: [number, number, number, number][] = [
    [0.5, 0.2, 0.4729107431344619, 0.5270892568655381], // series
    [3, 2.5, 0.45618688411667047, 0.5438131158833295], // series
    [2.5, 3.5, 0.7793596920632891, 0.2206403079367108], // fraction (x ≥ a + 1)
    [3, 4.5, 0.8264219290899639, 0.17357807091003605],
    [10, 20, 0.9950045876916924, 0.004995412308307587],
    [1e-3, 5, 0.9999988490186603, 0.000001150981339730861],
    [50, 45, 0.24680203440017026, 0.7531979655998297],
    [50, 60, 0.9155933189063082, 0.08440668109369183],
  ];
  for (const [a, x, p, q] of table) {
    it(`a = ${a}, x = ${x}`, () => {
      ulps(regularizedGammaP(a, x), p, 16);
      ulps(regularizedGammaQ(a, x), q, 16);
    });
  }
  it('a far upper tail comes from the continued fraction: Q(2, 700) = 701·e⁻⁷⁰⁰, P(2, 700) = 1', () => {
    ulps(regularizedGammaQ(2, 700), 701 * Math.exp(-700), 1e3);
    expect(regularizedGammaP(2, 700)).toBe(1);
    // χ²₄ CDF at 1400 = P(2, 700)
    expect(chiSquareCdf(1400, 4)).toBe(1);
  });
  it('the ends: P(a, 0) = 0, Q(a, 0) = 1, P(a, ∞) = 1, Q(a, ∞) = 0', () => {
    expect([regularizedGammaP(2.5, 0), regularizedGammaQ(2.5, 0)]).toEqual([0, 1]);
    const inf = Number.POSITIVE_INFINITY;
    expect([regularizedGammaP(2.5, inf), regularizedGammaQ(2.5, inf)]).toEqual([1, 0]);
  });
  it('errors name a and x', () => {
    expect(() => regularizedGammaQ(0, 1)).toThrow(/^a must be > 0/);
    expect(() => regularizedGammaQ(1, -1)).toThrow(/^x must be >= 0/);
    expect(() => regularizedGammaP(-1, 1)).toThrow(/^a must be > 0/);
    expect(() => chiSquareCdf(Number.NaN, 2)).toThrow(/^x must be/);
  });
});
