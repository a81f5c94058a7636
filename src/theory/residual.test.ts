import { describe, expect, it } from 'vitest';
import { residualGrowth, residualGrowthBound } from './residual.js';

describe('residual growth ∏(1 + α²g)', () => {
  it('unit branches with α = 1 double per block', () => {
    expect(residualGrowth(10)).toBe(1024);
    expect(residualGrowth(0)).toBe(1);
  });

  it('α = 1/√L keeps (1 + 1/L)^L below e for every L, increasing towards it', () => {
    let prev = 1;
    for (const L of [1, 2, 5, 10, 100, 1000, 100_000]) {
      const g = residualGrowth(L, { alpha: 1 / Math.sqrt(L) });
      expect(g).toBeLessThan(Math.E);
      expect(g).toBeGreaterThanOrEqual(prev);
      prev = g;
    }
    expect(residualGrowthBound()).toBe(Math.E);
    expect(residualGrowthBound(2)).toBe(Math.exp(2));
  });

  it('per-block α and gains multiply; α = 0 (SkipInit/Fixup at init) is the identity', () => {
    expect(residualGrowth(3, { alpha: [1, 0.5, 0], branchGain: [2, 4, 9] })).toBe(3 * 2 * 1);
    expect(residualGrowth(5, { alpha: 0 })).toBe(1);
  });

  it('rejects bad arguments', () => {
    expect(() => residualGrowth(-1)).toThrow(/depth/);
    expect(() => residualGrowth(2, { alpha: [1] })).toThrow(/alpha must have length depth=2/);
    expect(() => residualGrowth(2, { branchGain: -1 })).toThrow(/branchGain must be >= 0/);
    expect(() => residualGrowthBound(-1)).toThrow(RangeError);
  });
});
