import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { fanBackwardLaw, fanForwardLaw, fanInit, fanLaw } from './fan.js';
import type { CheckContext } from './types.js';

const ctx = (seed: number, alpha = 1e-6): CheckContext => ({ rng: createRng(seed), alpha, power: 1 - alpha });

describe('fan-in vs fan-out claims', () => {
  it('the initializers of the three modes have Var = 2/fan_in, 2/fan_out, 4/(fan_in + fan_out)', () => {
    const shape = [30, 90]; // (out, in): fan_in 90, fan_out 30
    expect(fanInit('fanIn').variance(shape)).toBeCloseTo(2 / 90, 15);
    expect(fanInit('fanOut').variance(shape)).toBeCloseTo(2 / 30, 15);
    expect(fanInit('fanAvg').variance(shape)).toBeCloseTo(4 / 120, 15);
  });

  it('the laws telescope: fan-in keeps the forward pass and scales the backward by n_L/n₀, fan-out the reverse', () => {
    const widths = [128, 96, 64, 48, 32];
    const fin = fanLaw({ widths, mode: 'fanIn' });
    expect(fin.forward).toBeCloseTo(1, 14);
    expect(fin.backward).toBeCloseTo(32 / 128, 14);
    const fout = fanLaw({ widths, mode: 'fanOut' });
    expect(fout.forward).toBeCloseTo(128 / 32, 14);
    expect(fout.backward).toBeCloseTo(1, 14);
    const avg = fanLaw({ widths, mode: 'fanAvg' });
    expect(avg.forward).toBeGreaterThan(1);
    expect(avg.forward).toBeLessThan(4);
    // Glorot keeps the same backward/forward ratio n_L/n₀ as the others, split between the directions
    expect(avg.backward / avg.forward).toBeCloseTo(32 / 128, 14);
    expect(fanForwardLaw.predict({ widths, mode: 'fanOut' })).toBeCloseTo(4, 14);
    expect(fanBackwardLaw.predict({ widths, mode: 'fanIn' })).toBeCloseTo(0.25, 14);
  });

  it('the laws hold at their representative parameters and reject the other mode’s law (fixed seeds)', () => {
    for (const claim of [fanForwardLaw, fanBackwardLaw]) {
      expect(claim.check(claim.representative, ctx(1)).pass).toBe(true);
    }
    const swapped = { ...fanBackwardLaw, predict: () => 1 };
    expect(swapped.check(fanBackwardLaw.representative, ctx(2)).pass).toBe(false);
  });
});
