import { describe, expect, it } from 'vitest';
import { kaimingNormal } from '../init/presets.js';
import type { Initializer } from '../init/types.js';
import { backward, forward, mlp } from '../nn/network.js';
import { trace } from '../nn/trace.js';
import { createRng } from '../random/rng.js';
import { samplesFor } from '../stats/decide.js';
import { zTwoSided } from '../stats/estimate.js';
import {
  layerRatios,
  normalizedMeans,
  PILOT_REPLICATES,
  plannedRatios,
  planReplicates,
  planStudentized,
  studentizedSe,
  testGeometricBand,
  testGeometricLaw,
  traceRatios,
} from './layer-ratios.js';
import type { CheckContext } from './types.js';

const ctx = (alpha = 1e-6): CheckContext => ({ rng: createRng(1), alpha, power: 1 - alpha });

const rowSq = (x: ArrayLike<number>, width: number, row: number) => {
  let s = 0;
  for (let j = 0; j < width; j++) s += x[row * width + j] ** 2;
  return s;
};

describe('traceRatios: per-row mean-square ratios of one trace', () => {
  it('equals the ratios computed from forward/backward by hand, averaged over rows', () => {
    const widths = [5, 7, 3, 6];
    const net = mlp({ widths, activation: 'relu', init: kaimingNormal() }, createRng(3));
    const rng = createRng(4);
    const X = rng.fillNormal(new Float64Array(4 * widths[0]));
    const G = rng.fillNormal(new Float64Array(4 * widths[3]));
    const r = traceRatios(trace(net, X, { dOut: G }), widths);
    const { cache } = forward(net, X);
    const grads = backward(net, cache, G);
    const xs = [X, ...cache.blocks.map((b) => b.output)];
    const gs = [grads.input, ...grads.blocks.map((b) => b.output)];
    for (let l = 0; l < 3; l++) {
      let f = 0;
      let b = 0;
      for (let row = 0; row < 4; row++) {
        f +=
          rowSq(xs[l + 1], widths[l + 1], row) / widths[l + 1] / (rowSq(xs[l], widths[l], row) / widths[l]);
        b +=
          rowSq(gs[l], widths[l], row) / widths[l] / (rowSq(gs[l + 1], widths[l + 1], row) / widths[l + 1]);
      }
      expect(r.forward[l]).toBeCloseTo(f / 4, 12);
      expect(r.backward?.[l]).toBeCloseTo(b / 4, 12);
    }
    expect(r.skipped).toBe(0);
  });

  it('skips rows whose denominator is exactly zero and counts them (here an all-zero input row)', () => {
    const widths = [6, 6, 6];
    const net = mlp({ widths, activation: 'relu', init: kaimingNormal() }, createRng(7));
    const X = createRng(8).fillNormal(new Float64Array(3 * 6));
    X.fill(0, 6, 12);
    const withZero = traceRatios(trace(net, X), widths);
    const without = traceRatios(
      trace(net, Float64Array.from([...X.subarray(0, 6), ...X.subarray(12)])),
      widths,
    );
    expect(withZero.skipped).toBe(2);
    expect(Array.from(withZero.forward)).toEqual(Array.from(without.forward));
  });

  it('throws when every row of a layer is dead', () => {
    // W = 0 in the second layer: its output rows are all zero, so the third layer's ratio is 0/0 for every row
    const zeroSecond: Initializer[] = [
      kaimingNormal(),
      Object.assign(
        (shape: readonly number[]) => ({ shape: [...shape], data: new Float64Array(shape[0] * shape[1]) }),
        { displayName: 'zeros', variance: () => 0, mean: () => 0 },
      ),
      kaimingNormal(),
    ];
    const widths = [4, 4, 4, 4];
    const net = mlp({ widths, activation: 'relu', init: zeroSecond }, createRng(5));
    const X = createRng(6).fillNormal(new Float64Array(3 * 4));
    expect(() => traceRatios(trace(net, X), widths)).toThrow(/network died/);
  });

  it('layerRatios: one observation per replicate and layer, backward on request, replayable', () => {
    const o = { init: kaimingNormal(), widths: [16, 16, 16], batch: 3, replicates: 5 };
    const a = layerRatios(o, createRng(9));
    expect(a.forward).toHaveLength(5);
    expect(a.forward[0]).toHaveLength(2);
    expect(a.backward).toBeNull();
    const b = layerRatios({ ...o, backward: true }, createRng(9));
    expect(b.backward).toHaveLength(5);
    expect(Array.from(layerRatios(o, createRng(9)).forward[4])).toEqual(Array.from(a.forward[4]));
  });
});

