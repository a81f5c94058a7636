/**
 * Network benchmarks, in one run: the forward pass of a 20-layer ReLU MLP (batch 256, width 512,
 * He-scaled Gaussian weights) in wixi vs @tensorflow/tfjs-core with @tensorflow/tfjs-backend-cpu
 * (pure-JS CPU backend, float32 only) vs NumPy's `x @ W.T` + ReLU (OpenBLAS) when NumPy is present,
 * single-threaded and with all cores; and forward + backward (every weight and input gradient) in
 * wixi vs the same chain rule written with tfjs kernels. Rates are FLOP/s counting only the products: 2·batch·in·out per layer
 * forward, three times that forward + backward. tfjs is the first row of every group, so ratios
 * read "× tfjs".
 */
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { Dtype, Initializer, Tensor } from '../src/init/types.js';
import { backward, forward, mlp } from '../src/nn/network.js';
import { createRng, type Rng } from '../src/random/index.js';
import { type BenchRow, measure } from './harness.js';

const BATCH = 256;
const WIDTH = 512;
const DEPTH = 20;
const FLOP = 2 * BATCH * WIDTH * WIDTH * DEPTH;
const UNIT = 'FLOP/s';

/** He et al. (2015) normal weights, Var(W) = 2/fan_in, so the ReLU signal neither explodes nor dies. */
const he: Initializer = Object.assign(
  (shape: readonly number[], rng: Rng, options?: { dtype?: Dtype }): Tensor => {
    const size = shape[0] * shape[1];
    const data = options?.dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
    return { shape: [...shape], data: rng.fillNormal(data, 0, Math.sqrt(2 / shape[1])) };
  },
  { displayName: 'he normal', variance: (s: readonly number[]) => 2 / s[1], mean: () => 0 },
);

/** Time `fn` for at least `minMs` after one warm-up call (a call takes 0.1–10 s here). */
function rate(fn: () => void, work: number, minMs: number): number {
  return measure(fn, work, { warmupMs: 1, minMs });
}

function wixiRows(dtype: Dtype): { forward: number; both: number } {
  const rng = createRng(1);
  const widths = Array.from({ length: DEPTH + 1 }, () => WIDTH);
  const net = mlp({ widths, activation: 'relu', init: he, dtype }, rng);
  const X = rng.fillNormal(
    dtype === 'float32' ? new Float32Array(BATCH * WIDTH) : new Float64Array(BATCH * WIDTH),
  );
  const dOut = rng.fillNormal(new Float64Array(BATCH * WIDTH));
  return {
    forward: rate(() => forward(net, X), FLOP, 3000),
    both: rate(() => backward(net, forward(net, X).cache, dOut), 3 * FLOP, 4000),
  };
}

async function tfjsRates(): Promise<{ forward: number; both: number; version: string }> {
  await tf.setBackend('cpu');
  await tf.ready();
  // tfjs advertises tfjs-node on its first tensor in Node; keep the table clean
  const warn = console.warn;
  console.warn = () => {};
  let x: tf.Tensor2D;
  try {
    x = tf.randomNormal([BATCH, WIDTH], 0, 1, 'float32', 1);
  } finally {
    console.warn = warn;
  }
  const ws = Array.from({ length: DEPTH }, (_, i) =>
    tf.randomNormal<tf.Rank.R2>([WIDTH, WIDTH], 0, Math.sqrt(2 / WIDTH), 'float32', i + 2),
  );
  const dOut: tf.Tensor2D = tf.randomNormal([BATCH, WIDTH], 0, 1, 'float32', 99);
  const fwd = (): void => {
    tf.tidy(() => {
      let h: tf.Tensor2D = x;
      for (const w of ws) h = tf.relu(tf.matMul(h, w, false, true)) as tf.Tensor2D;
      h.dataSync();
    });
  };
  // forward + backward with tfjs's kernels, the chain rule written out (tfjs-core's node bundle
  // ships without its gradient registry): dZ = dA ⊙ [Z > 0], dW = dZᵀ·H, dH = dZ·W
  const both = (): void => {
    tf.tidy(() => {
      const hs: tf.Tensor2D[] = [x];
      const zs: tf.Tensor2D[] = [];
      for (const w of ws) {
        const z = tf.matMul(hs[hs.length - 1], w, false, true) as tf.Tensor2D;
        zs.push(z);
        hs.push(tf.relu(z) as tf.Tensor2D);
      }
      let g: tf.Tensor2D = dOut;
      for (let l = DEPTH - 1; l >= 0; l--) {
        const dz = tf.mul(g, tf.step(zs[l])) as tf.Tensor2D;
        tf.matMul(dz, hs[l], true, false).dataSync();
        g = tf.matMul(dz, ws[l]) as tf.Tensor2D;
      }
      g.dataSync();
    });
  };
  const r = { forward: rate(fwd, FLOP, 6000), both: rate(both, 3 * FLOP, 1), version: tf.version_core };
  tf.dispose([x, dOut, ...ws]);
  return r;
}

