// @ts-check
/**
 * `npm run mutate`: mutation testing (Stryker) of src/init, src/stats, src/theory and src/nn with the
 * unit tests of vitest.mutate.config.ts. `WIXI_MUTATE=theory,nn npm run mutate` (or
 * `npm run mutate:theory`) mutates only those folders; each selection has its own reports and
 * incremental file in reports/mutation/. Scores and the equivalent mutants: docs/mutation.md.
 *
 * Not mutated: the tests, and src/nn/wasm/gemm-wasm.ts, the generated base64 of the WebAssembly
 * binary (a mutated string is an invalid module, which says nothing about the tests); gemm.wat itself
 * is not TypeScript, and its JS driver (src/nn/wasm/kernel.ts) is mutated like any other file.
 */
const ALL = ['init', 'stats', 'theory', 'nn'];
const selected = (process.env.WIXI_MUTATE ?? '').split(',').filter((s) => s !== '');
for (const folder of selected) {
  if (!ALL.includes(folder)) throw new RangeError(`WIXI_MUTATE: unknown folder ${folder} (one of ${ALL})`);
}
const folders = selected.length > 0 ? selected : ALL;
const name = selected.length > 0 ? selected.join('-') : 'all';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: [
    ...folders.map((f) => `src/${f}/**/*.ts`),
    '!src/**/*.test.ts',
    '!src/nn/wasm/gemm-wasm.ts',
  ],
  ignorePatterns: ['dist', 'coverage', 'reports', 'docs', 'bench', '.ci'],
  // the development machine has 2 cores, shared; STRYKER_CONCURRENCY=2 when it is free
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 1),
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  incremental: true,
  incrementalFile: `reports/mutation/${name}-incremental.json`,
  thresholds: { high: 90, low: 85, break: null },
  // one temporary directory per selection, so runs of different folders can proceed at the same time
  tempDirName: `.stryker-tmp/${name}`,
  cleanTempDir: 'always',
};
