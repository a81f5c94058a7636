import type fc from 'fast-check';
import type { Rng } from '../random/rng.js';
import type { Evidence } from '../stats/evidence.js';

/** A law the spec asserts, or a naive claim the spec refutes with a counterexample. */
export type ClaimKind = 'law' | 'refutation';

/** What a check is given: a seeded stream and the error rates its decision must keep. */
export interface CheckContext {
  /** The seeded stream for this check; fork it for independent replicates. */
  rng: Rng;
  /** False-alarm probability of this check's decision (P(fail) when the statement is true). */
  alpha: number;
  /**
   * Power against the claim's declared smallest deviation (P(fail) when the statement is off by at
   * least that much). Refutations rely on it to find counterexamples every time.
   */
  power: number;
  /** 'quick' for the report's --quick mode (a larger detectable deviation, fewer samples). */
  size?: 'quick' | 'full';
}

/**
 * One claim of the discussion (or one it implies), defined once and run by the properties, the
 * report and the CLI alike.
 *
 * For a `law`, `check` measures the claimed quantity and `Evidence.pass` says whether the law held.
 * For a `refutation`, `check` tests the NAIVE statement: `pass` means the naive statement survived
 * at these parameters; fast-check searches `parameters` for a case where it does not, shrinks it,
 * and `telling` confirms the shrunk counterexample shows the feature that makes the naive claim
 * wrong.
 */
export interface Claim<P = unknown> {
  /** Stable identifier, e.g. `product-law`. */
  readonly id: string;
  /** The property's name: reads like the claim. */
  readonly title: string;
  /** The claim in our own words. */
  readonly statement: string;
  /** Where it comes from: the discussion (who said it), a paper. */
  readonly source: string;
  readonly kind: ClaimKind;
  /** The claim family: one property file per family. */
  readonly family: string;
  /** What the claim quantifies over. */
  readonly parameters: fc.Arbitrary<P>;
  /** A representative case, run by the report. */
  readonly representative: P;
  /** Measure and decide. Must be deterministic given `params` and `ctx.rng`. */
  check(params: P, ctx: CheckContext): Evidence;
  /** The theory's prediction of the checked quantity. */
  predict(params: P): number;
  /** Refutations: does a counterexample show the telling feature? `feature` says what it is. */
  telling?(counterexample: P): { ok: boolean; feature: string };
  /** Refutations: what the counterexample teaches, in one or two sentences. */
  readonly lesson?: string;
}

/** A claim of any parameter type (the catalog's element type). */
// biome-ignore lint/suspicious/noExplicitAny: the catalog holds claims of different parameter types
export type AnyClaim = Claim<any>;
