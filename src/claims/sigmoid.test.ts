import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { meanSigmoidSlope, meanSigmoidSlopeFast } from './sigmoid.js';

const scipy = JSON.parse(
  readFileSync(new URL('../../fixtures/scipy/scipy-reference.json', import.meta.url), 'utf8'),
);

describe('mean sigmoid slope h(v) = E[σ′(√v·Z)]', () => {
  it('matches SciPy quad at every tabulated scale s (v = s²)', () => {
    for (const row of scipy.sigmoidSlope.rows as { s: number; EsigmaPrime: number }[]) {
      expect(Math.abs(meanSigmoidSlope(row.s * row.s) / row.EsigmaPrime - 1)).toBeLessThan(1e-12);
    }
  });
  it('approaches φ(0)/√v·(1 − π²/(6v)) for large v', () => {
    for (const v of [1e4, 1e6, 1e7]) {
      const asym = (0.3989422804014327 / Math.sqrt(v)) * (1 - Math.PI ** 2 / (6 * v));
      expect(Math.abs(meanSigmoidSlope(v) / asym - 1)).toBeLessThan(1e-6);
    }
  });
  it('the interpolated table agrees with quadrature to 1e-7 relative', () => {
    for (let u = -13; u <= 17; u += 0.173) {
      const v = Math.exp(u);
      expect(Math.abs(meanSigmoidSlopeFast(v) / meanSigmoidSlope(v) - 1)).toBeLessThan(1e-7);
    }
  });
});
