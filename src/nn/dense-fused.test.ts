/**
 * The dense layer's fused WebAssembly step (gemmDense: z = x·Wᵀ + b, the finiteness scan and ReLU
 * done on C inside wasm memory, with B = Wᵀ staged and packed by SIMD shuffles) against the
 * TypeScript path it replaces: bitwise the same z and ReLU(z) on shapes with edge panels, odd
 * widths and depths (the scalar tails of every wasm loop), several column and depth blocks, and the
 * staging bound; the overflow flag for a non-finite element in any position; when it declines; and
 * the networks' forward on both kernels, every layer's signals compared.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRng, type Rng } from '../random/rng.js';
import { gemm, gemmDense, setGemmKernel } from './matmul.js';
import { forward, forwardWith, type MlpOptions, mlp } from './network.js';

afterEach(() => {
  setGemmKernel(undefined);
});

/** Index of the first element where x and y differ bit for bit (Object.is), or -1. */
function firstDifference(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) return 0;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return i;
  return -1;
}

/** The TypeScript path: gemm on the TypeScript kernel, + b row by row, ReLU as max(v, +0). */
function reference(
  m: number,
  n: number,
  k: number,
  x: Float64Array,
  W: Float64Array,
  bias: Float64Array | null,
): { z: Float64Array; a: Float64Array } {
  const z = gemm(m, n, k, x, k, 1, W, 1, k, new Float64Array(m * n), false, { kernel: 'ts' }) as Float64Array;
  if (bias !== null) for (let p = 0; p < m * n; p++) z[p] += bias[p % n];
  // biome-ignore lint/complexity/useMathMinMax: the rule [v > 0] as written, not Math.max's
  return { z, a: z.map((v) => (v > 0 ? v : 0)) };
}

function problem(rng: Rng, m: number, n: number, k: number, withBias: boolean) {
  const x = rng.fillNormal(new Float64Array(m * k));
  const W = rng.fillNormal(new Float64Array(n * k), 0, Math.sqrt(2 / k));
  const bias = withBias ? rng.fillNormal(new Float64Array(n)) : null;
  return { x, W, bias };
}

