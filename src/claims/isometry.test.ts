import { describe, expect, it } from 'vitest';
import { normal } from '../random/distributions.js';
import { createRng } from '../random/rng.js';
import { trigamma } from '../theory/special.js';
import { gaussianIsometryRefuted, gaussianLinearSpread, orthogonalIsometry } from './isometry.js';

describe('isometry claims', () => {
  it('the Gaussian spread law is L·ψ′(n/2), close to 2L/n', () => {
    const v = gaussianLinearSpread.predict({ width: 16, depth: 4 });
    expect(v).toBeCloseTo(4 * trigamma(8), 12);
    expect(Math.abs(v / 0.5 - 1)).toBeLessThan(0.1);
  });
  it('the orthogonal check holds to 1e-12 on a deep expanding net and rejects a wrong prediction', () => {
    const p = { widths: [3, 3, 5, 8, 8, 13, 21, 21, 34, 34, 34, 55, 55], input: normal() };
    const ctx = { rng: createRng(4), alpha: 1e-9, power: 1 - 1e-9 };
    const e = orthogonalIsometry.check(p, ctx);
    expect(e.pass).toBe(true);
    const mutant = { ...orthogonalIsometry, predict: () => 55 / 3 };
    expect(mutant.check(p, { ...ctx, rng: createRng(4) }).pass).toBe(false);
  });
  it("the Gaussian refutation's telling feature holds over its whole parameter range", () => {
    expect(gaussianIsometryRefuted.telling?.({ width: 256, depth: 1 }).ok).toBe(true);
    expect(gaussianIsometryRefuted.telling?.({ width: 8, depth: 1 }).ok).toBe(true);
  });
});
