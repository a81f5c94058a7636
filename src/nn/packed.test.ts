/**
 * Matrices packed once (./packed.ts): the layout is the one the module comment states (checked
 * element by element against its formula), packing and unpacking are inverse, `fillPacked` gives
 * every entry exactly one value, `gemmPacked` equals `gemm` on the unpacked B bit for bit on both
 * kernels (the same blocks, panels and order of operations), and the one-row products equal plain
 * loops summed in the documented order. Shapes cover panel edges (cols mod 4 ≠ 0), the block
 * boundaries (256 rows, 512 columns) and zero sizes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../random/rng.js';
import { type GemmKernel, gemm, gemmPacked, setGemmKernel } from './matmul.js';
import {
  BLOCK_COLUMNS,
  BLOCK_DEPTH,
  fillPacked,
  gemvPacked,
  gemvPackedT,
  PANEL_COLUMNS,
  packedIndex,
  packedLength,
  packedMatrix,
  packInto,
  packMatrix,
  unpackMatrix,
} from './packed.js';

afterEach(() => {
  setGemmKernel(undefined);
});

function sameBits(x: ArrayLike<number>, y: ArrayLike<number>): string {
  if (x.length !== y.length) return `lengths ${x.length} vs ${y.length}`;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return `[${i}]: ${x[i]} vs ${y[i]}`;
  return 'equal';
}

// rows × cols of B: panel edges (cols mod 4 = 1, 2, 3), the block boundaries 256 and 512 ± 1, three
// row blocks (513 rows) and three column blocks (1030 columns), zeros. (Three of each in one 513 × 1030
// matrix took a second per test run, each of which the mutation runner repeats per mutant: the
// blocks are independent in the layout formula, and 300 × 515 already crosses both boundaries.)
const SHAPES: [number, number][] = [
  [1, 1],
  [3, 2],
  [5, 7],
  [4, 8],
  [9, 13],
  [255, 6],
  [256, 4],
  [257, 9],
  [7, 511],
  [3, 512],
  [5, 513],
  [300, 515],
  [513, 13],
  [3, 1030],
  [0, 5],
  [6, 0],
  [0, 0],
];

/** B(p, j) = 1000·p + j + 1: every entry distinct and nonzero, so a misplaced one shows. */
function labelled(rows: number, cols: number): Float64Array {
  const b = new Float64Array(rows * cols);
  for (let p = 0; p < rows; p++) for (let j = 0; j < cols; j++) b[p * cols + j] = 1000 * p + j + 1;
  return b;
}

