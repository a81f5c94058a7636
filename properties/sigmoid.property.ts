/** Claim family 5: the sigmoid's slope is at most 1/4 and collapses when pre-activations are large. */
import { describe, it } from 'vitest';
import { sigmoidSaturation, sigmoidSlopeBound } from '../src/claims/index.js';
import type { SaturationParams } from '../src/claims/sigmoid.js';
import { meanSigmoidSlope } from '../src/claims/sigmoid.js';
import { budget } from './budget.js';
import { checkLaw, checkNegativeControl } from './spec.js';

const RUNS = 6;
const alpha = budget.perCheck('sigmoid', 2000 + 2 * RUNS);

describe("sigmoid: σ' ≤ 1/4 and saturation", () => {
  it(sigmoidSlopeBound.title, () => checkLaw(sigmoidSlopeBound, { numRuns: 2000, alpha }));
  it(sigmoidSaturation.title, () => checkLaw(sigmoidSaturation, { numRuns: RUNS, alpha }));
  it("negative control: assuming the slope stays at σ'(0)·E = 0.2066 whatever Var(z) is rejected", () =>
    checkNegativeControl(
      sigmoidSaturation,
      {
        name: 'no saturation',
        predict: () => meanSigmoidSlope(1),
        applies: (p: SaturationParams) =>
          Math.abs(meanSigmoidSlope(1) / meanSigmoidSlope(p.scale * p.x.secondMoment) - 1) > 0.2,
      },
      { numRuns: RUNS, alpha },
    ));
});
