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
 * m₂ = π²/3 and m₄ = 7π⁴/15 are the logistic law's second and fourth moments. At an s so small
 * that 1/s² overflows, the truncated series is returned as its limit (+Infinity for terms 1 and 3,
 * −Infinity for terms 2), never NaN.
 */
export function sigmoidDerivativeAsymptote(s: number, options: { terms?: 1 | 2 | 3 } = {}): number {
  const sd = check.positive('s', s);
  const terms = check.integer('terms', check.options<{ terms: number }>('options', options).terms ?? 1, 1, 3);
  const u = 1 / sd;
  const r = u * u;
  const m2 = (Math.PI * Math.PI) / 3;
  const m4 = (7 * Math.PI ** 4) / 15;
  // Horner form 1 + r·(−m₂/2 + r·m₄/8): at a tiny s, where r = 1/s² overflows, the truncated
  // series is ±Infinity (its leading power's sign), never ∞ − ∞ = NaN
  const series = terms === 1 ? 1 : terms === 2 ? 1 - (m2 / 2) * r : 1 + r * (-m2 / 2 + (m4 / 8) * r);
  return INV_SQRT_2PI * u * series;
}
