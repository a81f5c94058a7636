/**
 * How the spec runs a claim from the catalog as a property: laws must hold for every generated
 * parameter set; refutations must be falsified with a shrunk counterexample that shows the telling
 * feature; negative controls (a deliberately wrong prediction) must be rejected every time.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { AnyClaim, CheckContext } from '../src/claims/types.js';
import { createRng } from '../src/random/rng.js';
import { assertEvidence, formatEvidence } from '../src/stats/evidence.js';
import { seed } from '../src/testing/arbitraries.js';
import { assertProperty, findCounterexample } from '../src/testing/property.js';

/** Decisions a refutation may make while fast-check shrinks (budgeted as if all were made). */
export const SHRINK_ALLOWANCE = 200;

function context(s: number, alpha: number): CheckContext {
  // power 1 − α: a miss (a control not rejected, a counterexample not found) is as unlikely as a false alarm
  return { rng: createRng(s), alpha, power: 1 - alpha };
}

/** The law holds at every generated parameter set (fails with the evidence paragraph otherwise). */
export function checkLaw(claim: AnyClaim, options: { numRuns: number; alpha: number }): void {
  expect(claim.kind).toBe('law');
  assertProperty(
    claim.title,
    [claim.parameters, seed],
    (p, s) => {
      assertEvidence(claim.check(p, context(s, options.alpha)));
    },
    { numRuns: options.numRuns },
  );
}

/**
 * fast-check must falsify the naive claim, and the shrunk counterexample must show the telling
 * feature. Prints the counterexample (it is the lesson).
 */
export function checkRefutation(claim: AnyClaim, options: { numRuns: number; alpha: number }): void {
  expect(claim.kind).toBe('refutation');
  const found = findCounterexample(
    claim.title,
    [claim.parameters, seed],
    (p, s) => claim.check(p, context(s, options.alpha)).pass,
    { numRuns: options.numRuns },
  );
  const [p, s] = found.counterexample;
  const evidence = claim.check(p, context(s, options.alpha));
  const telling = claim.telling ? claim.telling(p) : { ok: true, feature: '' };
  console.log(
    `\n${claim.title}\n  counterexample (shrunk ${found.numShrinks}×, fast-check seed ${found.seed}, path ${found.path}):` +
      `\n  ${fc.stringify(p)}\n  ${telling.feature}\n  ${formatEvidence(evidence)}\n  lesson: ${claim.lesson ?? ''}`,
  );
  expect(
    evidence.pass,
    `the shrunk counterexample no longer refutes the naive claim: ${formatEvidence(evidence)}`,
  ).toBe(false);
  expect(telling.ok, `the counterexample lacks the telling feature: ${telling.feature}`).toBe(true);
}

/**
 * A negative control: the same check with a deliberately wrong prediction must fail at every
 * generated parameter set where the wrong prediction is off by more than the check's tolerance
 * (`applies`). Shows the law's property is not vacuous.
 */
export function checkNegativeControl(
  claim: AnyClaim,
  control: { name: string; predict: (p: never) => number; applies: (p: never) => boolean },
  options: { numRuns: number; alpha: number },
): void {
  const mutant: AnyClaim = { ...claim, predict: control.predict as (p: unknown) => number };
  const title = `negative control for "${claim.title}": ${control.name}`;
  assertProperty(
    title,
    [claim.parameters.filter((p) => control.applies(p as never)), seed],
    (p, s) => {
      const e = mutant.check(p, context(s, options.alpha));
      if (e.pass) throw new Error(`${title} was NOT rejected: ${formatEvidence(e)}`);
    },
    { numRuns: options.numRuns },
  );
}
