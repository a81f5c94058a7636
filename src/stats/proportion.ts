import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import * as check from '../validate.js';

/** The result of an exact binomial test. */
export interface ProportionResult {
  decision: 'pass' | 'fail';
  /** Observed proportion k/n. */
  observed: number;
  expected: number;
  /** Exact two-sided p-value 2·min(P(X ≤ k), P(X ≥ k)), capped at 1. */
  pValue: number;
  alpha: number;
  n: number;
}

/**
 * Exact two-sided binomial test that `k` successes in `n` trials are consistent with success
 * probability `p`: fail iff 2·min(P(X ≤ k), P(X ≥ k)) ≤ α, X ~ Binomial(n, p), so P(fail) ≤ α.
 * Used to check that a decision rule's empirical false-alarm rate matches its α (calibration) and
 * that a rare event happens as often as predicted.
 */
export function testProportion(
  k: number,
  n: number,
  p: number,
  options: { alpha?: number } = {},
): ProportionResult {
  check.integer('n', n, 1);
  check.integer('k', k, 0, n);
  const prob = check.finite('p', p);
  if (!(prob >= 0 && prob <= 1)) throw new RangeError(`p must be in [0, 1], got ${prob}`);
  const alpha = check.probability(
    'alpha',
    check.options<{ alpha: number }>('options', options).alpha ?? 0.05,
  );
  const lower = binomialCdf(k, n, prob);
  const upper = k === 0 ? 1 : 1 - binomialCdf(k - 1, n, prob);
  const pValue = Math.min(1, 2 * Math.min(lower, upper));
  return { decision: pValue <= alpha ? 'fail' : 'pass', observed: k / n, expected: prob, pValue, alpha, n };
}
