import fc from 'fast-check';
import { createRng } from '../random/rng.js';
import type { Evidence } from '../stats/evidence.js';
import * as check from '../validate.js';
import type { AnyClaim, CheckContext } from './types.js';

/** What running a claim found. */
export interface ClaimResult {
  claim: AnyClaim;
  /** For a law: the evidence at the representative parameters. For a refutation: at the counterexample. */
  evidence: Evidence;
  /** True when the spec's verdict is what the claim says: the law holds, or the naive claim is refuted. */
  ok: boolean;
  /** Refutations: the shrunk counterexample, its telling feature, and how to replay it. */
  refutation?: {
    counterexample: unknown;
    feature: string;
    telling: boolean;
    numRuns: number;
    numShrinks: number;
    seed: number;
    path?: string;
  };
}

export interface RunOptions {
  /** Seed of the run (replays it exactly). */
  seed: number;
  /** False-alarm probability of the claim's decisions (default 1e-6). */
  alpha?: number;
  /** Power against the claim's declared deviation (default 1 − alpha). */
  power?: number;
  size?: 'quick' | 'full';
  /** Refutations: how many parameter sets fast-check may try (default 30). */
  numRuns?: number;
}

/**
 * Run one claim outside a test runner (the report and the CLI use this; the properties run the same
 * `check`). A law is checked at its representative parameters. A refutation is handed to
 * fast-check, which searches the claim's parameters for a case where the naive statement fails and
 * shrinks it; the result carries the shrunk counterexample and whether it shows the telling feature.
 */
export function runClaim(claim: AnyClaim, options: RunOptions): ClaimResult {
  if (claim === null || typeof claim !== 'object' || Array.isArray(claim)) {
    throw new TypeError(`claim must be a Claim (from wixi/claims), got ${check.show(claim)}`);
  }
  check.func('claim.check', claim.check);
  check.oneOf('claim.kind', claim.kind, ['law', 'refutation'] as const);
  if (claim.kind === 'refutation' && !(claim.parameters instanceof fc.Arbitrary)) {
    throw new TypeError(
      `claim.parameters must be a fast-check Arbitrary, got ${check.show(claim.parameters)}`,
    );
  }
  if (claim.telling !== undefined) check.func('claim.telling', claim.telling);
  const o = check.options<RunOptions>('options', options);
  const seed = check.integer('seed', o.seed, 0, Number.MAX_SAFE_INTEGER);
  const alpha = check.probability('alpha', o.alpha ?? 1e-6);
  const power = check.probability('power', o.power ?? 1 - alpha);
  const size = check.oneOf('size', o.size ?? 'full', ['quick', 'full'] as const);
  const context = (s: number): CheckContext => ({ rng: createRng(s), alpha, power, size });
  if (claim.kind === 'law') {
    const evidence = claim.check(claim.representative, context(seed));
    return { claim, evidence, ok: evidence.pass };
  }
  const numRuns = check.integer('numRuns', o.numRuns ?? 30, 1);
  const fcSeed = (seed % 2147483647) | 0;
  const details = fc.check(
    fc.property(
      claim.parameters,
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      (p, s) => claim.check(p, context(s)).pass,
    ),
    { seed: fcSeed, numRuns },
  );
  if (!details.failed || !details.counterexample) {
    const evidence = claim.check(claim.representative, context(seed));
    return {
      claim,
      evidence: {
        ...evidence,
        note: `no counterexample in ${numRuns} runs: the naive claim was NOT refuted`,
      },
      ok: false,
    };
  }
  const [p, s] = details.counterexample as [unknown, number];
  const evidence = claim.check(p, context(s));
  const t = claim.telling ? claim.telling(p) : { ok: true, feature: '' };
  return {
    claim,
    evidence,
    ok: !evidence.pass && t.ok,
    refutation: {
      counterexample: p,
      feature: t.feature,
      telling: t.ok,
      numRuns: details.numRuns,
      numShrinks: details.numShrinks,
      seed: fcSeed,
      path: details.counterexamplePath ?? undefined,
    },
  };
}
