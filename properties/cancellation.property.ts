/** Claim family 3: cancelling signs do not remove the expected magnitude of z. */
import { describe, it } from 'vitest';
import type { CancellationParams } from '../src/claims/cancellation.js';
import { cancellationMeanAbs, cancellationRare, cancellationSecondMoment } from '../src/claims/index.js';
import { budget } from './budget.js';
import { checkLaw, checkNegativeControl } from './spec.js';

const RUNS = 5;
const alpha = budget.perCheck('cancellation', 5 * RUNS);

describe('cancellation: signs cancel, magnitude stays', () => {
  it(cancellationSecondMoment.title, () => checkLaw(cancellationSecondMoment, { numRuns: RUNS, alpha }));
  it(cancellationMeanAbs.title, () => checkLaw(cancellationMeanAbs, { numRuns: RUNS, alpha }));
  it(cancellationRare.title, () => checkLaw(cancellationRare, { numRuns: RUNS, alpha }));
  it('negative control: "cancellation halves E[z²]" is rejected', () =>
    checkNegativeControl(
      cancellationSecondMoment,
      {
        name: 'E[z²] = ½·E[Σ(WᵢXᵢ)²] predicted',
        predict: (p: CancellationParams) => 0.5 * cancellationSecondMoment.predict(p),
        applies: () => true,
      },
      { numRuns: RUNS, alpha },
    ));
});

describe('cancellation: negative control for E|z|', () => {
  it('negative control: E|z| = sd(z) (no √(2/π)) is rejected', () =>
    checkNegativeControl(
      cancellationMeanAbs,
      {
        name: 'E|z| = sd(z) predicted',
        predict: (p: CancellationParams) => Math.sqrt(cancellationSecondMoment.predict(p)),
        applies: () => true,
      },
      { numRuns: RUNS, alpha },
    ));
});
