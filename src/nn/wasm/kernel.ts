/**
 * The WebAssembly SIMD128 GEMM: instantiation, memory management and the blocked driver around the
 * micro-kernels of gemm.wat (see that file for the register tiling).
 *
 * The driver is the loop nest of BLIS (Van Zee & van de Geijn 2015), as in the TypeScript `gemm`:
 * for each block of NC columns of B and KC of k, B's block is packed once into NR-column panels;
 * for each block of MC rows of A, A's block is packed into 4-row panels; then the wasm macro-kernel
 * runs all tiles of the block. Packing writes straight into the module's memory, so it is the only
 * copy of A and B; C is copied in once (for C += A·B; C = A·B's first k-block stores instead) and
 * out at most once (not at all for a dense layer's unneeded z, see WasmEpilogue.keepZ), rounded
 * to float32 if `c` is float32 — an O(mk + kn + mn) overhead on 2mnk flops (≈ 3–6 % for a
 * 256×512×512 layer, measured by the bench). KC = 256 is the TypeScript kernel's, so every C
 * element sees the same k-blocks and the same order of operations: results are bitwise equal to
 * the TypeScript kernel's.
 *
 * Memory: one WebAssembly.Memory, grown on demand (pages of 64 KiB; growth detaches the old buffer,
 * so the typed-array views are refreshed after it) and never shrunk; C is processed in chunks of
 * rows of at most C_CHUNK elements (B is packed again per chunk, which costs O(kn) per ≥ C_CHUNK/n
 * rows). Float64 operands in the dense-layer layouts (A row-major, B stored as Bᵀ row-major) are
 * first staged whole in memory, a chunk's rows of A and a column block of B, each only up to
 * 2²⁰ values (8 MiB), and packed there by SIMD shuffles (`pack4_f64`). So the heap stays below
 * ≈ 34 MiB for n ≤ 2¹⁹ whatever m is: 16 MiB of C, 8 + 8 MiB of staging, 1.3 MiB of packed blocks.
 *
 * Dense layers (`gemmDense` in ../matmul.ts) add their bias, check finiteness and apply ReLU in the
 * same pass over C while it is in wasm memory (`WasmEpilogue`), with the TypeScript path's float64
 * operations in the same order, so the layer's z and ReLU(z) stay bitwise equal to it.
 */
import type { FloatArray } from '../../random/rng.js';
import { BLOCK_COLUMNS, BLOCK_DEPTH, blockOffset } from '../packed.js';
import { GEMM_WASM_BASE64 } from './gemm-wasm.js';

/** Rows of a micro-tile (both precisions). */
const MR = 4;
/** Columns of a float64 micro-tile. */
const NR64 = 4;
/** Columns of a float32 micro-tile. */
const NR32 = 8;
/** Depth of one packed block: the TypeScript kernel's and the packed layout's, for identical results. */
export const WASM_KC = BLOCK_DEPTH;
/** Rows of A per packed block (a multiple of MR): an A block of MC·KC float64 is 256 KiB (L2). */
const MC = 128;
/** Columns of B per packed block (a multiple of NR64 and NR32): the packed layout's. */
const NC = BLOCK_COLUMNS;
/** Most C elements held in wasm memory at once. */
const C_CHUNK = 1 << 21;
/** Byte offset of the packed A block; [0, 128) is the scratch tile of edge tiles. */
const OFF_A = 128;
/**
 * Most float64 of B staged in wasm memory for `pack4_f64` (8 MiB): a column block of a B stored
 * as Bᵀ row-major (a dense layer's weight W with B = Wᵀ) of at most this size is copied in with one
 * memcpy and packed by SIMD shuffles (≈ 5× faster than packB4's element loop, measured); larger or
 * strided ones are packed by packB4.
 */
const STAGE_B_MAX = 1 << 20;
/** The same bound for A: the rows of a chunk of a row-major A (a batch of inputs), staged whole. */
const STAGE_A_MAX = 1 << 20;

/** The part of the WebAssembly JS API used here (tsconfig's lib has no WebAssembly declarations). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}

/** A WebAssembly.Memory. */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface GemmExports {
  memory: WasmMemory;
  gemm_f64(
    mc: number,
    nc: number,
    kc: number,
    pa: number,
    pb: number,
    c: number,
    ldc: number,
    s: number,
    store: number,
  ): void;
  gemm_f32(
    mc: number,
    nc: number,
    kc: number,
    pa: number,
    pb: number,
    c: number,
    ldc: number,
    s: number,
    store: number,
  ): void;
  bias_finite_f64(c: number, rows: number, n: number, bias: number): number;
  relu_f64(c: number, len: number): void;
  pack4_f64(src: number, ld: number, kc: number, dst: number, panels: number): void;
}

