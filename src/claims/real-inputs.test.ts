import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normal, rademacher } from '../random/distributions.js';
import { createRng } from '../random/rng.js';
import {
  pixelData,
  pixelSumKurtosis,
  pixelSums,
  realInputsSecondMoment,
  realInputsVarianceRefuted,
} from './real-inputs.js';

const stats = JSON.parse(
  readFileSync(new URL('../../fixtures/fashion-mnist/stats.json', import.meta.url), 'utf8'),
) as { mean: number; meanSquare: number; variance: number; n: number; pixelsPerImage: number };

describe('the Fashion-MNIST pixel statistics the claims use', () => {
  it('agree with the NumPy fixture (mean 0.2963, E[X²] 0.2155, Var(X) 0.1277)', () => {
    const d = pixelData();
    expect(d.count).toBe(stats.n);
    expect(d.pixels).toBe(stats.pixelsPerImage);
    expect(Math.abs(d.mean - stats.mean)).toBeLessThan(1e-12);
    expect(Math.abs(d.secondMoment.raw - stats.meanSquare)).toBeLessThan(1e-12);
    expect(Math.abs(d.secondMoment.centred - stats.variance)).toBeLessThan(1e-12);
  });
  it('the laws predict n·Var(W)·E[X²] (raw) and n·Var(W)·Var(X) (centred); the naive form uses Var(X)', () => {
    const p = { w: normal(), scale: 2, centred: false };
    expect(realInputsSecondMoment.predict(p)).toBeCloseTo(2 * stats.meanSquare, 12);
    expect(realInputsSecondMoment.predict({ ...p, centred: true })).toBeCloseTo(2 * stats.variance, 12);
    expect(realInputsVarianceRefuted.predict(p)).toBeCloseTo(2 * stats.variance, 12);
    expect(realInputsVarianceRefuted.telling?.(p).ok).toBe(true);
    expect(realInputsVarianceRefuted.telling?.({ ...p, centred: true }).ok).toBe(false);
  });
  it("z's kurtosis: above 3 for Gaussian weights (images differ in ‖X‖²), lower for Rademacher weights", () => {
    const d = pixelData();
    const g = pixelSumKurtosis(d, 3, false);
    expect(g).toBeGreaterThan(3.5);
    expect(pixelSumKurtosis(d, 1, false)).toBeLessThan(g);
  });
  it('pixelSums is seeded and its second moment is near the law (a loose, fixed-seed sanity check)', () => {
    const p = { w: rademacher(), scale: 1, centred: false };
    const a = pixelSums(p, 4000, createRng(9));
    expect(pixelSums(p, 4000, createRng(9))).toEqual(a);
    let s = 0;
    for (const z of a) s += (z * z) / a.length;
    expect(Math.abs(s / stats.meanSquare - 1)).toBeLessThan(0.1);
  });
});
