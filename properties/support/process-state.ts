/**
 * The process-wide state one test file could leave changed for the next one when vitest runs test
 * files in a shared worker (`isolate: false`, vitest.config.ts): the default GEMM kernel, the
 * globals the suite stubs (WebAssembly, Math.random, console), process.env, the working directory,
 * the exit code, fast-check's global settings and vitest's fake timers, and the WebAssembly kernel's
 * cached availability. isolation-guard.ts takes a
 * snapshot before each test file and fails the file if `processStateLeaks` finds a difference after
 * its last test.
 */
import fc from 'fast-check';
import { vi } from 'vitest';

const consoleMethods = ['log', 'error', 'warn', 'info', 'debug'] as const;

/** What `captureProcessState` notes; compare with `processStateLeaks`. */
export interface ProcessState {
  readonly webAssembly: unknown;
  readonly random: () => number;
  readonly console: readonly unknown[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly exitCode: typeof process.exitCode;
  readonly fastCheck: string;
}

/** The names of the variables set, unset or changed between `before` and now. */
function envChanges(before: Readonly<Record<string, string | undefined>>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(process.env)]);
  return [...names].filter((k) => before[k] !== process.env[k]).sort();
}

/** A snapshot of the process-wide state (identities of the globals, copies of the values). */
export function captureProcessState(): ProcessState {
  return {
    webAssembly: (globalThis as { WebAssembly?: unknown }).WebAssembly,
    random: Math.random,
    console: consoleMethods.map((m) => console[m]),
    env: { ...process.env },
    cwd: process.cwd(),
    exitCode: process.exitCode,
    fastCheck: JSON.stringify(fc.readConfigureGlobal()),
  };
}

/**
 * What differs from `before`, one sentence each ([] when nothing does). The default GEMM kernel is
 * compared with what an untouched process has (WIXI_KERNEL, else 'auto') and reset as it is read
 * (setGemmKernel(undefined) both returns and clears it), so one leak does not cascade.
 */
export async function processStateLeaks(before: ProcessState): Promise<string[]> {
  const leaks: string[] = [];
  const { setGemmKernel } = await import('../../src/nn/matmul.js');
  try {
    const kernel = setGemmKernel(undefined);
    const fromEnv = process.env.WIXI_KERNEL || 'auto';
    if (kernel !== fromEnv)
      leaks.push(`the default GEMM kernel is '${kernel}', not '${fromEnv}' (setGemmKernel not undone)`);
  } catch (e) {
    leaks.push(`the default GEMM kernel cannot be read: ${(e as Error).message}`);
  }
  const webAssembly = (globalThis as { WebAssembly?: { validate?: (b: Uint8Array) => boolean } }).WebAssembly;
  if (webAssembly !== before.webAssembly) {
    leaks.push('globalThis.WebAssembly is replaced (vi.stubGlobal without vi.unstubAllGlobals)');
  } else if (typeof webAssembly?.validate === 'function') {
    // the kernel module caches its first answer: one instantiated under a stub would keep saying
    // "unavailable" (and 'auto' would quietly run TypeScript) for every later file of the worker
    const { GEMM_WASM_BASE64 } = await import('../../src/nn/wasm/gemm-wasm.js');
    const { wasmUnavailableReason } = await import('../../src/nn/wasm/kernel.js');
    const reason = wasmUnavailableReason();
    if (webAssembly.validate(Buffer.from(GEMM_WASM_BASE64, 'base64')) && reason !== '') {
      leaks.push(
        `the WebAssembly kernel module cached "${reason}" although this engine runs it (loaded under a stub, no vi.resetModules)`,
      );
    }
  }
  if (Math.random !== before.random) leaks.push('Math.random is replaced');
  consoleMethods.forEach((m, i) => {
    if (console[m] !== before.console[i]) leaks.push(`console.${m} is replaced (a spy not restored)`);
  });
  const env = envChanges(before.env);
  if (env.length > 0) leaks.push(`process.env changed: ${env.join(', ')}`);
  if (process.cwd() !== before.cwd) leaks.push(`the working directory changed to ${process.cwd()}`);
  if (process.exitCode !== before.exitCode) leaks.push(`process.exitCode changed to ${process.exitCode}`);
  if (JSON.stringify(fc.readConfigureGlobal()) !== before.fastCheck) {
    leaks.push("fast-check's global configuration changed");
  }
  if (vi.isFakeTimers()) leaks.push('fake timers are still installed');
  return leaks;
}
