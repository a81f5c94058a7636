/**
 * Dense matrix multiplication: a packed, cache-blocked, register-tiled GEMM in the style of Goto &
 * van de Geijn (2008, "Anatomy of high-performance matrix multiplication") and BLIS (Van Zee & van
 * de Geijn 2015): the operands are copied block by block into contiguous "packed" panels (MR = 4 rows
 * of A, NR = 4 columns of B, interleaved along k), and a 4×4 micro-kernel keeps the 16 partial sums
 * of one tile of C in local variables (registers) while it streams both panels from L1. Packing
 * makes every layout (A or Aᵀ, B or Bᵀ) run the same kernel, and zero-padding of the last panel
 * makes edge tiles exact. Blocking: KC = 256 (a panel pair fits L1), MC = 128 rows of A per block
 * (L2), NC = 512 columns of B per block.
 *
 * Two kernels run this scheme: the TypeScript one below, and a WebAssembly SIMD128 one
 * (`./wasm/gemm.wat`, 4×4 float64 tiles in f64x2 lanes, ≈ 5× faster here), chosen per call (see
 * `GemmKernel`). Both add, for every element of C, the products a·b in the same order within the same
 * k-blocks of 256 (a multiply then an add, never fused), so their results are bitwise equal and the
 * choice of kernel never changes a number.
 *
 * Every product is accumulated in float64; a Float32Array result is rounded once at the end (more
 * accurate than a float32 accumulator). `accumulator: 'float32'` asks instead for sgemm's arithmetic
 * (operands rounded to float32, every product and sum rounded to float32, as tfjs, NumPy's float32
 * `@` and PyTorch's CPU float32 matmul do): twice as fast in WebAssembly (f32x4 lanes, 4×8 tiles),
 * emulated with Math.fround in TypeScript with the same order, so again bitwise equal.
 */
import type { Tensor } from '../init/types.js';
import type { FloatArray } from '../random/rng.js';
import * as check from '../validate.js';
import {
  BLOCK_COLUMNS,
  BLOCK_DEPTH,
  blockOffset,
  checkPacked,
  PANEL_COLUMNS,
  type PackedMatrix,
} from './packed.js';
import { gemmWasm, wasmAvailable, wasmUnavailableReason } from './wasm/kernel.js';

/** Rows of A per micro-tile. */
const MR = 4;
/** Columns of B per micro-tile: the packed layout's panel width (./packed.ts). */
const NR = PANEL_COLUMNS;
/** Depth of one packed block (k), shared with the packed layout. */
const KC = BLOCK_DEPTH;
/** Rows of A per packed block. */
const MC = 128;
/** Columns of B per packed block, shared with the packed layout. */
const NC = BLOCK_COLUMNS;

// Workspaces, allocated once and reused by every call (single-threaded, no re-entrancy).
let packs: { a: Float64Array; b: Float64Array } | undefined;
/** The packed blocks of A (MC × KC) and B (KC × NC), allocated at the first call. */
function packBuffers(): { a: Float64Array; b: Float64Array } {
  packs ??= { a: new Float64Array(MC * KC), b: new Float64Array(KC * NC) };
  return packs;
}
let wide: Float64Array = new Float64Array(0);
let wide32: Float32Array = new Float32Array(0);
const tile = new Float64Array(MR * NR);
const tile32 = new Float32Array(MR * NR);

/**
 * Copy the block A[i0 .. i0+mc, k0 .. k0+kc] into `dst` as ⌈mc/MR⌉ panels; panel p holds, for each
 * k, the MR values A[i0 + p·MR + r, k] (r < MR), zero-padded past the last row. A(i, k) is
 * src[i·rs + k·cs].
 */
