/**
 * The WebAssembly SIMD128 GEMM kernel against the TypeScript one. Both add the products of every C
 * element in the same order within the same k-blocks (multiply, then add; never fused), so the
 * results must be equal bit for bit — in float64, in float64 accumulation rounded to a float32
 * result, and in float32 arithmetic (`accumulator: 'float32'`, which the TypeScript kernel emulates
 * exactly with Math.fround). Shapes cover 1×1, primes, edge tiles of both kernels (4×4 float64,
 * 4×8 float32), the block boundaries KC = 256, MC = 128, NC = 512, zero sizes, every transpose,
 * strided operands, accumulate, and a C larger than the wasm heap's chunk.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRng, type Rng } from '../random/rng.js';
import { gemm, gemmKernelInfo, matmul, setGemmKernel, WASM_MIN_WORK } from './matmul.js';
import { backward, forward, type MlpOptions, mlp } from './network.js';
import { wasmMemoryBytes } from './wasm/kernel.js';

type Arr = Float64Array | Float32Array;

/** True when x and y hold the same numbers bit for bit (NaN matching NaN, +0 not matching −0). */
function sameBits(x: ArrayLike<number>, y: ArrayLike<number>): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  return true;
}

function firstDifference(x: ArrayLike<number>, y: ArrayLike<number>): string {
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return `[${i}]: ${x[i]} vs ${y[i]}`;
  return 'none';
}

interface Case {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  accumulate: boolean;
  /** Extra stride padding of the operands (0: dense). */
  pad: number;
  a32: boolean;
  b32: boolean;
  c32: boolean;
}

/**
 * Run one case on both kernels with the given accumulator and return both results. A is m×k
 * (stored k×m when transA), B is k×n (n×k when transB), each with `pad` unused elements per stored
 * row, so strides differ from the dense ones.
 */
function both(rng: Rng, c: Case, accumulator: 'float64' | 'float32'): { ts: Arr; wasm: Arr } {
  const { m, n, k, transA, transB, pad } = c;
  const [ar, ac] = transA ? [k, m] : [m, k];
  const [br, bc] = transB ? [n, k] : [k, n];
  const lda = ac + pad;
  const ldb = bc + pad;
  const a = rng.fillNormal(c.a32 ? new Float32Array(ar * lda) : new Float64Array(ar * lda));
  const b = rng.fillNormal(c.b32 ? new Float32Array(br * ldb) : new Float64Array(br * ldb));
  const [rsA, csA] = transA ? [1, lda] : [lda, 1];
  const [rsB, csB] = transB ? [1, ldb] : [ldb, 1];
  const c0 = rng.fillNormal(c.c32 ? new Float32Array(m * n) : new Float64Array(m * n));
  const out = { ts: c0.slice(), wasm: c0.slice() };
  gemm(m, n, k, a, rsA, csA, b, rsB, csB, out.ts, c.accumulate, { kernel: 'ts', accumulator });
  gemm(m, n, k, a, rsA, csA, b, rsB, csB, out.wasm, c.accumulate, { kernel: 'wasm', accumulator });
  return out;
}

// 1×1, primes, tile multiples ± 1 (4, 8), block boundaries (KC = 256, MC = 128, NC = 512), zeros
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [1, 1, 300],
  [2, 3, 5],
  [3, 7, 2],
  [4, 4, 4],
  [5, 9, 3],
  [4, 8, 1],
  [7, 11, 13],
  [9, 17, 31],
  [13, 1, 23],
  [1, 29, 19],
  [31, 37, 41],
  [8, 16, 255],
  [12, 9, 256],
  [6, 10, 257],
  [129, 7, 17],
  [130, 13, 9],
  [5, 513, 7],
  [3, 521, 260],
  [67, 71, 513],
  [0, 5, 3],
  [4, 0, 3],
  [3, 5, 0],
  [0, 0, 0],
];

function randomShape(rng: Rng): [number, number, number] {
  const size = () => 1 + Math.floor(rng.uniform() ** 2 * 90);
  return [size(), size(), size()];
}

afterEach(() => {
  setGemmKernel(undefined);
});

