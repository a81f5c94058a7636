/**
 * Brent's safeguards (src/theory/numeric.ts) checked against an independent implementation of the
 * same algorithm: SciPy 1.17.1 `scipy.optimize.brentq` (Brent's zeroin in C), run with
 * `xtol = 2e-300, rtol = 4ε + tol, maxiter = 300` so that its stopping rule δ = (xtol + rtol·|x|)/2
 * is ours, tol1 = 2ε|b| + tol·|b|/2 + 1e-300; the counts below are its `function_calls`.
 *
 * The safeguards (which of inverse quadratic interpolation, secant and bisection to take, and the
 * minimum step tol1) change the path, not the root, on easy functions; the cases are chosen where
 * they fire: the triple roots (x − r)³, where Brent falls back to bisection on most steps and needs
 * ≈ 150 evaluations, the Alefeld–Potra–Shi (1995, ACM TOMS 748) test problems, and a root below the
 * absolute tolerance 1e-300. For the functions built from +, −, ×, ÷ (IEEE 754 rounds each one
 * exactly as Python does) the count must equal SciPy's: the iterates are the same. With
 * transcendental functions (V8's and glibc's libm may differ by an ulp) it may differ by 2.
 */
import { describe, expect, it } from 'vitest';
import { brent } from './numeric.js';

type Case = [label: string, f: (x: number) => number, a: number, b: number, at1e15: number, at1e6: number];

/** f built from +, −, ×, ÷ only: SciPy's evaluation count exactly (tol = 1e-15, tol = 1e-6). */
const RATIONAL: Case[] = [
  ['(x − 0.7)³ on [−2, 5]', (x) => (x - 0.7) * (x - 0.7) * (x - 0.7), -2, 5, 158, 70],
  ['(x − 2.5)³ on [0, 3]', (x) => (x - 2.5) * (x - 2.5) * (x - 2.5), 0, 3, 149, 61],
  ['(x − 0.3)³ + 1e-6·(x − 0.3)', (x) => (x - 0.3) * (x - 0.3) * (x - 0.3) + 1e-6 * (x - 0.3), -1, 2, 39, 38],
  [
    '(x − 0.1)⁵ + 1e-3·(x − 0.1)',
    (x) => (x - 0.1) * (x - 0.1) * (x - 0.1) * (x - 0.1) * (x - 0.1) + 0.001 * (x - 0.1),
    -1,
    3,
    18,
    17,
  ],
  ['x³ − 2x − 5 (Wallis)', (x) => x * x * x - 2 * x - 5, 2, 3, 8, 7],
  ['APS 7, n = 10: 82x − (1 − 10x)²', (x) => (1 + 81) * x - (1 - 10 * x) * (1 - 10 * x), 0, 1, 9, 8],
  ['APS 8, n = 5: x² − (1 − x)⁵', (x) => x * x - (1 - x) * (1 - x) * (1 - x) * (1 - x) * (1 - x), 0, 1, 9, 8],
  [
    'APS 8, n = 10: x² − (1 − x)¹⁰',
    (x) =>
      x * x -
      (1 - x) * (1 - x) * (1 - x) * (1 - x) * (1 - x) * (1 - x) * (1 - x) * (1 - x) * (1 - x) * (1 - x),
    0,
    1,
    11,
    9,
  ],
  [
    'APS 9, n = 4: 82x − (1 − 4x)⁴',
    (x) => (1 + 81) * x - (1 - 4 * x) * (1 - 4 * x) * (1 - 4 * x) * (1 - 4 * x),
    0,
    1,
    9,
    7,
  ],
  ['APS 11, n = 5: (5x − 1)/(4x)', (x) => (5 * x - 1) / (4 * x), 0.01, 1, 12, 12],
  ['APS 11, n = 20: (20x − 1)/(19x)', (x) => (20 * x - 1) / (19 * x), 0.01, 1, 14, 13],
  ['APS 4: x⁸ − 0.2 on [0, 5]', (x) => x * x * x * x * x * x * x * x - 0.2, 0, 5, 18, 16],
  ['APS 4: x⁴ − 1 on [0, 5]', (x) => x * x * x * x - 1, 0, 5, 15, 14],
  ['3x − 3e-295: a root below the absolute tolerance', (x) => 3 * x - 3e-295, -1, 2, 5, 5],
  ['(x − 0.3)/(1 + 100x²), not monotone', (x) => (x - 0.3) / (1 + 100 * x * x), -1, 2, 15, 14],
  ['x² − 2 on [0, 10⁶]', (x) => x * x - 2, 0, 1e6, 40, 38],
];

