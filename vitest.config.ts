import { defineConfig } from 'vitest/config';

// One seed for the whole run, chosen here (in the main process) so every worker shares it.
// WIXI_SEED=<seed> npm test replays a run; it is printed at the start of every run.
const seed =
  process.env.WIXI_SEED && process.env.WIXI_SEED !== ''
    ? process.env.WIXI_SEED
    : String(globalThis.crypto.getRandomValues(new Uint32Array(1))[0]);
process.env.WIXI_SEED = seed;

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'properties/**/*.property.ts', 'properties/**/*.test.ts'],
    env: { WIXI_SEED: seed },
    globalSetup: ['./properties/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default is one worker per core minus one, i.e. a single worker on the 2-core CI
    // machine; the spec is CPU-bound and its files are independent, so use both cores.
    maxWorkers: 2,
  },
});