describe('WebAssembly GEMM vs TypeScript GEMM', () => {
  it('runs here (Node ≥ 20 has WebAssembly SIMD128), so the comparisons below are not vacuous', () => {
    const info = gemmKernelInfo();
    expect(info.reason).toBe('');
    expect(info.wasm).toBe(true);
  });

  for (const accumulator of ['float64', 'float32'] as const) {
    it(`gives bitwise equal results, accumulator ${accumulator}: every shape × transpose × accumulate × dtype`, () => {
      const rng = createRng(accumulator === 'float64' ? 101 : 102);
      const shapes = [...SHAPES, ...Array.from({ length: 12 }, () => randomShape(rng))];
      let compared = 0;
      for (const [m, n, k] of shapes) {
        for (let variant = 0; variant < 8; variant++) {
          const c: Case = {
            m,
            n,
            k,
            transA: (variant & 1) !== 0,
            transB: (variant & 2) !== 0,
            accumulate: (variant & 4) !== 0,
            pad: variant % 3 === 2 ? 3 : 0,
            a32: variant % 5 === 1,
            b32: variant % 3 === 1,
            c32: variant % 4 === 3,
          };
          const r = both(rng, c, accumulator);
          if (!sameBits(r.ts, r.wasm)) {
            throw new Error(
              `kernels differ for ${JSON.stringify(c)} (accumulator ${accumulator}) at ${firstDifference(r.ts, r.wasm)}`,
            );
          }
          compared += r.ts.length;
        }
      }
      expect(compared).toBeGreaterThan(100_000);
    });
  }

  it('propagates NaN and ±Infinity identically (the zero padding of edge tiles never leaks)', () => {
    const rng = createRng(103);
    for (const [m, n, k] of [
      [5, 6, 7],
      [9, 3, 300],
    ]) {
      const a = rng.fillNormal(new Float64Array(m * k));
      const b = rng.fillNormal(new Float64Array(k * n));
      a[2] = Number.POSITIVE_INFINITY;
      a[a.length - 1] = Number.NaN;
      b[b.length - 2] = Number.NEGATIVE_INFINITY;
      for (const accumulator of ['float64', 'float32'] as const) {
        const ts = new Float64Array(m * n);
        const wasm = new Float64Array(m * n);
        gemm(m, n, k, a, k, 1, b, n, 1, ts, false, { kernel: 'ts', accumulator });
        gemm(m, n, k, a, k, 1, b, n, 1, wasm, false, { kernel: 'wasm', accumulator });
        expect(ts.some(Number.isNaN)).toBe(true);
        expect(ts.some((v) => Number.isFinite(v))).toBe(true);
        expect(sameBits(ts, wasm)).toBe(true);
      }
    }
  });

  it('processes a C larger than the wasm chunk (2²¹ elements) in row chunks, with a bounded heap', () => {
    const rng = createRng(104);
    const [m, n, k] = [2053, 1031, 2];
    const a = rng.fillNormal(new Float64Array(m * k));
    const b = rng.fillNormal(new Float64Array(n * k));
    const ts = new Float64Array(m * n);
    const wasm = new Float64Array(m * n);
    gemm(m, n, k, a, k, 1, b, 1, k, ts, false, { kernel: 'ts' });
    gemm(m, n, k, a, k, 1, b, 1, k, wasm, false, { kernel: 'wasm' });
    expect(sameBits(ts, wasm)).toBe(true);
    // 16 MiB of C chunk, the packed blocks and the scratch tile; well below m·n·8 = 17 MB + A, B
    expect(wasmMemoryBytes()).toBeLessThan(20 * 2 ** 20);
    // and a small product after the memory grew still sees fresh views of it
    const small = matmul(
      { shape: [2, 2], data: Float64Array.of(1, 2, 3, 4) },
      { shape: [2, 2], data: Float64Array.of(5, 6, 7, 8) },
      { kernel: 'wasm' },
    );
    expect(Array.from(small.data)).toEqual([19, 22, 43, 50]);
  });

  it('float32 arithmetic is within the float32 accumulation bound of the exact product', () => {
    // Higham (2002, §3.1): a float32 dot product of length k has |ĉ − c| ≤ γ_k'·Σ|a||b|, γ = k'u/(1 − k'u),
    // u = 2⁻²⁴, with k' = k + ⌈k/256⌉ (one more rounding per k-block added into C) + 2 (operands
    // rounded to float32). No bound of "a few ulps of c" exists for any float32 accumulator: when the
    // terms cancel, |c| ≪ Σ|a||b|. The typical error is far below the bound (≈ √k·u·Σ|a||b|/…).
    const rng = createRng(105);
    const u = 2 ** -24;
    for (const [m, n, k] of [
      [17, 19, 64],
      [9, 33, 700],
    ]) {
      const a = rng.fillNormal(new Float64Array(m * k));
      const b = rng.fillNormal(new Float64Array(k * n));
      const exact = new Float64Array(m * n);
      gemm(m, n, k, a, k, 1, b, n, 1, exact);
      const single = new Float32Array(m * n);
      gemm(m, n, k, a, k, 1, b, n, 1, single, false, { accumulator: 'float32', kernel: 'wasm' });
      const kk = k + Math.ceil(k / 256) + 2;
      const gamma = (kk * u) / (1 - kk * u);
      let worst = 0;
      let sumRel = 0;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let abs = 0;
          for (let p = 0; p < k; p++) abs += Math.abs(a[i * k + p] * b[p * n + j]);
          const rel = Math.abs(single[i * n + j] - exact[i * n + j]) / abs;
          worst = Math.max(worst, rel);
          sumRel += rel;
        }
      }
      expect(worst).toBeLessThanOrEqual(gamma);
      // far from the worst case on random data, yet not float64 accuracy: it really is float32
      expect(sumRel / (m * n)).toBeLessThan(gamma / 10);
      expect(worst).toBeGreaterThan(u / 64);
    }
  });

  it("'auto' uses the kernel by size and never changes a result", () => {
    const rng = createRng(106);
    for (const [m, n, k] of [
      [2, 3, 4],
      [8, 8, 8],
      [30, 20, 10],
    ]) {
      const a = rng.fillNormal(new Float64Array(m * k));
      const b = rng.fillNormal(new Float64Array(k * n));
      const auto = matmul({ shape: [m, k], data: a }, { shape: [k, n], data: b });
      const ts = matmul({ shape: [m, k], data: a }, { shape: [k, n], data: b }, { kernel: 'ts' });
      expect(sameBits(auto.data, ts.data)).toBe(true);
    }
    expect(WASM_MIN_WORK).toBeGreaterThan(0);
  });

  it('WIXI_KERNEL sets the default when setGemmKernel has not, and a wrong value is an error', () => {
    const saved = process.env.WIXI_KERNEL;
    try {
      process.env.WIXI_KERNEL = 'ts';
      expect(gemmKernelInfo().kernel).toBe('ts');
      setGemmKernel('wasm');
      expect(gemmKernelInfo().kernel).toBe('wasm');
      setGemmKernel(undefined);
      process.env.WIXI_KERNEL = 'gpu';
      const a = { shape: [2, 2], data: new Float64Array(4) };
      expect(() => matmul(a, a)).toThrow(/WIXI_KERNEL must be 'ts', 'wasm' or 'auto', got "gpu"/);
      expect(Array.from(matmul(a, a, { kernel: 'ts' }).data)).toEqual([0, 0, 0, 0]);
    } finally {
      if (saved === undefined) delete process.env.WIXI_KERNEL;
      else process.env.WIXI_KERNEL = saved;
    }
  });

  it('setGemmKernel sets the default, returns the previous one and is checked', () => {
    const fromEnv = gemmKernelInfo().kernel; // 'auto' unless WIXI_KERNEL is set
    expect(setGemmKernel('ts')).toBe(fromEnv);
    expect(gemmKernelInfo().kernel).toBe('ts');
    expect(setGemmKernel('wasm')).toBe('ts');
    expect(setGemmKernel(undefined)).toBe('wasm');
    expect(gemmKernelInfo().kernel).toBe(fromEnv);
    expect(() => setGemmKernel('gpu' as never)).toThrow(
      /unknown kernel "gpu"; expected one of "auto", "ts", "wasm"/,
    );
    const a = { shape: [2, 2], data: new Float64Array(4) };
    expect(() => matmul(a, a, { kernel: 'simd' as never })).toThrow(/unknown kernel "simd"/);
    expect(() => matmul(a, a, { accumulator: 'float16' as never })).toThrow(/unknown accumulator "float16"/);
    expect(() => gemm(1, 1, 1, a.data, 1, 1, a.data, 1, 1, new Float64Array(1), false, 3 as never)).toThrow(
      TypeError,
    );
  });
});

