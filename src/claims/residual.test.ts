import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forward, mlp } from '../nn/network.js';
import { createRng } from '../random/rng.js';
import { MAX_WEIGHTS, scaledInit } from './depth.js';
import {
  blockSdBound,
  branchGain,
  branchInits,
  residualDoublingRefuted,
  residualGradientLaw,
  residualGrowthLaw,
  residualScaledLaw,
} from './residual.js';
import type { CheckContext } from './types.js';

const ctx = (seed: number, alpha = 1e-6): CheckContext => ({ rng: createRng(seed), alpha, power: 1 - alpha });

/** Mean and standard error of ‖x + α·F(x)‖² over fresh weights, for one fixed input row x. */
function blockSecondMoment(x: Float64Array, branch: 1 | 2, alpha: number, c: number, replicates: number) {
  const n = x.length;
  const init = branch === 1 ? scaledInit(c) : branchInits(1, c, 1);
  const net = mlp({ widths: [n, n], activation: 'relu', init, residual: { alpha, branch } }, createRng(1));
  const rng = createRng(2);
  let s = 0;
  let ss = 0;
  for (let r = 0; r < replicates; r++) {
    for (const layer of net.layers)
      rng.fillNormal(layer.weight.data, 0, Math.sqrt((layer.role === 'branchOut' ? 1 : c) / n));
    const y = forward(net, x).output;
    let v = 0;
    for (const t of y) v += t * t;
    s += v;
    ss += v * v;
  }
  const mean = s / replicates;
  return { mean, se: Math.sqrt((ss / replicates - mean * mean) / replicates) };
}

describe('residual claims', () => {
  it('predict (1 + α²c₁c₂/2)^L, (1 + 1/L)^L < e and the skip gradient law', () => {
    expect(residualGrowthLaw.predict({ width: 64, depth: 10, alpha: 1, c1: 2, c2: 1 })).toBe(1024);
    expect(branchGain({ c1: 2, c2: 1 })).toBe(1);
    expect(residualScaledLaw.predict({ width: 64, depth: 10 })).toBeCloseTo(1.1 ** 10, 12);
    expect(residualScaledLaw.predict({ width: 64, depth: 16 })).toBeLessThan(Math.E);
    expect(residualGradientLaw.predict({ width: 64, depth: 8, c: 0.1 })).toBeCloseTo(1.005 ** 8, 12);
  });

  it('branchInits alternates W₁ (c₁/n) and W₂ (c₂/n)', () => {
    const inits = branchInits(2, 2, 0.5);
    expect(inits.map((i) => i.variance([10, 10]))).toEqual([0.2, 0.05, 0.2, 0.05]);
  });

  it('blockSdBound: (4u + (7 + 10/n)u²)/n relative to (1 + u)², and 0 without a branch', () => {
    expect(blockSdBound(64, 1) ** 2).toBeCloseTo((4 + 7 + 10 / 64) / 64 / 4, 14);
    expect(blockSdBound(64, 0)).toBe(0);
  });

  it('a two-layer branch adds α²c₁c₂/2·‖x‖² with no cross term, even for an input with a large mean', () => {
    const x = createRng(3).fillNormal(new Float64Array(64), 1, 0.5);
    let xx = 0;
    for (const t of x) xx += t * t;
    const m = blockSecondMoment(x, 2, 1, 2, 4000);
    expect(Math.abs(m.mean - 2 * xx)).toBeLessThan(5 * m.se);
  });

  it('a one-layer ReLU branch has the cross term 2α√(c/(2πn))·‖x‖·Σⱼxⱼ (exact for Gaussian W)', () => {
    const n = 64;
    const c = 2;
    const x = createRng(4).fillNormal(new Float64Array(n), 1, 0.5);
    let xx = 0;
    let sum = 0;
    for (const t of x) {
      xx += t * t;
      sum += t;
    }
    const m = blockSecondMoment(x, 1, 1, c, 4000);
    const exact = xx * (1 + c / 2) + 2 * Math.sqrt(c / (2 * Math.PI * n)) * Math.sqrt(xx) * sum;
    expect(Math.abs(m.mean - exact)).toBeLessThan(5 * m.se);
    // the doubling law misses the cross term by many standard errors
    expect(Math.abs(m.mean - 2 * xx)).toBeGreaterThan(20 * m.se);
  });

  it('the laws hold at their representative parameters (fixed seeds)', () => {
    for (const claim of [residualGrowthLaw, residualScaledLaw, residualGradientLaw]) {
      const e = claim.check(claim.representative as never, ctx(5));
      expect(e.pass, e.note).toBe(true);
    }
  });

  it('the refutation fails for a one-layer branch from depth 2 on, and survives the two-layer branch', () => {
    expect(residualDoublingRefuted.check({ width: 32, depth: 2, branch: 1 }, ctx(6)).pass).toBe(false);
    expect(residualDoublingRefuted.check({ width: 32, depth: 3, branch: 2 }, ctx(7)).pass).toBe(true);
    expect(residualDoublingRefuted.telling?.({ width: 32, depth: 2, branch: 1 }).ok).toBe(true);
    expect(residualDoublingRefuted.telling?.({ width: 32, depth: 2, branch: 2 }).ok).toBe(false);
  });

  it('the growth law draws depths 1–100 with n²·L ≤ MAX_WEIGHTS, and checks a depth-100 stack', () => {
    const ps = fc.sample(residualGrowthLaw.parameters, { numRuns: 400, seed: 1 });
    for (const p of ps) {
      expect(p.depth).toBeGreaterThanOrEqual(1);
      expect(p.width ** 2 * p.depth).toBeLessThanOrEqual(MAX_WEIGHTS);
    }
    expect(Math.max(...ps.map((p) => p.depth))).toBe(100);
    const deep = { width: 32, depth: 100, alpha: 1, c1: 2, c2: 1 };
    expect(residualGrowthLaw.check(deep, ctx(8)).pass).toBe(true);
    const wrong = { ...residualGrowthLaw, predict: () => (1.1 * 2) ** 100 };
    expect(wrong.check(deep, ctx(9)).pass).toBe(false);
  });
});
