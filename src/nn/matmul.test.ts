import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { gemm, matmul } from './matmul.js';

/** The textbook triple loop, C_ij = Σ_p op(A)_ip·op(B)_pj, in float64: the reference. */
function naive(
  a: Float64Array | Float32Array,
  ar: number,
  ac: number,
  b: Float64Array | Float32Array,
  br: number,
  bc: number,
  transA: boolean,
  transB: boolean,
): Float64Array {
  const m = transA ? ac : ar;
  const k = transA ? ar : ac;
  const n = transB ? br : bc;
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const x = transA ? a[p * ac + i] : a[i * ac + p];
        const y = transB ? b[j * bc + p] : b[p * bc + j];
        s += x * y;
      }
      c[i * n + j] = s;
    }
  }
  return c;
}

/** Largest |x − y| relative to the scale Σ_p |A_ip||B_pj| bounded by √k·‖row‖‖col‖ ≤ k·max|A|·max|B|. */
function maxError(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < x.length; i++) e = Math.max(e, Math.abs(x[i] - y[i]));
  return e;
}

// sizes that cover 1×1, primes, tile multiples ± 1, block boundaries (KC = 256, MC = 128) and zero
const SIZES: [number, number, number][] = [
  [1, 1, 1],
  [1, 7, 3],
  [5, 1, 2],
  [3, 5, 7],
  [4, 4, 4],
  [13, 17, 19],
  [8, 12, 257],
  [129, 5, 3],
  [131, 9, 263],
  [37, 515, 11],
  [0, 3, 4],
  [3, 0, 4],
  [3, 4, 0],
  [0, 0, 0],
];

