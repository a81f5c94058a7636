/**
 * Claim family 13: dynamical isometry. Orthogonal weights preserve every norm of a linear network
 * exactly; Gaussian weights of the same variance preserve only the mean, and norms spread with
 * log-variance Σψ'(n/2) ≈ 2·Σ1/n.
 */
import { describe, it } from 'vitest';
import {
  type GaussianLinearParams,
  gaussianIsometryRefuted,
  gaussianLinearSpread,
  type OrthogonalParams,
  orthogonalIsometry,
} from '../src/claims/isometry.js';
import { budget } from './budget.js';
import { checkLaw, checkNegativeControl, checkRefutation } from './spec.js';

const EXACT_RUNS = 40; // exact checks: cheap, no false alarms, many shapes
const RUNS = 3;
const CONTROL_RUNS = 2;
const REFUTE_RUNS = 20;
// Statistical decisions: the Gaussian spread law and its control. The orthogonal law and the
// refutation are exact (float64 to 1e-12, or an observed ratio outside the band): not counted.
const alpha = budget.perCheck('isometry', RUNS + CONTROL_RUNS);
/** The spread law's planned relative resolution (see isometry.ts). */
const SPREAD_REL_TOL = 0.15;

describe('isometry: orthogonal preserves every norm, Gaussian only the mean', () => {
  it(orthogonalIsometry.title, () => checkLaw(orthogonalIsometry, { numRuns: EXACT_RUNS, alpha }));
  it(gaussianLinearSpread.title, () => checkLaw(gaussianLinearSpread, { numRuns: RUNS, alpha }));
  it(gaussianIsometryRefuted.title, () =>
    checkRefutation(gaussianIsometryRefuted, { numRuns: REFUTE_RUNS, alpha }),
  );
});

describe('isometry: negative controls', () => {
  it('negative control: "the mean square per unit is preserved" (‖x_L‖²/‖x₀‖² = n_L/n₀) is rejected for expanding layers', () =>
    checkNegativeControl(
      orthogonalIsometry,
      {
        name: '‖x_L‖²/‖x₀‖² = n_L/n₀ predicted',
        predict: (p: OrthogonalParams) => p.widths[p.widths.length - 1] / p.widths[0],
        applies: (p: OrthogonalParams) => p.widths[p.widths.length - 1] !== p.widths[0],
      },
      { numRuns: EXACT_RUNS, alpha },
    ));
  it('negative control: "Gaussian layers spread like ReLU ones" (Var log = 5·Σ1/n) is rejected', () =>
    checkNegativeControl(
      gaussianLinearSpread,
      {
        name: 'Var log = 5L/n predicted',
        predict: (p: GaussianLinearParams) => (5 * p.depth) / p.width,
        applies: (p: GaussianLinearParams) =>
          Math.abs(Math.log((5 * p.depth) / p.width / gaussianLinearSpread.predict(p))) >=
          Math.log1p(SPREAD_REL_TOL),
      },
      { numRuns: CONTROL_RUNS, alpha },
    ));
});
