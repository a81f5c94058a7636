/**
 * Claim families 6 and 7: the depth laws. Over random widths (32–128) and depths (1–100), both
 * on a log scale with n²·L ≤ 2¹⁸, weight scales c = n·Var(W) and weight laws, a ReLU network's forward second moment and its backpropagated gradient's change
 * by (c/2)^L over L layers; fast-check refutes "Xavier is fine for ReLU nets" (shrunk to two layers)
 * and "ReLU gradients cannot explode" (shrunk to c > 2). Each check tests the law layer by layer in
 * conditional expectation (src/claims/layer-ratios.ts), with one observation per independent
 * replicate network and replicates planned for a 10% error in the per-layer factor. Each law also
 * runs once wide (width 512–1024, depth 1–2) and once deep (depth 64–100, width 32–64), and the 10%
 * negative controls run there too (forward wide and deep, backward deep; the backward law at
 * width 1024 costs ≈ 2 s a run, so its control stays at the random draws' sizes).
 *
 * Budget: the 'depth' part is shared with properties/torch-traces.property.ts (half each).
 */
import { describe, it } from 'vitest';
import {
  type DepthParams,
  depthBackwardLaw,
  depthForwardLaw,
  extremeDepthParameters,
  reluGradientsRefuted,
  xavierReluRefuted,
} from '../src/claims/depth.js';
import { budget } from './budget.js';
import { checkLaw, checkNegativeControl, checkRefutation, SHRINK_ALLOWANCE } from './spec.js';

const RUNS = 4;
const CONTROL_RUNS = 3;
// "ReLU gradients cannot explode" refutes in ≈ 0.43 of runs (17 of 40 at α = 1e-10): a miss fails
// the suite, so 0.575^REFUTE_RUNS must be far below the budget (≈ 1e-29 at 120); searches stop at
// the first counterexample
const REFUTE_RUNS = 120;
/** Runs of each law, and of the controls, at each extreme (wide, deep). */
const EXTREME_RUNS = 1;
/**
 * Two laws, four negative controls, two refutations (with their shrinking); at the extremes, both
 * laws at both and three controls (forward wide and deep, backward deep).
 */
const DECISIONS =
  2 * RUNS +
  4 * CONTROL_RUNS +
  2 * (REFUTE_RUNS + SHRINK_ALLOWANCE) +
  2 * 2 * EXTREME_RUNS +
  3 * EXTREME_RUNS;
const alpha = budget.of('depth') / 2 / DECISIONS;

describe('depth: E[x_L²] and E[g₀²] change by (c/2)^L', () => {
  it(depthForwardLaw.title, () => checkLaw(depthForwardLaw, { numRuns: RUNS, alpha }));
  it(depthBackwardLaw.title, () => checkLaw(depthBackwardLaw, { numRuns: RUNS, alpha }));
  for (const extreme of ['wide', 'deep'] as const) {
    const what = extreme === 'wide' ? 'width 512–1024, depth 1–2' : 'depth 64–100, width 32–64';
    // the claim under its own title, so a failure's replay command (-t title) runs this test
    const at = (claim: typeof depthForwardLaw, direction: 'forward' | 'backward') => ({
      ...claim,
      title: `${extreme} (${what}): ${claim.title}`,
      parameters: extremeDepthParameters(extreme, direction),
    });
    const forward = at(depthForwardLaw, 'forward');
    const backward = at(depthBackwardLaw, 'backward');
    it(forward.title, () => checkLaw(forward, { numRuns: EXTREME_RUNS, alpha }));
    it(backward.title, () => checkLaw(backward, { numRuns: EXTREME_RUNS, alpha }));
    it(`${extreme} (${what}) negative control: a forward factor 10% too large per layer is rejected`, () =>
      checkNegativeControl(
        forward,
        {
          name: '(1.1·c/2)^L predicted',
          predict: (p: DepthParams) => ((1.1 * p.c) / 2) ** p.depth,
          applies: () => true,
        },
        { numRuns: EXTREME_RUNS, alpha },
      ));
    if (extreme === 'deep')
      it(`${extreme} (${what}) negative control: a backward factor 10% too small per layer is rejected`, () =>
        checkNegativeControl(
          backward,
          {
            name: '(0.9·c/2)^L predicted',
            predict: (p: DepthParams) => ((0.9 * p.c) / 2) ** p.depth,
            applies: () => true,
          },
          { numRuns: EXTREME_RUNS, alpha },
        ));
  }
  it(xavierReluRefuted.title, () => checkRefutation(xavierReluRefuted, { numRuns: REFUTE_RUNS, alpha }));
  it(reluGradientsRefuted.title, () =>
    checkRefutation(reluGradientsRefuted, { numRuns: REFUTE_RUNS, alpha }),
  );
  it("negative control: forgetting the ReLU's ½ (the linear-network law c^L) is rejected", () =>
    checkNegativeControl(
      depthForwardLaw,
      { name: 'c^L predicted', predict: (p: DepthParams) => p.c ** p.depth, applies: () => true },
      { numRuns: CONTROL_RUNS, alpha },
    ));
  it('negative control: a forward factor 10% too large per layer, (1.1·c/2)^L, is rejected', () =>
    checkNegativeControl(
      depthForwardLaw,
      {
        name: '(1.1·c/2)^L predicted',
        predict: (p: DepthParams) => ((1.1 * p.c) / 2) ** p.depth,
        applies: () => true,
      },
      { numRuns: CONTROL_RUNS, alpha },
    ));
  it('negative control: treating the ReLU derivative as always 1 (gradients c^L) is rejected', () =>
    checkNegativeControl(
      depthBackwardLaw,
      { name: 'c^L predicted', predict: (p: DepthParams) => p.c ** p.depth, applies: () => true },
      { numRuns: CONTROL_RUNS, alpha },
    ));
  it('negative control: a backward factor 10% too small per layer, (0.9·c/2)^L, is rejected', () =>
    checkNegativeControl(
      depthBackwardLaw,
      {
        name: '(0.9·c/2)^L predicted',
        predict: (p: DepthParams) => ((0.9 * p.c) / 2) ** p.depth,
        applies: () => true,
      },
      { numRuns: CONTROL_RUNS, alpha },
    ));
});