function packPanelsA(
  src: FloatArray,
  rs: number,
  cs: number,
  i0: number,
  mc: number,
  k0: number,
  kc: number,
  dst: Float64Array,
): void {
  let p = 0;
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = Math.min(mc - ir, MR);
    let base = (i0 + ir) * rs + k0 * cs;
    if (rows === MR) {
      const r1 = rs;
      const r2 = 2 * rs;
      const r3 = 3 * rs;
      for (let k = 0; k < kc; k++, base += cs) {
        dst[p] = src[base];
        dst[p + 1] = src[base + r1];
        dst[p + 2] = src[base + r2];
        dst[p + 3] = src[base + r3];
        p += 4;
      }
    } else {
      for (let k = 0; k < kc; k++, base += cs) {
        for (let r = 0; r < MR; r++) dst[p + r] = r < rows ? src[base + r * rs] : 0;
        p += 4;
      }
    }
  }
}

/**
 * Copy the block B[k0 .. k0+kc, j0 .. j0+nc] into `dst` as ⌈nc/NR⌉ panels of NR interleaved columns,
 * zero-padded past the last column. B(k, j) is src[k·rs + j·cs].
 */
function packPanelsB(
  src: FloatArray,
  rs: number,
  cs: number,
  k0: number,
  kc: number,
  j0: number,
  nc: number,
  dst: Float64Array,
): void {
  let p = 0;
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = Math.min(nc - jr, NR);
    let base = k0 * rs + (j0 + jr) * cs;
    if (cols === NR) {
      const c1 = cs;
      const c2 = 2 * cs;
      const c3 = 3 * cs;
      for (let k = 0; k < kc; k++, base += rs) {
        dst[p] = src[base];
        dst[p + 1] = src[base + c1];
        dst[p + 2] = src[base + c2];
        dst[p + 3] = src[base + c3];
        p += 4;
      }
    } else {
      for (let k = 0; k < kc; k++, base += rs) {
        for (let c = 0; c < NR; c++) dst[p + c] = c < cols ? src[base + c * cs] : 0;
        p += 4;
      }
    }
  }
}

/**
 * The 4×4 micro-kernel: C[c + r·ldc + j] += Σ_k a[ap + 4k + r]·b[bp + 4k + j] for r, j < 4.
 * Sixteen accumulators, four values of b and one of a live in registers; no allocation.
 */
function kernel4x4(
  kc: number,
  a: Float64Array,
  ap: number,
  b: Float64Array,
  bp: number,
  C: Float64Array,
  c: number,
  ldc: number,
): void {
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c03 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  let c13 = 0;
  let c20 = 0;
  let c21 = 0;
  let c22 = 0;
  let c23 = 0;
  let c30 = 0;
  let c31 = 0;
  let c32 = 0;
  let c33 = 0;
  for (let k = 0; k < kc; k++) {
    const b0 = b[bp];
    const b1 = b[bp + 1];
    const b2 = b[bp + 2];
    const b3 = b[bp + 3];
    let x = a[ap];
    c00 += x * b0;
    c01 += x * b1;
    c02 += x * b2;
    c03 += x * b3;
    x = a[ap + 1];
    c10 += x * b0;
    c11 += x * b1;
    c12 += x * b2;
    c13 += x * b3;
    x = a[ap + 2];
    c20 += x * b0;
    c21 += x * b1;
    c22 += x * b2;
    c23 += x * b3;
    x = a[ap + 3];
    c30 += x * b0;
    c31 += x * b1;
    c32 += x * b2;
    c33 += x * b3;
    ap += 4;
    bp += 4;
  }
  C[c] += c00;
  C[c + 1] += c01;
  C[c + 2] += c02;
  C[c + 3] += c03;
  c += ldc;
  C[c] += c10;
  C[c + 1] += c11;
  C[c + 2] += c12;
  C[c + 3] += c13;
  c += ldc;
  C[c] += c20;
  C[c + 1] += c21;
  C[c + 2] += c22;
  C[c + 3] += c23;
  c += ldc;
  C[c] += c30;
  C[c + 1] += c31;
  C[c + 2] += c32;
  C[c + 3] += c33;
}

/**
 * C (m×n, row-major, ldc = n, float64) += A·B over the packed operands; the core of `gemm`. B's
 * panels are packed per block into a workspace, or read in place from `packed` (B already in the
 * layout of ./packed.ts, whose blocks are these KC × NC blocks).
 */
