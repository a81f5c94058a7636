/** The isolation guard's checks (process-state.ts) catch each leak they name, and only leaks. */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { setGemmKernel } from '../../src/nn/matmul.js';
import { captureProcessState, processStateLeaks } from './process-state.js';

describe('processStateLeaks', () => {
  it('finds nothing when nothing changed', async () => {
    expect(await processStateLeaks(captureProcessState())).toEqual([]);
  });

  it('names a kernel left set, and resets it', async () => {
    const before = captureProcessState();
    setGemmKernel('ts');
    expect(await processStateLeaks(before)).toEqual([
      expect.stringMatching(/default GEMM kernel is 'ts', not 'auto'/),
    ]);
    expect(await processStateLeaks(before)).toEqual([]);
  });

  it('names a WebAssembly kernel module that cached "unavailable" under a stub', async () => {
    const before = captureProcessState();
    vi.resetModules();
    vi.stubGlobal('WebAssembly', undefined);
    try {
      const { wasmAvailable } = await import('../../src/nn/wasm/kernel.js');
      expect(wasmAvailable()).toBe(false);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(await processStateLeaks(before)).toEqual([
      expect.stringMatching(/kernel module cached "this JavaScript engine has no WebAssembly"/),
    ]);
    vi.resetModules();
    expect(await processStateLeaks(before)).toEqual([]);
  });

  it('names each stubbed global, spy, env change, fast-check setting and fake timers', async () => {
    const before = captureProcessState();
    const savedGlobal = fc.readConfigureGlobal();
    vi.stubGlobal('WebAssembly', undefined);
    const random = Math.random;
    Math.random = () => 0.5;
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    process.env.WIXI_LEAK_TEST = '1';
    fc.configureGlobal({ ...savedGlobal, numRuns: 3 });
    vi.useFakeTimers();
    try {
      const leaks = (await processStateLeaks(before)).join('\n');
      expect(leaks).toMatch(/WebAssembly is replaced/);
      expect(leaks).toMatch(/Math\.random is replaced/);
      expect(leaks).toMatch(/console\.warn is replaced/);
      expect(leaks).toMatch(/process\.env changed: WIXI_LEAK_TEST$/m);
      expect(leaks).toMatch(/fast-check's global configuration changed/);
      expect(leaks).toMatch(/fake timers are still installed/);
    } finally {
      vi.useRealTimers();
      fc.configureGlobal(savedGlobal);
      delete process.env.WIXI_LEAK_TEST;
      vi.restoreAllMocks();
      Math.random = random;
      vi.unstubAllGlobals();
    }
    expect(await processStateLeaks(before)).toEqual([]);
  });
});
