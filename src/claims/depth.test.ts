import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import {
  DEPTH_REL_TOL,
  depthBackwardLaw,
  depthForwardLaw,
  extremeDepthParameters,
  MAX_WEIGHTS,
  reluGradientsRefuted,
  scaledInit,
  xavierReluRefuted,
} from './depth.js';
import { runClaim } from './run.js';
import type { CheckContext } from './types.js';

const ctx = (seed: number, alpha = 1e-6): CheckContext => ({ rng: createRng(seed), alpha, power: 1 - alpha });

describe('depth claims', () => {
  it('predict the depth laws: (c/2)^L forward and backward', () => {
    expect(depthForwardLaw.predict({ width: 64, depth: 10, c: 1, distribution: 'uniform' })).toBe(1 / 1024);
    expect(depthForwardLaw.predict({ width: 64, depth: 7, c: 2, distribution: 'uniform' })).toBe(1);
    expect(depthBackwardLaw.predict({ width: 64, depth: 10, c: 4, distribution: 'untruncatedNormal' })).toBe(
      1024,
    );
    expect(DEPTH_REL_TOL).toBe(0.1);
  });

  it('scaledInit draws Var(W) = c/fan_in in the (out, in) layout', () => {
    for (const d of ['untruncatedNormal', 'uniform', 'truncatedNormal'] as const) {
      expect(scaledInit(3, d).variance([10, 40])).toBeCloseTo(3 / 40, 15);
    }
  });

  it('the laws hold at their representative parameters (fixed seeds), with a designed tolerance', () => {
    for (const claim of [depthForwardLaw, depthBackwardLaw]) {
      const e = claim.check(claim.representative, ctx(1));
      expect(e.pass, e.note).toBe(true);
      expect(e.decision).toBe('pass');
    }
  });

  it('a wrong prediction is rejected by the same check (a mutant predict)', () => {
    const mutant = { ...depthForwardLaw, predict: () => 2 ** -5 };
    expect(mutant.check(depthForwardLaw.representative, ctx(2)).pass).toBe(false);
  });

  it('the refutations fail at their telling counterexamples and survive where the naive claim is true', () => {
    expect(xavierReluRefuted.check({ width: 32, depth: 2 }, ctx(3)).pass).toBe(false);
    expect(xavierReluRefuted.check({ width: 32, depth: 1 }, ctx(4)).pass).toBe(true);
    expect(xavierReluRefuted.telling?.({ width: 32, depth: 2 }).ok).toBe(true);
    expect(xavierReluRefuted.telling?.({ width: 32, depth: 1 }).ok).toBe(false);
    expect(reluGradientsRefuted.check({ width: 32, depth: 2, c: 2.5 }, ctx(5)).pass).toBe(false);
    expect(reluGradientsRefuted.check({ width: 32, depth: 3, c: 1.5 }, ctx(6)).pass).toBe(true);
    expect(reluGradientsRefuted.telling?.({ width: 32, depth: 2, c: 2.5 }).feature).toMatch(/c = 2.5 > 2/);
  });

  it('run through runClaim (quick): laws hold, refutations find a telling counterexample', () => {
    for (const claim of [depthForwardLaw, xavierReluRefuted]) {
      const r = runClaim(claim, { seed: 7, size: 'quick' });
      expect(r.ok).toBe(true);
    }
  });

  it('draws widths 32–128 and depths 1–100 with n²·L ≤ MAX_WEIGHTS, and the extremes reach 1024 and 100', () => {
    for (const claim of [depthForwardLaw, depthBackwardLaw]) {
      const ps = fc.sample(claim.parameters, { numRuns: 400, seed: 1 });
      for (const p of ps) {
        expect(p.width).toBeGreaterThanOrEqual(32);
        expect(p.width).toBeLessThanOrEqual(128);
        expect(p.depth).toBeGreaterThanOrEqual(1);
        expect(p.depth).toBeLessThanOrEqual(100);
        expect(p.width ** 2 * p.depth).toBeLessThanOrEqual(MAX_WEIGHTS);
      }
      expect(Math.max(...ps.map((p) => p.depth))).toBe(100);
    }
    const wide = fc.sample(extremeDepthParameters('wide', 'backward'), { numRuns: 200, seed: 2 });
    expect(Math.min(...wide.map((p) => p.width))).toBe(512);
    expect(Math.max(...wide.map((p) => p.width))).toBe(1024);
    expect(wide.every((p) => p.depth <= 2 && p.distribution !== 'truncatedNormal')).toBe(true);
    const deep = fc.sample(extremeDepthParameters('deep', 'forward'), { numRuns: 200, seed: 3 });
    expect(deep.every((p) => p.depth >= 64 && p.width <= 64)).toBe(true);
    expect(Math.max(...deep.map((p) => p.depth))).toBe(100);
  });
});