describe('the packed layout', () => {
  it('holds 4·⌈cols/4⌉·rows values, with B(p, j) where the formula of the module comment puts it', () => {
    for (const [rows, cols] of SHAPES) {
      const b = labelled(rows, cols);
      const packed = packMatrix(rows, cols, b, cols, 1);
      expect(packed.data.length).toBe(Math.ceil(cols / 4) * 4 * rows);
      expect(packedLength(rows, cols)).toBe(packed.data.length);
      const used = new Uint8Array(packed.data.length);
      let wrong = '';
      for (let p = 0; p < rows && wrong === ''; p++) {
        for (let j = 0; j < cols; j++) {
          // the module comment's formula, written out independently of the implementation
          const jc = Math.floor(j / BLOCK_COLUMNS) * BLOCK_COLUMNS;
          const nc = Math.min(BLOCK_COLUMNS, cols - jc);
          const pc = Math.floor(p / BLOCK_DEPTH) * BLOCK_DEPTH;
          const kc = Math.min(BLOCK_DEPTH, rows - pc);
          const jr = Math.floor((j - jc) / 4) * 4;
          const at =
            jc * rows + 4 * Math.ceil(nc / 4) * pc + (jr / 4) * 4 * kc + (p - pc) * 4 + (j - jc - jr);
          const got = packedIndex(packed, p, j);
          if (got !== at || packed.data[at] !== b[p * cols + j] || used[at] !== 0) {
            wrong = `B(${p}, ${j}) of ${rows}×${cols}: packedIndex ${got}, formula ${at}`;
            break;
          }
          used[at] = 1;
        }
      }
      expect(wrong).toBe('');
      // a bijection onto the non-padding places; the padding holds zeros
      let padding = 0;
      let dirty = 0;
      for (let i = 0; i < used.length; i++) {
        if (used[i] === 0) {
          padding++;
          if (packed.data[i] !== 0) dirty++;
        }
      }
      expect(dirty).toBe(0);
      expect(padding).toBe(packed.data.length - rows * cols);
    }
  });

  it('the constants are the kernels’ tile and block sizes', () => {
    expect([PANEL_COLUMNS, BLOCK_DEPTH, BLOCK_COLUMNS]).toEqual([4, 256, 512]);
    expect(BLOCK_COLUMNS % PANEL_COLUMNS).toBe(0);
  });

  it('packs strided and transposed storage, and unpacks to any strides: pack ∘ unpack is the identity', () => {
    const rng = createRng(7);
    for (const [rows, cols] of SHAPES) {
      const w = rng.fillNormal(new Float64Array(cols * rows)); // W (cols × rows), so B = Wᵀ
      const packed = packMatrix(rows, cols, w, 1, rows);
      const back = unpackMatrix(packed, new Float64Array(cols * rows), 1, rows);
      expect(sameBits(back, w)).toBe('equal');
      const rowMajor = unpackMatrix(packed) as Float64Array;
      const transposed = new Float64Array(rows * cols);
      for (let p = 0; p < rows; p++)
        for (let j = 0; j < cols; j++) transposed[p * cols + j] = w[j * rows + p];
      expect(sameBits(rowMajor, transposed)).toBe('equal');
      const again = packInto(packedMatrix(rows, cols), rowMajor, cols, 1);
      expect(sameBits(again.data, packed.data)).toBe('equal');
      // padded storage (a leading dimension larger than the row)
      const lead = cols + 3;
      const padded = new Float64Array(rows * lead);
      for (let p = 0; p < rows; p++)
        for (let j = 0; j < cols; j++) padded[p * lead + j] = rowMajor[p * cols + j];
      expect(sameBits(packMatrix(rows, cols, padded, lead, 1).data, packed.data)).toBe('equal');
    }
  });

  it('unpacks into a Float32Array (rounded once)', () => {
    const w = createRng(8).fillNormal(new Float64Array(5 * 6));
    const out = unpackMatrix(packMatrix(5, 6, w, 6, 1), new Float32Array(30));
    expect(out).toBeInstanceOf(Float32Array);
    expect(sameBits(out, Float32Array.from(w))).toBe('equal');
  });
});

describe('fillPacked: sampling straight into the packed layout', () => {
  it('gives each of the rows·cols entries exactly one value, leaves the padding 0, and fills in packed order', () => {
    for (const [rows, cols] of SHAPES) {
      const packed = packedMatrix(rows, cols);
      let next = 1;
      let calls = 0;
      fillPacked(packed, (view) => {
        calls++;
        for (let i = 0; i < view.length; i++) view[i] = next++;
      });
      expect(next - 1).toBe(rows * cols);
      if (cols % 4 === 0) expect(calls).toBe(rows * cols > 0 ? 1 : 0);
      const seen = new Uint8Array(rows * cols + 1);
      let bad = 0;
      for (let p = 0; p < rows; p++) {
        for (let j = 0; j < cols; j++) {
          const v = packed.data[packedIndex(packed, p, j)];
          if (Number.isInteger(v) && v >= 1 && v <= rows * cols) seen[v]++;
          else bad++;
        }
      }
      expect(bad).toBe(0);
      expect(seen.subarray(1).every((x) => x === 1)).toBe(true);
      const nonzero = packed.data.reduce((s, x) => s + (x !== 0 ? 1 : 0), 0);
      expect(nonzero).toBe(rows * cols);
    }
  });

  it('with a seeded sampler, one seed gives one matrix', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return fillPacked(packedMatrix(9, 13), (v) => rng.fillNormal(v, 0, 0.5)).data;
    };
    expect(sameBits(draw(3), draw(3))).toBe('equal');
    expect(sameBits(draw(3), draw(4))).not.toBe('equal');
  });
});

