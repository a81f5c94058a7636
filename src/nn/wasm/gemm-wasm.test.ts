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
  Instance: new (
    mod: object,
  ) => { exports: { memory: { buffer: ArrayBuffer }; relu_f64(c: number, len: number): void } };
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

  it('relu_f64 maps −0, +0 and negatives to +0 and keeps positives, in the pairs and the odd tail', () => {
    // the driver never hands it a −0 (a GEMM lane starts at +0, and +0 + x is never −0 unless
    // x = −0 and the lane was −0), so the rule's sign of zero is checked on the export itself
    const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const { exports } = new api.Instance(new api.Module(Buffer.from(GEMM_WASM_BASE64, 'base64')));
    const values = [-0, 0, -1, 2, 5e-324, -5e-324, -Number.MAX_VALUE, Number.MAX_VALUE, -0];
    const heap = new Float64Array(exports.memory.buffer, 64, values.length + 1);
    heap.set([...values, 42]); // one value past the end, which must stay
    exports.relu_f64(64, values.length);
    // biome-ignore lint/complexity/useMathMinMax: the rule [v > 0] as written (Math.max(−0, 0) is not it)
    const want = values.map((v) => (v > 0 ? v : 0));
    for (let i = 0; i < values.length; i++) expect(Object.is(heap[i], want[i]), `${values[i]}`).toBe(true);
    expect(heap[values.length]).toBe(42);
  });
});
