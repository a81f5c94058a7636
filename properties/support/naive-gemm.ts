/**
 * The reference product of the GEMM tests: C = A·B by the textbook triple loop, for row-major
 * A (m × k) and B (k × n), each sum in float64 in the order p = 0, 1, …, k − 1. Shared by the
 * GEMM, bounds and WebAssembly-driver tests; test support only: no checks, no speed.
 */
export function naiveGemm(
  m: number,
  n: number,
  k: number,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
      c[i * n + j] = s;
    }
  }
  return c;
}