function gemmInto(
  m: number,
  n: number,
  k: number,
  A: FloatArray,
  rsA: number,
  csA: number,
  B: FloatArray,
  rsB: number,
  csB: number,
  C: Float64Array,
  packed: Float64Array | null = null,
): void {
  const { a: pa, b: packedB } = packBuffers();
  const pb = packed ?? packedB;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      let base = 0;
      if (packed === null) packPanelsB(B, rsB, csB, pc, kc, jc, nc, pb);
      else base = blockOffset(k, jc, nc, pc);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packPanelsA(A, rsA, csA, ic, mc, pc, kc, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = Math.min(NR, nc - jr);
          const bp = base + jr * kc;
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = Math.min(MR, mc - ir);
            const c = (ic + ir) * n + jc + jr;
            if (rows === MR && cols === NR) {
              kernel4x4(kc, pa, ir * kc, pb, bp, C, c, n);
            } else {
              tile.fill(0);
              kernel4x4(kc, pa, ir * kc, pb, bp, tile, 0, NR);
              for (let r = 0; r < rows; r++) {
                for (let j = 0; j < cols; j++) C[c + r * n + j] += tile[r * NR + j];
              }
            }
          }
        }
      }
    }
  }
}

/**
 * `kernel4x4` in float32 arithmetic (sgemm's): operands, every product and every partial sum rounded
 * to float32 with Math.fround (exact emulation: a product or sum of two float32 values computed in
 * float64 and then rounded is the correctly rounded float32 result), in the same order as the
 * WebAssembly f32x4 kernel; C is a Float32Array, whose stores round `C + acc` once more.
 */
function kernel4x4f32(
  kc: number,
  a: Float64Array,
  ap: number,
  b: Float64Array,
  bp: number,
  C: Float32Array,
  c: number,
  ldc: number,
): void {
  const f = Math.fround;
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c03 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  let c13 = 0;
  let c20 = 0;
  let c21 = 0;
  let c22 = 0;
  let c23 = 0;
  let c30 = 0;
  let c31 = 0;
  let c32 = 0;
  let c33 = 0;
  for (let k = 0; k < kc; k++) {
    const b0 = f(b[bp]);
    const b1 = f(b[bp + 1]);
    const b2 = f(b[bp + 2]);
    const b3 = f(b[bp + 3]);
    let x = f(a[ap]);
    c00 = f(c00 + f(x * b0));
    c01 = f(c01 + f(x * b1));
    c02 = f(c02 + f(x * b2));
    c03 = f(c03 + f(x * b3));
    x = f(a[ap + 1]);
    c10 = f(c10 + f(x * b0));
    c11 = f(c11 + f(x * b1));
    c12 = f(c12 + f(x * b2));
    c13 = f(c13 + f(x * b3));
    x = f(a[ap + 2]);
    c20 = f(c20 + f(x * b0));
    c21 = f(c21 + f(x * b1));
    c22 = f(c22 + f(x * b2));
    c23 = f(c23 + f(x * b3));
    x = f(a[ap + 3]);
    c30 = f(c30 + f(x * b0));
    c31 = f(c31 + f(x * b1));
    c32 = f(c32 + f(x * b2));
    c33 = f(c33 + f(x * b3));
    ap += 4;
    bp += 4;
  }
  C[c] += c00;
  C[c + 1] += c01;
  C[c + 2] += c02;
  C[c + 3] += c03;
  c += ldc;
  C[c] += c10;
  C[c + 1] += c11;
  C[c + 2] += c12;
  C[c + 3] += c13;
  c += ldc;
  C[c] += c20;
  C[c + 1] += c21;
  C[c + 2] += c22;
  C[c + 3] += c23;
  c += ldc;
  C[c] += c30;
  C[c + 1] += c31;
  C[c + 2] += c32;
  C[c + 3] += c33;
}

