/**
 * Claim family 10: residual connections. Over random widths, depths (the growth law's up to 100,
 * on a log scale; see src/claims/residual.ts), branch scales α and branch variances, a stack of blocks x + α·W₂relu(W₁x) multiplies E‖x‖² by 1 + α²c₁c₂/2 per block (a unit
 * branch doubles it), α = 1/√L keeps the growth at (1 + 1/L)^L < e, and the identity path keeps
 * backpropagated gradients from vanishing where a plain ReLU net with the same tiny Var(W) loses c/2
 * per layer. fast-check refutes "every unit-gain branch doubles E‖x‖²" with a one-layer ReLU branch,
 * whose positive mean adds a cross term after the first block. Checks test the law block by block
 * (src/claims/layer-ratios.ts) with one observation per independent replicate network.
 */
import { describe, it } from 'vitest';
import {
  branchGain,
  type ResidualParams,
  residualDoublingRefuted,
  residualGradientLaw,
  residualGrowthLaw,
  residualScaledLaw,
  type ScaledResidualParams,
  type SkipGradientParams,
} from '../src/claims/residual.js';
import { budget } from './budget.js';
import { checkLaw, checkNegativeControl, checkRefutation, SHRINK_ALLOWANCE } from './spec.js';

const RUNS = 4;
const CONTROL_RUNS = 3;
// about one run in three refutes (15 of 40 measured at α = 1e-10): a miss fails the suite, so
// 0.625^REFUTE_RUNS must be far below the budget (≈ 3e-25 at 120); the search stops at the first hit
const REFUTE_RUNS = 120;
/** Three laws, four negative controls, one refutation with its shrinking. */
const alpha = budget.perCheck('residual', 3 * RUNS + 4 * CONTROL_RUNS + REFUTE_RUNS + SHRINK_ALLOWANCE);

describe('residual: x + α·F(x)', () => {
  it(residualGrowthLaw.title, () => checkLaw(residualGrowthLaw, { numRuns: RUNS, alpha }));
  it(residualScaledLaw.title, () => checkLaw(residualScaledLaw, { numRuns: RUNS, alpha }));
  it(residualGradientLaw.title, () => checkLaw(residualGradientLaw, { numRuns: RUNS, alpha }));
  it(residualDoublingRefuted.title, () =>
    checkRefutation(residualDoublingRefuted, { numRuns: REFUTE_RUNS, alpha }),
  );
  it('negative control: forgetting the skip (the plain branch law (α²c₁c₂/2)^L) is rejected', () =>
    checkNegativeControl(
      residualGrowthLaw,
      {
        name: '(α²g)^L predicted',
        predict: (p: ResidualParams) => (p.alpha * p.alpha * branchGain(p)) ** p.depth,
        applies: () => true,
      },
      { numRuns: CONTROL_RUNS, alpha },
    ));
  it('negative control: a per-block factor 10% too large is rejected', () =>
    checkNegativeControl(
      residualGrowthLaw,
      {
        name: '(1.1·(1 + α²g))^L predicted',
        predict: (p: ResidualParams) => (1.1 * (1 + p.alpha * p.alpha * branchGain(p))) ** p.depth,
        applies: () => true,
      },
      { numRuns: CONTROL_RUNS, alpha },
    ));
  it('negative control: ignoring the 1/√L scale (doubling, 2^L) is rejected', () =>
    checkNegativeControl(
      residualScaledLaw,
      {
        name: '2^L predicted',
        predict: (p: ScaledResidualParams) => 2 ** p.depth,
        applies: (p: ScaledResidualParams) => p.depth >= 2,
      },
      { numRuns: CONTROL_RUNS, alpha },
    ));
  it('negative control: the plain net’s vanishing law (c/2)^L predicted for the residual net is rejected', () =>
    checkNegativeControl(
      residualGradientLaw,
      {
        name: '(c/2)^L predicted with skips',
        predict: (p: SkipGradientParams) => (p.c / 2) ** p.depth,
        applies: () => true,
      },
      { numRuns: CONTROL_RUNS, alpha },
    ));
});