describe('networks on either kernel', () => {
  const configs: MlpOptions[] = [
    { widths: [37, 64, 30, 5], activation: 'relu', init: heInit(), bias: { variance: 0.1 } },
    { widths: [9, 300, 300, 17], activation: 'tanh', init: heInit(), linearOutput: true },
    {
      widths: [12, 40, 40, 40],
      activation: 'gelu',
      init: heInit(),
      bias: 'zeros',
      residual: { alpha: 0.5, branch: 2, stem: true },
    },
  ];
  for (const dtype of ['float64', 'float32'] as const) {
    it(`forward and backward are bitwise equal under 'ts' and 'wasm' (${dtype})`, () => {
      for (const [ci, config] of configs.entries()) {
        const net = mlp({ ...config, dtype }, createRng(200 + ci));
        const rng = createRng(300 + ci);
        const batch = 23;
        const X = rng.fillNormal(new Float64Array(batch * config.widths[0]));
        const dOut = rng.fillNormal(new Float64Array(batch * config.widths[config.widths.length - 1]));
        const run = (kernel: 'ts' | 'wasm') => {
          setGemmKernel(kernel);
          const f = forward(net, X);
          const g = backward(net, f.cache, dOut);
          return { out: f.output, g };
        };
        const ts = run('ts');
        const wasm = run('wasm');
        expect(sameBits(ts.out, wasm.out)).toBe(true);
        expect(sameBits(ts.g.input, wasm.g.input)).toBe(true);
        for (let l = 0; l < net.layers.length; l++) {
          expect(sameBits(ts.g.layers[l].weight, wasm.g.layers[l].weight)).toBe(true);
          expect(sameBits(ts.g.layers[l].input, wasm.g.layers[l].input)).toBe(true);
        }
      }
    });
  }
});