/** `gemmInto` in float32 arithmetic (see kernel4x4f32): C (float32, ldc = n) += A·B. */
function gemmInto32(
  m: number,
  n: number,
  k: number,
  A: FloatArray,
  rsA: number,
  csA: number,
  B: FloatArray,
  rsB: number,
  csB: number,
  C: Float32Array,
): void {
  const { a: pa, b: pb } = packBuffers();
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packPanelsB(B, rsB, csB, pc, kc, jc, nc, pb);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packPanelsA(A, rsA, csA, ic, mc, pc, kc, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = Math.min(NR, nc - jr);
          const bp = jr * kc;
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = Math.min(MR, mc - ir);
            const c = (ic + ir) * n + jc + jr;
            if (rows === MR && cols === NR) {
              kernel4x4f32(kc, pa, ir * kc, pb, bp, C, c, n);
            } else {
              tile32.fill(0);
              kernel4x4f32(kc, pa, ir * kc, pb, bp, tile32, 0, NR);
              for (let r = 0; r < rows; r++) {
                for (let j = 0; j < cols; j++) C[c + r * n + j] += tile32[r * NR + j];
              }
            }
          }
        }
      }
    }
  }
}

/**
 * Which GEMM kernel runs: `'wasm'` (WebAssembly SIMD128), `'ts'` (plain TypeScript) or `'auto'`
 * (WebAssembly when the engine supports SIMD128 and m·n·k ≥ WASM_MIN_WORK, else TypeScript). The
 * results are the same bit for bit, so this is a speed setting only. The default is `'auto'`, or
 * the environment variable WIXI_KERNEL=ts|wasm|auto when set (read at the first call), or what
 * `setGemmKernel` set last; `gemm`/`matmul` take it per call as `kernel`.
 */
export type GemmKernel = 'auto' | 'ts' | 'wasm';

/**
 * The arithmetic of the sums: `'float64'` (default: products and sums in float64, a float32 result
 * rounded once) or `'float32'` (sgemm: everything in float32, see the module comment).
 */
export type GemmAccumulator = 'float64' | 'float32';

/** Per-call options of `gemm`. */
export interface GemmOptions {
  /** The kernel; default: the current default (see GemmKernel). */
  kernel?: GemmKernel;
  /** The arithmetic; default 'float64'. */
  accumulator?: GemmAccumulator;
}

const KERNELS = ['auto', 'ts', 'wasm'] as const;
const ACCUMULATORS = ['float64', 'float32'] as const;

/**
 * Smallest m·n·k for which `'auto'` uses the WebAssembly kernel: below it the fixed cost of a call
 * (zeroing and copying C, views) outweighs the faster tiles (measured crossover between 6³ and 8³ here).
 */
export const WASM_MIN_WORK = 512;

let defaultKernel: GemmKernel | undefined;

function envKernel(): GemmKernel {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const v = env?.WIXI_KERNEL;
  if (v === undefined || v === '') return 'auto';
  if (!(KERNELS as readonly string[]).includes(v)) {
    throw new RangeError(`WIXI_KERNEL must be 'ts', 'wasm' or 'auto', got ${check.show(v)}`);
  }
  return v as GemmKernel;
}

/**
 * Set the default GEMM kernel of every later call that does not name one (`undefined`: back to
 * WIXI_KERNEL or 'auto'); returns the previous default. Results do not depend on it (see
 * GemmKernel): tests use it to run the same checks on both kernels.
 */
export function setGemmKernel(kernel: GemmKernel | undefined): GemmKernel {
  const previous = defaultKernel ?? envKernel();
  defaultKernel = kernel === undefined ? undefined : check.oneOf('kernel', kernel, KERNELS);
  return previous;
}

/**
 * The default kernel and whether the WebAssembly kernel can run here (instantiating it if needed),
 * with the reason when it cannot (no WebAssembly, or no SIMD128).
 */
export function gemmKernelInfo(): { kernel: GemmKernel; wasm: boolean; reason: string } {
  return { kernel: defaultKernel ?? envKernel(), wasm: wasmAvailable(), reason: wasmUnavailableReason() };
}

/** True when this call should run on the WebAssembly kernel; throws if 'wasm' is asked and unavailable. */
function useWasm(kernel: GemmKernel, work: number): boolean {
  if (kernel === 'ts') return false;
  if (kernel === 'wasm') {
    if (!wasmAvailable()) {
      throw new Error(`kernel 'wasm' was asked but cannot run: ${wasmUnavailableReason()}`);
    }
    return true;
  }
  return work >= WASM_MIN_WORK && wasmAvailable();
}

