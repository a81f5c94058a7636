/**
 * Network benchmarks, in one run: the forward pass of a 20-layer ReLU MLP (batch 256, width 512,
 * He-scaled Gaussian weights) in wixi on each GEMM kernel (TypeScript; WebAssembly SIMD128) vs
 * @tensorflow/tfjs-core with @tensorflow/tfjs-backend-cpu (pure-JS CPU backend, float32 only) vs
 * NumPy's `x @ W.T` + ReLU (OpenBLAS) when NumPy is present, single-threaded and with all cores;
 * and forward + backward (every weight and input gradient) in each of them, tfjs and NumPy with the
 * chain rule written out. Rates are FLOP/s counting only the products: 2·batch·in·out per layer
 * forward, three times that forward + backward. tfjs is the first row of every group, so the
 * printed ratios read "× tfjs"; each WebAssembly row's note gives its ratio to NumPy on one thread.
 *
 * "forward" is `forward(net, X)`, which keeps every layer's signals for `backward` (fresh arrays,
 * 2 MB per layer); "forward streamed" is `forwardWith(net, X, false)`, which reuses two buffers as
 * an inference pass does — the like-for-like comparison with NumPy's `h = max(h @ W.T, 0)` loop.
 *
 * wixi's float32 networks accumulate in float64 (one rounding per result), so their speed is the
 * float64 kernel's; the "gemm chain … float32 arithmetic" row is the same x ↦ relu(x·Wᵀ) loop as
 * NumPy's on `matmul(…, {accumulator: 'float32'})`, the f32x4 kernel with sgemm's arithmetic.
 *
 * Rates are wall-clock, measured in the same run for every row; the machine may be shared, so every
 * group title shows the 1-minute load average against the core count, and the notes of the
 * single-threaded rows give the rate per second of this process's CPU time (less sensitive to
 * other processes' load than the wall clock, though not to their use of shared caches).
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { Dtype, Initializer, Tensor } from '../src/init/types.js';
import { type GemmKernel, gemm, setGemmKernel } from '../src/nn/matmul.js';
import { backward, forward, forwardWith, mlp } from '../src/nn/network.js';
import { createRng, type Rng } from '../src/random/index.js';
import type { BenchRow } from './harness.js';
import { BLAS_PY } from './numpy-blas.js';

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

/** A rate by the wall clock and by this process's CPU time. */
interface Rate {
  wall: number;
  cpu: number;
}

/**
 * Run `fn` (doing `work` FLOP per call) once to warm up, then until `minMs` of wall time has
 * passed (at least twice); return FLOP per second of wall time and of process CPU time.
 */
function rate(fn: () => void, work: number, minMs: number): Rate {
  fn();
  let calls = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let elapsed = 0;
  do {
    fn();
    calls++;
    elapsed = performance.now() - start;
  } while (elapsed < minMs || calls < 2);
  const cpu = process.cpuUsage(cpu0);
  return {
    wall: (calls * work) / (elapsed / 1000),
    cpu: (calls * work) / ((cpu.user + cpu.system) / 1e6),
  };
}

function wixiRates(dtype: Dtype, kernel: GemmKernel): { forward: Rate; stream: Rate; both: Rate } {
  const previous = setGemmKernel(kernel);
  try {
    const rng = createRng(1);
    const widths = Array.from({ length: DEPTH + 1 }, () => WIDTH);
    const net = mlp({ widths, activation: 'relu', init: he, dtype }, rng);
    const X = rng.fillNormal(
      dtype === 'float32' ? new Float32Array(BATCH * WIDTH) : new Float64Array(BATCH * WIDTH),
    );
    const dOut = rng.fillNormal(new Float64Array(BATCH * WIDTH));
    const slow = kernel === 'ts';
    return {
      forward: rate(() => forward(net, X), FLOP, slow ? 2500 : 2000),
      stream: rate(() => forwardWith(net, X, false), FLOP, slow ? 2500 : 2000),
      both: rate(() => backward(net, forward(net, X).cache, dOut), 3 * FLOP, slow ? 4000 : 2500),
    };
  } finally {
    setGemmKernel(previous === 'auto' ? undefined : previous);
  }
}

/**
 * NumPy's loop `h = max(h @ W.T, 0)` on wixi's GEMM with float32 arithmetic (the f32x4 WebAssembly
 * kernel), without the network's checks: the like-for-like comparison with NumPy's and tfjs's
 * float32 matmul.
 */
