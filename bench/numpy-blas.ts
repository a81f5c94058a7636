/**
 * The BLAS library a NumPy process has loaded, for the benchmark rows that compare with NumPy.
 * Debian's NumPy links the generic libblas.so.3 and runs on whichever implementation the
 * alternatives system points to: the reference BLAS (package libblas3) is ≈ 15× slower than
 * OpenBLAS (libopenblas0-pthread) at the benchmarks' shapes, so a NumPy row that does not name its
 * BLAS can mislead by an order of magnitude. Linux only (/proc/self/maps); elsewhere "unknown BLAS".
 */

/** Python source (to paste after `import numpy`) that sets `blas` to the loaded library's path under lib/. */
export const BLAS_PY = `
try:
    _maps = open("/proc/self/maps").read().split()
except OSError:
    _maps = []
blas = next((m.split("/lib/")[-1] for m in _maps if "/lib" in m and "blas" in m.split("/")[-1]), "unknown BLAS")`;
