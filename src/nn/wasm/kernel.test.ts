/**
 * The WebAssembly driver (./kernel.ts) on a fresh module per test: why the kernel cannot run on an
 * engine without WebAssembly, without SIMD128 or whose instantiation fails (the reasons it
 * reports, and the error of a call), that the module is instantiated once and only when a call
 * needs it ('auto' below WASM_MIN_WORK never does), and that the memory grows on demand, never
 * shrinks, and stays bounded by the row chunks of C whatever m·n is.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { naiveGemm } from '../../../properties/support/naive-gemm.js';
// static imports of the modules under test (besides the fresh ones of each test): the mutation
// runner only runs test files that import a mutated file statically
import { gemmKernelInfo } from '../matmul.js';
import { packedMatrix, packMatrix } from '../packed.js';
import { GEMM_WASM_BASE64 } from './gemm-wasm.js';
import { wasmAvailable } from './kernel.js';

interface Api {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}

const real = (globalThis as unknown as { WebAssembly: Api }).WebAssembly;

/** Fresh ./kernel.js and ../matmul.js with `api` as the global WebAssembly. */
async function fresh(api: unknown) {
  vi.resetModules();
  vi.stubGlobal('WebAssembly', api);
  const kernel = await import('./kernel.js');
  const matmul = await import('../matmul.js');
  return { kernel, matmul };
}