function gemmChainRate(): Rate {
  const rng = createRng(2);
  const x = rng.fillNormal(new Float32Array(BATCH * WIDTH));
  const ws = Array.from({ length: DEPTH }, () =>
    rng.fillNormal(new Float32Array(WIDTH * WIDTH), 0, Math.sqrt(2 / WIDTH)),
  );
  const h = [new Float32Array(BATCH * WIDTH), new Float32Array(BATCH * WIDTH)];
  const options = { kernel: 'wasm', accumulator: 'float32' } as const;
  return rate(
    () => {
      let src = x;
      for (let l = 0; l < DEPTH; l++) {
        const dst = h[l & 1];
        gemm(BATCH, WIDTH, WIDTH, src, WIDTH, 1, ws[l], 1, WIDTH, dst, false, options);
        for (let i = 0; i < dst.length; i++) if (dst[i] < 0) dst[i] = 0;
        src = dst;
      }
    },
    FLOP,
    2000,
  );
}

async function tfjsRates(): Promise<{ forward: Rate; both: Rate; version: string }> {
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

interface NumpyRates {
  version: string;
  blas: string;
  f32: number;
  f64: number;
  f32cpu: number;
  f64cpu: number;
  both32: number;
  both64: number;
  both32cpu: number;
  both64cpu: number;
}

/** NumPy's forward and forward + backward rates per dtype, or the reason it could not run. */
function numpyRates(threads: 'one' | 'all'): NumpyRates | string {
  const code = `
import time, json, numpy as np
B, N, L = ${BATCH}, ${WIDTH}, ${DEPTH}
F = 2 * B * N * N * L
${BLAS_PY}
out = {"version": np.__version__, "blas": blas}
def timed(f, work, secs):
    f()
    t, c, k = time.perf_counter(), time.process_time(), 0
    while k < 2 or time.perf_counter() - t < secs:
        f(); k += 1
    return work * k / (time.perf_counter() - t), work * k / max(time.process_time() - c, 1e-9)
for name, dt in (("f32", np.float32), ("f64", np.float64)):
    g = np.random.default_rng(0)
    x = g.standard_normal((B, N)).astype(dt)
    d = g.standard_normal((B, N)).astype(dt)
    ws = [(g.standard_normal((N, N)) * np.sqrt(2 / N)).astype(dt) for _ in range(L)]
    def fwd():
        h = x
        for w in ws:
            h = np.maximum(h @ w.T, 0)
        return h
    def both():
        hs, zs = [x], []
        for w in ws:
            z = hs[-1] @ w.T
            zs.append(z)
            hs.append(np.maximum(z, 0))
        g = d
        for l in range(L - 1, -1, -1):
            dz = g * (zs[l] > 0)
            dw = dz.T @ hs[l]
            g = dz @ ws[l]
        return g, dw
    out[name], out[name + "cpu"] = timed(fwd, F, 2)
    out["both" + name[1:]], out["both" + name[1:] + "cpu"] = timed(both, 3 * F, 2)
print(json.dumps(out))`;
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
    return JSON.parse(r.stdout) as NumpyRates;
  } catch {
    return `skipped: unexpected output ${JSON.stringify(r.stdout.slice(0, 80))}`;
  }
}

function giga(x: number): string {
  return `${(x / 1e9).toFixed(2)} G`;
}

function load(): string {
  return `load ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`;
}

