/**
 * The audit's own decision rules: exact laws where they exist, calibration of the extremes test's
 * false-alarm rate under a true null (exact binomial test at α = 1e-6), and power against the
 * deviations the audit must see. Every statistical assertion here has α ≤ 1e-6.
 */
import { describe, expect, it } from 'vitest';
import { normal, truncatedNormal, uniform } from '../random/distributions.js';
import { createRng } from '../random/rng.js';
import { testProportion } from '../stats/proportion.js';
import { seedFor } from '../testing/seed.js';
import { correlation, haarEntryCdf, testExtremes, testUncorrelated } from './stats.js';
import { fmt, kerasFans } from './tfjs.js';

const META_ALPHA = 1e-6;

describe('audit: testExtremes (the exact law of the maximum deviation)', () => {
  for (const [name, law, half] of [
    ['bounded U(−1, 1)', uniform({ lo: -1, hi: 1 }), 1],
    ['unbounded N(0, 1)', normal(), Number.POSITIVE_INFINITY],
    ['truncated N(0, 1) at ±2', truncatedNormal({ lo: -2, hi: 2, units: 'sigma' }), 2],
  ] as const) {
    it(`${name}: false-alarm rate is α under the law (4000 runs at α = 0.1, exact binomial test at ${META_ALPHA})`, () => {
      const rng = createRng(seedFor(`extremes calibration ${name}`) >>> 0);
      const runs = 4000;
      const x = new Float64Array(64);
      let fails = 0;
      for (let k = 0; k < runs; k++) {
        law.sample(rng, x);
        if (testExtremes(x, law, 0, half, 0.1).decision === 'fail') fails++;
      }
      const r = testProportion(fails, runs, 0.1, { alpha: META_ALPHA });
      expect(r.decision, `${fails}/${runs} false alarms at α = 0.1`).toBe('pass');
    });
  }

  it('rejects draws that stop short of the law (a cut at ±2σ read as N(0, σ²); a narrower uniform)', () => {
    const rng = createRng(seedFor('extremes power') >>> 0);
    const cut = truncatedNormal({ lo: -2, hi: 2, units: 'sigma' }).sample(rng, new Float64Array(2000));
    // P(max|Z| ≤ 2) = 0.9545²⁰⁰⁰ ≈ e⁻⁹³ under N(0, 1)
    expect(testExtremes(cut, normal(), 0, Number.POSITIVE_INFINITY, META_ALPHA).decision).toBe('fail');
    const narrow = uniform({ lo: -0.95, hi: 0.95 }).sample(rng, new Float64Array(2000));
    // P(max|U| ≤ 0.95) = 0.95²⁰⁰⁰ ≈ e⁻¹⁰³ under U(−1, 1)
    const r = testExtremes(narrow, uniform({ lo: -1, hi: 1 }), 0, 1, META_ALPHA);
    expect(r.decision).toBe('fail');
    expect(r.outside).toBe(0);
  });

  it('counts elements beyond the support exactly, and rejects them', () => {
    const x = Float64Array.from([0.1, -0.5, 1.2, 0.99]);
    const r = testExtremes(x, uniform({ lo: -1, hi: 1 }), 0, 1, 0.5);
    expect(r.outside).toBe(1);
    expect(r.maxDeviation).toBe(1.2);
    expect(r.decision).toBe('fail');
    // float32 rounding of a value at the bound is not a violation
    expect(
      testExtremes(Float64Array.from([Math.fround(0.7), 0]), uniform({ lo: -0.7, hi: 0.7 }), 0, 0.7, 0.5)
        .outside,
    ).toBe(0);
  });

  it('its acceptance interval is the α/2 and 1 − α/2 quantiles of the maximum (N(0, 1), n = 1: |Z| quantiles)', () => {
    const r = testExtremes(Float64Array.from([0.5]), normal(), 0, Number.POSITIVE_INFINITY, 0.1);
    // P(|Z| ≤ q) = 0.05 ⇔ q = Φ⁻¹(0.525) = 0.06270678; = 0.95 ⇔ q = 1.959964
    expect(r.interval[0]).toBeCloseTo(0.0627068, 6);
    expect(r.interval[1]).toBeCloseTo(1.959964, 5);
  });
});

describe('audit: correlation test', () => {
  it('passes independent streams and fails a correlation of 0.2 (n = 20000, α = β = 1e-6)', () => {
    const rng = createRng(seedFor('audit correlation') >>> 0);
    const n = 20000;
    const x = normal().sample(rng, new Float64Array(n));
    const y = normal().sample(rng, new Float64Array(n));
    const o = { alpha: META_ALPHA, beta: META_ALPHA, absTol: 0.08 };
    expect(testUncorrelated(x, y, o).decision).toBe('pass');
    const z = x.map((v, i) => 0.2 * v + Math.sqrt(1 - 0.04) * y[i]);
    expect(testUncorrelated(x, z, o).decision).toBe('fail');
    expect(correlation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 15);
    expect(correlation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 15);
  });
});

describe('audit: haarEntryCdf (exact law of an entry of a Haar orthogonal matrix)', () => {
  it('n = 2: q = cos θ, θ uniform, so F(x) = 1 − arccos(x)/π; n = 3: q is uniform on [−1, 1] (Archimedes)', () => {
    const f2 = haarEntryCdf(2);
    const f3 = haarEntryCdf(3);
    for (const x of [-0.99, -0.5, -0.1, 0, 0.3, 0.8, 0.999]) {
      expect(f2(x)).toBeCloseTo(1 - Math.acos(x) / Math.PI, 12);
      expect(f3(x)).toBeCloseTo((x + 1) / 2, 12);
    }
    expect(haarEntryCdf(8)(-1)).toBe(0);
    expect(haarEntryCdf(8)(1)).toBe(1);
    expect(haarEntryCdf(8)(0)).toBe(0.5);
  });
});

describe('audit: the Keras contract helpers', () => {
  it('kerasFans follows Keras 3 compute_fans (ANCHORS)', () => {
    expect(kerasFans([])).toEqual({ fanIn: 1, fanOut: 1 });
    expect(kerasFans([7])).toEqual({ fanIn: 7, fanOut: 7 });
    expect(kerasFans([3, 5])).toEqual({ fanIn: 3, fanOut: 5 });
    expect(kerasFans([3, 3, 16, 32])).toEqual({ fanIn: 144, fanOut: 288 });
    expect(kerasFans([2, 2, 3, 3, 16, 24])).toEqual({ fanIn: 576, fanOut: 864 });
  });

  it('fmt prints 4 significant digits, integers in full', () => {
    expect(fmt(57344)).toBe('57344');
    expect(fmt(0.0078125)).toBe('0.007813');
    expect(fmt(1.5e-7)).toBe('1.5e-7');
    expect(fmt(Number.POSITIVE_INFINITY)).toBe('∞');
  });
});
