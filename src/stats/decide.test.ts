import { describe, expect, it } from 'vitest';
import { alphaBudget, holm } from './budget.js';
import { minDetectable, samplesFor, staged, testEstimate, testRatio, testVariance } from './decide.js';
import { estimateVariance, varianceInterval, zOneSided, zTwoSided } from './estimate.js';
import { assertEvidence, EvidenceError, formatEvidence } from './evidence.js';
import { dkwEpsilon, ksDistance, ksDistance2, ksSamplesFor, testDistribution } from './goodness.js';
import { testProportion } from './proportion.js';

describe('critical values', () => {
  it('match the normal table and stay accurate far in the tail', () => {
    expect(zTwoSided(0.05)).toBeCloseTo(1.959963984540054, 12);
    expect(zOneSided(0.05)).toBeCloseTo(1.6448536269514722, 12);
    expect(Math.abs(zTwoSided(1e-12) - 7.130506848171324)).toBeLessThan(1e-5); // scipy.stats.norm.isf(5e-13)
    expect(() => zTwoSided(0)).toThrow(/alpha must be in \(0, 1\)/);
    expect(() => zTwoSided(1)).toThrow(RangeError);
  });
});

describe('estimateVariance', () => {
  it('uses the exact finite-n fourth-moment standard error', () => {
    const data = [1, 2, 3, 4, 5, 6, 7, 8];
    const e = estimateVariance(data, { kurtosis: 3 });
    const n = 8;
    expect(e.value).toBeCloseTo(6, 14);
    expect(e.se).toBeCloseTo(6 * Math.sqrt((3 - (n - 3) / (n - 1)) / n), 14);
    const known = estimateVariance(data, { knownMean: 0, kurtosis: 3 });
    expect(known.value).toBeCloseTo(204 / 8, 14);
    expect(known.se).toBeCloseTo((204 / 8) * Math.sqrt(2 / 8), 14);
    expect(() => estimateVariance(data, { kurtosis: 0.5 })).toThrow(/kurtosis must be >= 1/);
    expect(() => estimateVariance([1])).toThrow(/at least 2/);
  });
  it('builds the interval on the log scale', () => {
    const i = varianceInterval([1, 2, 3, 4, 5, 6, 7, 8], { alpha: 0.05, kurtosis: 3 });
    expect(i.lo * i.hi).toBeCloseTo(36, 10);
    expect(i.lo).toBeLessThan(6);
  });
});

describe('testEstimate', () => {
  it('fails beyond z_{α/2}·se, passes when the 1−β bound is inside the tolerance, else inconclusive', () => {
    const z = zTwoSided(0.01);
    expect(testEstimate({ value: 1 + 1.01 * z * 0.01, se: 0.01, n: 100 }, 1, { alpha: 0.01 }).decision).toBe(
      'fail',
    );
    expect(testEstimate({ value: 1.001, se: 0.001, n: 100 }, 1, { alpha: 0.01, relTol: 0.05 }).decision).toBe(
      'pass',
    );
    expect(testEstimate({ value: 1.01, se: 0.02, n: 100 }, 1, { alpha: 0.01, relTol: 0.05 }).decision).toBe(
      'inconclusive',
    );
  });
  it('works on the log scale with a symmetric tolerance log(1 + relTol)', () => {
    const r = testEstimate({ value: 2, se: 0.002, n: 10 }, 2, { scale: 'log', relTol: 0.05 });
    expect(r.tolerance).toBeCloseTo(Math.log(1.05), 15);
    expect(r.decision).toBe('pass');
    expect(r.interval[0] * r.interval[1]).toBeCloseTo(4, 12);
    expect(() => testEstimate({ value: -1, se: 1, n: 2 }, 1, { scale: 'log' })).toThrow(/positive estimate/);
  });
  it('rejects bad options', () => {
    const e = { value: 1, se: 0.1, n: 10 };
    expect(() => testEstimate(e, Number.NaN)).toThrow(/predicted must be finite/);
    expect(() => testEstimate(e, 1, { alpha: 2 })).toThrow(/alpha must be in \(0, 1\), got 2/);
    expect(() => testEstimate(e, 0)).toThrow(/absTol/);
    expect(() => testEstimate(e, 1, { scale: 'cubic' as 'log' })).toThrow(/unknown scale/);
    expect(() => testEstimate({ value: 1, se: -1, n: 2 }, 1)).toThrow(/estimate.se must be >= 0/);
  });
  it('testVariance and testRatio agree with the formulas', () => {
    expect(testVariance([1, -1, 1, -1, 1, -1], 1.2, { kurtosis: 1 }).decision).not.toBe('fail');
    const r = testRatio({ value: 4, se: 0.4, n: 50 }, { value: 2, se: 0.2, n: 50 }, 2);
    expect(r.measured).toBe(2);
    expect(r.interval[1] / r.interval[0]).toBeCloseTo(
      Math.exp(2 * zTwoSided(0.05) * Math.hypot(0.1, 0.1)),
      10,
    );
  });
});

