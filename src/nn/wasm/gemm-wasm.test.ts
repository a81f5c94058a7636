/**
 * The committed WebAssembly bytes are built from the committed source: recompiling gemm.wat with
 * the build script's own function (the pinned `wabt` devDependency) gives exactly the bytes in
 * gemm-wasm.ts, and the script would write exactly that file. A .wat edited without
 * `npm run build:wasm` fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileWat, MODULE_PATH, renderModule, WAT_PATH } from '../../../scripts/build-wasm.js';
import { GEMM_WASM_BASE64 } from './gemm-wasm.js';

interface WasmApi {
  Module: { new (bytes: Uint8Array): object; exports(mod: object): { kind: string; name: string }[] };
}

describe('gemm-wasm.ts', () => {
  it('holds the bytes that gemm.wat compiles to, in the file the build script writes', async () => {
    const bytes = await compileWat(readFileSync(WAT_PATH, 'utf8'));
    expect(Buffer.from(GEMM_WASM_BASE64, 'base64').equals(Buffer.from(bytes))).toBe(true);
    expect(readFileSync(MODULE_PATH, 'utf8')).toBe(renderModule(bytes));
  });

  it('is a valid module exporting the two macro-kernels, the dense epilogue, the packing and its memory', () => {
    // tsconfig's lib has no WebAssembly declarations: the two calls used, typed here
    const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const mod = new api.Module(Buffer.from(GEMM_WASM_BASE64, 'base64'));
    expect(
      api.Module.exports(mod)
        .map((e) => `${e.kind} ${e.name}`)
        .sort(),
    ).toEqual([
      'function bias_finite_f64',
      'function gemm_f32',
      'function gemm_f64',
      'function pack4_f64',
      'function relu_f64',
      'memory memory',
    ]);
  });
});
