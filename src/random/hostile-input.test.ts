/** Regressions found by properties/fuzz.property.ts: bad input to wixi/random is refused, by name. */
import { describe, expect, it } from 'vitest';
import {
  assertDistribution,
  beta,
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
  // an endless rejection loop would hang until the test's timeout: no clock needed
  it('zero probability is a RangeError, not an endless rejection loop', () => {
    expect(() =>
      createRng(1).fillTruncatedNormal(new Float64Array(4), 1e300, 1.5, -2, 2, 'absolute'),
    ).toThrow(/zero probability/);
    expect(() => createRng(1).fillTruncatedNormal(new Float64Array(4), 0, 1, 40, 41, 'sigma')).toThrow(
      RangeError,
    );
    // far but representable tails still sample
    const x = createRng(2).fillTruncatedNormal(new Float64Array(100), 0, 1, 20, 21, 'sigma');
    expect(Math.min(...x)).toBeGreaterThanOrEqual(20);
    expect(() => truncatedNormal({ units: 'sigma', lo: 40, hi: 41 })).toThrow(RangeError);
  });

  it('beta refuses laws too narrow for float64 near their mean, and keeps exact moments at huge shapes', () => {
    // found by the fuzzer (WIXI_SEED=2291835953): beta(2⁵³, 4.8) ran @stdlib's rejection loop for ~0.3 s
    // per draw, and its sd ≈ 2.4e-16 near 1 is below float64's spacing there anyway
    expect(() => beta({ alpha: 2 ** 53, beta: 4.8 })).toThrow(
      /beta\(alpha = 9007199254740992.*float64 can resolve/,
    );
    expect(() => beta({ alpha: 1e200, beta: 1e200 })).toThrow(RangeError);
    // Beta(1, b) → b·X ~ Exp(1) as b → ∞: skewness → 2, excess kurtosis → 6; exact at b = 1e12 to ~1e-6
    const d = beta({ alpha: 1, beta: 1e12 });
    expect(d.kurtosis).toBeCloseTo(9, 5);
    expect(d.thirdCentralMoment / d.variance ** 1.5).toBeCloseTo(2, 5);
    // lopsided shapes are sampled by the ratio of gammas (a 24-draw sample, in [0, 1])
    const x = beta({ alpha: 1e9, beta: 2 }).sample(createRng(854), new Float64Array(24));
    expect(x.every((v) => v > 0.999999 && v < 1)).toBe(true);
  });
});
