/**
 * The nn unit tests (matmul, network, trace) once more with every GEMM on the WebAssembly SIMD128 kernel, small products included. The
 * default run uses 'auto', which sends products below WASM_MIN_WORK to TypeScript and larger ones
 * to WebAssembly; this file makes sure every test also passes on the one kernel alone.
 */
import { describe, expect, it } from 'vitest';
import { registerNnSuiteOnKernel } from '../../properties/support/nn-suite-on-kernel.js';
// static import: the mutation runner only runs test files that import a mutated file statically
import { gemmKernelInfo } from './matmul.js';

await registerNnSuiteOnKernel('wasm');

describe('kernel', () => {
  it("was 'wasm' for every test above", () => {
    expect(gemmKernelInfo().kernel).toBe('wasm');
  });
});