/** NumPy's forward rates per dtype, or the reason it could not run. */
function numpyRates(threads: 'one' | 'all'): { f32: number; f64: number; version: string } | string {
  const code = `
import time, numpy as np
B, N, L = ${BATCH}, ${WIDTH}, ${DEPTH}
out = {"version": np.__version__}
for name, dt in (("f32", np.float32), ("f64", np.float64)):
    g = np.random.default_rng(0)
    x = g.standard_normal((B, N)).astype(dt)
    ws = [(g.standard_normal((N, N)) * np.sqrt(2 / N)).astype(dt) for _ in range(L)]
    def f():
        h = x
        for w in ws:
            h = np.maximum(h @ w.T, 0)
        return h
    f()
    t = time.perf_counter(); k = 0
    while k < 3 or time.perf_counter() - t < 2:
        f(); k += 1
    out[name] = 2 * B * N * N * L * k / (time.perf_counter() - t)
print(__import__("json").dumps(out))`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  // the host may pin OpenBLAS to an old core type or cache size; benchmark NumPy as installed
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  if (threads === 'one') {
    env.OMP_NUM_THREADS = '1';
    env.OPENBLAS_NUM_THREADS = '1';
    env.MKL_NUM_THREADS = '1';
  } else {
    delete env.OMP_NUM_THREADS;
    delete env.OPENBLAS_NUM_THREADS;
    delete env.MKL_NUM_THREADS;
  }
  const r = spawnSync('/usr/bin/python3', ['-c', code], { encoding: 'utf8', env });
  if (r.error) return `skipped: ${r.error.message}`;
  if (r.status !== 0) return `skipped: ${(r.stderr ?? '').trim().split('\n').pop() ?? 'python failed'}`;
  try {
    const o = JSON.parse(r.stdout) as { f32: number; f64: number; version: string };
    return o;
  } catch {
    return `skipped: unexpected output ${JSON.stringify(r.stdout.slice(0, 80))}`;
  }
}

export default async function run(): Promise<BenchRow[]> {
  const shape = `${BATCH}×${WIDTH}×${DEPTH} ReLU`;
  const tfjs = await tfjsRates();
  const w32 = wixiRows('float32');
  const w64 = wixiRows('float64');
  const np1 = numpyRates('one');
  const npAll = numpyRates('all');
  const rows: BenchRow[] = [];
  const tfName = `tfjs-backend-cpu ${tfjs.version} (float32)`;
  const numpyRow = (r: typeof np1, key: 'f32' | 'f64', threads: string, group: string): BenchRow =>
    typeof r === 'string'
      ? { name: `NumPy x @ W.T (${threads})`, rate: 0, unit: UNIT, group, note: r }
      : {
          name: `NumPy ${r.version} x @ W.T (${key === 'f32' ? 'float32' : 'float64'}, ${threads})`,
          rate: r[key],
          unit: UNIT,
          group,
        };

  let group = `forward ${shape} float32`;
  rows.push({ name: tfName, rate: tfjs.forward, unit: UNIT, group });
  rows.push({ name: 'wixi forward (float32)', rate: w32.forward, unit: UNIT, group });
  rows.push(numpyRow(np1, 'f32', '1 thread', group));
  rows.push(numpyRow(npAll, 'f32', 'all cores', group));

  group = `forward ${shape} float64`;
  rows.push({ name: tfName, rate: tfjs.forward, unit: UNIT, group, note: 'tfjs has no float64' });
  rows.push({ name: 'wixi forward (float64)', rate: w64.forward, unit: UNIT, group });
  rows.push(numpyRow(np1, 'f64', '1 thread', group));
  rows.push(numpyRow(npAll, 'f64', 'all cores', group));

  group = `forward + backward ${shape}`;
  rows.push({
    name: `tfjs-backend-cpu ${tfjs.version} matMul/relu/step (float32)`,
    rate: tfjs.both,
    unit: UNIT,
    group,
  });
  rows.push({ name: 'wixi forward + backward (float32)', rate: w32.both, unit: UNIT, group });
  rows.push({ name: 'wixi forward + backward (float64)', rate: w64.both, unit: UNIT, group });
  return rows;
}
