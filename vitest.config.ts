import { defineConfig } from 'vitest/config';

// One seed for the whole run, chosen here (in the main process) so every worker shares it.
// WIXI_SEED=<seed> npm test replays a run; it is printed at the start of every run. A sharded run
// (--shard=i/n) is one process per shard: shards share a seed only if WIXI_SEED is set for all of
// them (properties/global-setup.ts says which; scripts/shards.ts).
const given = process.env.WIXI_SEED !== undefined && process.env.WIXI_SEED !== '';
const seed = given
  ? (process.env.WIXI_SEED as string)
  : String(globalThis.crypto.getRandomValues(new Uint32Array(1))[0]);
process.env.WIXI_SEED = seed;
if (!given) process.env.WIXI_SEED_CHOSEN = 'fresh';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'properties/**/*.property.ts', 'properties/**/*.test.ts'],
    env: { WIXI_SEED: seed },
    globalSetup: ['./properties/global-setup.ts'],
    // Test files share a worker's module cache and globals (no per-file isolation): re-importing
    // the library for each of 116 files in a fresh process cost about a third of the wall time
    // (README, "Running time"). The guard fails any file that leaves process-wide state changed.
    isolate: false,
    setupFiles: ['./properties/support/isolation-guard.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default is one worker per core minus one, i.e. a single worker on the 2-core CI
    // machine; the spec is CPU-bound and its files are independent, so use both cores.
    maxWorkers: 2,
    // `npm run coverage`: V8 coverage of the library's sources by the whole suite. The thresholds
    // are what the suite measured, minus a small margin, so a change that leaves code untested fails.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // bin.ts only runs as a child process (the CLI tests spawn it), where no coverage is collected
      exclude: ['src/**/*.test.ts', 'src/**/*.d.ts', 'src/cli/bin.ts'],
      reporter: ['text-summary', 'html', 'json-summary'],
      reportsDirectory: 'coverage',
      // measured 2026-12-08 (1246 tests): statements 96.8%, branches 89.9%, functions 95.8%, lines 97.3%
      thresholds: { statements: 95, branches: 88, functions: 94, lines: 95.5 },
    },
  },
});
