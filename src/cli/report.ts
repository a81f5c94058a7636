import { assertDistribution } from '../random/distributions.js';
import { createRng, freshSeed, normal, studentT, truncatedNormal, uniform } from '../random/index.js';
import type { Evidence } from '../stats/index.js';
import { formatEvidence, samplesFor, testVariance } from '../stats/index.js';
import * as check from '../validate.js';

/** Parse `--seed N` and `--quick` from the report's arguments. */
export function parseReportArgs(args: string[]): { seed: number; quick: boolean } {
  let seed: number | undefined;
  let quick = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--quick') quick = true;
    else if (a === '--seed') seed = check.integer('--seed', Number(args[++i]), 0, Number.MAX_SAFE_INTEGER);
    else throw new RangeError(`unknown option ${check.show(a)} for report`);
  }
  return { seed: seed ?? freshSeed(), quick };
}

/**
 * The report. Until the claims catalog exists it checks the foundation: each sampler's variance
 * against its exact value, with a planned sample size and a stated false-alarm rate.
 */
export function runReport(args: string[]): number {
  const { seed, quick } = parseReportArgs(args);
  const rng = createRng(seed);
  const alpha = 1e-6;
  console.log(`wixi report (seed ${seed}; replay with --seed ${seed})\n`);
  const families = [
    normal(),
    uniform({ lo: -1, hi: 1 }),
    truncatedNormal({ units: 'sigma' }),
    studentT({ nu: 12 }),
  ];
  let failed = 0;
  for (const d of families) {
    assertDistribution('d', d);
    const n = samplesFor({ relTol: quick ? 0.1 : 0.05, alpha, power: 0.999, kurtosis: d.kurtosis });
    const x = d.sample(rng.fork(), new Float64Array(n));
    const r = testVariance(x, d.variance, { alpha, relTol: quick ? 0.1 : 0.05, kurtosis: d.kurtosis });
    const e: Evidence = {
      claim: `sampler ${d.name} has its exact variance`,
      quantity: 'Var(X)',
      measured: r.measured,
      predicted: r.predicted,
      interval: r.interval,
      alpha,
      samples: n,
      pass: r.decision !== 'fail',
      decision: r.decision,
      params: { family: d.name },
    };
    if (!e.pass) failed++;
    console.log(`${e.pass ? 'PASS' : 'FAIL'}  ${formatEvidence(e)}\n`);
  }
  console.log(failed === 0 ? 'all checks hold' : `${failed} check(s) failed`);
  return failed === 0 ? 0 : 1;
}
