/**
 * Brent's root finder (src/theory/numeric.ts): roots to full precision, and the superlinear
 * convergence that is the point of the method (Brent 1973, ch. 4): a smooth simple root in a unit
 * bracket takes about 8–15 evaluations where bisection takes ≈ 50 for 1e-15.
 */
import { describe, expect, it } from 'vitest';
import { brent } from './numeric.js';

function counted(f: (x: number) => number): { f: (x: number) => number; calls: () => number } {
  let n = 0;
  return {
    f: (x) => {
      n++;
      return f(x);
    },
    calls: () => n,
  };
}

describe('brent', () => {
  // root (rounded to a double), from a 40-digit Newton iteration or a closed form
  const cases: [string, (x: number) => number, number, number, number, number][] = [
    ['x³ − 2x − 5 (Wallis)', (x) => x * x * x - 2 * x - 5, 2, 3, 2.0945514815423265, 10],
    ['cos x − x (the Dottie number)', (x) => Math.cos(x) - x, 0, 1, 0.7390851332151607, 10],
    ['eˣ − 2', (x) => Math.exp(x) - 2, 0, 1, Math.LN2, 10],
    ['2 − eˣ, bracket given high to low', (x) => 2 - Math.exp(x), 1, 0, Math.LN2, 10],
    ['tanh(x − ⅓) on [−4, 10]', (x) => Math.tanh(x - 1 / 3), -4, 10, 1 / 3, 12],
    ['atan(1000(x − 0.3)), steep', (x) => Math.atan(1000 * (x - 0.3)), 0, 1, 0.3, 20],
  ];
  for (const [name, f, a, b, root, most] of cases) {
    it(`${name}: the root to 2 ulps in at most ${most} evaluations`, () => {
      const c = counted(f);
      const x = brent(c.f, a, b);
      expect(Math.abs(x - root)).toBeLessThanOrEqual(2 * Number.EPSILON * Math.abs(root));
      expect(c.calls()).toBeLessThanOrEqual(most);
    });
  }

  it('a root at an end of the bracket is returned exactly, after the two end evaluations', () => {
    const lo = counted((x) => x - 1);
    expect(brent(lo.f, 1, 3)).toBe(1);
    expect(lo.calls()).toBe(2);
    const hi = counted((x) => x - 3);
    expect(brent(hi.f, 1, 3)).toBe(3);
    expect(hi.calls()).toBe(2);
  });

  it('a looser tolerance stops earlier, at a point within it', () => {
    const c = counted((x) => Math.exp(x) - 2);
    const x = brent(c.f, 0, 1, 1e-6);
    expect(Math.abs(x - Math.LN2)).toBeLessThan(1e-6);
    expect(c.calls()).toBeLessThanOrEqual(8);
  });

  it('maxIter bounds the work: at most 2 + maxIter evaluations', () => {
    const c = counted((x) => x ** 3);
    brent(c.f, -1, 2, 1e-15, 5);
    expect(c.calls()).toBe(7);
  });

  it('refuses a bracket without a sign change, naming both ends and values', () => {
    expect(() => brent((x) => x * x, 1, 2)).toThrow(
      /^brent: f\(1\) = 1 and f\(2\) = 4 do not bracket a root$/,
    );
    expect(() => brent((x) => -x * x, 1, 2)).toThrow(RangeError);
  });
});
