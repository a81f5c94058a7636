/**
 * The nn unit tests (matmul, network, trace) once more with every GEMM on the WebAssembly SIMD128 kernel, small products included. The
 * default run uses 'auto', which sends products below WASM_MIN_WORK to TypeScript and larger ones
 * to WebAssembly; this file makes sure every test also passes on the one kernel alone.
 */
import { setGemmKernel } from './matmul.js';

setGemmKernel('wasm');
await import('./matmul.test.js');
await import('./network.test.js');
await import('./trace.test.js');

const { describe, expect, it } = await import('vitest');
const { gemmKernelInfo } = await import('./matmul.js');
describe('kernel', () => {
  it("was 'wasm' for every test above", () => {
    expect(gemmKernelInfo().kernel).toBe('wasm');
  });
});
