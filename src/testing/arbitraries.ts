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
import * as check from '../validate.js';

/** Throw a TypeError unless `value` is a fast-check Arbitrary (it has generate and shrink). */
export function assertArbitrary(name: string, value: unknown): asserts value is fc.Arbitrary<unknown> {
  const a = value as { generate?: unknown; shrink?: unknown } | null;
  if (
    a === null ||
    typeof a !== 'object' ||
    typeof a.generate !== 'function' ||
    typeof a.shrink !== 'function'
  )
    throw new TypeError(`${name} must be a fast-check Arbitrary, got ${check.show(value)}`);
}

/** Check integer bounds lo ≤ hi in [min, max] for fc.integer. */
function bounds(lo: unknown, hi: unknown, min: number): [number, number] {
  const l = check.integer('lo', lo, min);
  const h = check.integer('hi', hi, min);
  if (l > h) throw new RangeError(`lo must be <= hi, got lo = ${l}, hi = ${h}`);
  return [l, h];
}

/**
 * fast-check arbitraries for the spec, exported for other projects' tests. Each distribution
 * arbitrary yields wixi `Distribution` values (exact moments, sampler, CDF), which print by name
 * inside counterexamples.
 */

/**
 * A distribution family standardised to mean 0 and variance 1: normal, uniform, truncated normal
 * (±2σ), Laplace, Rademacher, Student-t (ν ∈ [20, 60]) and beta (α, β ∈ [0.5, 8]). Shrinks towards
 * the normal. ν ≥ 20, not just ν > 8 (finite eighth moments): at α ≈ 1e-10 one product of two t₁₂
 * factors alone decides a variance test 30× more often than α/2, and removing that costs ≈ 30×
 * the samples, against one doubling from ν = 20 (wixi's claims double N as needed; see
 * src/stats/single-draw.ts).
 */
export const standardFamily: fc.Arbitrary<Distribution> = fc.oneof(
  fc.constant(normal()),
  fc.constant(standardized(uniform({ lo: -1, hi: 1 }))),
  fc.constant(standardized(truncatedNormal({ units: 'sigma' }))),
  fc.constant(standardized(laplace())),
  fc.constant(rademacher()),
  fc.double({ min: 20, max: 60, noNaN: true }).map((nu) => standardized(studentT({ nu }))),
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

/**
 * A zero-mean distribution with variance 10^u, u uniform in [−3, 3] (so in [1e-3, 1e3],
 * log-uniform). `families` must be an Arbitrary of Distributions (a TypeError otherwise).
 */
export function zeroMeanDistribution(
  families: fc.Arbitrary<Distribution> = standardFamily,
): fc.Arbitrary<Distribution> {
  assertArbitrary('families', families);
  return fc
    .tuple(families, fc.double({ min: -3, max: 3, noNaN: true }))
    .map(([d, logv]) => standardized(d, 10 ** logv));
}

/**
 * A distribution with the given mean arbitrary and a variance 10^u, u ∈ [logVariance[0],
 * logVariance[1]] (default [−2, 2]): the inputs of the nonzero-mean laws (pixels in [0, 1] have
 * mean ≈ 0.3 and variance ≈ 0.13). `mean` and `families` must be Arbitraries, and logVariance
 * two finite numbers lo ≤ hi within [−300, 300] (so 10^u is a finite positive variance).
 */
export function distributionWithMean(
  mean: fc.Arbitrary<number>,
  families: fc.Arbitrary<Distribution> = standardFamily,
  logVariance: [number, number] = [-2, 2],
): fc.Arbitrary<Distribution> {
  assertArbitrary('mean', mean);
  assertArbitrary('families', families);
  const [lo, hi] = check.listOf('logVariance', logVariance, check.finite, {
    min: 2,
    max: 2,
    what: 'a pair [lo, hi] of numbers',
  });
  if (!(lo <= hi && lo >= -300 && hi <= 300))
    throw new RangeError(
      `logVariance must be [lo, hi] with -300 <= lo <= hi <= 300, got ${check.show(logVariance)}`,
    );
  return fc
    .tuple(families, fc.double({ min: lo, max: hi, noNaN: true }), mean)
    .map(([d, logv, m]) => shifted(standardized(d, 10 ** logv), m));
}

/** A stream seed for `createRng`: part of the parameters, so a counterexample replays exactly. */
export const seed: fc.Arbitrary<number> = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** A layer width in [lo, hi] (default 8…512), shrinking towards lo; integers 1 ≤ lo ≤ hi. */
export function width(lo = 8, hi = 512): fc.Arbitrary<number> {
  const [min, max] = bounds(lo, hi, 1);
  return fc.integer({ min, max });
}

/** A network depth in [lo, hi] (default 1…20), shrinking towards lo; integers 0 ≤ lo ≤ hi. */
export function depth(lo = 1, hi = 20): fc.Arbitrary<number> {
  const [min, max] = bounds(lo, hi, 0);
  return fc.integer({ min, max });
}
