import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { TRUNCATED_VARIANCE_FACTOR, TRUNCATION_CORRECTION, varianceScaling } from './variance-scaling.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('varianceScaling: Var(W) = scale/n', () => {
  // keras layout (k, k, in, out) = (3, 3, 8, 16): fan_in = 72, fan_out = 144, written out by hand
  const shape = [3, 3, 8, 16];
  it.each([
    ['fanIn', 72],
    ['fanOut', 144],
    ['fanAvg', 108],
    ['fanGeoAvg', Math.sqrt(72 * 144)],
  ] as const)('mode %s divides by %d', (mode, n) => {
    for (const distribution of ['truncatedNormal', 'untruncatedNormal', 'uniform'] as const) {
      const init = varianceScaling({ scale: 2.5, mode, distribution });
      expect(rel(init.variance(shape), 2.5 / n)).toBeLessThan(1e-15);
      // the declared law has that variance exactly (to rounding)
      expect(rel(init.distribution(shape).variance, 2.5 / n)).toBeLessThan(1e-14);
      expect(init.mean(shape)).toBe(0);
      expect(init.distribution(shape).mean).toBeCloseTo(0, 15);
    }
  });
  it('reads the torch layout when asked', () => {
    const init = varianceScaling({ scale: 2, mode: 'fanIn', layout: 'torch' });
    expect(init.variance([16, 8, 3, 3])).toBe(2 / 72);
    expect(init.variance([3, 3, 8, 16])).toBe(2 / 384); // read as (out=3, in=3, 8, 16)
  });
  it('corrects the truncation as Keras/JAX: σ = √(scale/n)/0.87962566103423978, cut at ±2σ', () => {
    const init = varianceScaling({ scale: 1, mode: 'fanIn', distribution: 'truncatedNormal' });
    const sigma = Math.sqrt(1 / 50) / 0.87962566103423978;
    expect(init.support([50, 10])).toEqual([-2 * sigma, 2 * sigma]);
    // T = Var of N(0,1) on [−2, 2] = 0.7737413035499232 (scipy.stats.truncnorm(-2, 2).var())
    expect(Math.abs(TRUNCATED_VARIANCE_FACTOR - 0.7737413035499232)).toBeLessThan(1e-15);
    expect(Math.abs(TRUNCATION_CORRECTION ** 2 - TRUNCATED_VARIANCE_FACTOR)).toBeLessThan(1e-15);
  });
  it('uniform bound √(3·scale/n), untruncated normal unbounded', () => {
    expect(varianceScaling({ scale: 3, distribution: 'uniform' }).support([4, 9])).toEqual([-1.5, 1.5]);
    expect(varianceScaling({ distribution: 'untruncatedNormal' }).support([4, 9])).toEqual([
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ]);
  });
  it('follows Keras rank rules (rank 0 → fans 1, rank 1 → n) and clamps zero fans to 1', () => {
    const init = varianceScaling({ scale: 2 });
    expect(init.variance([])).toBe(2);
    expect(init.variance([8])).toBe(0.25);
    expect(init.variance([0, 5])).toBe(2);
    expect(init([], createRng(1)).data.length).toBe(1);
  });
  it('rejects zero fans and low ranks in the torch and jax layouts', () => {
    expect(() => varianceScaling({ layout: 'torch' }).variance([5, 0])).toThrow(/fanIn is 0/);
    expect(() => varianceScaling({ layout: 'jax' }).variance([0, 5])).toThrow(/fanIn is 0/);
    expect(() => varianceScaling({ layout: 'torch' }).variance([5])).toThrow(/rank 1/);
    expect(() => varianceScaling({ layout: 'jax' })([5], createRng(1))).toThrow(RangeError);
  });
});

describe('varianceScaling: JAX axes', () => {
  it('accepts axes beyond rank 2 at construction and checks them against each shape', () => {
    // a PyTorch-layout conv weight (out, in, h, w) read by JAX with in_axis=1, out_axis=0
    const init = varianceScaling({ scale: 2, layout: 'jax', inAxis: 1, outAxis: 0 });
    expect(init.variance([16, 8, 3, 3])).toBe(2 / 72);
    const deep = varianceScaling({ layout: 'jax', inAxis: 2, outAxis: 3, batchAxis: 0 });
    expect(deep.variance([4, 3, 8, 16])).toBe(1 / 24);
    expect(() => deep.variance([8, 16])).toThrow(/inAxis/);
  });
});