/** C = A·B by gemm on the unpacked B and by gemmPacked; both results. */
function pair(
  rng: Rng,
  m: number,
  rows: number,
  cols: number,
  kernel: GemmKernel,
  accumulate: boolean,
  c32: boolean,
) {
  const k = rows;
  const n = cols;
  const lda = k + 2;
  const a = rng.fillNormal(new Float64Array(Math.max(0, m * lda)));
  const w = rng.fillNormal(new Float64Array(n * k)); // W (n × k), B = Wᵀ: a layer's weights
  const c0 = rng.fillNormal(c32 ? new Float32Array(m * n) : new Float64Array(m * n));
  const plain = c0.slice();
  const packedOut = c0.slice();
  gemm(m, n, k, a, lda, 1, w, 1, k, plain, accumulate, { kernel });
  gemmPacked(m, a, lda, 1, packMatrix(k, n, w, 1, k), packedOut, accumulate, { kernel });
  return { plain, packedOut };
}

describe('gemmPacked equals gemm on the unpacked operand, bit for bit', () => {
  for (const kernel of ['ts', 'wasm'] as const) {
    it(`kernel ${kernel}: every shape × m × accumulate × float32 result`, () => {
      const rng = createRng(kernel === 'ts' ? 21 : 22);
      let compared = 0;
      for (const [rows, cols] of SHAPES) {
        for (const m of [1, 3, 4, 9, 130]) {
          if (rows * cols * m > 3e6) continue;
          for (const variant of [0, 1, 2]) {
            const { plain, packedOut } = pair(rng, m, rows, cols, kernel, variant === 1, variant === 2);
            expect(sameBits(packedOut, plain), `${m}×${cols}×${rows} variant ${variant}`).toBe('equal');
            compared++;
          }
        }
      }
      expect(compared).toBeGreaterThan(200);
    });
  }

  it('the two kernels agree on a packed operand, and with "auto"', () => {
    const rng = createRng(23);
    const w = rng.fillNormal(new Float64Array(70 * 33));
    const packed = packMatrix(33, 70, w, 1, 33);
    const a = rng.fillNormal(new Float64Array(5 * 33));
    const out = (kernel: GemmKernel) =>
      gemmPacked(5, a, 33, 1, packed, new Float64Array(5 * 70), false, { kernel });
    expect(sameBits(out('ts'), out('wasm'))).toBe('equal');
    expect(sameBits(out('auto'), out('ts'))).toBe('equal');
  });

  it('reads the packed data as it is now: a changed entry changes the product', () => {
    const packed = packMatrix(3, 2, Float64Array.of(1, 2, 3, 4, 5, 6), 2, 1);
    const a = Float64Array.of(1, 1, 1);
    expect(Array.from(gemmPacked(1, a, 3, 1, packed, new Float64Array(2)))).toEqual([9, 12]);
    packed.data[packedIndex(packed, 1, 0)] = 30;
    expect(Array.from(gemmPacked(1, a, 3, 1, packed, new Float64Array(2)))).toEqual([36, 12]);
  });
});

