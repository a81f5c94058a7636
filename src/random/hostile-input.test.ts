/** Regressions found by properties/fuzz.property.ts: bad input to wixi/random is refused, by name. */
import { describe, expect, it } from 'vitest';
import {
  assertDistribution,
  createRng,
  normal,
  rademacher,
  scaled,
  standardTruncatedMoments,
  truncatedNormal,
  uniform,
} from './index.js';

describe('distributions refuse bad arguments', () => {
  it('cdf(x) needs a number that is not NaN', () => {
    expect(() => normal().cdf(Number.NaN)).toThrow(RangeError);
    expect(() => uniform().cdf('0.5' as never)).toThrow(/x must be a number/);
    expect(rademacher().cdf(Number.POSITIVE_INFINITY)).toBe(1);
  });

  it('sample(rng, out) needs a whole stream and a float array', () => {
    expect(() => normal().sample({ fillNormal: () => 0 } as never, new Float64Array(2))).toThrow(
      /rng must be a wixi Rng.*lacks uint32/,
    );
    expect(() => rademacher().sample(createRng(1), [0, 0] as never)).toThrow(TypeError);
  });

  it('moments that are not finite doubles are a RangeError, and kurtosis stays exact when σ⁴ underflows', () => {
    expect(() => normal({ sd: 1e200 })).toThrow(/variance is not a finite double/);
    expect(() => normal({ sd: 1e150 })).toThrow(/fourth central moment/);
    expect(normal({ sd: 1e-100 }).kurtosis).toBe(3);
    expect(scaled(uniform(), 1e-100).kurtosis).toBeCloseTo(1.8, 12);
  });

  it('names are checked', () => {
    expect(() => scaled(normal(), 2, 5 as never)).toThrow(/name must be a string/);
    expect(() => assertDistribution(Symbol('d') as never, normal())).toThrow(TypeError);
    expect(() => assertDistribution('d', { ...normal(), variance: Number.NaN })).toThrow(
      /d.variance must be finite/,
    );
  });

  it('standardTruncatedMoments checks its bounds and stays finite far in a tail', () => {
    expect(() => standardTruncatedMoments('a' as never, 1)).toThrow(TypeError);
    expect(() => standardTruncatedMoments(1, 1)).toThrow(/a must be < b/);
    const m = standardTruncatedMoments(0, 1e300);
    for (const v of Object.values(m)) expect(Number.isFinite(v)).toBe(true);
  });
});

describe('the stream refuses a truncation interval it cannot sample', () => {
  it('zero probability is a RangeError, not an endless rejection loop', () => {
    const t0 = performance.now();
    expect(() =>
      createRng(1).fillTruncatedNormal(new Float64Array(4), 1e300, 1.5, -2, 2, 'absolute'),
    ).toThrow(/zero probability/);
    expect(() => createRng(1).fillTruncatedNormal(new Float64Array(4), 0, 1, 40, 41, 'sigma')).toThrow(
      RangeError,
    );
    expect(performance.now() - t0).toBeLessThan(1000);
    // far but representable tails still sample
    const x = createRng(2).fillTruncatedNormal(new Float64Array(100), 0, 1, 20, 21, 'sigma');
    expect(Math.min(...x)).toBeGreaterThanOrEqual(20);
    expect(() => truncatedNormal({ units: 'sigma', lo: 40, hi: 41 })).toThrow(RangeError);
  });
});
