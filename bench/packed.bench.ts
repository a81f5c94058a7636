/**
 * Weights packed once (src/nn/packed.ts), in one run:
 *
 * 1. A weight matrix used many times at a small batch, where packing dominates GEMM: z = x·Wᵀ for
 *    x 8 × 1024 and W 1024 × 1024 (float64), by `gemm` (which repacks Wᵀ on every call) vs
 *    `gemmPacked` on W packed once, on each kernel, and NumPy's `x @ W.T` (one thread, on the BLAS
 *    library the row names) when present. Rates count 2·batch·in·out FLOP per call.
 * 2. Independent replicate networks, the loop of the finite-width, mean-field and gain claims:
 *    `netSimulator` (Gaussian weights sampled straight into the packed layout, read in place) vs the
 *    same loop written the previous way (weights drawn row-major, then `gemm` packs Wᵀ per layer, or
 *    a row-major matrix-vector loop for one row), 4 layers of width 1024, forward only, with 8 rows
 *    and with 1 row. Rates are networks per second; both draw the same number of normals.
 *
 * Wall-clock rates measured alternately in one process; the group titles show the load average.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { netSimulator } from '../src/claims/replicate-nets.js';
import { type GemmKernel, gemm, gemmPacked } from '../src/nn/matmul.js';
import { packMatrix } from '../src/nn/packed.js';
import { createRng } from '../src/random/index.js';
import { type BenchRow, measure } from './harness.js';
import { BLAS_PY } from './numpy-blas.js';

const BATCH = 8;
const WIDTH = 1024;
const FLOP = 2 * BATCH * WIDTH * WIDTH;
const DEPTH = 4;

function load(): string {
  return `load ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`;
}

function gemmRates(kernel: GemmKernel): { repacked: number; packed: number } {
  const rng = createRng(1);
  const w = rng.fillNormal(new Float64Array(WIDTH * WIDTH), 0, Math.sqrt(2 / WIDTH));
  const x = rng.fillNormal(new Float64Array(BATCH * WIDTH));
  const z = new Float64Array(BATCH * WIDTH);
  const packed = packMatrix(WIDTH, WIDTH, w, 1, WIDTH);
  const options = { kernel };
  return {
    repacked: measure(() => gemm(BATCH, WIDTH, WIDTH, x, WIDTH, 1, w, 1, WIDTH, z, false, options), FLOP),
    packed: measure(() => gemmPacked(BATCH, x, WIDTH, 1, packed, z, false, options), FLOP),
  };
}

/** NumPy's x @ W.T at the same shape, one thread, or the reason it could not run. */
function numpyRate(): { rate: number; blas: string } | string {
  const code = `
import time, json, numpy as np
${BLAS_PY}
g = np.random.default_rng(0)
x = g.standard_normal((${BATCH}, ${WIDTH})); w = g.standard_normal((${WIDTH}, ${WIDTH}))
x @ w.T
t, k = time.perf_counter(), 0
while k < 2 or time.perf_counter() - t < 1:
    x @ w.T; k += 1
print(json.dumps({"rate": ${FLOP} * k / (time.perf_counter() - t), "blas": blas}))`;
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };
  delete env.OPENBLAS_CORETYPE;
  const r = spawnSync('/usr/bin/python3', ['-c', code], { encoding: 'utf8', env });
  if (r.error) return `skipped: ${r.error.message}`;
  if (r.status !== 0) return `skipped: ${(r.stderr ?? '').trim().split('\n').pop() ?? 'python failed'}`;
  try {
    return JSON.parse(r.stdout) as { rate: number; blas: string };
  } catch {
    return `skipped: unexpected output ${JSON.stringify(r.stdout.slice(0, 80))}`;
  }
}

/**
 * The replicate loop as netSimulator ran it before weights were packed: W drawn row-major with
 * fillNormal, z = x·Wᵀ by gemm (repacking Wᵀ) for a batch or by a row-major dot-product loop for one
 * row, then ReLU. Returns a function that runs one network.
 */
function rowMajorReplicate(rows: number): () => void {
  const rng = createRng(2);
  const sd = Math.sqrt(2 / WIDTH);
  const W = Array.from({ length: DEPTH }, () => new Float64Array(WIDTH * WIDTH));
  const X = Array.from({ length: DEPTH + 1 }, () => new Float64Array(rows * WIDTH));
  return () => {
    for (const w of W) rng.fillNormal(w, 0, sd);
    rng.fillNormal(X[0]);
    for (let l = 0; l < DEPTH; l++) {
      const z = X[l + 1];
      if (rows === 1) {
        const x = X[l];
        for (let i = 0, o = 0; i < WIDTH; i++, o += WIDTH) {
          let s = 0;
          for (let j = 0; j < WIDTH; j++) s += W[l][o + j] * x[j];
          z[i] = s;
        }
      } else gemm(rows, WIDTH, WIDTH, X[l], WIDTH, 1, W[l], 1, WIDTH, z);
      for (let i = 0; i < z.length; i++) if (z[i] < 0) z[i] = 0;
    }
  };
}

function packedReplicate(rows: number): () => void {
  const rng = createRng(2);
  const sim = netSimulator({
    widths: Array.from({ length: DEPTH + 1 }, () => WIDTH),
    activation: 'relu',
    weightScale: 2,
    rows,
  });
  return () => {
    sim.run(rng);
  };
}

export default async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const before = load();
  const ts = gemmRates('ts');
  const wasm = gemmRates('wasm');
  const np = numpyRate();
  let group = `z = x·Wᵀ, x ${BATCH}×${WIDTH}, W ${WIDTH}×${WIDTH} float64, W used many times (${before} → ${load()})`;
  const unit = 'FLOP/s';
  rows.push({ name: 'wixi gemm, Wᵀ repacked per call, WebAssembly', rate: wasm.repacked, unit, group });
  rows.push({ name: 'wixi gemmPacked, W packed once, WebAssembly', rate: wasm.packed, unit, group });
  rows.push({ name: 'wixi gemm, Wᵀ repacked per call, TypeScript', rate: ts.repacked, unit, group });
  rows.push({
    name: 'wixi gemmPacked, W packed once, TypeScript',
    rate: ts.packed,
    unit,
    group,
    note: `${(ts.packed / ts.repacked).toFixed(2)}× the TypeScript gemm`,
  });
  rows.push(
    typeof np === 'string'
      ? { name: 'NumPy x @ W.T (1 thread)', rate: 0, unit, group, note: np }
      : {
          name: 'NumPy x @ W.T (1 thread)',
          rate: np.rate,
          unit,
          group,
          note: `${np.blas}; gemmPacked WebAssembly is ${(wasm.packed / np.rate).toFixed(2)}× NumPy`,
        },
  );

  const start = load();
  const nets: [string, number, number][] = [];
  for (const r of [8, 1]) {
    nets.push([
      `rows ${r}`,
      measure(rowMajorReplicate(r), 1, { minMs: 3000 }),
      measure(packedReplicate(r), 1, { minMs: 3000 }),
    ]);
  }
  for (const [label, old, now] of nets) {
    group = `replicate ReLU networks ${DEPTH}×${WIDTH}, forward, ${label} (${start} → ${load()})`;
    rows.push({
      name: 'weights drawn row-major, gemm repacks (previous engine)',
      rate: old,
      unit: ' nets/s',
      group,
    });
    rows.push({
      name: 'netSimulator: weights sampled into the packed layout',
      rate: now,
      unit: ' nets/s',
      group,
    });
  }
  return rows;
}