describe('gemmDense (the fused WebAssembly dense step)', () => {
  it('gives bitwise the TypeScript z and ReLU(z): edge panels, odd n and k, several column and depth blocks', () => {
    setGemmKernel('wasm');
    const rng = createRng(401);
    // n: whole panels, an edge panel of 1–3 columns, odd (the scalar tail per row), > 512 (two
    // column blocks, each staged); k: odd, > 256 with an odd last depth block (pack4's tail); m odd
    // with m·n odd (ReLU's scalar tail)
    const shapes: [number, number, number][] = [
      [1, 1, 1],
      [3, 5, 7],
      [4, 4, 2],
      [7, 37, 301],
      [23, 64, 256],
      [9, 515, 45],
      [17, 600, 513],
      [130, 33, 12],
    ];
    for (const [m, n, k] of shapes) {
      for (const withBias of [false, true]) {
        const { x, W, bias } = problem(rng, m, n, k, withBias);
        const want = reference(m, n, k, x, W, bias);
        const z = new Float64Array(m * n).fill(Number.NaN);
        const a = new Float64Array(m * n).fill(Number.NaN);
        expect(gemmDense(m, n, k, x, W, bias, z, a), `${m}×${n}×${k}`).toBe(true);
        expect(firstDifference(z, want.z), `z of ${m}×${n}×${k}, bias ${withBias}`).toBe(-1);
        expect(firstDifference(a, want.a), `ReLU(z) of ${m}×${n}×${k}, bias ${withBias}`).toBe(-1);
        // without a ReLU output, z alone
        const z2 = new Float64Array(m * n);
        expect(gemmDense(m, n, k, x, W, bias, z2, null)).toBe(true);
        expect(firstDifference(z2, want.z)).toBe(-1);
        // ReLU(z) without z (keepZ false, an inference pass): the same ReLU(z), z not written
        const unread = new Float64Array(m * n).fill(Number.NaN);
        const a2 = new Float64Array(m * n);
        expect(gemmDense(m, n, k, x, W, bias, unread, a2, false)).toBe(true);
        expect(firstDifference(a2, want.a), `ReLU(z) without z, ${m}×${n}×${k}`).toBe(-1);
        expect(unread.every(Number.isNaN)).toBe(true);
      }
    }
  });

  it('maps −0 and negative z to +0 and keeps positive z, as the TypeScript ReLU', () => {
    setGemmKernel('wasm');
    // x = [1], W = one weight per unit: z = W exactly, with bias −0 (which keeps every sign)
    const W = Float64Array.of(-0, 0, -2, 3, -5e-324, 5e-324, 1e308);
    const n = W.length;
    for (const m of [1, 2]) {
      const x = new Float64Array(m).fill(1);
      const z = new Float64Array(m * n);
      const a = new Float64Array(m * n);
      expect(gemmDense(m, n, 1, x, W, new Float64Array(n).fill(-0), z, a)).toBe(true);
      const zRow = [0, 0, -2, 3, -5e-324, 5e-324, 1e308]; // a sum starts at +0: +0 + (−0) = +0
      const aRow = [0, 0, 0, 3, 0, 5e-324, 1e308];
      expect(Array.from(z)).toEqual(Array.from({ length: m }, () => zRow).flat());
      expect(Array.from(a)).toEqual(Array.from({ length: m }, () => aRow).flat());
      for (const v of a) expect(Object.is(v, -0)).toBe(false);
    }
  });

  it('writes z when it is not finite even without keepZ, and not ReLU(z)', () => {
    setGemmKernel('wasm');
    const [m, n, k] = [3, 5, 2];
    const x = new Float64Array(m * k).fill(1);
    const W = new Float64Array(n * k).fill(0.5);
    x[2 * k] = Number.POSITIVE_INFINITY; // row 2: ∞ everywhere
    const z = new Float64Array(m * n).fill(7);
    const a = new Float64Array(m * n).fill(7);
    expect(gemmDense(m, n, k, x, W, null, z, a, false)).toBe(false);
    expect(firstDifference(z, reference(m, n, k, x, W, null).z)).toBe(-1);
    expect(a.every((v) => v === 7)).toBe(true);
  });

  it('reports a non-finite z in an early row chunk when the later chunks are finite', () => {
    setGemmKernel('wasm');
    // m·n > 2²¹ = C_CHUNK: C is processed in row chunks (2032 rows of 1031 here); k = 1 and small
    // integers keep z exact, so the only non-finite elements are those made in row 0
    const [m, n, k] = [2100, 1031, 1];
    const x = Float64Array.from({ length: m }, (_, i) => (i % 5) - 2);
    const W = Float64Array.from({ length: n }, (_, j) => (j % 3) - 1);
    x[0] = Number.POSITIVE_INFINITY;
    const z = new Float64Array(m * n);
    expect(gemmDense(m, n, k, x, W, null, z, null)).toBe(false);
    // row 0 is ∞·W: ±∞, or NaN where W is 0; every other row is finite
    expect(z.subarray(n).every(Number.isFinite)).toBe(true);
    expect(z[(m - 1) * n + 2]).toBe(x[m - 1] * W[2]);
  });

  it('copies every chunk of z without keepZ when C spans several chunks, and names an overflow in the last', () => {
    setGemmKernel('wasm');
    // 2100 rows of 1031: two row chunks; an earlier chunk is gone when a later one overflows, so
    // z is written whole whatever keepZ says
    const [m, n, k] = [2100, 1031, 1];
    const x = Float64Array.from({ length: m }, (_, i) => (i % 5) - 2);
    const W = Float64Array.from({ length: n }, (_, j) => (j % 3) - 1);
    for (const overflow of [false, true]) {
      if (overflow) x[m - 1] = Number.POSITIVE_INFINITY;
      const z = new Float64Array(m * n).fill(Number.NaN);
      const a = new Float64Array(m * n);
      expect(gemmDense(m, n, k, x, W, null, z, a, false)).toBe(!overflow);
      expect(firstDifference(z, reference(m, n, k, x, W, null).z), `overflow ${overflow}`).toBe(-1);
    }
  });

  it('reports a non-finite z in any position (lane 0, lane 1, the odd tail, the last row), by the GEMM or by the bias', () => {
    setGemmKernel('wasm');
    const [m, n, k] = [5, 7, 3];
    const cases: { row: number; col: number; viaBias: boolean }[] = [
      { row: 0, col: 0, viaBias: false },
      { row: 2, col: 1, viaBias: false },
      { row: 1, col: 6, viaBias: false }, // the odd tail of a row
      { row: 4, col: 6, viaBias: false },
      { row: 3, col: 4, viaBias: true },
      { row: 0, col: 6, viaBias: true },
    ];
    for (const { row, col, viaBias } of cases) {
      const x = new Float64Array(m * k).fill(1);
      const W = new Float64Array(n * k).fill(0.5);
      const bias = new Float64Array(n);
      if (viaBias) {
        // z[·, col] = 1.5 + MAX_VALUE is finite; x[row, 0] = MAX_VALUE gives 0.5·MAX + 1 + MAX = ∞
        bias[col] = Number.MAX_VALUE;
        x[row * k] = Number.MAX_VALUE;
      } else {
        W[col * k] = 1e300;
        x[row * k] = 1e300; // 1e300·1e300 = ∞ in (row, col) only
      }
      const z = new Float64Array(m * n);
      const a = new Float64Array(m * n).fill(7);
      const label = `row ${row}, col ${col}, via bias ${viaBias}`;
      expect(gemmDense(m, n, k, x, W, bias, z, a), label).toBe(false);
      expect(Number.isFinite(z[row * n + col]), label).toBe(false);
      expect(z.filter((v) => !Number.isFinite(v)).length, label).toBe(1);
      // ReLU is not written when z is not finite (the caller throws)
      expect(
        a.every((v) => v === 7),
        label,
      ).toBe(true);
      const want = reference(m, n, k, x, W, bias);
      expect(firstDifference(z, want.z), label).toBe(-1);
    }
    const x = Float64Array.of(Number.NaN, 1);
    expect(gemmDense(1, 1, 2, x, Float64Array.of(1, 1), null, new Float64Array(1), null)).toBe(false);
  });

  it('declines (undefined, nothing written) on the TypeScript kernel, below the size for auto, and for float32 arrays', () => {
    const rng = createRng(402);
    const { x, W, bias } = problem(rng, 8, 8, 8, true);
    const untouched = () => new Float64Array(64).fill(3);
    setGemmKernel('ts');
    let z = untouched();
    expect(gemmDense(8, 8, 8, x, W, bias, z, null)).toBeUndefined();
    expect(z.every((v) => v === 3)).toBe(true);
    setGemmKernel('auto');
    z = untouched();
    expect(gemmDense(2, 2, 2, x, W, bias, z, null), 'm·n·k = 8 < WASM_MIN_WORK').toBeUndefined();
    expect(z.every((v) => v === 3)).toBe(true);
    expect(gemmDense(8, 8, 8, x, W, bias, untouched(), null), '512 = WASM_MIN_WORK').toBe(true);
    setGemmKernel('wasm');
    const z32 = new Float32Array(64);
    expect(gemmDense(8, 8, 8, x, W, bias, z32, null)).toBeUndefined();
    expect(z32.every((v) => v === 0)).toBe(true);
    expect(
      gemmDense(8, 8, 8, x, W, Float32Array.from(bias as Float64Array), untouched(), null),
    ).toBeUndefined();
    expect(gemmDense(8, 8, 8, x, W, bias, untouched(), new Float32Array(64))).toBeUndefined();
    expect(gemmDense(8, 8, 0, x, W, bias, untouched(), null), 'k = 0').toBeUndefined();
  });
});

