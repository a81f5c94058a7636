/**
 * Claim family 11: real inputs. Fashion-MNIST pixels in [0, 1] have mean 0.296, so a zero-mean
 * layer propagates their second moment E[X²] = 0.2155, not their variance 0.1277; centring makes
 * the two agree.
 */
import { describe, it } from 'vitest';
import {
  type PixelSumParams,
  pixelData,
  realInputsSecondMoment,
  realInputsVarianceRefuted,
} from '../src/claims/real-inputs.js';
import { budget } from './budget.js';
import { checkLaw, checkNegativeControl, checkRefutation, SHRINK_ALLOWANCE } from './spec.js';

const RUNS = 3;
const CONTROL_RUNS = 2;
const REFUTE_RUNS = 40; // the first raw-pixel case refutes; more runs only make finding one certain
const alpha = budget.perCheck('realInputs', RUNS + CONTROL_RUNS + REFUTE_RUNS + SHRINK_ALLOWANCE);

describe('real inputs: pixels propagate their second moment', () => {
  it(realInputsSecondMoment.title, () => checkLaw(realInputsSecondMoment, { numRuns: RUNS, alpha }));
  it(realInputsVarianceRefuted.title, () =>
    checkRefutation(realInputsVarianceRefuted, { numRuns: REFUTE_RUNS, alpha }),
  );
  it('negative control: "Var(z) = n·Var(W)·Var(X)" for raw pixels is rejected', () =>
    checkNegativeControl(
      realInputsSecondMoment,
      {
        name: 'n·Var(W)·Var(X) predicted',
        predict: (p: PixelSumParams) => p.scale * pixelData().secondMoment.centred,
        applies: (p: PixelSumParams) => !p.centred,
      },
      { numRuns: CONTROL_RUNS, alpha },
    ));
});
