/**
 * Foundation benchmarks, in one run: bulk normal fill (wixi vs @stdlib's per-call samplers vs
 * NumPy's default_rng().standard_normal when NumPy is present) and moments of 1e7 doubles (wixi's
 * one-call mean/variance/skewness/kurtosis vs simple-statistics computing the same four, and vs its
 * mean + sampleVariance alone).
 */
import { spawnSync } from 'node:child_process';
import boxMuller from '@stdlib/random-base-box-muller';
import randomNormal from '@stdlib/random-base-normal';
import * as ss from 'simple-statistics';
import { createRng } from '../src/random/index.js';
import { moments } from '../src/stats/index.js';
import { type BenchRow, measure } from './harness.js';

const FILL = 1_000_000;

/** NumPy's rate for `standard_normal(out=…)` of FILL doubles, or null when NumPy is missing. */
function numpyNormalRate(): number | null {
  const code = `
import time, numpy as np
g = np.random.default_rng(1); x = np.empty(${FILL})
for _ in range(20): g.standard_normal(out=x)
best = 0
for _ in range(5):
    t = time.perf_counter(); k = 0
    while time.perf_counter() - t < 0.3:
        g.standard_normal(out=x); k += 1
    best = max(best, k * ${FILL} / (time.perf_counter() - t))
print(best)`;
  const r = spawnSync('/usr/bin/python3', ['-c', code], { encoding: 'utf8' });
  const v = Number(r.stdout?.trim());
  return r.status === 0 && Number.isFinite(v) ? v : null;
}

export default async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const group = `normal fill, ${FILL.toExponential(0)} doubles`;
  const np = numpyNormalRate();
  rows.push(
    np === null
      ? {
          name: 'NumPy default_rng().standard_normal',
          rate: 0,
          unit: 'normals/s',
          group,
          note: 'skipped: NumPy not installed',
        }
      : { name: 'NumPy default_rng().standard_normal', rate: np, unit: 'normals/s', group },
  );
  const rng = createRng(1);
  const x = new Float64Array(FILL);
  rows.push({
    name: 'wixi rng.fillNormal (Float64Array)',
    rate: measure(() => rng.fillNormal(x), FILL),
    unit: 'normals/s',
    group,
  });
  const x32 = new Float32Array(FILL);
  rows.push({
    name: 'wixi rng.fillNormal (Float32Array)',
    rate: measure(() => rng.fillNormal(x32), FILL),
    unit: 'normals/s',
    group,
  });
  const stdNormal = randomNormal.factory({ seed: 1 });
  rows.push({
    name: '@stdlib/random-base-normal (per call)',
    rate: measure(() => {
      for (let i = 0; i < FILL; i++) x[i] = stdNormal(0, 1);
    }, FILL),
    unit: 'normals/s',
    group,
  });
  const bm = boxMuller.factory({ seed: 1 });
  rows.push({
    name: '@stdlib/random-base-box-muller (per call)',
    rate: measure(() => {
      for (let i = 0; i < FILL; i++) x[i] = bm();
    }, FILL),
    unit: 'normals/s',
    group,
  });

  const M = 10_000_000;
  const big = createRng(2).fillNormal(new Float64Array(M), 3, 2);
  const arr = Array.from(big);
  const mgroup = 'moments of 1e7 doubles';
  rows.push({
    name: 'simple-statistics, the same four moments',
    rate: measure(
      () => {
        ss.mean(arr);
        ss.sampleVariance(arr);
        ss.sampleSkewness(arr);
        ss.sampleKurtosis(arr);
      },
      M,
      { minMs: 1500 },
    ),
    unit: 'values/s',
    group: mgroup,
    note: 'mean, sampleVariance, sampleSkewness, sampleKurtosis',
  });
  rows.push({
    name: 'simple-statistics mean + sampleVariance only',
    rate: measure(
      () => {
        ss.mean(arr);
        ss.sampleVariance(arr);
      },
      M,
      { minMs: 1500 },
    ),
    unit: 'values/s',
    group: mgroup,
    note: 'computes less than wixi',
  });
  rows.push({
    name: 'wixi moments (mean, var, skew, kurtosis)',
    rate: measure(() => moments(big), M, { minMs: 1500 }),
    unit: 'values/s',
    group: mgroup,
  });
  return rows;
}