describe('without WebAssembly SIMD', () => {
  it("falls back to TypeScript under 'auto' and says why 'wasm' cannot run", async () => {
    const rng = createRng(107);
    const a = { shape: [40, 50], data: rng.fillNormal(new Float64Array(2000)) };
    const b = { shape: [50, 30], data: rng.fillNormal(new Float64Array(1500)) };
    // the reference on the real engine, before WebAssembly is stubbed out: the statically imported
    // module instantiates its kernel lazily, on its first call, and would otherwise cache "no
    // WebAssembly" for every later test of this file (found by running the tests shuffled)
    const onWasm = matmul(a, b, { kernel: 'wasm' }).data;
    vi.resetModules();
    vi.stubGlobal('WebAssembly', undefined);
    try {
      const mod = await import('./matmul.js');
      const info = mod.gemmKernelInfo();
      expect(info.wasm).toBe(false);
      expect(info.reason).toMatch(/no WebAssembly/);
      const got = mod.matmul(a, b, { kernel: 'auto' });
      expect(sameBits(got.data, onWasm)).toBe(true);
      expect(() => mod.matmul(a, b, { kernel: 'wasm' })).toThrow(
        /kernel 'wasm' was asked but cannot run: this JavaScript engine has no WebAssembly/,
      );
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });
});

/** He-normal weights for the network tests, W ~ N(0, 2/fan_in). */
function heInit() {
  return Object.assign(
    (shape: readonly number[], rng: Rng, options?: { dtype?: 'float64' | 'float32' }) => {
      const size = shape.reduce((p, s) => p * s, 1);
      const data = options?.dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
      return { shape: [...shape], data: rng.fillNormal(data, 0, Math.sqrt(2 / shape[shape.length - 1])) };
    },
    { displayName: 'he normal', variance: (s: readonly number[]) => 2 / s[s.length - 1], mean: () => 0 },
  );
}