describe('the staging of B (Wᵀ copied into wasm memory for the SIMD pack)', () => {
  it('is skipped past 2²⁰ values of a column block: packB4 instead, the same results, no staging memory', async () => {
    vi.resetModules();
    const kernel = await import('./wasm/kernel.js');
    const matmul = await import('./matmul.js');
    // one column panel (n = 4) of depth k = 2¹⁸ + 1: 4·k > 2²⁰ values
    const [m, n, k] = [1, 4, 2 ** 18 + 1];
    const rng = createRng(403);
    const { x, W, bias } = problem(rng, m, n, k, true);
    const z = new Float64Array(m * n);
    expect(matmul.gemmDense(m, n, k, x, W, bias, z, null)).toBe(true);
    const ts = reference(m, n, k, x, W, bias).z;
    expect(firstDifference(z, ts)).toBe(-1);
    // scratch tile, A block (4 × 256), B block (4 × 256), C (4), the bias (4) and the staged row of
    // A (k values, 2 MiB): not the 8 MiB more that staging B would take
    const bytes = 128 + 8 * (4 * 256 + 4 * 256 + 4 + 4 + k);
    expect(kernel.wasmMemoryBytes()).toBe(Math.ceil(bytes / 65536) * 65536);
    // and one value fewer per column fits: 4·2¹⁸ values staged (8 MiB)
    const k2 = 2 ** 18;
    const p2 = problem(rng, m, n, k2, false);
    const z2 = new Float64Array(m * n);
    expect(matmul.gemmDense(m, n, k2, p2.x, p2.W, null, z2, null)).toBe(true);
    expect(firstDifference(z2, reference(m, n, k2, p2.x, p2.W, null).z)).toBe(-1);
    expect(kernel.wasmMemoryBytes()).toBeGreaterThan(8 * 4 * k2);
    vi.resetModules();
  });

  it('applies to gemm itself when B is Wᵀ row-major: the same bits as the TypeScript kernel', () => {
    // (rsB, csB) = (1, k) is the staged layout; compared with the strided one of the same matrix
    const rng = createRng(404);
    for (const [m, n, k] of [
      [6, 10, 9],
      [40, 513, 300],
    ]) {
      const { x, W } = problem(rng, m, n, k, false);
      const ts = gemm(m, n, k, x, k, 1, W, 1, k, new Float64Array(m * n), false, { kernel: 'ts' });
      const wasm = gemm(m, n, k, x, k, 1, W, 1, k, new Float64Array(m * n), false, { kernel: 'wasm' });
      expect(firstDifference(wasm, ts)).toBe(-1);
      // padded storage (csB = k + 2) is not staged and agrees too
      const Wp = new Float64Array(n * (k + 2));
      for (let j = 0; j < n; j++) Wp.set(W.subarray(j * k, (j + 1) * k), j * (k + 2));
      const strided = gemm(m, n, k, x, k, 1, Wp, 1, k + 2, new Float64Array(m * n), false, {
        kernel: 'wasm',
      });
      expect(firstDifference(strided, ts)).toBe(-1);
    }
  });
});

