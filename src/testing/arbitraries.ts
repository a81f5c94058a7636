import fc from 'fast-check';
import {
  beta,
  type Distribution,
  laplace,
  normal,
  rademacher,
  shifted,
  standardized,
  studentT,
  truncatedNormal,
  uniform,
} from '../random/distributions.js';

/**
 * fast-check arbitraries for the spec, exported for other projects' tests. Each distribution
 * arbitrary yields wixi `Distribution` values (exact moments, sampler, CDF), which print by name
 * inside counterexamples.
 */

/**
 * A distribution family standardised to mean 0 and variance 1: normal, uniform, truncated normal
 * (±2σ), Laplace, Rademacher, Student-t (ν ∈ [12, 60], finite eighth moment so sample variances
 * are normal-like) and beta (α, β ∈ [0.5, 8]). Shrinks towards the normal.
 */
export const standardFamily: fc.Arbitrary<Distribution> = fc.oneof(
  fc.constant(normal()),
  fc.constant(standardized(uniform({ lo: -1, hi: 1 }))),
  fc.constant(standardized(truncatedNormal({ units: 'sigma' }))),
  fc.constant(standardized(laplace())),
  fc.constant(rademacher()),
  fc.double({ min: 12, max: 60, noNaN: true }).map((nu) => standardized(studentT({ nu }))),
  fc
    .record({
      a: fc.double({ min: 0.5, max: 8, noNaN: true }),
      b: fc.double({ min: 0.5, max: 8, noNaN: true }),
    })
    .map((p) => standardized(beta({ alpha: p.a, beta: p.b }))),
);

/**
 * Fast families only (normal, uniform, Laplace, Rademacher; samplers without per-draw library
 * calls), for claims that draw millions of values per run.
 */
export const fastStandardFamily: fc.Arbitrary<Distribution> = fc.oneof(
  fc.constant(normal()),
  fc.constant(standardized(uniform({ lo: -1, hi: 1 }))),
  fc.constant(standardized(laplace())),
  fc.constant(rademacher()),
);

/** A zero-mean distribution with variance in [1e-3, 1e3] (log-uniform). */
export function zeroMeanDistribution(
  families: fc.Arbitrary<Distribution> = standardFamily,
): fc.Arbitrary<Distribution> {
  return fc
    .tuple(families, fc.double({ min: -3, max: 3, noNaN: true }))
    .map(([d, logv]) => standardized(d, 10 ** logv));
}

/**
 * A distribution with the given mean arbitrary and a variance 10^u, u ∈ [logVariance[0],
 * logVariance[1]] (default [−2, 2]): the inputs of the nonzero-mean laws (pixels in [0, 1] have
 * mean ≈ 0.3 and variance ≈ 0.13).
 */
export function distributionWithMean(
  mean: fc.Arbitrary<number>,
  families: fc.Arbitrary<Distribution> = standardFamily,
  logVariance: [number, number] = [-2, 2],
): fc.Arbitrary<Distribution> {
  return fc
    .tuple(families, fc.double({ min: logVariance[0], max: logVariance[1], noNaN: true }), mean)
    .map(([d, logv, m]) => shifted(standardized(d, 10 ** logv), m));
}

/** A stream seed for `createRng`: part of the parameters, so a counterexample replays exactly. */
export const seed: fc.Arbitrary<number> = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** A layer width in [lo, hi] (default 8…512), shrinking towards lo. */
export function width(lo = 8, hi = 512): fc.Arbitrary<number> {
  return fc.integer({ min: lo, max: hi });
}

/** A network depth in [lo, hi] (default 1…20), shrinking towards lo. */
export function depth(lo = 1, hi = 20): fc.Arbitrary<number> {
  return fc.integer({ min: lo, max: hi });
}