describe('one-row products on a packed operand', () => {
  it('gemvPacked: z_j = Σ_p x_p·B(p, j) summed in the order p = 0, 1, … (equal to a plain loop)', () => {
    const rng = createRng(31);
    for (const [rows, cols] of SHAPES) {
      const b = rng.fillNormal(new Float64Array(rows * cols));
      const x = rng.fillNormal(new Float64Array(rows));
      const want = new Float64Array(cols);
      for (let j = 0; j < cols; j++) {
        let s = 0;
        for (let p = 0; p < rows; p++) s += x[p] * b[p * cols + j];
        want[j] = s;
      }
      const z = gemvPacked(packMatrix(rows, cols, b, cols, 1), x, new Float64Array(cols).fill(7));
      expect(sameBits(z, want), `${rows}×${cols}`).toBe('equal');
    }
  });

  it('gemvPackedT: g_p = Σ_j B(p, j)·d_j summed in the order j = 0, 1, … (equal to a plain loop)', () => {
    const rng = createRng(32);
    for (const [rows, cols] of SHAPES) {
      const b = rng.fillNormal(new Float64Array(rows * cols));
      const d = rng.fillNormal(new Float64Array(cols));
      const want = new Float64Array(rows);
      for (let p = 0; p < rows; p++) {
        let s = 0;
        for (let j = 0; j < cols; j++) s += b[p * cols + j] * d[j];
        want[p] = s;
      }
      const g = gemvPackedT(packMatrix(rows, cols, b, cols, 1), d, new Float64Array(rows).fill(7));
      expect(sameBits(g, want), `${rows}×${cols}`).toBe('equal');
    }
  });

  it('gemvPacked on B = Wᵀ is the layer map z = W·x', () => {
    // W = [[1, 2], [3, 4], [5, 6]] (3 × 2), x = (1, −1): W·x = (−1, −1, −1)
    const W = Float64Array.of(1, 2, 3, 4, 5, 6);
    const packed = packMatrix(2, 3, W, 1, 2);
    expect(Array.from(gemvPacked(packed, Float64Array.of(1, -1), new Float64Array(3)))).toEqual([-1, -1, -1]);
    // Wᵀ·d for d = (1, 0, 2): (1 + 10, 2 + 12) = (11, 14)
    expect(Array.from(gemvPackedT(packed, Float64Array.of(1, 0, 2), new Float64Array(2)))).toEqual([11, 14]);
  });
});

describe('bad input', () => {
  // made inside each test, not when the file is collected: a mutant that breaks packMatrix must
  // fail these tests, not the collection of the file (which the mutation runner cannot see)
  const packed35 = () => packMatrix(3, 5, new Float64Array(15), 5, 1);

  it('sizes, strides and short storage name the argument', () => {
    const packed = packed35();
    expect(() => packMatrix(-1, 2, new Float64Array(4), 2, 1)).toThrow(/rows must be an integer/);
    expect(() => packMatrix(2, Number.NaN, new Float64Array(4), 2, 1)).toThrow(/cols must be finite/);
    expect(() => packMatrix(2, 2.5, new Float64Array(4), 2, 1)).toThrow(/cols must be an integer/);
    expect(() => packMatrix(2, 2, new Float64Array(3), 2, 1)).toThrow(/src is too short/);
    expect(() => packMatrix(2, 2, new Float64Array(4), -1, 1)).toThrow(/rs must be an integer/);
    expect(() => packMatrix(2, 2, [1, 2, 3, 4] as unknown as Float64Array, 2, 1)).toThrow(TypeError);
    expect(() => packedMatrix(1e6, 1e6)).toThrow(/more than the 4294967295/);
    expect(() => packInto(packed, new Float64Array(14), 5, 1)).toThrow(/src is too short/);
    expect(() => unpackMatrix(packed, new Float64Array(14))).toThrow(/out is too short/);
  });

  it('a packed operand is checked: its type, its fields, its length', () => {
    const packed = packed35();
    const a = new Float64Array(3);
    const c = new Float64Array(5);
    expect(() => gemmPacked(1, a, 3, 1, {} as never, c)).toThrow(/b must be a PackedMatrix/);
    expect(() => gemmPacked(1, a, 3, 1, { rows: 3, cols: 5, data: new Float64Array(15) }, c)).toThrow(
      /b.data must hold 4·⌈cols\/4⌉·rows = 24 values/,
    );
    expect(() => gemmPacked(1, a, 3, 1, { rows: -3, cols: 5, data: new Float64Array(24) }, c)).toThrow(
      /b.rows must be an integer/,
    );
    expect(() => gemvPacked(null as never, a, c)).toThrow(/packed must be a PackedMatrix/);
    expect(() => fillPacked(packed, 'normal' as never)).toThrow(/fill must be a function/);
    expect(() => packedIndex(packed, 3, 0)).toThrow(/p must be an integer in \[0, 2\]/);
    expect(() => packedIndex(packed, 0, -1)).toThrow(/j must be an integer in \[0, 4\]/);
    expect(() => packedIndex(packedMatrix(0, 4), 0, 0)).toThrow(/no elements/);
  });

  it('gemmPacked: short operands, overlap, float32 arithmetic and unknown kernels are refused', () => {
    const packed = packed35();
    const a = new Float64Array(3);
    expect(() => gemmPacked(1, new Float64Array(2), 3, 1, packed, new Float64Array(5))).toThrow(
      /a is too short/,
    );
    expect(() => gemmPacked(1, a, 3, 1, packed, new Float64Array(4))).toThrow(/c must hold m·b.cols = 5/);
    expect(() => gemmPacked(1, a, 3, 1, packed, packed.data.subarray(0, 5))).toThrow(
      /c must not overlap b.data/,
    );
    expect(() =>
      gemmPacked(1, a, 3, 1, packed, new Float64Array(5), false, { accumulator: 'float32' }),
    ).toThrow(/accumulator must be 'float64' with a packed operand/);
    expect(() =>
      gemmPacked(1, a, 3, 1, packed, new Float64Array(5), false, { kernel: 'gpu' as never }),
    ).toThrow(/kernel/);
    expect(() => gemmPacked(1, a, 3, 1, packed, new Float64Array(5), 1 as never)).toThrow(
      /accumulate must be a boolean/,
    );
  });

  it('one-row products check their vectors', () => {
    const packed = packed35();
    expect(() => gemvPacked(packed, new Float64Array(2), new Float64Array(5))).toThrow(
      /x must have packed.rows = 3 values, got 2/,
    );
    expect(() => gemvPackedT(packed, new Float64Array(5), new Float64Array(4))).toThrow(
      /g must have packed.rows = 3 values, got 4/,
    );
  });
});

