/** Claim families 2 and 4: the sum law and the refutation of "small products make z vanish". */
import { describe, it } from 'vitest';
import type { SumParams } from '../src/claims/index.js';
import { smallProductsRefuted, sumLaw, sumLawScaled, sumLawVarianceRefuted } from '../src/claims/index.js';
import { budget } from './budget.js';
import { checkLaw, checkNegativeControl, checkRefutation, SHRINK_ALLOWANCE } from './spec.js';

const RUNS = 6;
const REFUTE_RUNS = 40; // refutations stop at the first counterexample; more runs make finding one certain
const alpha = budget.perCheck('sum', 3 * RUNS + 2 * (REFUTE_RUNS + SHRINK_ALLOWANCE));

describe('sum: Var(Σ WᵢXᵢ)', () => {
  it(sumLaw.title, () => checkLaw(sumLaw, { numRuns: RUNS, alpha }));
  it(sumLawScaled.title, () => checkLaw(sumLawScaled, { numRuns: RUNS, alpha }));
  it(sumLawVarianceRefuted.title, () =>
    checkRefutation(sumLawVarianceRefuted, { numRuns: REFUTE_RUNS, alpha }),
  );
  it(smallProductsRefuted.title, () =>
    checkRefutation(smallProductsRefuted, { numRuns: REFUTE_RUNS, alpha }),
  );
  it('negative control: a law without the factor n is rejected', () =>
    checkNegativeControl(
      sumLaw,
      {
        name: 'Var(W)·E[X²] predicted (n forgotten)',
        predict: (p: SumParams) => p.w.variance * p.x.secondMoment,
        applies: (p: SumParams) => p.n >= 2,
      },
      { numRuns: RUNS, alpha },
    ));
});