describe('varianceScaling: tensors', () => {
  it('fills Float64Array by default and Float32Array on request, deterministically', () => {
    const init = varianceScaling({ scale: 2 });
    const a = init([20, 30], createRng(5));
    const b = init([20, 30], createRng(5));
    expect(a.data).toBeInstanceOf(Float64Array);
    expect(a.shape).toEqual([20, 30]);
    expect(a.data.length).toBe(600);
    expect(b.data).toEqual(a.data);
    const f = init([20, 30], createRng(5), { dtype: 'float32' });
    expect(f.data).toBeInstanceOf(Float32Array);
    const [lo, hi] = init.support([20, 30]);
    for (const x of f.data) {
      expect(x).toBeGreaterThanOrEqual(Math.fround(lo));
      expect(x).toBeLessThanOrEqual(Math.fround(hi));
    }
    for (const x of a.data) {
      expect(x).toBeGreaterThanOrEqual(lo);
      expect(x).toBeLessThanOrEqual(hi);
    }
  });
  it('returns an empty tensor for a zero-size shape and draws nothing', () => {
    const rng = createRng(3);
    const before = createRng(3).uint32();
    for (const layout of ['torch', 'keras', 'jax'] as const) {
      const t = varianceScaling({ layout })([0, 5], rng);
      expect(t.data.length).toBe(0);
      expect(t.shape).toEqual([0, 5]);
    }
    expect(rng.uint32()).toBe(before);
  });
  it('returns frozen tensors whose shape is a copy', () => {
    const shape = [4, 5];
    const t = varianceScaling()(shape, createRng(1));
    shape[0] = 99;
    expect(t.shape).toEqual([4, 5]);
    expect(Object.isFrozen(t)).toBe(true);
  });
});

describe('varianceScaling: bad input', () => {
  it('names the argument and the value', () => {
    expect(() => varianceScaling({ scale: 0 })).toThrow(/scale must be > 0, got 0/);
    expect(() => varianceScaling({ scale: -1 })).toThrow(RangeError);
    expect(() => varianceScaling({ scale: Number.NaN })).toThrow(/scale must be finite/);
    expect(() => varianceScaling({ scale: Number.POSITIVE_INFINITY })).toThrow(RangeError);
    expect(() => varianceScaling({ scale: '2' as unknown as number })).toThrow(TypeError);
    expect(() => varianceScaling({ mode: 'fan_in' as 'fanIn' })).toThrow(/unknown mode "fan_in"/);
    expect(() => varianceScaling({ distribution: 'normal' as 'uniform' })).toThrow(/ambiguous/);
    expect(() => varianceScaling({ distribution: 'gaussian' as 'uniform' })).toThrow(/unknown distribution/);
    expect(() => varianceScaling({ layout: 'tf' as 'keras' })).toThrow(/unknown layout/);
    expect(() => varianceScaling({ layout: 'keras', inAxis: 0 })).toThrow(/jax/);
    expect(() => varianceScaling({ layout: 'jax', inAxis: 1.5 })).toThrow(/inAxis must be an integer/);
    expect(() => varianceScaling({ layout: 'jax', outAxis: '1' as unknown as number })).toThrow(TypeError);
    expect(() => varianceScaling(5 as unknown as object)).toThrow(TypeError);
  });
  it('checks the call: shape, rng and dtype', () => {
    const init = varianceScaling();
    const rng = createRng(1);
    expect(() => init([3, -2], rng)).toThrow(/shape\[1\]/);
    expect(() => init([3, 2.5], rng)).toThrow(/shape\[1\] must be an integer/);
    expect(() => init('3,4' as unknown as number[], rng)).toThrow(TypeError);
    expect(() => init([3, 4], {} as never)).toThrow(/rng must be a wixi Rng/);
    expect(() => init([3, 4], rng, { dtype: 'float16' as 'float32' })).toThrow(/unknown dtype "float16"/);
    expect(() => init([3, 4], rng, 'float32' as never)).toThrow(TypeError);
    expect(() => init([65536, 65536, 2], rng)).toThrow(/more than/);
    expect(() => init.variance([3, -1])).toThrow(RangeError);
  });
});
