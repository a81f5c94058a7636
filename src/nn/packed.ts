/**
 * Matrices stored once in the GEMM's packed layout, so that a right-hand operand B used many times
 * (a layer's weights) is never repacked, and weights drawn i.i.d. can be sampled straight into it.
 *
 * The layout is the one both GEMM kernels read their B operand from (Goto & van de Geijn 2008;
 * Van Zee & van de Geijn 2015, "BLIS"): B (rows × cols, the k × n of C = A·B) is cut into blocks of
 * BLOCK_COLUMNS = 512 columns (outer) and BLOCK_DEPTH = 256 rows (inner), in that order; each block
 * holds ⌈nc/4⌉ panels of PANEL_COLUMNS = 4 columns, and a panel lists, row after row, the 4 values
 * B(p, j..j+3). The last panel of a block whose width is not a multiple of 4 is zero-padded. So
 * B(p, j) is at
 *   jc·rows + 4·⌈nc/4⌉·pc + (jr/4)·4·kc + (p − pc)·4 + (j − jc − jr),
 * with jc = 512·⌊j/512⌋, nc = min(512, cols − jc), pc = 256·⌊p/256⌋, kc = min(256, rows − pc),
 * jr = 4·⌊(j − jc)/4⌋ (see `packedIndex`); the buffer holds 4·⌈cols/4⌉·rows values.
 *
 * A PackedMatrix is the matrix itself, not a cache of another array: what is written into its data
 * is what `gemmPacked` multiplies by, so nothing can go stale. Padding values never reach a result
 * (they only meet columns of C past the last, which the kernels discard). Only float64 arithmetic
 * reads this layout (the float32 WebAssembly kernel uses 8-column panels).
 */
import type { FloatArray } from '../random/rng.js';
import * as check from '../validate.js';

/** Columns of B per packed panel (the micro-tile width NR of both float64 kernels). */
export const PANEL_COLUMNS = 4;
/** Rows of B (the depth k) per packed block: KC of both kernels. */
export const BLOCK_DEPTH = 256;
/** Columns of B per packed block: NC of both kernels (a multiple of PANEL_COLUMNS). */
export const BLOCK_COLUMNS = 512;

/** A rows × cols matrix in the GEMM's packed panel layout (see the module comment). */
export interface PackedMatrix {
  /** Rows of B: the inner dimension k of C = A·B. */
  readonly rows: number;
  /** Columns of B: the columns n of C. */
  readonly cols: number;
  /** The panels, 4·⌈cols/4⌉·rows values (see the module comment for the index of B(p, j)). */
  readonly data: Float64Array;
}

/** The most values a packed buffer may hold: 2³² − 1, V8's typed-array length limit. */
const MAX_PACKED = 2 ** 32 - 1;

/** Values a rows × cols packed matrix holds: 4·⌈cols/4⌉·rows (cols rounded up to whole panels). */
export function packedLength(rows: number, cols: number): number {
  check.integer('rows', rows);
  check.integer('cols', cols);
  return Math.ceil(cols / PANEL_COLUMNS) * PANEL_COLUMNS * rows;
}

/** Offset of block (jc, pc) in the packed buffer; nc is the width of its column block. */
export function blockOffset(rows: number, jc: number, nc: number, pc: number): number {
  return jc * rows + Math.ceil(nc / PANEL_COLUMNS) * PANEL_COLUMNS * pc;
}

/**
 * Index into `packed.data` of B(p, j), 0 ≤ p < rows, 0 ≤ j < cols (the formula of the module
 * comment). RangeError for an index outside the matrix.
 */
export function packedIndex(packed: PackedMatrix, p: number, j: number): number {
  const b = checkPacked('packed', packed);
  check.integer('p', p, 0, Math.max(0, b.rows - 1));
  check.integer('j', j, 0, Math.max(0, b.cols - 1));
  if (b.rows === 0 || b.cols === 0) throw new RangeError(`packed is ${b.rows}×${b.cols}: it has no elements`);
  const jc = j - (j % BLOCK_COLUMNS);
  const nc = Math.min(BLOCK_COLUMNS, b.cols - jc);
  const pc = p - (p % BLOCK_DEPTH);
  const kc = Math.min(BLOCK_DEPTH, b.rows - pc);
  const jr = j - (j % PANEL_COLUMNS) - jc; // (j − jc) mod 4 = j mod 4: jc is a multiple of 4
  return blockOffset(b.rows, jc, nc, pc) + jr * kc + (p - pc) * PANEL_COLUMNS + (j - jc - jr);
}

