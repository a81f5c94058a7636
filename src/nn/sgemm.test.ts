/**
 * `accumulator: 'float32'` is sgemm's arithmetic as the module comment of ./matmul.ts defines it:
 * operands rounded to float32, every product and every partial sum rounded to float32, the sums
 * taken over k-blocks of 256 (each block's sum added into C, which is rounded to float32 too).
 * Checked bit for bit against that definition written out with Math.fround, on both kernels. (The
 * accuracy bound in kernels.test.ts cannot tell float32 from float64 sums once the result itself
 * is rounded to float32.)
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { gemm } from './matmul.js';

/** The definition: C_ij = fl(C_ij + Σ_block fl-sum of fl(fl(a)·fl(b))), blocks of 256 in k. */
function sgemm(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  b: Float64Array,
  c0: Float64Array | null,
): Float64Array {
  const f = Math.fround;
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let cij = c0 === null ? 0 : f(c0[i * n + j]);
      for (let p0 = 0; p0 < k; p0 += 256) {
        let acc = 0;
        for (let p = p0; p < Math.min(k, p0 + 256); p++) acc = f(acc + f(f(a[i * k + p]) * f(b[p * n + j])));
        cij = f(cij + acc);
      }
      c[i * n + j] = cij;
    }
  }
  return c;
}

describe("accumulator 'float32'", () => {
  it('equals the float32 arithmetic of its definition bit for bit, on both kernels, one and several k-blocks', () => {
    const rng = createRng(51);
    for (const [m, n, k] of [
      [3, 5, 17],
      [9, 10, 300],
      [4, 8, 600],
    ]) {
      const a = rng.fillNormal(new Float64Array(m * k));
      const b = rng.fillNormal(new Float64Array(k * n));
      const c0 = rng.fillNormal(new Float64Array(m * n));
      for (const kernel of ['ts', 'wasm'] as const) {
        for (const accumulate of [false, true]) {
          const want = sgemm(m, n, k, a, b, accumulate ? c0 : null);
          const got = c0.slice();
          gemm(m, n, k, a, k, 1, b, n, 1, got, accumulate, { kernel, accumulator: 'float32' });
          let wrong = '';
          for (let i = 0; i < want.length && wrong === ''; i++) {
            if (!Object.is(got[i], want[i])) wrong = `[${i}]: ${got[i]} vs ${want[i]}`;
          }
          expect(wrong, `${m}×${n}×${k} ${kernel} accumulate=${accumulate}`).toBe('');
        }
      }
    }
  });
});