describe('planning and standard errors', () => {
  it('planReplicates is samplesFor on the log scale, at least the minimum', () => {
    const c = ctx(1e-6);
    expect(planReplicates(0.3, Math.log1p(0.1), c)).toBe(
      samplesFor({ relTol: Math.log1p(0.1), alpha: 1e-6, power: 1 - 1e-6, cv: 0.3 }),
    );
    expect(planReplicates(1e-4, 1, c)).toBe(40);
  });

  it('planStudentized covers the t inflation of its own standard error', () => {
    const c = ctx(6e-11);
    const logTol = Math.log1p(0.1);
    const R = planStudentized(0.1, logTol, c);
    expect(R).toBeGreaterThan(planReplicates(0.1, logTol, c));
    const inflated = (studentizedSe(0.1, R, c.alpha) * Math.sqrt(R)) / 0.1;
    expect(R).toBeGreaterThanOrEqual(planReplicates(0.1 * inflated, logTol, c));
  });

  it('studentizedSe has Student’s t critical value (SciPy: t₉₉ quantile at α = 1e-9 is 6.75295)', () => {
    const se = studentizedSe(1, 100, 1e-9);
    expect((se * 10 * zTwoSided(1e-9)) / 6.752947994823112).toBeCloseTo(1, 6);
    expect(studentizedSe(1, 1e6, 1e-9) / (1 / 1000)).toBeCloseTo(1, 3);
  });

  it('the forward observation’s sample sd stays under the proven bound √(5/(n·L))', () => {
    const lr = layerRatios(
      { init: kaimingNormal(), widths: [32, 32, 32, 32, 32], batch: 8, replicates: 300 },
      createRng(11),
    );
    const y = normalizedMeans(lr.forward, [1, 1, 1, 1]);
    const m = y.reduce((a, b) => a + b, 0) / y.length;
    const sd = Math.sqrt(y.reduce((a, b) => a + (b - m) ** 2, 0) / (y.length - 1));
    expect(sd).toBeLessThan(Math.sqrt(5 / (32 * 4)));
    expect(Math.abs(m - 1)).toBeLessThan((5 * sd) / Math.sqrt(300));
  });

  it('plannedRatios uses a pilot when the formula asks for many replicates, and fresh replicates after it', () => {
    const o = { init: kaimingNormal(), widths: [32, 32], batch: 8, backward: true };
    const plan = {
      sdPlan: 0.4,
      logTolerance: Math.log1p(0.1),
      ctx: ctx(),
      law: [1],
      which: 'backward' as const,
    };
    const formula = planReplicates(0.4, Math.log1p(0.1), ctx());
    expect(formula).toBeGreaterThan(3 * PILOT_REPLICATES);
    const lr = plannedRatios(o, plan, createRng(2));
    expect(lr.forward.length).toBeLessThan(formula);
    expect(lr.forward.length).toBeGreaterThanOrEqual(40);
  });
});

describe('testGeometricLaw and testGeometricBand', () => {
  const rows = (vals: number[][]) => vals.map((v) => Float64Array.from(v));
  // per-layer ratios around the law's factors 0.5 and 2 (gain 1), with a little spread
  const ratios = rows(Array.from({ length: 50 }, (_, r) => [0.5 * (1 + (r % 2 ? 0.01 : -0.01)), 2]));
  const base = {
    claim: 'test',
    quantity: 'Q',
    ratios,
    law: [0.5, 2],
    logTolerance: Math.log1p(0.1),
    ctx: ctx(1e-6),
    params: {},
  };

  it('passes the law, reporting the end-to-end gain ∏f·mean^L', () => {
    const e = testGeometricLaw({ ...base, predicted: 1 });
    expect(e.pass).toBe(true);
    expect(e.measured).toBeCloseTo(1, 10);
    expect(e.predicted).toBe(1);
    expect(e.interval[0]).toBeLessThan(1);
    expect(e.interval[1]).toBeGreaterThan(1);
    expect(e.samples).toBe(50);
  });

  it('rejects a prediction 10% off per layer (1.21 end to end)', () => {
    expect(testGeometricLaw({ ...base, predicted: 1.21 }).pass).toBe(false);
  });

  it('uses a given sd bound instead of the sample sd', () => {
    const e = testGeometricLaw({ ...base, predicted: 1.02, sdBound: 1 });
    expect(e.pass).toBe(true);
    expect(e.note).toMatch(/proven bound/);
  });

  it('refutes a band only when the gain is significantly outside it, one-sided per bound', () => {
    expect(testGeometricBand({ ...base, predicted: 1, lower: 0.5, upper: 2 }).pass).toBe(true);
    const below = testGeometricBand({ ...base, predicted: 4, lower: 2 });
    expect(below.pass).toBe(false);
    expect(below.z).toBeLessThan(0);
    const above = testGeometricBand({ ...base, predicted: 0.25, upper: 0.5 });
    expect(above.pass).toBe(false);
    expect(above.z).toBeGreaterThan(0);
    expect(() => testGeometricBand({ ...base, predicted: 1 })).toThrow(/lower, upper or both/);
  });
});
