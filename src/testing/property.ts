import fc from 'fast-check';
import * as check from '../validate.js';
import { seedFor, suiteSeed } from './seed.js';

/**
 * Run a fast-check property seeded from the suite seed and the property's title, so that every
 * run of the suite explores new parameters (fresh seed) yet any failure replays exactly with
 * `WIXI_SEED=<seed> npx vitest run -t "<title>"`. On failure the thrown error carries fast-check's
 * report (shrunk counterexample, its seed and path) followed by the replay line.
 */
export function assertProperty<Ts extends [unknown, ...unknown[]]>(
  title: string,
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  predicate: (...args: Ts) => void,
  options: { numRuns: number; endOnFailure?: boolean },
): void {
  if (typeof title !== 'string' || title === '')
    throw new TypeError(`title must be a non-empty string, got ${check.show(title)}`);
  const numRuns = check.integer('numRuns', options.numRuns, 1);
  const seed = seedFor(title);
  const property = fc.property(
    ...(arbitraries as unknown as [fc.Arbitrary<unknown>]),
    predicate as (...a: unknown[]) => void,
  );
  const details = fc.check(property, { seed, numRuns, endOnFailure: options.endOnFailure ?? false });
  if (details.failed) {
    const report = fc.defaultReportMessage(details) ?? 'property failed';
    const cause =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(
      `${cause}\n\n${report}\n\nReplay exactly: WIXI_SEED=${suiteSeed()} npx vitest run -t "${title}"  (fast-check seed ${seed})`,
    );
  }
}

/**
 * Run a property that is expected to be FALSE (a refutation) and return fast-check's shrunk
 * counterexample. Throws if fast-check finds none in `numRuns` runs: the naive claim survived,
 * which means the spec lost its power to refute it.
 */
export function findCounterexample<Ts extends [unknown, ...unknown[]]>(
  title: string,
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  predicate: (...args: Ts) => boolean | undefined,
  options: { numRuns: number },
): { counterexample: Ts; error: unknown; numShrinks: number; seed: number; path: string | undefined } {
  const numRuns = check.integer('numRuns', options.numRuns, 1);
  const seed = seedFor(title);
  const property = fc.property(
    ...(arbitraries as unknown as [fc.Arbitrary<unknown>]),
    predicate as (...a: unknown[]) => boolean | undefined,
  );
  const details = fc.check(property, { seed, numRuns });
  if (!details.failed || details.counterexample === null) {
    throw new Error(
      `Refutation "${title}" found no counterexample in ${numRuns} runs: the naive claim was not refuted. ` +
        `Replay: WIXI_SEED=${suiteSeed()} npx vitest run -t "${title}"`,
    );
  }
  return {
    counterexample: details.counterexample as Ts,
    error: details.errorInstance,
    numShrinks: details.numShrinks,
    seed,
    path: details.counterexamplePath ?? undefined,
  };
}