/**
 * General matrix multiply on strided storage, the engine under `matmul` and the networks:
 * C = A·B (or C += A·B with `accumulate`), where A is m×k with A(i, p) = a[i·rsA + p·csA],
 * B is k×n with B(p, j) = b[p·rsB + j·csB], and C is m×n row-major (c[i·n + j]). Strides express
 * transposes without copying: a row-major A (m×k) has (rsA, csA) = (k, 1), its transpose stored
 * as k×m has (1, m).
 *
 * C_ij = Σ_p A_ip·B_pj, accumulated in float64 by a packed 4×4 register-tiled kernel (Goto & van de
 * Geijn 2008) on the WebAssembly SIMD128 or the TypeScript kernel (`options.kernel`, see
 * GemmKernel; bitwise equal results); a Float32Array `c` receives the float64 result rounded once.
 * With `options.accumulator = 'float32'` all arithmetic is float32 (sgemm; see the module comment).
 * `c` must not overlap `a` or `b`. Checks sizes, strides and options (RangeError/TypeError naming
 * the argument), not the values: NaN or ±∞ in can give NaN out here (∞·0 = NaN); `matmul` rejects
 * non-finite input.
 */
export function gemm(
  m: number,
  n: number,
  k: number,
  a: FloatArray,
  rsA: number,
  csA: number,
  b: FloatArray,
  rsB: number,
  csB: number,
  c: FloatArray,
  accumulate = false,
  options: GemmOptions = {},
): FloatArray {
  check.integer('m', m);
  check.integer('n', n);
  check.integer('k', k);
  check.floatArray('a', a);
  check.floatArray('b', b);
  check.floatArray('c', c);
  checkSpan('a', a, m, k, check.integer('rsA', rsA), check.integer('csA', csA));
  checkSpan('b', b, k, n, check.integer('rsB', rsB), check.integer('csB', csB));
  if (c.length < m * n) throw new RangeError(`c must hold m·n = ${m * n} elements, got length ${c.length}`);
  if (typeof accumulate !== 'boolean') {
    throw new TypeError(`accumulate must be a boolean, got ${check.show(accumulate)}`);
  }
  checkNoOverlap('c', c, 'a', a);
  checkNoOverlap('c', c, 'b', b);
  const o = check.options<GemmOptions>('options', options);
  const kernel =
    o.kernel === undefined ? (defaultKernel ?? envKernel()) : check.oneOf('kernel', o.kernel, KERNELS);
  const single = check.oneOf('accumulator', o.accumulator ?? 'float64', ACCUMULATORS) === 'float32';
  const size = m * n;
  if (k > 0 && size > 0 && useWasm(kernel, size * k)) {
    gemmWasm(m, n, k, a, rsA, csA, b, rsB, csB, c, accumulate, single, null);
    return c;
  }
  if (single) {
    // float32 arithmetic in a float32 workspace (an accumulated c is rounded to float32 first)
    if (wide32.length < size) wide32 = new Float32Array(Math.max(size, 2 * wide32.length));
    const w = wide32;
    if (accumulate) w.set(c.subarray(0, size));
    else w.fill(0, 0, size);
    // (k = 0 or n = 0 runs no loop of gemmInto32; m = 0 would pack B for nothing)
    if (m > 0) gemmInto32(m, n, k, a, rsA, csA, b, rsB, csB, w);
    for (let i = 0; i < size; i++) c[i] = w[i];
    return c;
  }
  return gemmFloat64(m, n, k, a, rsA, csA, b, rsB, csB, c, accumulate, null);
}

