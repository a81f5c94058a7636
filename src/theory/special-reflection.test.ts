/**
 * digamma and trigamma where their branches are weakest, against mpmath 1.3 (40 digits, at the
 * double argument: `mp.psi(0, mpf(x))`, `mp.psi(1, mpf(x))`): far left of 0, where the reflection
 * formulas need sin(πx) for a large x, and at x = 10, the first argument of the asymptotic series,
 * where its truncated terms are largest. And the χ² CDF at its largest documented k.
 */
import { describe, expect, it } from 'vitest';
import { chiSquareCdf, digamma, trigamma } from './special.js';

function ulps(got: number, want: number, n: number): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(n * Number.EPSILON * Math.abs(want));
}

describe('the reflections at large negative x', () => {
  it('x = −999999.7: ψ = 11.533010090164288, ψ′ = 15.079412699597043 (π·x rounded lost 3e-10)', () => {
    ulps(digamma(-1e6 + 0.3), 11.533010090164288, 8);
    ulps(trigamma(-1e6 + 0.3), 15.079412699597043, 8);
  });
  it('x = −999999999.7: ψ = 18.440764449601655, ψ′ = 15.079416984233088, in O(1) work', () => {
    // mpmath evaluates this one by the reflection itself (its psi recurses for 10⁹ steps), at 50
    // digits: ψ(1 − x) − π·cot(πx) and −ψ′(1 − x) + π²/sin²(πx); the recurrence alone would need
    // 10⁹ steps of ψ′(x) = ψ′(x + 1) + 1/x²
    ulps(digamma(-1e9 + 0.3), 18.440764449601655, 8);
    ulps(trigamma(-1e9 + 0.3), 15.079416984233088, 8);
  });
  it('x = −30.6: ψ = 2.4164855599378203, ψ′ = 10.879414689963086', () => {
    ulps(digamma(-30.6), 2.4164855599378203, 8);
    ulps(trigamma(-30.6), 10.879414689963086, 8);
  });
});

describe('the asymptotic series at its first argument x = 10', () => {
  it('ψ(10) = 2.251752589066721 and ψ′(10) = 0.10516633568168575 to 2 ulps', () => {
    // the last terms summed, B₁₄/(14·10¹⁴) in ψ and B₁₆/10¹⁷ in ψ′, are 3–6 ulps of the result
    ulps(digamma(10), 2.251752589066721, 2);
    ulps(trigamma(10), 0.10516633568168575, 2);
  });
});

describe('chiSquareCdf at k = 2·10⁶, the largest documented degrees of freedom', () => {
  it('P(χ²₂₀₀₀₀₀₀ ≤ 2·10⁶) = P(10⁶, 10⁶) = 0.5001329807608725 (mpmath gammainc), beyond it a RangeError', () => {
    expect(Math.abs(chiSquareCdf(2e6, 2e6) - 0.5001329807608725)).toBeLessThan(1e-9);
    expect(() => chiSquareCdf(2e6, 2e6 + 1)).toThrow(/^k must be <= 2000000/);
  });
});