export default async function run(): Promise<BenchRow[]> {
  const shape = `${BATCH}×${WIDTH}×${DEPTH} ReLU`;
  const loads: string[] = [load()];
  const tfjs = await tfjsRates();
  const ts64 = wixiRates('float64', 'ts');
  const wasm64 = wixiRates('float64', 'wasm');
  const ts32 = wixiRates('float32', 'ts');
  const wasm32 = wixiRates('float32', 'wasm');
  const chain32 = gemmChainRate();
  loads.push(load());
  const np1 = numpyRates('one');
  const npAll = numpyRates('all');
  loads.push(load());
  const loadNote = loads.join(' → ');
  const rows: BenchRow[] = [];
  const tfName = `tfjs-backend-cpu ${tfjs.version} (float32)`;
  const cpuNote = (r: Rate) => `CPU-time rate ${giga(r.cpu)}${UNIT}`;
  /** The row's ratios to NumPy on one thread (wall clock; CPU time) and to tfjs by CPU time. */
  const vsNumpy = (r: Rate, key: 'f32' | 'f64' | 'both32' | 'both64'): string => {
    const tfCpu = key.startsWith('both') ? tfjs.both.cpu : tfjs.forward.cpu;
    const vsTf = `${(r.cpu / tfCpu).toFixed(1)}× tfjs by CPU time`;
    if (typeof np1 === 'string') return `${cpuNote(r)}; ${vsTf}`;
    const cpuKey = `${key}cpu` as keyof NumpyRates;
    return `${(r.wall / np1[key]).toFixed(2)}× NumPy 1 thread, by CPU time ${(r.cpu / (np1[cpuKey] as number)).toFixed(2)}×; ${vsTf}`;
  };
  const numpyRow = (
    r: NumpyRates | string,
    key: 'f32' | 'f64' | 'both32' | 'both64',
    threads: string,
    group: string,
  ): BenchRow => {
    const dtype = key.endsWith('32') ? 'float32' : 'float64';
    if (typeof r === 'string')
      return { name: `NumPy (${dtype}, ${threads})`, rate: 0, unit: UNIT, group, note: r };
    const row: BenchRow = {
      name: `NumPy ${r.version} (${dtype}, ${threads})`,
      rate: r[key],
      unit: UNIT,
      group,
    };
    row.note = `${r.blas}`;
    if (threads === '1 thread') row.note += `; CPU-time rate ${giga(r[`${key}cpu`] as number)}${UNIT}`;
    return row;
  };

  let group = `forward ${shape} float64 (${loadNote})`;
  rows.push({ name: tfName, rate: tfjs.forward.wall, unit: UNIT, group, note: 'tfjs has no float64' });
  rows.push({
    name: 'wixi forward, TypeScript kernel',
    rate: ts64.forward.wall,
    unit: UNIT,
    group,
    note: cpuNote(ts64.forward),
  });
  rows.push({
    name: 'wixi forward, WebAssembly SIMD kernel',
    rate: wasm64.forward.wall,
    unit: UNIT,
    group,
    note: vsNumpy(wasm64.forward, 'f64'),
  });
  rows.push({
    name: 'wixi forward streamed (no cache), TypeScript',
    rate: ts64.stream.wall,
    unit: UNIT,
    group,
    note: cpuNote(ts64.stream),
  });
  rows.push({
    name: 'wixi forward streamed (no cache), WebAssembly',
    rate: wasm64.stream.wall,
    unit: UNIT,
    group,
    note: vsNumpy(wasm64.stream, 'f64'),
  });
  rows.push(numpyRow(np1, 'f64', '1 thread', group));
  rows.push(numpyRow(npAll, 'f64', 'all cores', group));

  group = `forward ${shape} float32 (${loadNote})`;
  rows.push({ name: tfName, rate: tfjs.forward.wall, unit: UNIT, group, note: cpuNote(tfjs.forward) });
  rows.push({
    name: 'wixi forward, TypeScript kernel',
    rate: ts32.forward.wall,
    unit: UNIT,
    group,
    note: cpuNote(ts32.forward),
  });
  rows.push({
    name: 'wixi forward, WebAssembly SIMD kernel',
    rate: wasm32.forward.wall,
    unit: UNIT,
    group,
    note: `float64 accumulation; ${vsNumpy(wasm32.forward, 'f32')}`,
  });
  rows.push({
    name: 'wixi forward streamed (no cache), WebAssembly',
    rate: wasm32.stream.wall,
    unit: UNIT,
    group,
    note: `float64 accumulation; ${vsNumpy(wasm32.stream, 'f32')}`,
  });
  rows.push({
    name: 'wixi gemm chain, WebAssembly float32 arithmetic',
    rate: chain32.wall,
    unit: UNIT,
    group,
    note: vsNumpy(chain32, 'f32'),
  });
  rows.push(numpyRow(np1, 'f32', '1 thread', group));
  rows.push(numpyRow(npAll, 'f32', 'all cores', group));

  group = `forward + backward ${shape} (${loadNote})`;
  rows.push({
    name: `tfjs-backend-cpu ${tfjs.version} matMul/relu/step (float32)`,
    rate: tfjs.both.wall,
    unit: UNIT,
    group,
    note: cpuNote(tfjs.both),
  });
  rows.push({
    name: 'wixi forward + backward, TypeScript (float64)',
    rate: ts64.both.wall,
    unit: UNIT,
    group,
    note: cpuNote(ts64.both),
  });
  rows.push({
    name: 'wixi forward + backward, WebAssembly (float64)',
    rate: wasm64.both.wall,
    unit: UNIT,
    group,
    note: vsNumpy(wasm64.both, 'both64'),
  });
  rows.push({
    name: 'wixi forward + backward, TypeScript (float32)',
    rate: ts32.both.wall,
    unit: UNIT,
    group,
    note: cpuNote(ts32.both),
  });
  rows.push({
    name: 'wixi forward + backward, WebAssembly (float32)',
    rate: wasm32.both.wall,
    unit: UNIT,
    group,
    note: vsNumpy(wasm32.both, 'both32'),
  });
  rows.push(numpyRow(np1, 'both64', '1 thread', group));
  rows.push(numpyRow(np1, 'both32', '1 thread', group));
  rows.push(numpyRow(npAll, 'both64', 'all cores', group));
  return rows;
}