describe('argument checks and exact bounds', () => {
  it('every entry point names the argument it refuses', () => {
    const packed = packMatrix(3, 5, new Float64Array(15), 5, 1);
    const src = new Float64Array(15);
    expect(() => packedLength(-1, 4)).toThrow(/^rows must be an integer/);
    expect(() => packedLength(2, 0.5)).toThrow(/^cols must be an integer/);
    expect(() => packedIndex({} as never, 0, 0)).toThrow(/^packed must be a PackedMatrix from packMatrix/);
    expect(() => packMatrix(3, 5, [0] as never, 5, 1)).toThrow(/^src must be a Float64Array or Float32Array/);
    expect(() => packMatrix(3, 5, src, 5, -1)).toThrow(/^cs must be an integer/);
    expect(() => packInto(null as never, src, 5, 1)).toThrow(/^out must be a PackedMatrix/);
    expect(() => packInto(packed, [0] as never, 5, 1)).toThrow(/^src must be a Float64Array/);
    expect(() => packInto(packed, src, 1.5, 1)).toThrow(/^rs must be an integer/);
    expect(() => packInto(packed, src, 5, -2)).toThrow(/^cs must be an integer/);
    expect(() => unpackMatrix(null as never)).toThrow(/^packed must be a PackedMatrix/);
    expect(() => unpackMatrix(packed, [0] as never)).toThrow(/^out must be a Float64Array/);
    expect(() => unpackMatrix(packed, new Float64Array(15), -5, 1)).toThrow(/^rs must be an integer/);
    expect(() => unpackMatrix(packed, new Float64Array(15), 5, 0.5)).toThrow(/^cs must be an integer/);
    expect(() => fillPacked(undefined as never, () => 0)).toThrow(/^packed must be a PackedMatrix/);
    expect(() => gemvPacked(packed, new Float64Array(3), new Float64Array(4))).toThrow(
      /^z must have packed\.cols = 5 values, got 4/,
    );
    expect(() => gemvPackedT(5 as never, new Float64Array(5), new Float64Array(3))).toThrow(
      /^packed must be a PackedMatrix/,
    );
    expect(() => gemvPackedT(packed, new Float64Array(4), new Float64Array(3))).toThrow(
      /^d must have packed\.cols = 5 values, got 4/,
    );
    expect(() =>
      gemmPacked(
        1,
        new Float64Array(3),
        3,
        1,
        { rows: 3, cols: 2.5, data: new Float64Array(12) },
        new Float64Array(3),
      ),
    ).toThrow(/^b\.cols must be an integer/);
    // a function carrying the fields is not a PackedMatrix
    const impostor = Object.assign(() => 0, { rows: 3, cols: 5, data: new Float64Array(24) });
    expect(() => gemvPacked(impostor as never, new Float64Array(3), new Float64Array(5))).toThrow(
      /^packed must be a PackedMatrix/,
    );
  });

  it('a matrix with no rows or no columns needs no storage; otherwise src must reach index (rows−1)·rs + (cols−1)·cs', () => {
    expect(packMatrix(0, 5, new Float64Array(0), 1, 1).data.length).toBe(0);
    expect(packMatrix(5, 0, new Float64Array(0), 1, 1).data.length).toBe(0);
    expect(unpackMatrix(packedMatrix(0, 3), new Float64Array(0), 1, 1).length).toBe(0);
    // 2 × 3 with strides (1, 2): the last element is src[1 + 4] = src[5]
    expect(() => packMatrix(2, 3, new Float64Array(5), 1, 2)).toThrow(
      /^src is too short for a 2×3 matrix with strides \(1, 2\): needs index 5, got length 5/,
    );
    const src = Float64Array.of(1, 2, 3, 4, 5, 6);
    const b = packMatrix(2, 3, src, 1, 2); // B(p, j) = src[p + 2j]
    expect(Array.from(unpackMatrix(b))).toEqual([1, 3, 5, 2, 4, 6]);
    expect(() => packMatrix(3, 2, new Float64Array(5), 2, 1)).toThrow(/needs index 5, got length 5/);
  });

  it('packedIndex refuses a matrix without elements, by rows or by columns', () => {
    expect(() => packedIndex(packedMatrix(4, 0), 0, 0)).toThrow(/^packed is 4×0: it has no elements/);
    expect(() => packedIndex(packedMatrix(0, 4), 0, 0)).toThrow(/^packed is 0×4: it has no elements/);
  });

  it('fillPacked calls fill once per stretch of whole panels and once per part-filled panel, never with an empty view', () => {
    // (rows, cols) → the documented calls: one when cols mod 4 = 0; else, per (column block, row
    // block), one for its whole panels (if any) and one for its part-filled panel (if any)
    const expected = (rows: number, cols: number): number[] => {
      if (cols % 4 === 0) return rows * cols > 0 ? [4 * Math.ceil(cols / 4) * rows] : [];
      const sizes: number[] = [];
      for (let jc = 0; jc < cols; jc += BLOCK_COLUMNS) {
        const nc = Math.min(BLOCK_COLUMNS, cols - jc);
        for (let pc = 0; pc < rows; pc += BLOCK_DEPTH) {
          const kc = Math.min(BLOCK_DEPTH, rows - pc);
          if (nc >= 4) sizes.push((nc - (nc % 4)) * kc);
          if (nc % 4 > 0) sizes.push((nc % 4) * kc);
        }
      }
      return sizes;
    };
    for (const [rows, cols] of [...SHAPES, [300, 8], [512, 12], [256, 3], [257, 516], [2, 1027]] as [
      number,
      number,
    ][]) {
      const sizes: number[] = [];
      fillPacked(packedMatrix(rows, cols), (view) => {
        sizes.push(view.length);
        view.fill(1);
      });
      expect(sizes, `${rows}×${cols}`).toEqual(expected(rows, cols));
    }
  });
});