/** The real API, counting validate calls (one per instantiation attempt). */
function counting() {
  const api = {
    validations: 0,
    validate(bytes: Uint8Array) {
      api.validations++;
      return real.validate(bytes);
    },
    Module: real.Module,
    Instance: real.Instance,
  };
  return api;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

const one = Float64Array.of(1);

/** The real API, counting the calls of the two WebAssembly macro-kernels (the kernel that ran). */
function countingKernels() {
  const calls = { f64: 0, f32: 0 };
  type Kernel = (...args: number[]) => void;
  class Instance {
    exports: object;
    constructor(module: object, imports: object) {
      const e = new real.Instance(module, imports).exports as {
        gemm_f64: Kernel;
        gemm_f32: Kernel;
      };
      this.exports = {
        ...e, // every other export as it is (pack4_f64, the epilogue)
        gemm_f64: (...args: number[]) => {
          calls.f64++;
          e.gemm_f64(...args);
        },
        gemm_f32: (...args: number[]) => {
          calls.f32++;
          e.gemm_f32(...args);
        },
      };
    }
  }
  return { calls, api: { validate: (b: Uint8Array) => real.validate(b), Module: real.Module, Instance } };
}

/** Small integers (exact products and sums in either precision). */
function ints(length: number, seed: number): Float64Array {
  return Float64Array.from({ length }, (_, i) => ((i * 7 + seed) % 9) - 4);
}

describe('this engine', () => {
  it('runs the kernel (Node ≥ 20 has WebAssembly SIMD128), so the stubs below are the only failures', () => {
    expect(wasmAvailable()).toBe(true);
    expect(gemmKernelInfo().reason).toBe('');
  });
});

describe('an engine that cannot run the kernel', () => {
  it('without WebAssembly (or without WebAssembly.validate): the reason, no memory, a named error', async () => {
    for (const api of [undefined, 'wasm', {}, { validate: true }]) {
      const { kernel, matmul } = await fresh(api);
      expect(kernel.wasmAvailable()).toBe(false);
      expect(kernel.wasmUnavailableReason()).toBe('this JavaScript engine has no WebAssembly');
      expect(kernel.wasmMemoryBytes()).toBe(0);
      expect(() =>
        kernel.gemmWasm(1, 1, 1, one, 1, 1, one, 1, 1, new Float64Array(1), false, false, null),
      ).toThrow(/^the WebAssembly GEMM kernel is unavailable: this JavaScript engine has no WebAssembly$/);
      expect(matmul.gemmKernelInfo()).toEqual({
        kernel: 'auto',
        wasm: false,
        reason: 'this JavaScript engine has no WebAssembly',
      });
    }
  });

  it('without SIMD128: validate refuses the module (it is given exactly the committed bytes)', async () => {
    const seen: Uint8Array[] = [];
    const { kernel, matmul } = await fresh({
      validate: (bytes: Uint8Array) => {
        seen.push(bytes);
        return false;
      },
      Module: real.Module,
      Instance: real.Instance,
    });
    const reason = 'this WebAssembly engine does not support SIMD128 (fixed-width SIMD)';
    expect(kernel.wasmUnavailableReason()).toBe(reason);
    expect(kernel.wasmAvailable()).toBe(false);
    expect(seen.length).toBe(1); // decided once
    expect(Buffer.from(seen[0]).equals(Buffer.from(GEMM_WASM_BASE64, 'base64'))).toBe(true);
    const a = { shape: [2, 2], data: Float64Array.of(1, 2, 3, 4) };
    expect(() => matmul.matmul(a, a, { kernel: 'wasm' })).toThrow(
      /^kernel 'wasm' was asked but cannot run: this WebAssembly engine does not support SIMD128/,
    );
    expect(Array.from(matmul.matmul(a, a).data)).toEqual([7, 10, 15, 22]); // 'auto' falls back
  });

  it('a module that fails to instantiate: its message is the reason', async () => {
    const { kernel } = await fresh({
      validate: () => true,
      Module: class {
        constructor() {
          throw new Error('no memory for you');
        }
      },
      Instance: real.Instance,
    });
    expect(kernel.wasmAvailable()).toBe(false);
    expect(kernel.wasmUnavailableReason()).toBe(
      'the WebAssembly module failed to instantiate: no memory for you',
    );
    expect(kernel.wasmMemoryBytes()).toBe(0);
  });

  it('an engine that can: no reason, and the module is instantiated once', async () => {
    const api = counting();
    const { kernel, matmul } = await fresh(api);
    expect(kernel.wasmUnavailableReason()).toBe('');
    expect(kernel.wasmAvailable()).toBe(true);
    const a = { shape: [8, 8], data: new Float64Array(64).fill(1) };
    for (let i = 0; i < 3; i++) expect(matmul.matmul(a, a, { kernel: 'wasm' }).data[0]).toBe(8);
    expect(kernel.wasmAvailable()).toBe(true);
    expect(api.validations).toBe(1);
  });
});

describe('the choice of kernel', () => {
  it("'auto' instantiates WebAssembly only for m·n·k ≥ WASM_MIN_WORK; 'ts' never does", async () => {
    const api = counting();
    const { kernel, matmul } = await fresh(api);
    const ones = (r: number, c: number) => ({ shape: [r, c], data: new Float64Array(r * c).fill(1) });
    // 7·8·9 = 504 < 512: the TypeScript kernel, WebAssembly untouched
    expect(matmul.matmul(ones(7, 9), ones(9, 8)).data[0]).toBe(9);
    expect(matmul.matmul(ones(40, 40), ones(40, 40), { kernel: 'ts' }).data[0]).toBe(40);
    expect(api.validations).toBe(0);
    expect(kernel.wasmMemoryBytes()).toBe(0);
    // 8·8·8 = 512: WebAssembly
    expect(matmul.matmul(ones(8, 8), ones(8, 8)).data[0]).toBe(8);
    expect(api.validations).toBe(1);
    expect(kernel.wasmMemoryBytes()).toBeGreaterThan(0);
  });
});

describe('gemmPacked chooses its kernel as gemm does', () => {
  it("'auto' runs WebAssembly from m·n·k = WASM_MIN_WORK, 'ts' never, 'wasm' always; same numbers", async () => {
    const { calls, api } = countingKernels();
    const { matmul } = await fresh(api);
    const b = ints(8 * 8, 1);
    const packed = packMatrix(8, 8, b, 8, 1);
    const run = (m: number, kernel?: 'ts' | 'wasm') => {
      const a = ints(m * 8, 2);
      const c = matmul.gemmPacked(m, a, 8, 1, packed, new Float64Array(m * 8), false, { kernel });
      expect(Array.from(c), `${m}×8×8 ${kernel}`).toEqual(Array.from(naiveGemm(m, 8, 8, a, b)));
      return calls.f64;
    };
    expect(run(7)).toBe(0); // 7·8·8 = 448 < 512
    expect(run(40, 'ts')).toBe(0);
    expect(run(8)).toBeGreaterThan(0); // 8·8·8 = 512
    const before = calls.f64;
    expect(run(40, 'ts')).toBe(before);
    expect(run(1, 'wasm')).toBeGreaterThan(before);
  });
});

describe('an empty product', () => {
  it("is zeros (c unchanged with accumulate) on any engine: no kernel runs, not even an asked-for 'wasm'", async () => {
    const { matmul } = await fresh({ validate: () => false, Module: real.Module, Instance: real.Instance });
    const empty = new Float64Array(0);
    const opts = { kernel: 'wasm' as const };
    // k = 0 (an m × n result of zeros), m = 0 and n = 0 (no result at all)
    expect(
      Array.from(matmul.gemm(2, 3, 0, empty, 0, 1, empty, 3, 1, new Float64Array(6).fill(7), false, opts)),
    ).toEqual([0, 0, 0, 0, 0, 0]);
    expect(
      Array.from(matmul.gemm(2, 3, 0, empty, 0, 1, empty, 3, 1, new Float32Array(6).fill(7), true, opts)),
    ).toEqual([7, 7, 7, 7, 7, 7]);
    expect(matmul.gemm(0, 3, 2, empty, 2, 1, ints(6, 0), 3, 1, empty, false, opts).length).toBe(0);
    expect(matmul.gemm(2, 0, 2, ints(4, 0), 2, 1, empty, 0, 1, empty, false, opts).length).toBe(0);
    const c = new Float64Array(6).fill(7);
    expect(Array.from(matmul.gemmPacked(2, empty, 0, 1, packedMatrix(0, 3), c, false, opts))).toEqual([
      0, 0, 0, 0, 0, 0,
    ]);
    expect(
      matmul.gemmPacked(0, empty, 2, 1, packMatrix(2, 3, ints(6, 0), 3, 1), empty, false, opts).length,
    ).toBe(0);
    // and a product that is not empty does ask for the kernel
    expect(() => matmul.gemm(1, 1, 1, one, 1, 1, one, 1, 1, new Float64Array(1), false, opts)).toThrow(
      /^kernel 'wasm' was asked but cannot run/,
    );
  });
});

describe('the WebAssembly memory', () => {
  it('C may end exactly at the end of the memory: nothing is written past it', async () => {
    // the first 64 KiB page holds exactly the scratch tile (128 bytes), the A block (128 × 60), the
    // B block (one 4-column panel × 60) and C (128 × 2): 128 + 8·(128·60 + 4·60 + 128·2) = 65536;
    // in float32 128 × 120 × 4 fills it too: 128 + 4·(128·4 + 120·4 + 128·120) = 65536, and so
    // does 22 × 298 × 5 with edge panels in both (A 24 rows and B 300 columns, zero-padded):
    // 128 + 8·(24·5 + 300·5 + 22·298) = 65536. (Memory grows on demand: blocks no larger than the
    // product needs.) A is passed column-major (rsA = 1, csA = m): a row-major A would also be
    // staged in memory whole (see gemmWasm), which these exact fills leave out.
    for (const [m, n, k, accumulator] of [
      [128, 2, 60, 'float64'],
      [22, 298, 5, 'float64'],
      [128, 120, 4, 'float32'],
    ] as const) {
      const { kernel, matmul } = await fresh(real);
      const a = ints(m * k, 3);
      const at = Float64Array.from({ length: m * k }, (_, q) => a[(q % m) * k + Math.floor(q / m)]);
      const b = ints(k * n, 4);
      const c = matmul.gemm(m, n, k, at, 1, m, b, n, 1, new Float64Array(m * n), false, {
        kernel: 'wasm',
        accumulator,
      });
      expect(kernel.wasmMemoryBytes(), 'the case of this test: one page, filled exactly').toBe(65536);
      expect(Array.from(c), accumulator).toEqual(Array.from(naiveGemm(m, n, k, a, b)));
    }
  });

  it('grows on demand and never shrinks', async () => {
    const { kernel, matmul } = await fresh(real);
    const n = 300;
    const big = { shape: [n, n], data: new Float64Array(n * n).fill(0.5) };
    const got = matmul.matmul(big, big, { kernel: 'wasm' });
    expect(got.data.every((v) => v === n / 4)).toBe(true);
    const grown = kernel.wasmMemoryBytes();
    // at least the A block (128 × 256), the B block (≤ 512 × 256) and C (300 × 300), in float64
    expect(grown).toBeGreaterThanOrEqual(8 * (128 * 256 + 300 * 256 + n * n));
    const small = { shape: [2, 2], data: Float64Array.of(1, 2, 3, 4) };
    expect(Array.from(matmul.matmul(small, small, { kernel: 'wasm' }).data)).toEqual([7, 10, 15, 22]);
    expect(kernel.wasmMemoryBytes()).toBe(grown);
  });

  it('holds C in row chunks of at most 2²¹ elements: bounded memory for any m·n, exact results across chunks', async () => {
    const { kernel, matmul } = await fresh(real);
    // k = 1 and small integers: C = C₀ + a·bᵀ is exact, so every element can be checked
    const [m, n] = [3000, 1031];
    const a = Float64Array.from({ length: m }, (_, i) => (i % 7) - 3);
    const b = Float64Array.from({ length: n }, (_, j) => (j % 5) - 2);
    const c = Float64Array.from({ length: m * n }, (_, p) => p % 3);
    matmul.gemm(m, n, 1, a, 1, 1, b, 1, 1, c, true, { kernel: 'wasm' });
    let wrong = -1;
    for (let i = 0; i < m && wrong < 0; i++) {
      for (let j = 0; j < n; j++) {
        const p = i * n + j;
        if (c[p] !== (p % 3) + a[i] * b[j]) {
          wrong = p;
          break;
        }
      }
    }
    expect(wrong).toBe(-1);
    // the scratch tile, an A block (128 × 1), a B block (≤ 512 × 1) and a chunk of ≤ 2²¹ elements of C,
    // rounded up to whole 64 KiB pages: well below m·n·8 = 24.7 MB
    const bound = 128 + 8 * (128 + 512 + 2 ** 21);
    expect(kernel.wasmMemoryBytes()).toBeLessThanOrEqual(Math.ceil(bound / 65536) * 65536);
    // and the same product without accumulate, and in float32 arithmetic, across the chunks
    const c2 = new Float64Array(m * n).fill(Number.NaN);
    matmul.gemm(m, n, 1, a, 1, 1, b, 1, 1, c2, false, { kernel: 'wasm' });
    const c3 = new Float32Array(m * n).fill(Number.NaN);
    matmul.gemm(m, n, 1, a, 1, 1, b, 1, 1, c3, false, { kernel: 'wasm', accumulator: 'float32' });
    let bad = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        if (c2[i * n + j] !== a[i] * b[j] || c3[i * n + j] !== a[i] * b[j]) bad++;
      }
    }
    expect(bad).toBe(0);
  });
});
