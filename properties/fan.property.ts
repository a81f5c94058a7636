/**
 * Claim family 8: fan-in versus fan-out. Over random unequal widths and the three fan modes
 * (kaiming_normal_ fan_in / fan_out and xavier_normal_ with the ReLU gain), the forward ratio is
 * ∏ n_{l−1}·Var(W_l)/2 and the backward ratio ∏ n_l·Var(W_l)/2 (theory `telescopingRatios`): fan-in
 * keeps the forward pass and scales gradients by n_L/n₀, fan-out the reverse, Glorot in between.
 * Each check tests the law layer by layer with one observation per replicate network, planned for a
 * 10% error in the geometric-mean per-layer factor (src/claims/layer-ratios.ts).
 */
import { describe, it } from 'vitest';
import { type FanParams, fanBackwardLaw, fanForwardLaw, fanLaw } from '../src/claims/fan.js';
import { telescopingRatios } from '../src/theory/depth.js';
import { budget } from './budget.js';
import { checkLaw, checkNegativeControl } from './spec.js';

const RUNS = 5;
const CONTROL_RUNS = 3;
/** Two laws and four negative controls. */
const alpha = budget.perCheck('fanInOut', 2 * RUNS + 4 * CONTROL_RUNS);

/** The law with the other fan: fan_out where fan_in was meant and vice versa. */
const swapped = (p: FanParams) =>
  telescopingRatios(p.widths, { mode: p.mode === 'fanIn' ? 'fanOut' : 'fanIn', scale: 2 });

/** Is `a` off from `b` by more than 15% in the geometric-mean per-layer factor? */
const farPerLayer = (a: number, b: number, p: FanParams) =>
  Math.abs(Math.log(a / b)) / (p.widths.length - 1) > Math.log(1.15);

describe('fan-in vs fan-out: telescoping ratios of widths', () => {
  it(fanForwardLaw.title, () => checkLaw(fanForwardLaw, { numRuns: RUNS, alpha }));
  it(fanBackwardLaw.title, () => checkLaw(fanBackwardLaw, { numRuns: RUNS, alpha }));
  it('negative control: fan_out where fan_in was meant (and vice versa) is rejected in the forward pass', () =>
    checkNegativeControl(
      fanForwardLaw,
      {
        name: 'the other mode’s forward ratio',
        predict: (p: FanParams) => swapped(p).forward,
        applies: (p: FanParams) =>
          p.mode !== 'fanAvg' && farPerLayer(swapped(p).forward, fanLaw(p).forward, p),
      },
      { numRuns: CONTROL_RUNS, alpha },
    ));
  it('negative control: fan_out where fan_in was meant (and vice versa) is rejected in the backward pass', () =>
    checkNegativeControl(
      fanBackwardLaw,
      {
        name: 'the other mode’s backward ratio',
        predict: (p: FanParams) => swapped(p).backward,
        applies: (p: FanParams) =>
          p.mode !== 'fanAvg' && farPerLayer(swapped(p).backward, fanLaw(p).backward, p),
      },
      { numRuns: CONTROL_RUNS, alpha },
    ));
  it('negative control: "Glorot preserves both directions" (ratio 1) is rejected where the widths change enough', () =>
    checkNegativeControl(
      fanForwardLaw,
      {
        name: 'forward ratio 1 for the fan-average',
        predict: () => 1,
        applies: (p: FanParams) => p.mode === 'fanAvg' && farPerLayer(1, fanLaw(p).forward, p),
      },
      { numRuns: CONTROL_RUNS, alpha },
    ));
  it('negative control: the forward law used for the backward pass (fan_in mistaken for fan_out) is rejected', () =>
    checkNegativeControl(
      fanBackwardLaw,
      {
        name: 'forward ratio predicted for the gradients',
        predict: (p: FanParams) => fanLaw(p).forward,
        applies: (p: FanParams) => farPerLayer(fanLaw(p).forward, fanLaw(p).backward, p),
      },
      { numRuns: CONTROL_RUNS, alpha },
    ));
});