describe('the staging of A (a row-major batch copied into wasm memory for the SIMD pack)', () => {
  it('takes the rows of a chunk up to 2²⁰ values and declines past it: packA instead, the same bits', async () => {
    // n = 1 and k = 2¹⁸: B (one panel, 4·k = 2²⁰ values) is staged in both cases; A is staged with
    // m = 4 (4·k = 2²⁰ values) and not with m = 5 (one chunk of 5 rows, 5·k values)
    const k = 2 ** 18;
    const rng = createRng(405);
    for (const [m, stagedA] of [
      [4, true],
      [5, false],
    ] as const) {
      vi.resetModules();
      const kernel = await import('./wasm/kernel.js');
      const matmul = await import('./matmul.js');
      const { x, W, bias } = problem(rng, m, 1, k, true);
      const z = new Float64Array(m);
      expect(matmul.gemmDense(m, 1, k, x, W, bias, z, null)).toBe(true);
      expect(firstDifference(z, reference(m, 1, k, x, W, bias).z), `m = ${m}`).toBe(-1);
      const mc = Math.ceil(m / 4) * 4;
      // scratch tile, A block (mc × 256), B block (4 × 256), C (m), bias (1), staged B (4·k), staged A
      const bytes = 128 + 8 * (mc * 256 + 4 * 256 + m + 1 + 4 * k + (stagedA ? m * k : 0));
      expect(kernel.wasmMemoryBytes(), `m = ${m}`).toBe(Math.ceil(bytes / 65536) * 65536);
    }
    vi.resetModules();
  });
});

