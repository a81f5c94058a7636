/**
 * wixi/init's errors name the argument at fault (DESIGN: "RangeError/TypeError with the argument's
 * name and value"), and its display names state the parameters and the convention they follow.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { constant, normal, truncatedNormal, uniform } from './basic.js';
import { computeFans } from './fans.js';
import { calculateGain, exactGain } from './gains.js';
import { initializers } from './index.js';
import {
  heNormal,
  kaimingNormal,
  kaimingUniform,
  torchBiasDefault,
  torchLinearDefault,
  xavierNormal,
  xavierUniform,
} from './presets.js';
import { checkShape } from './tensor.js';
import { TRUNCATED_VARIANCE_FACTOR, varianceScaling } from './variance-scaling.js';

const bad = 3 as never;

describe('errors name the argument and its value', () => {
  it('an options argument that is not an object is refused as "options"', () => {
    for (const make of [
      uniform,
      normal,
      truncatedNormal,
      varianceScaling,
      heNormal,
      kaimingUniform,
      kaimingNormal,
      xavierUniform,
      xavierNormal,
    ]) {
      expect(() => make(bad)).toThrow(/^options must be an options object, got 3$/);
    }
    expect(() => computeFans([2, 3], bad)).toThrow(/^options must be an options object/);
    expect(() => exactGain('relu', 'x' as never)).toThrow(/^options must be an options object, got "x"/);
    expect(() => heNormal()([2, 2], createRng(1), bad)).toThrow(/^options must be an options object/);
    expect(() => truncatedNormal({ bounds: bad })).toThrow(/^bounds must be an options object, got 3/);
  });

  it('fixed-law initializers name lo, hi, mean and the bounds', () => {
    expect(() => uniform({ lo: 'a' as never })).toThrow(/^lo must be a number, got "a"/);
    expect(() => uniform({ hi: Number.NaN })).toThrow(/^hi must be finite, got NaN/);
    expect(() => normal({ mean: Number.NaN })).toThrow(/^mean must be finite/);
    expect(() => truncatedNormal({ mean: Number.NaN })).toThrow(/^mean must be finite/);
    expect(() => truncatedNormal({ bounds: { lo: Number.NaN } })).toThrow(
      /^bounds.lo must be a number, got NaN/,
    );
    expect(() => truncatedNormal({ bounds: { hi: '3' as never } })).toThrow(
      /^bounds.hi must be a number, got "3"/,
    );
    expect(() => truncatedNormal({ bounds: { lo: 1, hi: 1 } })).toThrow(
      /^bounds.lo must be < bounds.hi, got lo=1, hi=1/,
    );
  });

  it('JAX axes: the option and, for a list, the element are named; clashes show all three', () => {
    const jax = { layout: 'jax' as const };
    expect(() => computeFans([2, 3], { ...jax, inAxis: 'x' as never })).toThrow(
      /^inAxis must be an integer or an array of integers, got "x"/,
    );
    expect(() => computeFans([2, 3, 4], { ...jax, inAxis: 5 })).toThrow(
      /^inAxis must be an integer in \[-3, 2\]/,
    );
    expect(() => computeFans([2, 3, 4], { ...jax, inAxis: [0, 5] })).toThrow(/^inAxis\[1\] must be/);
    expect(() => computeFans([2, 3, 4], { ...jax, outAxis: 7 })).toThrow(/^outAxis must be/);
    expect(() => computeFans([2, 3, 4], { ...jax, batchAxis: 9 })).toThrow(/^batchAxis must be/);
    expect(() => computeFans([3], jax)).toThrow(
      /^fans are undefined for a tensor of rank 1 \(shape \[3\]\) in the jax layout, which needs rank >= 2/,
    );
    expect(() => computeFans([2, 3, 4], { ...jax, inAxis: 0, outAxis: 0 })).toThrow(
      /got inAxis=0, outAxis=0, batchAxis=\[\]$/,
    );
    // the defaults are shown when the clash is with them
    expect(() => computeFans([2, 3, 4], { ...jax, batchAxis: -1 })).toThrow(
      /got inAxis=-2, outAxis=-1, batchAxis=-1$/,
    );
  });

  it("gains: leaky_relu's param is named negative_slope; a null param means the default 0.01", () => {
    expect(calculateGain('leaky_relu', null as never)).toBe(Math.sqrt(2 / (1 + 0.01 ** 2)));
    expect(() => calculateGain('leaky_relu', '0.2' as never)).toThrow(
      /^negative_slope \(param\) must be a number, got "0.2"/,
    );
    expect(() => calculateGain('leaky_relu', Number.NaN)).toThrow(/^negative_slope \(param\) must be finite/);
    expect(() => exactGain((x) => x, { param: 1 })).toThrow(
      /^param applies to a named activation only, got 1 with a function/,
    );
    expect(() => exactGain('relu', { breakpoints: bad })).toThrow(
      /^options.breakpoints must be an array of numbers, got 3/,
    );
  });

  it('varianceScaling: "normal" is refused as ambiguous and the two names are offered; name must be a string', () => {
    expect(() => varianceScaling({ distribution: 'normal' as never })).toThrow(
      /ambiguous .*; use "truncatedNormal" or "untruncatedNormal"$/,
    );
    expect(() => varianceScaling({ name: bad })).toThrow(/^name must be a string, got 3/);
  });

  it('shapes are named by the caller', () => {
    expect(() => checkShape('x' as never)).toThrow(/^shape must be an array of integers/);
    expect(() => checkShape(bad, 'dims')).toThrow(/^dims must be an array of integers/);
  });
});

describe('exact gains of activations without kinks, and breakpoints of user functions', () => {
  it('tanh: 1/√E[tanh(Z)²] = 1.592537419722833 (E = 0.39429449039784037, trapezoid rule at h = 1e-3)', () => {
    expect(Math.abs(exactGain('tanh') / 1.592537419722833 - 1)).toBeLessThan(1e-12);
  });
  it('a step at 0.3 needs its breakpoint: 1/√Q(0.3) = 1.61777445106727 with it', () => {
    expect(
      Math.abs(exactGain((x) => (x > 0.3 ? 1 : 0), { breakpoints: [0.3] }) / 1.61777445106727 - 1),
    ).toBeLessThan(1e-12);
  });
});

describe('display names state the parameters and the convention', () => {
  it('fixed laws', () => {
    expect(constant(0.5).displayName).toBe('constant(0.5)');
    expect(uniform({ lo: -0.5, hi: 1.5 }).displayName).toMatch(/^uniform\(-0\.5, 1\.5\) \(PyTorch uniform_/);
    expect(normal({ mean: 0.3, std: 2 }).displayName).toMatch(/^normal\(0\.3, 2\) \(PyTorch normal_/);
    expect(truncatedNormal({ bounds: { lo: -1, hi: 1.5 } }).displayName).toMatch(
      /^truncatedNormal\(0, 1, \[-1σ, 1\.5σ\]\) \(Keras\/JAX/,
    );
    expect(truncatedNormal({ mean: 1, bounds: { lo: 0, hi: 3, units: 'absolute' } }).displayName).toMatch(
      /^truncatedNormal\(1, 1, \[0, 3\]\) \(PyTorch trunc_normal_/,
    );
  });
  it('PyTorch presets name their mode as PyTorch does (fan_in, fan_out) and their law', () => {
    expect(kaimingNormal().displayName).toMatch(
      /^kaimingNormal\(a=0, mode=fan_in, nonlinearity=leaky_relu\)/,
    );
    expect(kaimingNormal().displayName).toMatch(/Var = gain²\/fan_in, untruncated normal\)$/);
    expect(kaimingUniform({ mode: 'fanOut', a: 1 }).displayName).toMatch(
      /^kaimingUniform\(a=1, mode=fan_out, .*gain=1, Var = gain²\/fan_out, uniform\)$/,
    );
    expect(xavierUniform({ gain: 2 }).displayName).toMatch(
      /^xavierUniform\(gain=2\) \(PyTorch, torch layout/,
    );
    expect(xavierNormal().displayName).toMatch(/^xavierNormal\(gain=1\) .*untruncated normal\)$/);
    expect(torchLinearDefault().displayName).toMatch(/^torchLinearDefault \(PyTorch nn.Linear/);
    expect(torchBiasDefault(7).displayName).toMatch(/^torchBiasDefault\(fan_in=7\)/);
    expect(
      varianceScaling({ scale: 2, mode: 'fanAvg', distribution: 'uniform', layout: 'torch' }).displayName,
    ).toBe('varianceScaling(scale=2, mode=fanAvg, distribution=uniform, layout=torch)');
  });
});

describe('the initializers record', () => {
  it('holds every factory under its own name, frozen', () => {
    expect(Object.keys(initializers)).toHaveLength(20);
    expect(initializers.heNormal).toBe(heNormal);
    expect(initializers.kaimingUniform).toBe(kaimingUniform);
    expect(initializers.truncatedNormal).toBe(truncatedNormal);
    expect(initializers.constant).toBe(constant);
    expect(Object.isFrozen(initializers)).toBe(true);
  });
});

describe('options that change the law', () => {
  it('the ±2σ truncation keeps T = 0.7737413035499232 of the variance (scipy.stats.truncnorm(-2, 2).var())', () => {
    expect(Math.abs(TRUNCATED_VARIANCE_FACTOR - 0.7737413035499232)).toBeLessThan(1e-15);
  });
  it('a shape without fans in the layout is refused even when it is empty (nothing to draw)', () => {
    expect(() => varianceScaling({ layout: 'jax' })([0], createRng(1))).toThrow(
      /^fans are undefined for a tensor of rank 1/,
    );
  });
  it("truncatedNormal's absolute bounds default to mean ± 2·std, in absolute units", () => {
    expect(truncatedNormal({ mean: 1, std: 0.5, bounds: { units: 'absolute' } }).support([1])).toEqual([
      0, 2,
    ]);
    expect(
      truncatedNormal({ mean: 1, std: 0.5, bounds: { units: 'absolute', lo: 0.5 } }).support([1]),
    ).toEqual([0.5, 2]);
  });
  it("kaiming's mode: fanIn and fan_in divide by fan_in, fanOut and fan_out by fan_out (torch (3, 5): 5 and 3)", () => {
    for (const mode of ['fanIn', 'fan_in'] as const)
      expect(kaimingNormal({ mode }).variance([3, 5])).toBeCloseTo(2 / 5, 15);
    for (const mode of ['fanOut', 'fan_out'] as const)
      expect(kaimingUniform({ mode }).variance([3, 5])).toBeCloseTo(2 / 3, 15);
  });
  it('JAX axes reach the presets: a batch axis leaves the receptive field, in/out axes move the fans', () => {
    // (4, 3, 5), in −2, out −1: fan_in = 3·4 = 12, or 3 when axis 0 is a batch axis
    expect(heNormal({ layout: 'jax' }).variance([4, 3, 5])).toBeCloseTo(2 / 12, 15);
    expect(heNormal({ layout: 'jax', batchAxis: 0 }).variance([4, 3, 5])).toBeCloseTo(2 / 3, 15);
    expect(heNormal({ layout: 'jax', batchAxis: [0] }).variance([4, 3, 5])).toBeCloseTo(2 / 3, 15);
    // in 0, out 1: fan_in = 4·5 = 20
    expect(heNormal({ layout: 'jax', inAxis: 0, outAxis: 1 }).variance([4, 3, 5])).toBeCloseTo(2 / 20, 15);
    expect(
      varianceScaling({ layout: 'jax', inAxis: 0, outAxis: 1, scale: 2 }).variance([4, 3, 5]),
    ).toBeCloseTo(0.1, 15);
    expect(varianceScaling({ layout: 'jax', batchAxis: 0, scale: 2 }).variance([4, 3, 5])).toBeCloseTo(
      2 / 3,
      15,
    );
  });
});