describe('planning', () => {
  it('samplesFor and minDetectable are inverse', () => {
    const plan = { alpha: 1e-6, power: 0.999, kurtosis: 3 };
    const n = samplesFor({ ...plan, relTol: 0.05 });
    expect(minDetectable({ ...plan, n })).toBeLessThanOrEqual(0.05);
    expect(minDetectable({ ...plan, n: n - 1 })).toBeGreaterThan(0.05);
    const zs = zTwoSided(1e-6) + zOneSided(0.001);
    expect(n).toBe(Math.ceil(((zs * Math.SQRT2) / Math.log(1.05)) ** 2));
    expect(samplesFor({ relTol: 0.1, alpha: 0.05, power: 0.8, cv: 1 })).toBe(
      Math.ceil(((zTwoSided(0.05) + zOneSided(0.2)) / 0.1) ** 2),
    );
    expect(() => samplesFor({ relTol: 0.1, alpha: 0.05, power: 0.8 })).toThrow(/exactly one of kurtosis/);
    expect(() => samplesFor({ relTol: -1, alpha: 0.05, power: 0.8, cv: 1 })).toThrow(/relTol must be > 0/);
  });
});

describe('staged', () => {
  it('draws more only while inconclusive and spends α over the stages', () => {
    const sizes: number[] = [];
    const r = staged(
      (n) => {
        sizes.push(n);
        return { value: 1 + 0.5 / Math.sqrt(n), se: 1 / Math.sqrt(n), n };
      },
      1,
      { alpha: 0.03, firstStage: 100, stages: 3, relTol: 0.2 },
    );
    expect(sizes).toEqual([100, 200, 400].slice(0, sizes.length));
    expect(r.stages.every((s) => s.alpha === 0.01)).toBe(true);
    expect(r.alpha).toBe(0.03);
    const forced = staged((n) => ({ value: 1.05, se: 0.05, n }), 1, {
      alpha: 0.03,
      firstStage: 10,
      stages: 2,
      relTol: 0.01,
    });
    expect(forced.forced).toBe(true);
    expect(forced.decision).toBe('pass');
  });
});