/**
 * A float64 dense layer's forward step fused on the WebAssembly kernel, for the networks:
 * z = x·Wᵀ + b (x: m×k row-major, W: n×k row-major, `bias`: n values or null) and, with `relu`,
 * relu ← ReLU(z), the bias add, the finiteness scan and the ReLU done while C is in wasm memory
 * (one pass instead of three over z, and no TypeScript loop). Returns whether every element of z
 * is finite (`relu` is then written), or `undefined` when the fused path does not apply — the default
 * kernel is the TypeScript one (or 'auto' below WASM_MIN_WORK), or an array is not a Float64Array —
 * in which case nothing is written and the caller runs `gemm` and the same steps itself. The results
 * are bitwise those of that TypeScript path (same sums, the same add of b, ReLU(v) = v·[v > 0] + 0).
 * `keepZ = false` (with `relu`): z is not needed, only ReLU(z), so z is not copied out of wasm
 * memory unless it is not finite (z is then whole, for the caller's error) or C spans several
 * row chunks (then z is always copied). Internal: the arguments are the network's, already checked.
 */
export function gemmDense(
  m: number,
  n: number,
  k: number,
  x: FloatArray,
  W: FloatArray,
  bias: FloatArray | null,
  z: FloatArray,
  relu: FloatArray | null,
  keepZ = true,
): boolean | undefined {
  if (!(z instanceof Float64Array) || m * n * k === 0) return undefined;
  if (bias !== null && !(bias instanceof Float64Array)) return undefined;
  if (relu !== null && !(relu instanceof Float64Array)) return undefined;
  if (!useWasm(defaultKernel ?? envKernel(), m * n * k)) return undefined;
  return gemmWasm(m, n, k, x, k, 1, W, 1, k, z, false, false, null, { bias, relu, keepZ });
}

/**
 * The TypeScript kernel in float64 arithmetic: into a Float64Array c directly, into a float32 c
 * through a float64 workspace (rounded once). `packed`: B's panels (./packed.ts) instead of b.
 */
function gemmFloat64(
  m: number,
  n: number,
  k: number,
  a: FloatArray,
  rsA: number,
  csA: number,
  b: FloatArray,
  rsB: number,
  csB: number,
  c: FloatArray,
  accumulate: boolean,
  packed: Float64Array | null,
): FloatArray {
  const size = m * n;
  if (c instanceof Float64Array) {
    if (!accumulate) c.fill(0, 0, size);
    // (k = 0 or n = 0 runs no loop of gemmInto; m = 0 would pack B for nothing)
    if (m > 0) gemmInto(m, n, k, a, rsA, csA, b, rsB, csB, c, packed);
    return c;
  }
  // float32 result: accumulate in a float64 workspace, round once
  if (wide.length < size) wide = new Float64Array(Math.max(size, 2 * wide.length));
  const w = wide;
  if (accumulate) w.set(c.subarray(0, size));
  else w.fill(0, 0, size);
  if (m > 0) gemmInto(m, n, k, a, rsA, csA, b, rsB, csB, w, packed);
  for (let i = 0; i < size; i++) c[i] = w[i];
  return c;
}

/** Options of `gemmPacked`. */
export interface GemmPackedOptions {
  /** The kernel; default: the current default (see GemmKernel). Results are the same with either. */
  kernel?: GemmKernel;
  /** Only 'float64' (the default): the packed layout is the float64 kernels' (see ./packed.ts). */
  accumulator?: GemmAccumulator;
}

/**
 * C = A·B (or C += A·B with `accumulate`) for a B packed once (`packMatrix`, `fillPacked`): the
 * `gemm` of a right-hand operand used many times, such as a layer's weights, whose panels are read
 * in place instead of being repacked per call (Goto & van de Geijn 2008 pack B once per block for
 * the same reason). A is m×k with A(i, p) = a[i·rsA + p·csA], k = b.rows, n = b.cols, C is m×n
 * row-major. Float64 arithmetic on either kernel; the result is bitwise equal to `gemm` on the
 * unpacked B (the same blocks, panels and order of operations). The TypeScript kernel reads the
 * panels where they are; the WebAssembly kernel copies each block into its memory (a contiguous
 * copy, ≈ 5× cheaper than packing measured here). Checks sizes, strides, overlap and options like
 * `gemm`; accumulator 'float32' is a RangeError (the f32x4 kernel reads 8-column panels).
 */
