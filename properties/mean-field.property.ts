/**
 * Claim family 14: mean field. Gradient second moments are multiplied by χ_l = σw²·E[φ'(z_l)²] per
 * layer: flat at the edge of chaos (tanh σw² = 1, ReLU σw² = 2), geometric on either side; a
 * derivative ≤ 1 does not stop them exploding.
 */
import { describe, it } from 'vitest';
import {
  type GradientParams,
  meanFieldGradients,
  tanhGradientsCannotExplodeRefuted,
} from '../src/claims/mean-field.js';
import { chi1 } from '../src/theory/mean-field.js';
import { budget } from './budget.js';
import { checkLaw, checkNegativeControl, checkRefutation, SHRINK_ALLOWANCE } from './spec.js';

const RUNS = 3;
const CONTROL_RUNS = 2;
// one run in five refutes (measured at α = 1e-10, full size: 8 of 40); a miss fails the suite, so
// the search must be long enough that 0.8^REFUTE_RUNS is far below the budget (≈ 4e-20 at 200); it
// stops at the first counterexample, so the expected cost is ≈ 5 runs whatever the limit
const REFUTE_RUNS = 200;
const alpha = budget.perCheck('meanField', RUNS + 2 * CONTROL_RUNS + REFUTE_RUNS + SHRINK_ALLOWANCE);
/** The per-layer resolution of the gradient law (see mean-field.ts): the total tolerance is 1.04^L − 1. */
const PER_LAYER_TOL = 0.04;
const far = (a: number, b: number, depth: number) =>
  Math.abs(Math.log(a / b)) >= depth * Math.log1p(PER_LAYER_TOL);

/** χ₁^L: the geometric rate at the fixed point, ignoring the forward transient. */
const chiPower = (p: GradientParams) => chi1(p.activation, p.weightVariance, 0) ** p.depth;

describe('mean field: gradients across depth', () => {
  it(meanFieldGradients.title, () => checkLaw(meanFieldGradients, { numRuns: RUNS, alpha }));
  it(tanhGradientsCannotExplodeRefuted.title, () =>
    checkRefutation(tanhGradientsCannotExplodeRefuted, { numRuns: REFUTE_RUNS, alpha }),
  );
});

describe('mean field: negative controls', () => {
  it('negative control: "gradients neither explode nor vanish" (E[g₀²]/E[g_L²] = 1 always) is rejected off the edge of chaos', () =>
    checkNegativeControl(
      meanFieldGradients,
      {
        name: 'gain 1 predicted',
        predict: () => 1,
        applies: (p: GradientParams) => far(1, meanFieldGradients.predict(p), p.depth),
      },
      { numRuns: CONTROL_RUNS, alpha },
    ));
  it('negative control: χ₁^L at the fixed point (ignoring the forward transient) is rejected where the transient matters', () =>
    checkNegativeControl(
      meanFieldGradients,
      {
        name: 'χ₁^L predicted',
        predict: chiPower,
        applies: (p: GradientParams) => far(chiPower(p), meanFieldGradients.predict(p), p.depth),
      },
      { numRuns: CONTROL_RUNS, alpha },
    ));
});
