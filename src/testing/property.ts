import fc from 'fast-check';
import * as check from '../validate.js';
import { assertArbitrary } from './arbitraries.js';
import { seedFor, suiteSeed } from './seed.js';

/** The most arbitraries a property takes (fast-check spreads them into one call). */
const MAX_ARBITRARIES = 1000;
/** The most runs a property makes: 10⁶ (about a second for a trivial predicate; more is a hang, not a test). */
const MAX_RUNS = 1_000_000;

/**
 * Check the arguments shared by assertProperty and findCounterexample: a non-empty title, 1 to
 * 1000 fast-check arbitraries (read by an indexed loop after a length check, so a sparse
 * `new Array(2 ** 32 - 1)` is refused at once), a predicate function, and options with an integer
 * numRuns in [1, 10⁶] and an optional boolean endOnFailure.
 */
function checkPropertyArgs(
  title: unknown,
  arbitraries: unknown,
  predicate: unknown,
  options: unknown,
): { arbs: fc.Arbitrary<unknown>[]; numRuns: number; endOnFailure: boolean } {
  if (typeof title !== 'string' || title === '')
    throw new TypeError(`title must be a non-empty string, got ${check.show(title)}`);
  const arbs = check.listOf(
    'arbitraries',
    arbitraries,
    (name, a) => {
      assertArbitrary(name, a);
      return a;
    },
    { min: 1, max: MAX_ARBITRARIES, what: 'an array of fast-check arbitraries' },
  );
  check.func('predicate', predicate);
  if (options === undefined)
    throw new TypeError('options must be an options object {numRuns}, got undefined');
  const o = check.options<{ numRuns: number; endOnFailure: boolean }>('options', options);
  const numRuns = check.integer('options.numRuns', o.numRuns, 1, MAX_RUNS);
  if (o.endOnFailure !== undefined && typeof o.endOnFailure !== 'boolean')
    throw new TypeError(`options.endOnFailure must be a boolean, got ${check.show(o.endOnFailure)}`);
  return { arbs, numRuns, endOnFailure: o.endOnFailure ?? false };
}

/**
 * Run a fast-check property seeded from the suite seed and the property's title, so that every
 * run of the suite explores new parameters (fresh seed) yet any failure replays exactly with
 * `WIXI_SEED=<seed> npx vitest run -t "<title>"`. On failure the thrown error carries fast-check's
 * report (shrunk counterexample, its seed and path) followed by the replay line. Bad arguments
 * (an empty title, no or non-Arbitrary arbitraries, a non-function predicate, a missing or
 * non-integer options.numRuns, or one above 10⁶) are a TypeError or RangeError naming the argument.
 */
export function assertProperty<Ts extends [unknown, ...unknown[]]>(
  title: string,
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  predicate: (...args: Ts) => void,
  options: { numRuns: number; endOnFailure?: boolean },
): void {
  const { arbs, numRuns, endOnFailure } = checkPropertyArgs(title, arbitraries, predicate, options);
  const seed = seedFor(title);
  const property = fc.property(...(arbs as [fc.Arbitrary<unknown>]), predicate as (...a: unknown[]) => void);
  const details = fc.check(property, { seed, numRuns, endOnFailure });
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
  const { arbs, numRuns } = checkPropertyArgs(title, arbitraries, predicate, options);
  const seed = seedFor(title);
  const property = fc.property(
    ...(arbs as [fc.Arbitrary<unknown>]),
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