export function gemmPacked(
  m: number,
  a: FloatArray,
  rsA: number,
  csA: number,
  b: PackedMatrix,
  c: FloatArray,
  accumulate = false,
  options: GemmPackedOptions = {},
): FloatArray {
  check.integer('m', m);
  const B = checkPacked('b', b);
  const k = B.rows;
  const n = B.cols;
  check.floatArray('a', a);
  check.floatArray('c', c);
  checkSpan('a', a, m, k, check.integer('rsA', rsA), check.integer('csA', csA));
  if (c.length < m * n)
    throw new RangeError(`c must hold m·b.cols = ${m * n} elements, got length ${c.length}`);
  if (typeof accumulate !== 'boolean') {
    throw new TypeError(`accumulate must be a boolean, got ${check.show(accumulate)}`);
  }
  checkNoOverlap('c', c, 'a', a);
  checkNoOverlap('c', c, 'b.data', B.data);
  const o = check.options<GemmPackedOptions>('options', options);
  const kernel =
    o.kernel === undefined ? (defaultKernel ?? envKernel()) : check.oneOf('kernel', o.kernel, KERNELS);
  if (o.accumulator !== undefined && o.accumulator !== 'float64') {
    throw new RangeError(
      `accumulator must be 'float64' with a packed operand (the float32 kernel reads 8-column panels), got ${check.show(o.accumulator)}`,
    );
  }
  const size = m * n;
  if (k > 0 && size > 0 && useWasm(kernel, size * k)) {
    gemmWasm(m, n, k, a, rsA, csA, B.data, 0, 0, c, accumulate, false, B.data);
    return c;
  }
  return gemmFloat64(m, n, k, a, rsA, csA, B.data, 0, 0, c, accumulate, B.data);
}

/** Throw unless every index i·rs + j·cs (i < rows, j < cols) lies inside `x`. */
function checkSpan(name: string, x: FloatArray, rows: number, cols: number, rs: number, cs: number): void {
  if (rows === 0 || cols === 0) return;
  const last = (rows - 1) * rs + (cols - 1) * cs;
  if (last >= x.length) {
    throw new RangeError(
      `${name} is too short for a ${rows}×${cols} matrix with strides (${rs}, ${cs}): needs index ${last}, got length ${x.length}`,
    );
  }
}

/** Throw if the memory of `out` overlaps that of `x` (the kernel reads x while writing out). */
function checkNoOverlap(outName: string, out: FloatArray, name: string, x: FloatArray): void {
  if (out.buffer !== x.buffer) return;
  const o0 = out.byteOffset;
  const o1 = o0 + out.byteLength;
  const x0 = x.byteOffset;
  const x1 = x0 + x.byteLength;
  if (o0 < x1 && x0 < o1 && out.length > 0 && x.length > 0) {
    throw new RangeError(`${outName} must not overlap ${name} (they share memory)`);
  }
}

/** Options of `matmul`. */
export interface MatmulOptions {
  /** Use Aᵀ in place of A (A stored k×m). */
  transA?: boolean;
  /** Use Bᵀ in place of B (B stored n×k), e.g. a layer's weights stored (out, in). */
  transB?: boolean;
  /** Write the result here (length m·n, not overlapping the inputs); its type sets the dtype. */
  out?: FloatArray;
  /** Add the product to `out` instead of overwriting it. */
  accumulate?: boolean;
  /** The GEMM kernel (default: see GemmKernel); results are the same with either. */
  kernel?: GemmKernel;
  /** 'float64' (default) or 'float32' arithmetic (see GemmAccumulator). */
  accumulator?: GemmAccumulator;
}

/** The most elements a matmul result may have: 2³² − 1, V8's typed-array length limit. */
const MAX_RESULT_ELEMENTS = 2 ** 32 - 1;