function allocate(rows: number, cols: number): PackedMatrix {
  check.integer('rows', rows);
  check.integer('cols', cols);
  const length = packedLength(rows, cols);
  if (length > MAX_PACKED) {
    throw new RangeError(
      `a ${rows}×${cols} packed matrix needs ${length} values, more than the ${MAX_PACKED} a typed array can hold`,
    );
  }
  return Object.freeze({ rows, cols, data: new Float64Array(length) });
}

/**
 * Check that `value` is a PackedMatrix: integer rows and cols and a Float64Array of exactly
 * packedLength(rows, cols) values (TypeError/RangeError naming `name`).
 */
export function checkPacked(name: string, value: unknown): PackedMatrix {
  const p = value as PackedMatrix;
  if (p === null || typeof p !== 'object' || !(p.data instanceof Float64Array)) {
    throw new TypeError(
      `${name} must be a PackedMatrix from packMatrix or packedMatrix, got ${check.show(value)}`,
    );
  }
  check.integer(`${name}.rows`, p.rows);
  check.integer(`${name}.cols`, p.cols);
  const length = packedLength(p.rows, p.cols);
  if (p.data.length !== length) {
    throw new RangeError(
      `${name}.data must hold 4·⌈cols/4⌉·rows = ${length} values for ${p.rows}×${p.cols}, got ${p.data.length}`,
    );
  }
  return p;
}

/** A rows × cols packed matrix of zeros, to be filled (see `fillPacked`). */
export function packedMatrix(rows: number, cols: number): PackedMatrix {
  return allocate(rows, cols);
}

/** Throw unless every index p·rs + j·cs (p < rows, j < cols) lies inside `x`. */
function checkSpan(name: string, x: FloatArray, rows: number, cols: number, rs: number, cs: number): void {
  if (rows === 0 || cols === 0) return;
  const last = (rows - 1) * rs + (cols - 1) * cs;
  if (last >= x.length) {
    throw new RangeError(
      `${name} is too short for a ${rows}×${cols} matrix with strides (${rs}, ${cs}): needs index ${last}, got length ${x.length}`,
    );
  }
}

/**
 * Pack B (rows × cols, B(p, j) = src[p·rs + j·cs]) once, for any number of `gemmPacked` calls:
 * a layer's weights W (out × in, row-major) as the operand Wᵀ of z = x·Wᵀ are
 * `packMatrix(in, out, W, 1, in)`. Copies the values as they are (no check of their finiteness,
 * like `gemm`); throws for sizes, strides or a `src` too short.
 */
export function packMatrix(
  rows: number,
  cols: number,
  src: FloatArray,
  rs: number,
  cs: number,
): PackedMatrix {
  check.floatArray('src', src);
  const out = allocate(rows, cols);
  checkSpan('src', src, rows, cols, check.integer('rs', rs), check.integer('cs', cs));
  writePanels(out, src, rs, cs);
  return out;
}

/**
 * `packMatrix` into an existing packed matrix (its rows and cols give the shape), so that a loop
 * that redraws a matrix allocates its panels once. Returns `out`.
 */
export function packInto(out: PackedMatrix, src: FloatArray, rs: number, cs: number): PackedMatrix {
  const b = checkPacked('out', out);
  check.floatArray('src', src);
  checkSpan('src', src, b.rows, b.cols, check.integer('rs', rs), check.integer('cs', cs));
  writePanels(b, src, rs, cs);
  return b;
}

/** Write B(p, j) = src[p·rs + j·cs] into the panels of `out` (sizes already checked). */
function writePanels(out: PackedMatrix, src: FloatArray, rs: number, cs: number): void {
  const { rows, cols, data } = out;
  // An empty matrix may have a huge other dimension (0 × 10¹² holds no value): no block loop.
  if (rows === 0 || cols === 0) return;
  for (let jc = 0; jc < cols; jc += BLOCK_COLUMNS) {
    const nc = Math.min(BLOCK_COLUMNS, cols - jc);
    for (let pc = 0; pc < rows; pc += BLOCK_DEPTH) {
      const kc = Math.min(BLOCK_DEPTH, rows - pc);
      const base = blockOffset(rows, jc, nc, pc);
      for (let jr = 0; jr < nc; jr += PANEL_COLUMNS) {
        const width = Math.min(PANEL_COLUMNS, nc - jr);
        let s = pc * rs + (jc + jr) * cs;
        let d = base + jr * kc;
        if (width === PANEL_COLUMNS) {
          for (let p = 0; p < kc; p++, s += rs, d += PANEL_COLUMNS) {
            data[d] = src[s];
            data[d + 1] = src[s + cs];
            data[d + 2] = src[s + 2 * cs];
            data[d + 3] = src[s + 3 * cs];
          }
        } else {
          for (let p = 0; p < kc; p++, s += rs, d += PANEL_COLUMNS) {
            for (let j = 0; j < PANEL_COLUMNS; j++) data[d + j] = j < width ? src[s + j * cs] : 0;
          }
        }
      }
    }
  }
}

