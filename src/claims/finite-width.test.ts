import { describe, expect, it } from 'vitest';
import { reluNormRatioCdf } from '../theory/finite-width.js';
import {
  finiteWidthDrift,
  finiteWidthLayerLaw,
  finiteWidthLogVariance,
  finiteWidthPreservationRefuted,
} from './finite-width.js';

describe('the numbers the finite-width claims state', () => {
  it('P(R ≤ 1) is 0.566 at n = 16 and 0.546 at n = 32 (a layer shrinks the norm more often than not)', () => {
    expect(finiteWidthLayerLaw.predict({ width: 16, depth: 4, inputWidth: 3 })).toBeCloseTo(0.566, 3);
    expect(reluNormRatioCdf(32)(1)).toBeCloseTo(0.546, 3);
  });
  it('Var log R is 0.420 at n = 16 (vs 5/16) and E log R is −0.176', () => {
    expect(finiteWidthLogVariance.predict({ width: 16, depth: 1 })).toBeCloseTo(0.42, 3);
    expect(finiteWidthDrift.predict({ width: 16, depth: 1 })).toBeCloseTo(-0.176, 3);
    // additivity over independent layers
    expect(finiteWidthLogVariance.predict({ width: 16, depth: 5 })).toBeCloseTo(
      5 * finiteWidthLogVariance.predict({ width: 16, depth: 1 }),
      12,
    );
  });
  it('the drift claim only generates Σ1/n ≥ ½ (so a 10% error in the drift is affordable)', () => {
    for (const w of [8, 12, 16]) {
      const p = { width: w, depth: Math.ceil(w / 2) };
      expect(p.depth / p.width).toBeGreaterThanOrEqual(0.5);
    }
  });
  it("the preservation refutation's telling feature: a violation is not astronomically rare under the exact law", () => {
    expect(finiteWidthPreservationRefuted.telling?.({ width: 256, depth: 1 }).ok).toBe(false);
    expect(finiteWidthPreservationRefuted.telling?.({ width: 64, depth: 1 }).ok).toBe(true);
    expect(finiteWidthPreservationRefuted.telling?.({ width: 64, depth: 8 }).ok).toBe(true);
    expect(finiteWidthPreservationRefuted.telling?.({ width: 64, depth: 1 }).feature).toMatch(
      /exactly, P\(outside\)/,
    );
  });
});
