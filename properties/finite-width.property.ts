/**
 * Claim family 9: finite width. He initialization preserves the mean square only on average;
 * single networks spread (log-variance ≈ 5·Σ1/n) and drift down (E log ≈ −(5/2)·Σ1/n), exactly as
 * the finite-width law of Hanin & Rolnick predicts.
 */
import { describe, it } from 'vitest';
import {
  type DepthLawParams,
  finiteWidthDrift,
  finiteWidthLayerLaw,
  finiteWidthLogVariance,
  finiteWidthPreservationRefuted,
  type LayerLawParams,
} from '../src/claims/finite-width.js';
import { depthNormRatioLaw, reluNormRatioCdf } from '../src/theory/finite-width.js';
import { budget } from './budget.js';
import { checkLaw, checkNegativeControl, checkRefutation } from './spec.js';

const LAYER_RUNS = 3;
const DEPTH_RUNS = 2;
const CONTROL_RUNS = 2;
const REFUTE_RUNS = 30;
// Statistical decisions: the three laws' runs and the three controls' runs. The refutation makes
// none (an observed network outside the band is a fact, not an inference), so it is not counted.
const alpha = budget.perCheck('finiteWidth', LAYER_RUNS + 2 * DEPTH_RUNS + 3 * CONTROL_RUNS);
/** The layer law's planned KS resolution (see finite-width.ts). */
const LAYER_DISTANCE = 0.04;
/** The depth laws' planned relative resolution. */
const DEPTH_REL_TOL = 0.1;

const exactVar = (p: DepthLawParams) =>
  depthNormRatioLaw(new Array<number>(p.depth + 1).fill(p.width)).logVariance;

describe('finite width: the mean is preserved, single networks are not', () => {
  it(finiteWidthLayerLaw.title, () => checkLaw(finiteWidthLayerLaw, { numRuns: LAYER_RUNS, alpha }));
  it(finiteWidthLogVariance.title, () => checkLaw(finiteWidthLogVariance, { numRuns: DEPTH_RUNS, alpha }));
  it(finiteWidthDrift.title, () => checkLaw(finiteWidthDrift, { numRuns: DEPTH_RUNS, alpha }));
  it(finiteWidthPreservationRefuted.title, () =>
    checkRefutation(finiteWidthPreservationRefuted, { numRuns: REFUTE_RUNS, alpha }),
  );
});

describe('finite width: negative controls', () => {
  it('negative control: "the median layer keeps the norm, P(R ≤ 1) = ½" is rejected', () =>
    checkNegativeControl(
      finiteWidthLayerLaw,
      {
        name: 'P(R ≤ 1) = ½ predicted',
        predict: () => 0.5,
        applies: (p: LayerLawParams) => Math.abs(reluNormRatioCdf(p.width)(1) - 0.5) >= LAYER_DISTANCE,
      },
      { numRuns: CONTROL_RUNS, alpha },
    ));
  it('negative control: the first-order rule Var log = 5·Σ1/n (without the exact law) is rejected at narrow widths', () =>
    checkNegativeControl(
      finiteWidthLogVariance,
      {
        name: 'Var log = 5L/n predicted',
        predict: (p: DepthLawParams) => (5 * p.depth) / p.width,
        applies: (p: DepthLawParams) =>
          Math.abs(Math.log((5 * p.depth) / p.width / exactVar(p))) >= Math.log1p(DEPTH_REL_TOL),
      },
      { numRuns: CONTROL_RUNS, alpha },
    ));
  it('negative control: "the typical network keeps its norm, E log = 0" is rejected', () =>
    checkNegativeControl(
      finiteWidthDrift,
      { name: 'E log(‖x_L‖²/‖x₀‖²) = 0 predicted', predict: () => 0, applies: () => true },
      { numRuns: CONTROL_RUNS, alpha },
    ));
});