let exportsOrNull: GemmExports | null | undefined;
let unavailable = '';
let heap64 = new Float64Array(0);
let heap32 = new Float32Array(0);

function decode(b64: string): Uint8Array {
  return Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
}

/** Instantiate the module once (synchronously: it is 1.5 kB); null if this engine lacks WebAssembly SIMD. */
function load(): GemmExports | null {
  if (exportsOrNull !== undefined) return exportsOrNull;
  exportsOrNull = null;
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (typeof api !== 'object' || typeof api.validate !== 'function') {
    unavailable = 'this JavaScript engine has no WebAssembly';
    return null;
  }
  const bytes = decode(GEMM_WASM_BASE64);
  if (!api.validate(bytes)) {
    unavailable = 'this WebAssembly engine does not support SIMD128 (fixed-width SIMD)';
    return null;
  }
  try {
    const instance = new api.Instance(new api.Module(bytes), {});
    exportsOrNull = instance.exports as unknown as GemmExports;
  } catch (e) {
    unavailable = `the WebAssembly module failed to instantiate: ${(e as Error).message}`;
  }
  return exportsOrNull;
}

/** Whether the WebAssembly SIMD kernel can run here (instantiating it on the first call). */
export function wasmAvailable(): boolean {
  return load() !== null;
}

/** Why the WebAssembly kernel cannot run here ('' when it can). */
export function wasmUnavailableReason(): string {
  load();
  return unavailable;
}

/** Bytes of wasm memory now reserved (it grows on demand and never shrinks). */
export function wasmMemoryBytes(): number {
  return exportsOrNull ? exportsOrNull.memory.buffer.byteLength : 0;
}

/** Grow the memory to at least `bytes` and refresh the views. */
function reserve(w: GemmExports, bytes: number): void {
  const buf = w.memory.buffer;
  if (buf.byteLength < bytes) w.memory.grow(Math.ceil((bytes - buf.byteLength) / 65536));
  if (heap64.buffer !== w.memory.buffer) {
    heap64 = new Float64Array(w.memory.buffer);
    heap32 = new Float32Array(w.memory.buffer);
  }
}

/**
 * Pack A[i0 .. i0+mc, k0 .. k0+kc] (A(i, p) = src[i·rs + p·cs]) into ⌈mc/4⌉ panels at dst[d0 ..]:
 * panel q holds, for each p, A(i0 + 4q + r, k0 + p) for r < 4, zero past the last row. The loops
 * are unrolled by the panel width (≈ 1 ns per element here, 1.6–2× faster than a generic loop).
 */
function packA(
  src: FloatArray,
  rs: number,
  cs: number,
  i0: number,
  mc: number,
  k0: number,
  kc: number,
  dst: FloatArray,
  d0: number,
): void {
  const r2 = 2 * rs;
  const r3 = 3 * rs;
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = Math.min(MR, mc - ir);
    let s = (i0 + ir) * rs + k0 * cs;
    let d = d0 + ir * kc;
    if (rows === MR) {
      for (let p = 0; p < kc; p++, s += cs, d += MR) {
        dst[d] = src[s];
        dst[d + 1] = src[s + rs];
        dst[d + 2] = src[s + r2];
        dst[d + 3] = src[s + r3];
      }
    } else {
      for (let p = 0; p < kc; p++, s += cs, d += MR) {
        for (let r = 0; r < MR; r++) dst[d + r] = r < rows ? src[s + r * rs] : 0;
      }
    }
  }
}

/**
 * Pack B[k0 .. k0+kc, j0 .. j0+nc] (B(p, j) = src[p·rs + j·cs]) into ⌈nc/4⌉ panels of 4
 * interleaved columns at dst[d0 ..], zero past the last column.
 */