describe('goodness of fit', () => {
  it('computes KS distances exactly on small samples', () => {
    const uniformCdf = (x: number) => Math.min(1, Math.max(0, x));
    // sample {0.1, 0.5, 0.9}: D = max over steps = max(1/3−0.1, 0.5−1/3, 2/3−0.5, 0.9−2/3, 1−0.9)
    expect(ksDistance([0.9, 0.1, 0.5], uniformCdf)).toBeCloseTo(0.2333333333333333, 14);
    // an atom: all mass at 0 vs a fair ±1 coin → D = 0.5
    expect(ksDistance([0, 0], (x) => (x < -1 ? 0 : x < 1 ? 0.5 : 1))).toBe(0.5);
    expect(ksDistance([1, -1], (x) => (x < -1 ? 0 : x < 1 ? 0.5 : 1))).toBe(0);
    expect(ksDistance2([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(ksDistance2([1, 2], [3, 4])).toBe(1);
  });
  it('uses Massart’s DKW constant', () => {
    expect(dkwEpsilon(100, 0.05)).toBeCloseTo(Math.sqrt(Math.log(40) / 200), 15);
    const n = ksSamplesFor({ distance: 0.05, alpha: 1e-6, power: 0.99 });
    expect(dkwEpsilon(n, 1e-6) + dkwEpsilon(n, 0.02)).toBeLessThanOrEqual(0.05 + 1e-12);
    expect(testDistribution([0.5], (x) => x, { alpha: 0.05 }).decision).toBe('pass');
    expect(() => ksDistance([0.5], () => 2)).toThrow(/cdf must return a probability/);
    expect(() => ksDistance([], (x) => x)).toThrow(/must not be empty/);
  });
});

describe('budget and multiple testing', () => {
  it('splits α by weight and never exceeds the total', () => {
    const b = alphaBudget(1e-6, { a: 1, b: 3 });
    expect(b.of('a') + b.of('b')).toBeLessThanOrEqual(1e-6);
    expect(b.of('b') / b.of('a')).toBeCloseTo(3, 10);
    expect(b.perCheck('b', 100)).toBeCloseTo(7.5e-9, 15);
    expect(() => b.of('c')).toThrow(/unknown part "c"/);
    expect(() => alphaBudget(1e-6, { a: 0 })).toThrow(/parts.a must be > 0/);
  });
  it('Holm rejects step-down', () => {
    expect(holm([0.01, 0.04, 0.03, 0.005], 0.05)).toEqual([true, false, false, true]);
    expect(holm([0.001, 0.012, 0.02], 0.05)).toEqual([true, true, true]);
    expect(() => holm([], 0.05)).toThrow(/non-empty/);
    expect(() => holm([1.5], 0.05)).toThrow(/pValues\[0\] must be in \[0, 1\]/);
  });
  it('testProportion is the exact binomial test', () => {
    // P(X ≤ 0 | n = 10, p = 0.5) = 1/1024, two-sided 2/1024
    const r = testProportion(0, 10, 0.5, { alpha: 0.01 });
    expect(r.pValue).toBeCloseTo(2 / 1024, 15);
    expect(r.decision).toBe('fail');
    expect(testProportion(5, 10, 0.5).pValue).toBe(1);
    expect(() => testProportion(11, 10, 0.5)).toThrow(/k must be an integer in \[0, 10\]/);
  });
});

describe('evidence', () => {
  const e = {
    claim: 'Var(WX) = Var(W)Var(X)',
    quantity: 'Var(W·X)',
    measured: 1.2,
    predicted: 1,
    interval: [1.1, 1.3] as [number, number],
    alpha: 1e-9,
    samples: 50000,
    pass: false,
    params: { n: 3, family: 'normal' },
  };
  it('formats one paragraph with claim, params, measured vs predicted, interval, α and N', () => {
    const text = formatEvidence(e);
    for (const part of [
      'Var(WX) = Var(W)Var(X)',
      'FAILED',
      '1.2',
      'predicted 1',
      '[1.1, 1.3]',
      '1e-9',
      '50000',
      'n=3',
    ]) {
      expect(text).toContain(part);
    }
  });
  it('assertEvidence throws an EvidenceError carrying the evidence', () => {
    expect(() => assertEvidence(e)).toThrow(EvidenceError);
    expect(assertEvidence({ ...e, pass: true }).pass).toBe(true);
    expect(() => assertEvidence(null as never)).toThrow(TypeError);
  });
});

describe('degenerate data', () => {
  it('a zero standard error does not turn a rounding difference into a failure', () => {
    // z = W·X with W, X Rademacher: z² ≡ 1, so the variance estimate has se = 0
    const z = new Float64Array(247).map((_, i) => (i % 3 === 0 ? -1 : 1));
    const predicted = 0.9999999999999997; // 1 computed by another float64 route
    expect(testVariance(z, predicted, { kurtosis: 1, knownMean: 0, alpha: 1e-10 }).decision).not.toBe('fail');
    expect(testEstimate({ value: 1, se: 0, n: 10 }, 1 + 1e-15, { alpha: 1e-10 }).decision).toBe('pass');
    // a real difference with se = 0 still fails
    expect(testEstimate({ value: 1, se: 0, n: 10 }, 1.001, { alpha: 1e-10 }).decision).toBe('fail');
  });

  it('a kurtosis that rounds to 1 does not make the standard error vanish (WIXI_SEED=1958332606)', () => {
    // z = W·X, W Rademacher, X = R + c: z² ∈ {(1 ± c)²} varies by 4c, but κ_z − 1 ≈ 4c² rounds to 0
    const c = 4.871e-13;
    const z = new Float64Array(247).map(
      (_, i) => (i % 2 === 0 ? 1 : -1) * ((i * 7) % 5 < 3 ? 1 + c : -1 + c),
    );
    const e = estimateVariance(z, { kurtosis: 1, knownMean: 0 });
    expect(e.se).toBeGreaterThanOrEqual(e.value * Math.sqrt((64 * Number.EPSILON) / 247));
    // the exact law (Var z = 1 + c², i.e. 1 in float64) is not refuted by a 1e-13 sampling wobble
    expect(testVariance(z, 1, { kurtosis: 1, knownMean: 0, alpha: 1e-10 }).decision).not.toBe('fail');
    // while a 1e-6 error in the law is still caught at this n
    expect(testVariance(z, 1 + 1e-6, { kurtosis: 1, knownMean: 0, alpha: 1e-10 }).decision).toBe('fail');
  });
});

describe('intervals at the edge of α', () => {
  it('zero spread with a subnormal α gives a point interval, not NaN (found by the fuzzer)', async () => {
    const { varianceInterval, meanInterval } = await import('./estimate.js');
    const v = varianceInterval(Float32Array.of(0, 0), { alpha: 5e-324, kurtosis: 1 });
    expect([v.lo, v.hi]).toEqual([0, 0]);
    const m = meanInterval([2, 2, 2], { alpha: 5e-324 });
    expect([m.lo, m.hi]).toEqual([2, 2]);
  });
});