/** With libm functions: SciPy's count ± 2. */
const TRANSCENDENTAL: Case[] = [
  ['APS 1: sin x − x/2', (x) => Math.sin(x) - x / 2, Math.PI / 2, Math.PI, 9, 8],
  ['APS 3: −40x·e^(−x)', (x) => -40 * x * Math.exp(-x), -9, 31, 18, 18],
  ['APS 3: −100x·e^(−2x)', (x) => -100 * x * Math.exp(-2 * x), -9, 31, 22, 22],
  ['APS 6, n = 5: 2xe⁻⁵ − 2e^(−5x) + 1', (x) => 2 * x * Math.exp(-5) - 2 * Math.exp(-5 * x) + 1, 0, 1, 11, 9],
  ['APS 10, n = 20: e^(−20x)(x − 1) + x²⁰', (x) => Math.exp(-20 * x) * (x - 1) + x ** 20, 0, 1, 13, 11],
  ['e^(50x) − 2 on [−3, 3]', (x) => Math.exp(50 * x) - 2, -3, 3, 15, 13],
  [
    'tanh(3(x − 0.3)) + 0.1(x − 0.3)²',
    (x) => Math.tanh(3 * (x - 0.3)) + 0.1 * (x - 0.3) * (x - 0.3),
    -1,
    3,
    7,
    6,
  ],
  ['APS 12, n = 2: √x − √2', (x) => x ** (1 / 2) - 2 ** (1 / 2), 1, 100, 6, 6],
  ['APS 12, n = 3: ∛x − ∛3', (x) => x ** (1 / 3) - 3 ** (1 / 3), 1, 100, 10, 9],
  ['atan(1000(x − 0.3))', (x) => Math.atan(1000 * (x - 0.3)), 0, 1, 15, 14],
  ['cos x − x', (x) => Math.cos(x) - x, 0, 1, 8, 7],
];

/** Run brent at tol, counting evaluations; check the documented stopping rule on the way. */
function solve(f: (x: number) => number, a: number, b: number, tol: number): number {
  let calls = 0;
  const x = brent(
    (t) => {
      calls++;
      return f(t);
    },
    a,
    b,
    tol,
  );
  // the result lies in the bracket and within 2·tol1 of a sign change of f (or is an exact zero)
  expect(x).toBeGreaterThanOrEqual(Math.min(a, b));
  expect(x).toBeLessThanOrEqual(Math.max(a, b));
  const tol1 = 2 * Number.EPSILON * Math.abs(x) + 0.5 * tol * Math.abs(x) + 1e-300;
  const fx = f(x);
  if (fx !== 0) expect(Math.sign(f(x - 2 * tol1)) * Math.sign(f(x + 2 * tol1))).toBe(-1);
  return calls;
}

describe('brent takes the path of SciPy’s brentq (Brent 1973, ch. 4)', () => {
  for (const [label, f, a, b, n15, n6] of RATIONAL) {
    it(`${label}: ${n15} evaluations at tol 1e-15, ${n6} at 1e-6, as SciPy`, () => {
      expect(solve(f, a, b, 1e-15)).toBe(n15);
      expect(solve(f, a, b, 1e-6)).toBe(n6);
    });
  }
  for (const [label, f, a, b, n15, n6] of TRANSCENDENTAL) {
    it(`${label}: within 2 of SciPy’s ${n15} and ${n6} evaluations`, () => {
      expect(Math.abs(solve(f, a, b, 1e-15) - n15)).toBeLessThanOrEqual(2);
      expect(Math.abs(solve(f, a, b, 1e-6) - n6)).toBeLessThanOrEqual(2);
    });
  }

  it('a root at the start of the bracket is returned exactly, for a decreasing f too', () => {
    expect(brent((x) => 1 - x, 1, 3)).toBe(1);
    expect(brent((x) => 3 - x, 1, 3)).toBe(3);
  });
});
