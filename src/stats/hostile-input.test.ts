/** Regressions found by properties/fuzz.property.ts: bad input to wixi/stats is refused, by name. */
import { describe, expect, it } from 'vitest';
import { hugeSparse, throwsBeforeWalking } from '../../properties/support/hostile.js';
import {
  alphaBudget,
  assertEvidence,
  type Evidence,
  estimateMean,
  estimateVariance,
  formatEvidence,
  gaussianExpectation,
  holm,
  moments,
  testEqual,
  testRatio,
  testSameDistribution,
  varianceInterval,
} from './index.js';

const evidence: Evidence = {
  claim: 'c',
  quantity: 'q',
  measured: 1,
  predicted: 1,
  interval: [0.9, 1.1],
  alpha: 0.01,
  samples: 10,
  pass: true,
  params: {},
};

describe('wixi/stats refuses bad input', () => {
  it('alphaBudget knows only its own parts', () => {
    const b = alphaBudget(0.01, { a: 1 });
    expect(() => b.perCheck('__proto__', 1)).toThrow(/unknown part/);
    expect(() => b.of('toString')).toThrow(RangeError);
  });

  it('sparse arrays of length 2³² − 1 fail at their first hole', () => {
    throwsBeforeWalking(() => moments(hugeSparse()), TypeError);
    throwsBeforeWalking(() => holm(hugeSparse(), 0.05), TypeError);
    throwsBeforeWalking(() => testSameDistribution(hugeSparse(), [1, 2]), TypeError);
    expect(() => moments(new BigInt64Array(2) as never)).toThrow(TypeError);
  });

  it('skewness and kurtosis stay finite when m₂² underflows', () => {
    const m = moments(Float64Array.of(0, -3.1e-162, 5e-163));
    expect(Number.isFinite(m.skewness) && Number.isFinite(m.kurtosis)).toBe(true);
    expect(m.kurtosis).toBeGreaterThanOrEqual(1);
  });

  it('Moments and Estimate records are checked', () => {
    const m = { ...moments([1, 2, 3]), n: Number.NaN };
    expect(() => estimateMean(m)).toThrow(/x.n must be a number|x.n must be finite/);
    const e = { value: 1, se: 0.1, n: Number.NaN };
    expect(() => testRatio(e, { value: 1, se: 0.1, n: 3 }, 1)).toThrow(/numerator.n/);
  });

  it('a spread of zero about a known mean has se 0, not NaN', () => {
    expect(estimateVariance(Float64Array.of(2, 2), { knownMean: 2 })).toEqual({ value: 0, se: 0, n: 2 });
    const i = varianceInterval(Float64Array.of(0, 0), { knownMean: 0 });
    expect([i.lo, i.hi, i.se]).toEqual([0, 0, 0]);
  });

  it('Evidence is checked before it is formatted or asserted', () => {
    expect(() => formatEvidence({} as never)).toThrow(/e.claim must be a string/);
    expect(() => assertEvidence({ ...evidence, measured: Number.NaN })).toThrow(/e.measured must not be NaN/);
    expect(() => assertEvidence({ ...evidence, interval: [0, 'x'] as never })).toThrow(TypeError);
    expect(assertEvidence(evidence)).toBe(evidence);
  });

  it('gaussianExpectation needs an array of breakpoints', () => {
    expect(() => gaussianExpectation((x) => x * x, 1, { breakpoints: Number.NaN as never })).toThrow(
      /breakpoints must be an array/,
    );
  });
});

describe('gaussianExpectation at huge variances', () => {
  it('E[X²] = v up to v = 1e300 (w·f(x) overflowed from v ≈ 1e250; the fuzzer, WIXI_SEED=331014633)', () => {
    for (const v of [1e250, 1e280, 1e300])
      expect(gaussianExpectation((x) => x * x, v) / v).toBeCloseTo(1, 12);
    // beyond, f itself overflows at the 14σ nodes: a RangeError, never NaN or Infinity
    expect(() => gaussianExpectation((x) => x * x, 1e306)).toThrow(RangeError);
  });
});

describe('wixi/stats at α = 5e-324', () => {
  it('a zero-spread test gives a point interval: z was ∞ (α/2 underflowed) and ∞·0 = NaN (found by fuzz:deep)', () => {
    const r = testEqual(Float32Array.of(0, 0), 0, { alpha: 5e-324, absTol: 0.05 });
    expect(r.interval).toEqual([0, 0]);
    expect(r.decision).toBe('pass');
  });
});