function packB4(
  src: FloatArray,
  rs: number,
  cs: number,
  k0: number,
  kc: number,
  j0: number,
  nc: number,
  dst: FloatArray,
  d0: number,
): void {
  const c2 = 2 * cs;
  const c3 = 3 * cs;
  for (let jr = 0; jr < nc; jr += 4) {
    const cols = Math.min(4, nc - jr);
    let s = k0 * rs + (j0 + jr) * cs;
    let d = d0 + jr * kc;
    if (cols === 4) {
      for (let p = 0; p < kc; p++, s += rs, d += 4) {
        dst[d] = src[s];
        dst[d + 1] = src[s + cs];
        dst[d + 2] = src[s + c2];
        dst[d + 3] = src[s + c3];
      }
    } else {
      for (let p = 0; p < kc; p++, s += rs, d += 4) {
        for (let j = 0; j < 4; j++) dst[d + j] = j < cols ? src[s + j * cs] : 0;
      }
    }
  }
}

/** `packB4` with panels of 8 columns (the float32 kernel's). */
function packB8(
  src: FloatArray,
  rs: number,
  cs: number,
  k0: number,
  kc: number,
  j0: number,
  nc: number,
  dst: FloatArray,
  d0: number,
): void {
  const c2 = 2 * cs;
  const c3 = 3 * cs;
  const c4 = 4 * cs;
  const c5 = 5 * cs;
  const c6 = 6 * cs;
  const c7 = 7 * cs;
  for (let jr = 0; jr < nc; jr += 8) {
    const cols = Math.min(8, nc - jr);
    let s = k0 * rs + (j0 + jr) * cs;
    let d = d0 + jr * kc;
    if (cols === 8) {
      for (let p = 0; p < kc; p++, s += rs, d += 8) {
        dst[d] = src[s];
        dst[d + 1] = src[s + cs];
        dst[d + 2] = src[s + c2];
        dst[d + 3] = src[s + c3];
        dst[d + 4] = src[s + c4];
        dst[d + 5] = src[s + c5];
        dst[d + 6] = src[s + c6];
        dst[d + 7] = src[s + c7];
      }
    } else {
      for (let p = 0; p < kc; p++, s += rs, d += 8) {
        for (let j = 0; j < 8; j++) dst[d + j] = j < cols ? src[s + j * cs] : 0;
      }
    }
  }
}

/**
 * What a dense layer does after its GEMM, fused into `gemmWasm` (float64): add `bias` (n values,
 * the same float64 add as the TypeScript path's, so results stay bitwise equal) and, when `relu` is
 * given, write ReLU(z) = z·[z > 0] + 0 into it.
 */
export interface WasmEpilogue {
  readonly bias: Float64Array | null;
  readonly relu: Float64Array | null;
  /**
   * Whether z must be written to `c` (default true). False (with `relu`): z is written only when
   * it is not finite (for the caller's error), if C fits one chunk of rows; a larger C is copied
   * out whole anyway, as its earlier chunks are gone by the time a later one overflows.
   */
  readonly keepZ?: boolean;
}

/**
 * C = A·B, or C += A·B with `accumulate`, on the WebAssembly kernel; the arguments are `gemm`'s,
 * already checked, with m, n, k ≥ 1. `single`: the float32 kernel (operands rounded to float32,
 * every product and sum in float32, sgemm's semantics); otherwise float64 throughout, the result
 * rounded once into a float32 `c`. `packed`: B already in the packed layout of ../packed.ts (float64
 * only), whose blocks are copied into memory as they are instead of being packed from b.
 * `epilogue` (float64 only: c a Float64Array, `single` and `accumulate` false): the dense layer's
 * z = C + bias into c (with `relu` and `keepZ: false`, only when it is not finite) and, with `relu`,
 * a = ReLU(z) into `relu`, done on C while it is in wasm memory;
 * returns whether every element of z is finite (`relu` is written only when it is; always true
 * without an epilogue). Throws if WebAssembly SIMD is unavailable.
 */
