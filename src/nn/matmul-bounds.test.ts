/**
 * More of gemm's and matmul's contract (./matmul.ts): C is c[0 .. m·n) and nothing past it is even
 * touched (the tail is −0, which any write of x + 0 would turn into +0), also past the first block
 * of 128 rows and with n = 512 columns exactly (one whole column block); gemmPacked overwrites C
 * unless told to accumulate; the span and overlap checks at their exact bounds (an operand right
 * after c, an empty operand inside c's memory); messages that name the argument and state the
 * numbers.
 */
import { describe, expect, it } from 'vitest';
import { naiveGemm } from '../../properties/support/naive-gemm.js';
import { createRng } from '../random/rng.js';
import { gemm, gemmPacked, matmul } from './matmul.js';
import { packMatrix } from './packed.js';

describe('gemm touches nothing past m·n', () => {
  it('a tail of −0 stays −0: edge tiles of rows and columns, and the rows past the first block of 128', () => {
    const rng = createRng(61);
    for (const [m, n, k] of [
      [5, 6, 3],
      [131, 7, 2],
      [130, 4, 5],
      [3, 3, 260],
      [3, 512, 2], // n = NC exactly: one column block, none after it
    ]) {
      const a = Float64Array.from({ length: m * k }, () => Math.floor(rng.uniform() * 7) - 3);
      const b = Float64Array.from({ length: k * n }, () => Math.floor(rng.uniform() * 7) - 3);
      const want = naiveGemm(m, n, k, a, b);
      for (const kernel of ['ts', 'wasm'] as const) {
        for (const accumulator of ['float64', 'float32'] as const) {
          for (const Ctor of [Float64Array, Float32Array]) {
            const c = new Ctor(m * n + 8).fill(-0);
            gemm(m, n, k, a, k, 1, b, n, 1, c, false, { kernel, accumulator });
            const what = `${m}×${n}×${k} ${kernel} ${accumulator} ${Ctor.name}`;
            expect(
              Array.from(c.subarray(m * n)).every((v) => Object.is(v, -0)),
              what,
            ).toBe(true);
            expect(Array.from(c.subarray(0, m * n)), what).toEqual(Array.from(want));
          }
        }
        const c = new Float64Array(m * n + 8).fill(-0);
        gemmPacked(m, a, k, 1, packMatrix(k, n, b, n, 1), c, false, { kernel });
        expect(Array.from(c.subarray(m * n)).every((v) => Object.is(v, -0))).toBe(true);
        expect(Array.from(c.subarray(0, m * n))).toEqual(Array.from(want));
      }
    }
  });

  it('gemmPacked overwrites C by default, and adds to it with accumulate', () => {
    const packed = packMatrix(2, 2, Float64Array.of(1, 2, 3, 4), 2, 1);
    const a = Float64Array.of(1, 1);
    const c = Float64Array.of(10, 10);
    expect(Array.from(gemmPacked(1, a, 2, 1, packed, c))).toEqual([4, 6]);
    expect(Array.from(gemmPacked(1, a, 2, 1, packed, c, true))).toEqual([8, 12]);
  });
});

describe('checks at their exact bounds', () => {
  it('an operand must reach index (rows−1)·rs + (cols−1)·cs, whatever the strides', () => {
    const a = new Float64Array(4);
    // B (2 × 3) with strides (1, 2): B(1, 2) = b[1 + 4]
    expect(() => gemm(2, 3, 2, a, 2, 1, new Float64Array(5), 1, 2, new Float64Array(6))).toThrow(
      /^b is too short for a 2×3 matrix with strides \(1, 2\): needs index 5, got length 5/,
    );
    const b = Float64Array.of(1, 4, 2, 5, 3, 6); // B = [[1, 2, 3], [4, 5, 6]]
    const c = gemm(1, 3, 2, Float64Array.of(1, 1), 2, 1, b, 1, 2, new Float64Array(3));
    expect(Array.from(c)).toEqual([5, 7, 9]);
  });

  it('an operand right after c in one buffer, or an empty one inside it, does not overlap c', () => {
    const buf = new Float64Array(12);
    const c = buf.subarray(0, 4);
    const a = buf.subarray(4, 8);
    const b = buf.subarray(8, 12);
    a.set([1, 2, 3, 4]);
    b.set([0, 1, 1, 0]);
    expect(Array.from(gemm(2, 2, 2, a, 2, 1, b, 2, 1, c))).toEqual([2, 1, 4, 3]);
    const inside = buf.subarray(1, 1); // no elements, at an address inside c
    expect(Array.from(gemm(2, 2, 0, inside, 0, 1, inside, 2, 1, c))).toEqual([0, 0, 0, 0]);
    expect(() => gemm(2, 2, 2, a, 2, 1, b, 2, 1, buf.subarray(3, 7))).toThrow(/^c must not overlap a/);
  });

  it('matmul names a missing or impostor matrix, and states the size of a too-large result', () => {
    const a = { shape: [1, 1], data: Float64Array.of(1) };
    expect(() => matmul(null as never, a)).toThrow(
      /^a must be a matrix \{shape: \[rows, cols\], data\}, got null/,
    );
    expect(() => matmul(a, 'ab' as never)).toThrow(/^b must be a matrix/);
    const impostor = Object.assign(() => 0, { shape: [1, 1], data: Float64Array.of(1) });
    expect(() => matmul(a, impostor as never)).toThrow(/^b must be a matrix/);
    expect(() =>
      matmul(
        { shape: [65536, 0], data: new Float64Array(0) },
        { shape: [0, 65537], data: new Float64Array(0) },
      ),
    ).toThrow(
      /^the result op\(a\)·op\(b\) would be 65536×65537 = 4295032832 elements, more than the 4294967295/,
    );
  });

  it('gemm names its options object', () => {
    const x = Float64Array.of(1);
    expect(() => gemm(1, 1, 1, x, 1, 1, x, 1, 1, new Float64Array(1), false, 'fast' as never)).toThrow(
      /^options must be an options object/,
    );
  });
});
