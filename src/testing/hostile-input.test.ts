/** Regressions found by properties/fuzz.property.ts: bad input to wixi/testing is refused, by name. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hugeSparse, throwsBeforeWalking } from '../../properties/support/hostile.js';
import { normal } from '../random/distributions.js';
import {
  assertProperty,
  depth,
  distributionWithMean,
  findCounterexample,
  toFollowDistribution,
  width,
  zeroMeanDistribution,
} from './index.js';

const call = (f: unknown, ...a: unknown[]) => (f as (...x: unknown[]) => unknown)(...a);

describe('wixi/testing refuses bad input', () => {
  it('assertProperty and findCounterexample check title, arbitraries, predicate and options', () => {
    for (const f of [assertProperty, findCounterexample]) {
      throwsBeforeWalking(() => call(f, 't', hugeSparse(), () => true, { numRuns: 1 }), RangeError);
      expect(() => call(f, 't', Number.NaN, () => true, { numRuns: 1 })).toThrow(/^arbitraries must be/);
      expect(() => call(f, 't', [], () => true, { numRuns: 1 })).toThrow(RangeError);
      expect(() => call(f, 't', [1], () => true, { numRuns: 1 })).toThrow(/^arbitraries\[0\] must be/);
      expect(() => call(f, 't', [fc.integer()], 1, { numRuns: 1 })).toThrow(/^predicate must be/);
      expect(() => call(f, 't', [fc.integer()], () => true)).toThrow(/^options must be/);
      expect(() => call(f, 't', [fc.integer()], () => true, { numRuns: Number.NaN })).toThrow(/numRuns/);
      expect(() => call(f, 't', [fc.integer()], () => true, { numRuns: 1e12 })).toThrow(/numRuns/); // a hang
      expect(() => call(f, '', [fc.integer()], () => true, { numRuns: 1 })).toThrow(/^title must be/);
    }
    expect(() =>
      call(assertProperty, 't', [fc.integer()], () => {}, { numRuns: 1, endOnFailure: 1 }),
    ).toThrow(/endOnFailure/);
    assertProperty('hostile-input: a true property', [fc.integer()], () => {}, { numRuns: 3 });
  });

  it('the arbitraries check their arguments before fast-check sees them', () => {
    expect(() => depth(Number.NaN, 1)).toThrow(/^lo must be/);
    expect(() => depth(3, 2)).toThrow(/^lo must be <= hi/);
    expect(() => width(0, 4)).toThrow(RangeError);
    expect(() => width(1, 2 ** 53)).toThrow(/^hi must be/);
    expect(() => zeroMeanDistribution(Number.NaN as never)).toThrow(/^families must be/);
    expect(() => distributionWithMean(1 as never)).toThrow(/^mean must be/);
    expect(() => distributionWithMean(fc.constant(0), undefined, [1, Number.NaN])).toThrow(
      /logVariance\[1\]/,
    );
    expect(() => distributionWithMean(fc.constant(0), undefined, [400, 500])).toThrow(/^logVariance must be/);
    expect(() => distributionWithMean(fc.constant(0), undefined, hugeSparse() as never)).toThrow(RangeError);
    expect(fc.sample(depth(2, 3), { numRuns: 5, seed: 1 }).every((d) => d === 2 || d === 3)).toBe(true);
  });

  it('toFollowDistribution checks dist', () => {
    expect(() => toFollowDistribution(Float64Array.of(0, 1), undefined as never)).toThrow(
      /^dist must be a Distribution/,
    );
    expect(() => toFollowDistribution(Float64Array.of(0, 1), { cdf: 1 } as never)).toThrow(TypeError);
    expect(toFollowDistribution(Float64Array.of(-0.3, 0.4), normal()).pass).toBe(true);
  });
});