/**
 * Copy a packed matrix back to strided storage: out[p·rs + j·cs] = B(p, j). Default: a new
 * row-major rows × cols Float64Array (rs = cols, cs = 1); with `out`, its type decides the dtype.
 */
export function unpackMatrix(packed: PackedMatrix, out?: FloatArray, rs?: number, cs?: number): FloatArray {
  const b = checkPacked('packed', packed);
  const dst = out === undefined ? new Float64Array(b.rows * b.cols) : check.floatArray('out', out);
  const r = rs === undefined ? b.cols : check.integer('rs', rs);
  const c = cs === undefined ? 1 : check.integer('cs', cs);
  checkSpan('out', dst, b.rows, b.cols, r, c);
  const { rows, cols, data } = b;
  if (rows === 0 || cols === 0) return dst;
  for (let jc = 0; jc < cols; jc += BLOCK_COLUMNS) {
    const nc = Math.min(BLOCK_COLUMNS, cols - jc);
    for (let pc = 0; pc < rows; pc += BLOCK_DEPTH) {
      const kc = Math.min(BLOCK_DEPTH, rows - pc);
      const base = blockOffset(rows, jc, nc, pc);
      for (let jr = 0; jr < nc; jr += PANEL_COLUMNS) {
        const width = Math.min(PANEL_COLUMNS, nc - jr);
        let s = base + jr * kc;
        let d = pc * r + (jc + jr) * c;
        for (let p = 0; p < kc; p++, s += PANEL_COLUMNS, d += r) {
          for (let j = 0; j < width; j++) dst[d + j * c] = data[s + j];
        }
      }
    }
  }
  return dst;
}

/**
 * Give every entry of `packed` exactly one value from `fill`, in packed order: `fill(view)` must
 * write view.length values into the Float64Array view it is given (as `(v) => rng.fillNormal(v, 0,
 * σ)` does) and is called once with the whole buffer when cols is a multiple of 4, else once per
 * stretch of whole panels and once per part-filled panel (whose values are then spread over its
 * columns, the padding staying 0). An i.i.d. sampler therefore gives B i.i.d. entries: the
 * rows·cols draws land on the entries by a fixed permutation, which leaves an i.i.d. law unchanged.
 * This is how weights are "sampled straight into the packed layout": no row-major copy, no packing.
 * The values are not checked (as in `gemm`). Returns `packed`.
 */
export function fillPacked(packed: PackedMatrix, fill: (view: Float64Array) => unknown): PackedMatrix {
  const b = checkPacked('packed', packed);
  const f = check.func('fill', fill) as (view: Float64Array) => unknown;
  const { rows, cols, data } = b;
  if (cols % PANEL_COLUMNS === 0 || rows === 0) {
    if (data.length > 0) f(data);
    return b;
  }
  // the part-filled panel of a block: kc·width ≤ 256·3 values (cols mod 4 ≠ 0 here, so the last
  // column block has one in each of its row blocks)
  const scratch = new Float64Array(BLOCK_DEPTH * PANEL_COLUMNS);
  for (let jc = 0; jc < cols; jc += BLOCK_COLUMNS) {
    const nc = Math.min(BLOCK_COLUMNS, cols - jc);
    const whole = nc - (nc % PANEL_COLUMNS);
    const width = nc - whole;
    for (let pc = 0; pc < rows; pc += BLOCK_DEPTH) {
      const kc = Math.min(BLOCK_DEPTH, rows - pc);
      const base = blockOffset(rows, jc, nc, pc);
      if (whole > 0) f(data.subarray(base, base + whole * kc));
      if (width > 0) {
        const s = scratch.subarray(0, kc * width);
        f(s);
        let d = base + whole * kc;
        for (let p = 0, q = 0; p < kc; p++, d += PANEL_COLUMNS) {
          for (let j = 0; j < PANEL_COLUMNS; j++) data[d + j] = j < width ? s[q++] : 0;
        }
      }
    }
  }
  return b;
}

