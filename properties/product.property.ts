/** Claim family 1: the product rule, its general form with means, and the refuted zero-mean form everywhere. */
import { describe, it } from 'vitest';
import type { ProductParams } from '../src/claims/index.js';
import { productLaw, productLawGeneral, productZeroMeanFormRefuted } from '../src/claims/index.js';
import { budget } from './budget.js';
import { checkLaw, checkNegativeControl, checkRefutation, SHRINK_ALLOWANCE } from './spec.js';

const RUNS = 6;
const REFUTE_RUNS = 40; // refutations stop at the first counterexample; more runs make finding one certain
const alpha = budget.perCheck('product', 3 * RUNS + REFUTE_RUNS + SHRINK_ALLOWANCE);
const farFrom = (a: number, b: number) => Math.abs(Math.log(a / b)) > Math.log(1.1);

describe('product: Var(WX)', () => {
  it(productLaw.title, () => checkLaw(productLaw, { numRuns: RUNS, alpha }));
  it(productLawGeneral.title, () => checkLaw(productLawGeneral, { numRuns: RUNS, alpha }));
  it(productZeroMeanFormRefuted.title, () =>
    checkRefutation(productZeroMeanFormRefuted, { numRuns: REFUTE_RUNS, alpha }),
  );
  it('negative control: standard deviations used as variances are rejected', () =>
    checkNegativeControl(
      productLaw,
      {
        name: 'sd(W)·sd(X) predicted',
        predict: (p: ProductParams) => Math.sqrt(p.w.variance * p.x.variance),
        applies: (p: ProductParams) =>
          farFrom(Math.sqrt(p.w.variance * p.x.variance), p.w.variance * p.x.variance),
      },
      { numRuns: RUNS, alpha },
    ));
});