describe('networks: the fused forward on the WebAssembly kernel', () => {
  const he = Object.assign(
    (shape: readonly number[], rng: Rng, options?: { dtype?: 'float64' | 'float32' }) => {
      const size = shape[0] * shape[1];
      const data = options?.dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
      return { shape: [...shape], data: rng.fillNormal(data, 0, Math.sqrt(2 / shape[1])) };
    },
    { displayName: 'he normal', variance: (s: readonly number[]) => 2 / s[1], mean: () => 0 },
  );
  const configs: MlpOptions[] = [
    { widths: [37, 64, 31, 5], activation: 'relu', init: he, bias: { variance: 0.1 } },
    { widths: [300, 515, 515, 9], activation: 'relu', init: he, linearOutput: true },
    {
      widths: [40, 40, 40],
      activation: 'relu',
      init: he,
      bias: 'zeros',
      residual: { alpha: 0.5, branch: 2 },
    },
    { widths: [12, 33, 33], activation: 'relu', init: he, residual: { alpha: 1, branch: 1, stem: true } },
  ];

  for (const dtype of ['float64', 'float32'] as const) {
    it(`keeps every layer's z and ReLU(z) bitwise equal to the TypeScript kernel's (${dtype})`, () => {
      for (const [ci, config] of configs.entries()) {
        const net = mlp({ ...config, dtype }, createRng(500 + ci));
        const X = createRng(600 + ci).fillNormal(new Float64Array(19 * config.widths[0]));
        setGemmKernel('ts');
        const ts = forward(net, X).cache;
        setGemmKernel('wasm');
        const wasm = forward(net, X).cache;
        for (let l = 0; l < net.layers.length; l++) {
          const where = `config ${ci}, layer ${l}`;
          expect(firstDifference(wasm.layers[l].preActivation, ts.layers[l].preActivation), where).toBe(-1);
          expect(firstDifference(wasm.layers[l].activation, ts.layers[l].activation), where).toBe(-1);
        }
        const streamed = forwardWith(net, X, false).output;
        expect(
          firstDifference(streamed, ts.blocks[ts.blocks.length - 1].output),
          `config ${ci} streamed`,
        ).toBe(-1);
        // streamed with a layer hook: the hook sees z (which the streamed pass alone skips)
        const seen: number[] = [];
        forwardWith(net, X, false, {
          layer: (l, _x, z, a) => {
            seen.push(firstDifference(z, ts.layers[l].preActivation));
            seen.push(firstDifference(a, ts.layers[l].activation));
          },
        });
        expect(seen, `config ${ci} streamed with hooks`).toEqual(seen.map(() => -1));
        expect(seen.length).toBe(2 * net.layers.length);
      }
    });
  }

  it('throws the same overflow error on both kernels, naming the layer and the element', () => {
    const net = mlp({ widths: [4, 6, 6], activation: 'relu', init: he }, createRng(700));
    // layer 0: every a = 4 · 0.5 · 1e10 = 2e10; layer 1: unit 2 reads unit 3 with weight 1e300
    net.layers[0].weight.data.fill(0.5);
    net.layers[1].weight.data[2 * 6 + 3] = 1e300;
    const X = new Float64Array(2 * 4).fill(1e10);
    const message = (kernel: 'ts' | 'wasm'): string => {
      setGemmKernel(kernel);
      try {
        forward(net, X);
      } catch (e) {
        expect(e).toBeInstanceOf(RangeError);
        return (e as Error).message;
      }
      return 'no error';
    };
    const ts = message('ts');
    expect(ts).toMatch(/^layer 1 pre-activation overflowed: /);
    expect(message('wasm')).toBe(ts);
    // the streamed pass, which copies z out only when it is not finite, names the same element
    setGemmKernel('wasm');
    expect(() => forwardWith(net, X, false)).toThrow(ts);
  });
});
