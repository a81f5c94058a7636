/**
 * The nn unit tests (src/nn/matmul.test.ts, network.test.ts, trace.test.ts) registered once more
 * inside the calling test file, with every GEMM on one kernel: src/nn/suite-ts.test.ts and
 * suite-wasm.test.ts call this at their top level.
 *
 * The kernel is set before the calling file's first test and unset after its last, so the next test file in the same worker
 * starts on the default ('auto', or WIXI_KERNEL) — vitest runs the suite with `isolate: false`,
 * and properties/support/isolation-guard.ts fails a file that leaves the kernel set.
 *
 * Each import carries a query naming the kernel, which makes it a module of its own: a plain
 * `import('./matmul.test.js')` in a worker that has already run matmul.test.ts returns the cached
 * module, whose tests are not registered again, and the file would silently test nothing.
 */
import { afterAll, beforeAll } from 'vitest';
import { setGemmKernel } from '../../src/nn/matmul.js';

/** Register the nn unit tests on `kernel`; call at the top level of a test file, awaited. */
export async function registerNnSuiteOnKernel(kernel: 'ts' | 'wasm'): Promise<void> {
  // hooks, not a call at import: a file whose tests are all skipped (a -t filter) runs neither
  beforeAll(() => {
    setGemmKernel(kernel);
  });
  afterAll(() => {
    setGemmKernel(undefined);
  });
  for (const file of ['matmul', 'network', 'trace']) {
    await import(/* @vite-ignore */ `../../src/nn/${file}.test.js?kernel=${kernel}`);
  }
}