function matrixShape(name: string, t: unknown): [number, number, FloatArray] {
  const x = t as Tensor;
  if (x === null || typeof x !== 'object' || !Array.isArray(x.shape)) {
    throw new TypeError(`${name} must be a matrix {shape: [rows, cols], data}, got ${check.show(t)}`);
  }
  if (x.shape.length !== 2) {
    throw new RangeError(`${name}.shape must have 2 dimensions, got ${check.show(x.shape)}`);
  }
  const rows = check.integer(`${name}.shape[0]`, x.shape[0]);
  const cols = check.integer(`${name}.shape[1]`, x.shape[1]);
  const data = check.floatArray(`${name}.data`, x.data);
  if (data.length !== rows * cols) {
    throw new RangeError(
      `${name}.data must have rows·cols = ${rows * cols} elements for shape [${rows}, ${cols}], got length ${data.length}`,
    );
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new RangeError(
        `${name}.data[${i}] (row ${Math.floor(i / cols)}, column ${i % cols}) must be finite, got ${check.show(data[i])}`,
      );
    }
  }
  return [rows, cols, data];
}

/**
 * Matrix product C = op(A)·op(B), op(X) = X or Xᵀ, for row-major matrices `{shape: [rows, cols],
 * data}` (the `Tensor` of `wixi/init`): C_ij = Σ_p op(A)_ip·op(B)_pj. A dense layer's forward
 * pass Z = X·Wᵀ with W stored (out, in) as in PyTorch is `matmul(X, W, {transB: true})`; its
 * backward passes are dX = dZ·W = `matmul(dZ, W)` and dW = dZᵀ·X = `matmul(dZ, X, {transA: true})`.
 *
 * The result is a Float32Array when both inputs are, else a Float64Array (or the type of `out`);
 * accumulation is in float64 unless `accumulator: 'float32'` (sgemm's float32 arithmetic). Rejects non-finite elements (RangeError naming the index),
 * mismatched inner dimensions, a result of more than 2³² − 1 elements (possible with an inner
 * dimension 0) and an `out` of the wrong length or overlapping an input.
 * Algorithm: a packed register-tiled GEMM (Goto & van de Geijn 2008) on the WebAssembly SIMD128 or
 * the TypeScript kernel, with bitwise equal results (see `gemm`, GemmKernel).
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const o = check.options<MatmulOptions>('options', options);
  const transA = o.transA ?? false;
  const transB = o.transB ?? false;
  if (typeof transA !== 'boolean') throw new TypeError(`transA must be a boolean, got ${check.show(transA)}`);
  if (typeof transB !== 'boolean') throw new TypeError(`transB must be a boolean, got ${check.show(transB)}`);
  const [ar, ac, ad] = matrixShape('a', a);
  const [br, bc, bd] = matrixShape('b', b);
  const m = transA ? ac : ar;
  const k = transA ? ar : ac;
  const kb = transB ? bc : br;
  const n = transB ? br : bc;
  if (k !== kb) {
    throw new RangeError(
      `inner dimensions differ: op(a) is ${m}×${k} but op(b) is ${kb}×${n} (a.shape [${ar}, ${ac}]${transA ? 'ᵀ' : ''}, b.shape [${br}, ${bc}]${transB ? 'ᵀ' : ''})`,
    );
  }
  if (m * n > MAX_RESULT_ELEMENTS) {
    // (k = 0 makes any m × n product of empty matrices valid, and all zeros: bound it before allocating)
    throw new RangeError(
      `the result op(a)·op(b) would be ${m}×${n} = ${m * n} elements, more than the ${MAX_RESULT_ELEMENTS} a typed array can hold`,
    );
  }
  let out: FloatArray;
  if (o.out !== undefined) {
    out = check.floatArray('out', o.out);
    if (out.length !== m * n) throw new RangeError(`out must have length m·n = ${m * n}, got ${out.length}`);
  } else {
    out =
      ad instanceof Float32Array && bd instanceof Float32Array
        ? new Float32Array(m * n)
        : new Float64Array(m * n);
  }
  const accumulate = o.accumulate ?? false;
  if (accumulate && o.out === undefined) throw new TypeError('accumulate needs an out array to add to');
  // passed on as they are: gemm reads an undefined kernel or accumulator as its default
  const gemmOptions: GemmOptions = { kernel: o.kernel, accumulator: o.accumulator };
  gemm(
    m,
    n,
    k,
    ad,
    transA ? 1 : ac,
    transA ? ac : 1,
    bd,
    transB ? 1 : bc,
    transB ? bc : 1,
    out,
    accumulate,
    gemmOptions,
  );
  return { shape: [m, n], data: out };
}
