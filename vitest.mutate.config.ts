import { defineConfig } from 'vitest/config';

// The vitest configuration of `npm run mutate` (Stryker, stryker.config.mjs): the fast,
// deterministic unit tests of the library's core, with the suite seed fixed.
//
// The seed must be fixed: Stryker's vitest runner maps mutants to tests by their full names, and a
// run that drew a fresh seed could differ between the dry run and a mutant's run (fast-check seeds
// derive from WIXI_SEED, src/testing/seed.ts). Test titles never contain random values.
//
// Left out, because they are slow (seconds per test, too slow to rerun per mutant) or test other
// folders than the mutated ones: the executable spec (properties/, statistical checks over many
// samples), the CLI's child-process tests, the browser check of the report, the fuzz property and
// the benchmarks. The hand-written negative controls in properties/ stay the check of the numeric
// constants, which Stryker does not mutate.
process.env.WIXI_SEED ??= '20261129';

export default defineConfig({
  test: {
    include: ['src/{init,stats,theory,nn,random}/**/*.test.ts'],
    env: { WIXI_SEED: process.env.WIXI_SEED },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