export function gemmWasm(
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
  single: boolean,
  packed: Float64Array | null,
  epilogue: WasmEpilogue | null = null,
): boolean {
  const w = load();
  if (w === null) throw new Error(`the WebAssembly GEMM kernel is unavailable: ${unavailable}`);
  const size = single ? 4 : 8;
  const nr = single ? NR32 : NR64;
  const ncMax = Math.min(NC, Math.ceil(n / nr) * nr);
  const mcMax = Math.min(MC, Math.ceil(m / MR) * MR);
  const kcMax = Math.min(WASM_KC, k);
  const chunkRows = Math.min(m, Math.max(MR, Math.floor(C_CHUNK / n / MR) * MR));
  const offB = OFF_A + mcMax * kcMax * size;
  const offC = offB + ncMax * kcMax * size;
  // the bias (with an epilogue that has one), then B's staged column block (when B is Bᵀ row-major)
  const offBias = offC + chunkRows * n * size;
  const offStage = offBias + (epilogue?.bias ? n * 8 : 0);
  const stageB = packed === null && !single && rsB === 1 && csB === k && ncMax * k <= STAGE_B_MAX;
  const stageA = !single && csA === 1 && rsA === k && chunkRows * k <= STAGE_A_MAX;
  const offStageA = offStage + (stageB ? ncMax * k * 8 : 0);
  reserve(w, offStageA + (stageA ? chunkRows * k * 8 : 0));
  const H = single ? heap32 : heap64;
  const pa = OFF_A / size;
  const pb = offB / size;
  const pc0 = offC / size;
  const kernel = single ? w.gemm_f32 : w.gemm_f64;
  const ldc = n * size;
  if (epilogue?.bias) H.set(epilogue.bias.subarray(0, n), offBias / 8);
  let finite = true;
  for (let r0 = 0; r0 < m; r0 += chunkRows) {
    const rows = Math.min(chunkRows, m - r0);
    const len = rows * n;
    // C += A·B starts from c; C = A·B needs no zeroing: its first k-block stores (see gemm.wat)
    if (accumulate) H.set(c.subarray(r0 * n, r0 * n + len), pc0);
    // the chunk's rows of A, contiguous: one copy, packed per block by SIMD shuffles
    if (stageA) H.set(a.subarray(r0 * k, (r0 + rows) * k), offStageA / 8);
    for (let jc = 0; jc < n; jc += NC) {
      const nc = Math.min(NC, n - jc);
      // columns jc .. jc+nc of B are rows jc .. jc+nc of the stored Bᵀ: one contiguous range
      if (stageB) H.set(b.subarray(jc * k, (jc + nc) * k), offStage / 8);
      for (let p0 = 0; p0 < k; p0 += WASM_KC) {
        const kc = Math.min(WASM_KC, k - p0);
        const store = !accumulate && p0 === 0 ? 1 : 0;
        if (packed !== null) {
          const from = blockOffset(k, jc, nc, p0);
          H.set(packed.subarray(from, from + Math.ceil(nc / NR64) * NR64 * kc), pb);
        } else if (stageB) {
          const whole = nc >> 2;
          w.pack4_f64(offStage + p0 * 8, k * 8, kc, offB, whole);
          if (whole * 4 < nc)
            packB4(b, rsB, csB, p0, kc, jc + whole * 4, nc - whole * 4, H, pb + whole * 4 * kc);
        } else if (single) packB8(b, rsB, csB, p0, kc, jc, nc, H, pb);
        else packB4(b, rsB, csB, p0, kc, jc, nc, H, pb);
        for (let ic = 0; ic < rows; ic += MC) {
          const mc = Math.min(MC, rows - ic);
          if (stageA) {
            const whole = mc >> 2;
            w.pack4_f64(offStageA + (ic * k + p0) * 8, k * 8, kc, OFF_A, whole);
            if (whole * 4 < mc)
              packA(a, rsA, csA, r0 + ic + whole * 4, mc - whole * 4, p0, kc, H, pa + whole * 4 * kc);
          } else packA(a, rsA, csA, r0 + ic, mc, p0, kc, H, pa);
          kernel(mc, nc, kc, OFF_A, offB, offC + (ic * n + jc) * size, ldc, 0, store);
        }
      }
    }
    if (epilogue === null) {
      c.set(H.subarray(pc0, pc0 + len), r0 * n);
      continue;
    }
    // the dense layer's epilogue on this chunk, in wasm memory: + bias, the finiteness scan, then
    // (finite only) the ReLU in place after C has been copied out
    finite = w.bias_finite_f64(offC, rows, n, epilogue.bias ? offBias : 0) === 1 && finite;
    if (epilogue.relu === null || epilogue.keepZ !== false || rows < m || !finite) {
      c.set(H.subarray(pc0, pc0 + len), r0 * n);
    }
    if (epilogue.relu !== null && finite) {
      w.relu_f64(offC, len);
      epilogue.relu.set(H.subarray(pc0, pc0 + len), r0 * n);
    }
  }
  return finite;
}