/** Throw unless `x` is a float array of exactly `length` values. */
function vectorOf(name: string, x: unknown, length: number, what: string): FloatArray {
  const v = check.floatArray(name, x);
  if (v.length !== length)
    throw new RangeError(`${name} must have ${what} = ${length} values, got ${v.length}`);
  return v;
}

/**
 * z = xᵀ·B for a packed B (rows × cols): z_j = Σ_p x_p·B(p, j), summed in the order p = 0, 1, …
 * (one accumulator per column, four independent ones per panel). For B = Wᵀ this is a dense
 * layer's one-sample forward pass z = W·x — the case with one row, where GEMM's tiles would compute
 * three rows of zeros. x must have `rows` values, z `cols`; returns z.
 */
export function gemvPacked(packed: PackedMatrix, x: FloatArray, z: FloatArray): FloatArray {
  const b = checkPacked('packed', packed);
  const xv = vectorOf('x', x, b.rows, 'packed.rows');
  const zv = vectorOf('z', z, b.cols, 'packed.cols');
  const { rows, cols, data } = b;
  zv.fill(0);
  for (let jc = 0; jc < cols; jc += BLOCK_COLUMNS) {
    const nc = Math.min(BLOCK_COLUMNS, cols - jc);
    for (let pc = 0; pc < rows; pc += BLOCK_DEPTH) {
      const kc = Math.min(BLOCK_DEPTH, rows - pc);
      const base = blockOffset(rows, jc, nc, pc);
      for (let jr = 0; jr < nc; jr += PANEL_COLUMNS) {
        const j = jc + jr;
        const width = Math.min(PANEL_COLUMNS, nc - jr);
        let s0 = zv[j];
        let s1 = width > 1 ? zv[j + 1] : 0;
        let s2 = width > 2 ? zv[j + 2] : 0;
        let s3 = width > 3 ? zv[j + 3] : 0;
        for (let p = 0, d = base + jr * kc; p < kc; p++, d += PANEL_COLUMNS) {
          const xp = xv[pc + p];
          s0 += xp * data[d];
          s1 += xp * data[d + 1];
          s2 += xp * data[d + 2];
          s3 += xp * data[d + 3];
        }
        zv[j] = s0;
        if (width > 1) zv[j + 1] = s1;
        if (width > 2) zv[j + 2] = s2;
        if (width > 3) zv[j + 3] = s3;
      }
    }
  }
  return zv;
}

/**
 * g = B·d for a packed B (rows × cols): g_p = Σ_j B(p, j)·d_j, summed in the order j = 0, 1, ….
 * For B = Wᵀ this is a dense layer's one-sample backward pass ∂L/∂x = Wᵀ·∂L/∂z, read from the same
 * packed weights as the forward pass. d must have `cols` values, g `rows`; returns g.
 */
export function gemvPackedT(packed: PackedMatrix, d: FloatArray, g: FloatArray): FloatArray {
  const b = checkPacked('packed', packed);
  const dv = vectorOf('d', d, b.cols, 'packed.cols');
  const gv = vectorOf('g', g, b.rows, 'packed.rows');
  const { rows, cols, data } = b;
  gv.fill(0);
  for (let jc = 0; jc < cols; jc += BLOCK_COLUMNS) {
    const nc = Math.min(BLOCK_COLUMNS, cols - jc);
    for (let pc = 0; pc < rows; pc += BLOCK_DEPTH) {
      const kc = Math.min(BLOCK_DEPTH, rows - pc);
      const base = blockOffset(rows, jc, nc, pc);
      for (let jr = 0; jr < nc; jr += PANEL_COLUMNS) {
        const j = jc + jr;
        const width = Math.min(PANEL_COLUMNS, nc - jr);
        let s = base + jr * kc;
        if (width === PANEL_COLUMNS) {
          const d0 = dv[j];
          const d1 = dv[j + 1];
          const d2 = dv[j + 2];
          const d3 = dv[j + 3];
          for (let p = pc; p < pc + kc; p++, s += PANEL_COLUMNS) {
            let t = gv[p];
            t += data[s] * d0;
            t += data[s + 1] * d1;
            t += data[s + 2] * d2;
            t += data[s + 3] * d3;
            gv[p] = t;
          }
        } else {
          for (let p = pc; p < pc + kc; p++, s += PANEL_COLUMNS) {
            let t = gv[p];
            for (let q = 0; q < width; q++) t += data[s + q] * dv[j + q];
            gv[p] = t;
          }
        }
      }
    }
  }
  return gv;
}
