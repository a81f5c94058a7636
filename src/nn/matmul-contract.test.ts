/**
 * The documented contract of `gemm`, `gemmPacked` and `matmul` (./matmul.ts) beyond the numerics of
 * matmul.test.ts and kernels.test.ts: C is c[0 .. m·n) and nothing past it is written, on every
 * kernel and arithmetic; memory that is shared but not overlapping is accepted; every argument
 * check names its argument (and the element, by row and column); WIXI_KERNEL='' is unset.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { naiveGemm } from '../../properties/support/naive-gemm.js';
import { createRng } from '../random/rng.js';
import { type GemmKernel, gemm, gemmKernelInfo, gemmPacked, matmul, setGemmKernel } from './matmul.js';
import { packMatrix } from './packed.js';

afterEach(() => {
  setGemmKernel(undefined);
});

const KERNELS: GemmKernel[] = ['ts', 'wasm'];

describe('gemm writes C and nothing else', () => {
  it('the elements of c past m·n keep their values, on both kernels, both arithmetics, with and without accumulate', () => {
    const rng = createRng(41);
    // edge tiles in both directions (m, n not multiples of 4 or 8) and a full tile
    for (const [m, n, k] of [
      [5, 6, 7],
      [3, 9, 2],
      [4, 4, 4],
      [9, 13, 300],
    ]) {
      // small integers: every product and sum is exact in float32 and float64
      const a = Float64Array.from({ length: m * k }, () => Math.floor(rng.uniform() * 7) - 3);
      const b = Float64Array.from({ length: k * n }, () => Math.floor(rng.uniform() * 7) - 3);
      const want = naiveGemm(m, n, k, a, b);
      for (const kernel of KERNELS) {
        for (const accumulator of ['float64', 'float32'] as const) {
          for (const accumulate of [false, true]) {
            for (const Ctor of [Float64Array, Float32Array]) {
              const c = new Ctor(m * n + 5).fill(2);
              gemm(m, n, k, a, k, 1, b, n, 1, c, accumulate, { kernel, accumulator });
              const what = `${m}×${n}×${k} ${kernel} ${accumulator} accumulate=${accumulate} ${Ctor.name}`;
              expect(Array.from(c.subarray(m * n)), what).toEqual([2, 2, 2, 2, 2]);
              expect(Array.from(c.subarray(0, m * n)), what).toEqual(
                Array.from(want, (v) => v + (accumulate ? 2 : 0)),
              );
            }
          }
        }
        const packed = packMatrix(k, n, b, n, 1);
        const c = new Float64Array(m * n + 3).fill(-1);
        gemmPacked(m, a, k, 1, packed, c, false, { kernel });
        expect(Array.from(c.subarray(m * n))).toEqual([-1, -1, -1]);
        expect(Array.from(c.subarray(0, m * n))).toEqual(Array.from(want));
      }
    }
  });

  it('an empty product leaves c as it is with accumulate and zeroes C without', () => {
    for (const kernel of KERNELS) {
      for (const accumulator of ['float64', 'float32'] as const) {
        const c = Float32Array.of(1.5, 2.5, 3.5, 4.5, 9);
        gemm(2, 2, 0, new Float64Array(0), 0, 1, new Float64Array(0), 2, 1, c, true, { kernel, accumulator });
        expect(Array.from(c)).toEqual([1.5, 2.5, 3.5, 4.5, 9]);
        gemm(2, 2, 0, new Float64Array(0), 0, 1, new Float64Array(0), 2, 1, c, false, {
          kernel,
          accumulator,
        });
        expect(Array.from(c)).toEqual([0, 0, 0, 0, 9]);
      }
    }
  });
});

describe('memory shared with the operands', () => {
  it('views of one buffer side by side are accepted; one element in common is refused', () => {
    const buf = new Float64Array(12);
    const a = buf.subarray(0, 4); // 2×2
    const b = buf.subarray(4, 8); // 2×2
    a.set([1, 2, 3, 4]);
    b.set([1, 0, 0, 1]);
    const c = buf.subarray(8, 12);
    gemm(2, 2, 2, a, 2, 1, b, 2, 1, c);
    expect(Array.from(c)).toEqual([1, 2, 3, 4]);
    expect(() => gemm(2, 2, 2, a, 2, 1, b, 2, 1, buf.subarray(7, 11))).toThrow(
      /^c must not overlap b \(they share memory\)/,
    );
    expect(() => gemm(2, 2, 2, a, 2, 1, b, 2, 1, buf.subarray(3, 7))).toThrow(/^c must not overlap a/);
    // an empty c (or operand) shares no memory with anything
    const none = buf.subarray(2, 2);
    expect(gemm(0, 2, 2, a, 2, 1, b, 2, 1, none)).toBe(none);
    expect(gemm(2, 0, 2, a, 2, 1, none, 1, 1, buf.subarray(2, 2))).toBeInstanceOf(Float64Array);
    const packed = packMatrix(2, 2, Float64Array.of(1, 0, 0, 1), 2, 1);
    expect(() => gemmPacked(2, packed.data, 2, 1, packed, new Float64Array(4))).not.toThrow();
    expect(() => gemmPacked(1, a, 2, 1, packed, a.subarray(2))).toThrow(/^c must not overlap a/);
  });
});

describe('argument checks name the argument', () => {
  it('gemm: sizes, strides, arrays, accumulate', () => {
    const x = new Float64Array(4);
    const c = new Float64Array(4);
    expect(() => gemm(2, -2, 2, x, 2, 1, x, 2, 1, c)).toThrow(/^n must be an integer/);
    expect(() => gemm(2, 2, 0.5, x, 2, 1, x, 2, 1, c)).toThrow(/^k must be an integer/);
    expect(() => gemm(2, 2, 2, [0] as never, 2, 1, x, 2, 1, c)).toThrow(/^a must be a Float64Array/);
    expect(() => gemm(2, 2, 2, x, 2, 1, [0] as never, 2, 1, c)).toThrow(/^b must be a Float64Array/);
    expect(() => gemm(2, 2, 2, x, 2, 1, x, 2, 1, [0] as never)).toThrow(/^c must be a Float64Array/);
    expect(() => gemm(2, 2, 2, x, -2, 1, x, 2, 1, c)).toThrow(/^rsA must be an integer/);
    expect(() => gemm(2, 2, 2, x, 2, 1.5, x, 2, 1, c)).toThrow(/^csA must be an integer/);
    expect(() => gemm(2, 2, 2, x, 2, 1, x, -1, 1, c)).toThrow(/^rsB must be an integer/);
    expect(() => gemm(2, 2, 2, x, 2, 1, x, 2, Number.NaN, c)).toThrow(/^csB must be finite/);
    expect(() => gemm(2, 2, 2, x, 2, 1, x, 3, 1, c)).toThrow(
      /^b is too short for a 2×2 matrix with strides \(3, 1\): needs index 4, got length 4/,
    );
    expect(() => gemm(2, 2, 2, x, 2, 1, x, 2, 1, c, 'yes' as never)).toThrow(
      /^accumulate must be a boolean, got "yes"/,
    );
    expect(() => gemm(2, 2, 2, x, 2, 1, x, 2, 1, c, false, { kernel: 'gpu' as never })).toThrow(
      /^unknown kernel "gpu"/,
    );
    // a matrix with no rows or columns needs no storage, whatever its strides
    expect(
      gemm(0, 2, 3, new Float64Array(0), 99, 99, new Float64Array(6), 2, 1, new Float64Array(0)).length,
    ).toBe(0);
    expect(
      Array.from(gemm(2, 2, 0, new Float64Array(0), 5, 5, new Float64Array(0), 5, 5, new Float64Array(4))),
    ).toEqual([0, 0, 0, 0]);
  });

  it('gemmPacked: m, a, c, strides, accumulate', () => {
    const packed = packMatrix(2, 3, new Float64Array(6), 3, 1);
    const a = new Float64Array(4);
    expect(() => gemmPacked(-1, a, 2, 1, packed, new Float64Array(6))).toThrow(/^m must be an integer/);
    expect(() => gemmPacked(2, [0] as never, 2, 1, packed, new Float64Array(6))).toThrow(
      /^a must be a Float64Array/,
    );
    expect(() => gemmPacked(2, a, 2, 1, packed, [0] as never)).toThrow(/^c must be a Float64Array/);
    expect(() => gemmPacked(2, a, 2.5, 1, packed, new Float64Array(6))).toThrow(/^rsA must be an integer/);
    expect(() => gemmPacked(2, a, 2, -1, packed, new Float64Array(6))).toThrow(/^csA must be an integer/);
    expect(() => gemmPacked(2, a, 2, 1, packed, new Float64Array(5))).toThrow(
      /^c must hold m·b\.cols = 6 elements, got length 5/,
    );
    expect(() => gemmPacked(2, a, 2, 1, packed, new Float64Array(6), false, 'fast' as never)).toThrow(
      /^options must be an options object/,
    );
    expect(
      gemmPacked(2, a, 2, 1, packed, new Float64Array(6), false, { accumulator: 'float64' }).length,
    ).toBe(6);
  });

  it('matmul: the operands as matrices, their elements by row and column, the transposes in the message', () => {
    const a = { shape: [2, 3], data: new Float64Array(6) };
    expect(() => matmul(5 as never, a)).toThrow(/^a must be a matrix \{shape: \[rows, cols\], data\}, got 5/);
    expect(() => matmul(a, { data: new Float64Array(6) } as never)).toThrow(/^b must be a matrix/);
    expect(() => matmul({ shape: [1, 2, 3], data: new Float64Array(6) }, a)).toThrow(
      /^a\.shape must have 2 dimensions, got \[1, 2, 3\]/,
    );
    expect(() => matmul({ shape: [-2, 3], data: new Float64Array(6) }, a)).toThrow(
      /^a\.shape\[0\] must be an integer/,
    );
    expect(() => matmul(a, { shape: [3, 2], data: [1] } as never)).toThrow(/^b\.data must be a Float64Array/);
    expect(() => matmul(a, { shape: [3, 2], data: new Float64Array(7) })).toThrow(
      /^b\.data must have rows·cols = 6 elements for shape \[3, 2\], got length 7/,
    );
    const bad = new Float64Array(9);
    bad[7] = Number.POSITIVE_INFINITY;
    expect(() => matmul({ shape: [3, 3], data: bad }, { shape: [3, 1], data: new Float64Array(3) })).toThrow(
      /^a\.data\[7\] \(row 2, column 1\) must be finite, got Infinity/,
    );
    const b = { shape: [4, 5], data: new Float64Array(20) };
    expect(() => matmul(a, b, { transA: true, transB: true })).toThrow(
      /^inner dimensions differ: op\(a\) is 3×2 but op\(b\) is 5×4 \(a\.shape \[2, 3\]ᵀ, b\.shape \[4, 5\]ᵀ\)$/,
    );
    expect(() => matmul(a, b)).toThrow(/\(a\.shape \[2, 3\], b\.shape \[4, 5\]\)$/);
    expect(() => matmul(a, a, { transA: 'no' as never })).toThrow(/^transA must be a boolean, got "no"/);
    expect(() => matmul(a, a, { transB: true, out: [0, 0, 0, 0] as never })).toThrow(
      /^out must be a Float64Array/,
    );
    expect(() => matmul(a, a, 7 as never)).toThrow(/^options must be an options object/);
  });

  it('matmul: transposes, out and accumulate, and the dtype of the result', () => {
    const a = { shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6) };
    const aT = matmul(a, a, { transA: true }); // AᵀA, 3×3
    expect(aT.shape).toEqual([3, 3]);
    expect(aT.data).toBeInstanceOf(Float32Array);
    expect(Array.from(aT.data)).toEqual([17, 22, 27, 22, 29, 36, 27, 36, 45]);
    const out = new Float64Array(4).fill(1);
    const r = matmul(a, a, { transB: true, out, accumulate: true }); // 1 + AAᵀ
    expect(r.data).toBe(out);
    expect(Array.from(out)).toEqual([15, 33, 33, 78]);
    expect(matmul(a, { shape: [3, 1], data: Float64Array.of(1, 1, 1) }).data).toBeInstanceOf(Float64Array);
    expect(
      matmul(
        { shape: [1, 3], data: Float64Array.of(1, 1, 1) },
        { shape: [3, 1], data: Float32Array.of(1, 2, 3) },
      ).data,
    ).toBeInstanceOf(Float64Array);
    expect(Array.from(matmul(a, a, { transB: true, accumulator: 'float32', kernel: 'ts' }).data)).toEqual([
      14, 32, 32, 77,
    ]);
  });
});

describe('the default kernel', () => {
  it("is 'auto' in an engine without process or without process.env (a browser)", () => {
    const g = globalThis as { process?: unknown };
    const saved = g.process;
    const previous = setGemmKernel(undefined);
    const seen: string[] = [];
    try {
      for (const stub of [undefined, {}]) {
        g.process = stub;
        seen.push(gemmKernelInfo().kernel);
      }
    } finally {
      g.process = saved;
      setGemmKernel(previous);
    }
    expect(seen).toEqual(['auto', 'auto']);
  });

  it("WIXI_KERNEL = '' counts as unset ('auto')", () => {
    const saved = process.env.WIXI_KERNEL;
    try {
      process.env.WIXI_KERNEL = '';
      expect(gemmKernelInfo().kernel).toBe('auto');
      expect(setGemmKernel('ts')).toBe('auto');
      expect(gemmKernelInfo().kernel).toBe('ts');
      process.env.WIXI_KERNEL = 'wasm';
      expect(setGemmKernel(undefined)).toBe('ts');
      expect(gemmKernelInfo().kernel).toBe('wasm');
      process.env.WIXI_KERNEL = 'fast';
      expect(() => gemmKernelInfo()).toThrow(/^WIXI_KERNEL must be 'ts', 'wasm' or 'auto', got "fast"/);
      const x = Float64Array.of(2);
      expect(() => gemmPacked(1, x, 1, 1, packMatrix(1, 1, x, 1, 1), new Float64Array(1))).toThrow(
        /^WIXI_KERNEL/,
      );
    } finally {
      if (saved === undefined) delete process.env.WIXI_KERNEL;
      else process.env.WIXI_KERNEL = saved;
    }
  });
});
