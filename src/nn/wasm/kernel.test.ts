/**
 * The WebAssembly driver (./kernel.ts) on a fresh module per test: why the kernel cannot run on an
 * engine without WebAssembly, without SIMD128 or whose instantiation fails (the reasons it
 * reports, and the error of a call), that the module is instantiated once and only when a call
 * needs it ('auto' below WASM_MIN_WORK never does), and that the memory grows on demand, never
 * shrinks, and stays bounded by the row chunks of C whatever m·n is.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
// static imports of the modules under test (besides the fresh ones of each test): the mutation
// runner only runs test files that import a mutated file statically
import { gemmKernelInfo } from '../matmul.js';
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

describe('the WebAssembly memory', () => {
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
