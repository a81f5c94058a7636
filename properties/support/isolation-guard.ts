/**
 * A setup file (vitest.config.ts `setupFiles`) that makes the suite's `isolate: false` safe. It runs
 * before every test file, notes the process-wide state a test could change (process-state.ts), and
 * fails the file after its last test if any of it is not as it was. Without isolation the test
 * files of a worker share its module cache and globals, so a leak would change what later files
 * test (or, with a stubbed Math.random or another kernel, their numbers); with this guard a leak is
 * a named failure of the file that leaked, not a silent dependence on the order of files.
 */
import { afterAll, expect } from 'vitest';
import { captureProcessState, processStateLeaks } from './process-state.js';

// A file whose tests were all skipped (a -t filter) or that failed to load runs no afterAll hooks,
// so it can leave a default GEMM kernel set without this guard seeing it: every file starts from
// the untouched default ('auto' or WIXI_KERNEL) whatever the file before it did.
const { setGemmKernel } = await import('../../src/nn/matmul.js');
try {
  setGemmKernel(undefined);
} catch {
  // an invalid WIXI_KERNEL: the kernel tests report it
}

const before = captureProcessState();

afterAll(async () => {
  const leaks = await processStateLeaks(before);
  expect(leaks, 'this test file left process-wide state changed for the next file in its worker').toEqual([]);
});