describe('matmul', () => {
  it('equals the naive triple loop for every transpose combination and awkward shape (float64)', () => {
    const rng = createRng(11);
    for (const [m, n, k] of SIZES) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const [ar, ac] = transA ? [k, m] : [m, k];
          const [br, bc] = transB ? [n, k] : [k, n];
          const a = rng.fillNormal(new Float64Array(ar * ac));
          const b = rng.fillNormal(new Float64Array(br * bc));
          const got = matmul({ shape: [ar, ac], data: a }, { shape: [br, bc], data: b }, { transA, transB });
          expect(got.shape).toEqual([m, n]);
          expect(got.data).toBeInstanceOf(Float64Array);
          const want = naive(a, ar, ac, b, br, bc, transA, transB);
          // only summation order differs: error ≤ k·ε·Σ|a||b| ≈ k·ε·k for N(0,1) entries
          expect(maxError(got.data, want)).toBeLessThanOrEqual(4 * (k + 1) * (k + 1) * Number.EPSILON);
        }
      }
    }
  });

  it('is exact on small integers, so every element of every edge tile is placed right', () => {
    const rng = createRng(12);
    for (const [m, n, k] of SIZES) {
      const a = Float64Array.from({ length: m * k }, () => Math.floor(rng.uniform() * 19) - 9);
      const b = Float64Array.from({ length: n * k }, () => Math.floor(rng.uniform() * 19) - 9);
      const got = matmul({ shape: [m, k], data: a }, { shape: [n, k], data: b }, { transB: true });
      expect(Array.from(got.data)).toEqual(Array.from(naive(a, m, k, b, n, k, false, true)));
    }
  });

  it('returns float32 for float32 inputs, the float64 result rounded once', () => {
    const rng = createRng(13);
    const [m, n, k] = [33, 21, 300];
    const a = rng.fillNormal(new Float32Array(m * k));
    const b = rng.fillNormal(new Float32Array(k * n));
    const got = matmul({ shape: [m, k], data: a }, { shape: [k, n], data: b });
    expect(got.data).toBeInstanceOf(Float32Array);
    const want = naive(a, m, k, b, k, n, false, false);
    for (let i = 0; i < want.length; i++) {
      // float64 accumulation then one rounding: within one float32 ulp of the exact value
      expect(Math.abs(got.data[i] - want[i])).toBeLessThanOrEqual(Math.abs(want[i]) * 2 ** -23 + 1e-12);
    }
    const mixed = matmul({ shape: [m, k], data: a }, { shape: [k, n], data: Float64Array.from(b) });
    expect(mixed.data).toBeInstanceOf(Float64Array);
  });

  it('accumulates into out and overwrites it otherwise', () => {
    const a = { shape: [2, 2], data: Float64Array.of(1, 2, 3, 4) };
    const b = { shape: [2, 2], data: Float64Array.of(1, 0, 0, 1) };
    const out = Float64Array.of(10, 10, 10, 10);
    matmul(a, b, { out, accumulate: true });
    expect(Array.from(out)).toEqual([11, 12, 13, 14]);
    matmul(a, b, { out });
    expect(Array.from(out)).toEqual([1, 2, 3, 4]);
    const out32 = Float32Array.of(1, 1, 1, 1);
    matmul(a, b, { out: out32, accumulate: true });
    expect(Array.from(out32)).toEqual([2, 3, 4, 5]);
    const empty = new Float64Array(6).fill(7);
    matmul(
      { shape: [2, 0], data: new Float64Array(0) },
      { shape: [0, 3], data: new Float64Array(0) },
      { out: empty },
    );
    expect(Array.from(empty)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('rejects bad input with errors naming the argument', () => {
    const a = { shape: [2, 3], data: new Float64Array(6) };
    expect(() => matmul(a, a)).toThrow(/inner dimensions differ: op\(a\) is 2×3 but op\(b\) is 2×3/);
    expect(() => matmul(a, { shape: [3], data: new Float64Array(3) })).toThrow(RangeError);
    expect(() => matmul(a, { shape: [3, 2], data: new Float64Array(5) })).toThrow(/b.data must have/);
    expect(() => matmul(a, { shape: [3, 2.5], data: new Float64Array(6) })).toThrow(
      /b.shape\[1\] must be an integer/,
    );
    expect(() => matmul(a, { shape: [3, 1], data: [1, 2, 3] as never })).toThrow(TypeError);
    const nan = { shape: [3, 1], data: Float64Array.of(1, Number.NaN, 3) };
    expect(() => matmul(a, nan)).toThrow(/b.data\[1\] \(row 1, column 0\) must be finite, got NaN/);
    expect(() => matmul(a, a, { transB: true, out: new Float64Array(3) })).toThrow(
      /out must have length m·n = 4/,
    );
    expect(() => matmul(a, a, { transB: true, out: a.data.subarray(0, 4) })).toThrow(/must not overlap a/);
    expect(() => matmul(a, a, { transB: 1 as never })).toThrow(/transB must be a boolean/);
    expect(() => matmul(a, a, { transB: true, accumulate: true })).toThrow(/accumulate needs an out/);
    expect(() => matmul(null as never, a)).toThrow(TypeError);
  });

  it('gemm honours strides and checks that the operands are long enough', () => {
    // A = rows 0 and 2 of a 3×2 matrix via rsA = 4 (every other row of a 6×2 buffer)
    const buf = Float64Array.of(1, 2, 0, 0, 3, 4, 0, 0);
    const c = new Float64Array(4);
    gemm(2, 2, 2, buf, 4, 1, Float64Array.of(1, 0, 0, 1), 2, 1, c);
    expect(Array.from(c)).toEqual([1, 2, 3, 4]);
    expect(() => gemm(2, 2, 2, buf, 7, 1, Float64Array.of(1, 0, 0, 1), 2, 1, c)).toThrow(
      /a is too short.*needs index 8/,
    );
    expect(() => gemm(2, 2, 2, buf, 4, 1, Float64Array.of(1, 0, 0, 1), 2, 1, new Float64Array(3))).toThrow(
      /c must hold m·n = 4/,
    );
    expect(() => gemm(-1, 2, 2, buf, 4, 1, buf, 2, 1, c)).toThrow(/m must be an integer/);
  });
});
