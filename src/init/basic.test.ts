import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { constant, normal, ones, truncatedNormal, uniform, zeros } from './basic.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('constants', () => {
  it('fill every element, any shape including rank 0', () => {
    const rng = createRng(1);
    expect([...zeros()([2, 3], rng).data]).toEqual([0, 0, 0, 0, 0, 0]);
    expect([...ones()([3], rng).data]).toEqual([1, 1, 1]);
    expect([...constant(0.1)([], rng, { dtype: 'float32' }).data]).toEqual([Math.fround(0.1)]);
    expect(constant(-2.5).mean([4, 4])).toBe(-2.5);
    expect(constant(-2.5).variance([4, 4])).toBe(0);
    expect(constant(7).value).toBe(7);
    expect(() => constant(Number.NaN)).toThrow(/value must be finite/);
    expect(() => constant('1' as unknown as number)).toThrow(TypeError);
  });
});

describe('fixed-law initializers', () => {
  it('uniform(lo, hi): mean (lo+hi)/2, Var (hi−lo)²/12, support [lo, hi]', () => {
    const u = uniform({ lo: -0.5, hi: 1.5 });
    expect(u.mean([3])).toBe(0.5);
    expect(u.variance([3])).toBe(1 / 3);
    expect(u.support([3])).toEqual([-0.5, 1.5]);
    expect(uniform().variance([1])).toBe(1 / 12);
    expect(() => uniform({ lo: 1, hi: 1 })).toThrow(/hi must be > lo/);
    expect(() => uniform({ lo: -1e308, hi: 1e308 })).toThrow(/finite/);
    // the checks name the arguments, in this order: lo < hi first, then a finite width
    expect(() => uniform({ lo: -1e308, hi: 1e308 })).toThrow(
      /^hi - lo must be finite, got lo=-1e\+308, hi=1e\+308$/,
    );
    expect(() => uniform({ lo: 1e308, hi: -1e308 })).toThrow(
      /^hi must be > lo, got lo=1e\+308, hi=-1e\+308$/,
    );
  });
  it('normal(mean, std): Var std²', () => {
    const n = normal({ mean: 0.3, std: 2 });
    expect([n.mean([1]), n.variance([1])]).toEqual([0.3, 4]);
    expect(() => normal({ std: 0 })).toThrow(/std must be > 0/);
  });
  it('truncatedNormal: sigma bounds (Keras/JAX) by default, absolute bounds (PyTorch) on request, no correction', () => {
    // scipy.stats.truncnorm(-2, 2, scale=0.5).var() = 0.1934353258874808
    const k = truncatedNormal({ std: 0.5 });
    expect(rel(k.variance([5]), 0.1934353258874808)).toBeLessThan(1e-13);
    expect(k.support([5])).toEqual([-1, 1]);
    expect(k.displayName).toMatch(/Keras\/JAX/);
    // scipy.stats.truncnorm(-0.8, 1.8, loc=0.1, scale=0.5): mean 0.24008069204375324, var 0.10612306955219555
    const t = truncatedNormal({ mean: 0.1, std: 0.5, bounds: { lo: -0.3, hi: 1, units: 'absolute' } });
    expect(rel(t.mean([5]), 0.24008069204375324)).toBeLessThan(1e-13);
    expect(rel(t.variance([5]), 0.10612306955219555)).toBeLessThan(1e-13);
    expect(t.displayName).toMatch(/PyTorch trunc_normal_/);
    // absolute bounds left out are mean ± 2·std, each on its own (mean 0.5, std 1.5: [−2.5, 3.5])
    expect(truncatedNormal({ mean: 0.5, std: 1.5, bounds: { units: 'absolute' } }).support([1])).toEqual([
      -2.5, 3.5,
    ]);
    expect(
      truncatedNormal({ mean: 0.5, std: 1.5, bounds: { units: 'absolute', lo: 0 } }).support([1]),
    ).toEqual([0, 3.5]);
    // PyTorch's default absolute bounds at std 1 coincide with ±2σ
    expect(truncatedNormal({ bounds: { lo: -2, hi: 2, units: 'absolute' } }).variance([1])).toBe(
      truncatedNormal().variance([1]),
    );
    // a one-sided tail: scipy.stats.truncnorm(1, inf): mean 1.525135276160981, var 0.19909766557034903
    const tail = truncatedNormal({ bounds: { lo: 1, hi: Number.POSITIVE_INFINITY, units: 'sigma' } });
    expect(rel(tail.mean([1]), 1.525135276160981)).toBeLessThan(1e-12);
    expect(rel(tail.variance([1]), 0.19909766557034903)).toBeLessThan(1e-12);
    const x = tail([1000], createRng(2)).data;
    expect(Math.min(...x)).toBeGreaterThanOrEqual(1);
  });
  it('truncatedNormal draws stay in their bounds for both dtypes and both samplers', () => {
    const rng = createRng(4);
    for (const init of [
      truncatedNormal({ mean: 1, std: 2, bounds: { lo: 0, hi: 3, units: 'absolute' } }),
      truncatedNormal({ std: 0.3 }),
      truncatedNormal({ mean: 5, std: 1, bounds: { lo: 7, hi: 7.5, units: 'absolute' } }),
    ]) {
      for (const dtype of ['float64', 'float32'] as const) {
        const [lo, hi] = init.support([50, 40]).map((b) => (dtype === 'float32' ? Math.fround(b) : b));
        for (const x of init([50, 40], rng, { dtype }).data) {
          expect(x).toBeGreaterThanOrEqual(lo);
          expect(x).toBeLessThanOrEqual(hi);
        }
      }
    }
  });
  it('rejects bad bounds', () => {
    expect(() => truncatedNormal({ bounds: { lo: 2, hi: -2 } })).toThrow(/bounds.lo must be < bounds.hi/);
    expect(() => truncatedNormal({ bounds: { lo: Number.NaN } })).toThrow(/bounds.lo must be a number/);
    expect(() => truncatedNormal({ bounds: { units: 'std' as 'sigma' } })).toThrow(/unknown bounds.units/);
    expect(() => truncatedNormal({ bounds: { lo: 60, hi: 70 } })).toThrow(/zero probability/);
    expect(() => truncatedNormal({ std: -1 })).toThrow(/std must be > 0/);
  });
});
