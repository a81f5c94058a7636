import { sigmoidValue } from '../nn/activations.js';
import { gaussianExpectation } from '../stats/quadrature.js';
import * as check from '../validate.js';

/** max σ'(x) = σ'(0) = 1/4 for the logistic sigmoid σ' = σ(1 − σ), attained only at x = 0. */
export const SIGMOID_DERIVATIVE_MAX = 0.25;

const INV_SQRT_2PI = 0.3989422804014327;

function sigmoidDerivative(x: number): number {
  const s = sigmoidValue(x);
  return s * (1 - s);
}

/**
 * E[σ'(s·Z)], Z ~ N(0, 1): the mean slope of a logistic sigmoid whose input has standard
 * deviation s (s = 1: 0.2066209641). It is at most 1/4 (σ' ≤ 1/4, equality only at 0) and falls
 * like 1/(s√(2π)) as s grows (`sigmoidDerivativeAsymptote`): the larger |z|, the smaller the
 * gradient through the sigmoid — the vanishing-gradient argument of the discussion and of
 * Glorot & Bengio (2010, §4). By `gaussianExpectation`, with breakpoints at 2ʲ/s so the bump of
 * width ≈ 1/s is resolved at every s; s = 0 gives 1/4.
 */
export function sigmoidDerivativeMean(s: number): number {
  const sd = check.nonNegative('s', s);
  if (sd === 0) return SIGMOID_DERIVATIVE_MAX;
  const breakpoints: number[] = [];
  for (let t = 0.25 / sd; t < 14; t *= 2) breakpoints.push(t, -t);
  return gaussianExpectation((z) => sigmoidDerivative(sd * z), 1, { breakpoints });
}

/**
 * The large-s asymptote of E[σ'(s·Z)]: since ∫σ'(u)du = 1,
 * E[σ'(sZ)] = (1/s)∫σ'(u)·φ(u/s)du → φ(0)/s = 1/(s√(2π)). With `terms: 2` or `3` the next terms of
 * the (asymptotic, divergent) expansion φ(0)/s·(1 − m₂/(2s²) + m₄/(8s⁴)) are added, where
 * m₂ = π²/3 and m₄ = 7π⁴/15 are the logistic law's second and fourth moments.
 */
export function sigmoidDerivativeAsymptote(s: number, options: { terms?: 1 | 2 | 3 } = {}): number {
  const sd = check.positive('s', s);
  const terms = check.integer('terms', check.options<{ terms: number }>('options', options).terms ?? 1, 1, 3);
  const r = 1 / (sd * sd);
  const m2 = (Math.PI * Math.PI) / 3;
  const m4 = (7 * Math.PI ** 4) / 15;
  let series = 1;
  if (terms >= 2) series -= (m2 / 2) * r;
  if (terms >= 3) series += (m4 / 8) * r * r;
  return (INV_SQRT_2PI / sd) * series;
}
