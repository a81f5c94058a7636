/** Regressions found by properties/fuzz.property.ts: bad input to wixi/nn is refused, by name. */
import { describe, expect, it } from 'vitest';
import { holey, hugeSparse, throwsBeforeWalking } from '../../properties/support/hostile.js';
import { kaimingNormal } from '../init/index.js';
import { createRng } from '../random/rng.js';
import {
  activations,
  defineActivation,
  elu,
  fillPacked,
  forwardWith,
  gelu,
  getActivation,
  leakyRelu,
  matmul,
  mlp,
  packedMatrix,
  packMatrix,
  relu,
  sigmoidValue,
  silu,
  unpackMatrix,
} from './index.js';

/** x is zero of either sign (the formulas give −0 on the negative side). */
const isZero = (x: number) => expect(x === 0, `${x} is ±0`).toBe(true);

const sq = { name: 'sq', value: (x: number) => x * x, derivative: (x: number) => 2 * x };

describe('wixi/nn refuses bad input', () => {
  it('defineActivation checks kinks is an array of finite numbers, without walking a sparse one', () => {
    throwsBeforeWalking(() => defineActivation({ ...sq, kinks: Number.NaN as never }), TypeError);
    throwsBeforeWalking(() => defineActivation({ ...sq, kinks: hugeSparse() }), RangeError);
    throwsBeforeWalking(() => defineActivation({ ...sq, kinks: holey(0, 1) }), TypeError);
    expect(() => defineActivation({ ...sq, kinks: [Number.NaN] })).toThrow(/spec\.kinks\[0\]/);
    expect(defineActivation({ ...sq, kinks: [0] }).kinks).toEqual([0]);
  });

  it('scalar value(x) and derivative(x) refuse a non-number (TypeError) and NaN (RangeError), naming x', () => {
    for (const a of [...Object.values(activations), defineActivation(sq), getActivation('elu', 0.5)]) {
      for (const m of ['value', 'derivative'] as const) {
        expect(() => a[m](Number.NaN), `${a.name}.${m}(NaN)`).toThrow(RangeError);
        expect(() => a[m](undefined as never), `${a.name}.${m}(undefined)`).toThrow(/^x must be a number/);
        expect(() => a[m]('1' as never), `${a.name}.${m}('1')`).toThrow(TypeError);
      }
    }
    expect(() => sigmoidValue(undefined as never)).toThrow(TypeError);
    expect(() => sigmoidValue(Number.NaN)).toThrow(RangeError);
    expect(sigmoidValue(0)).toBe(0.5);
  });

  it('every built-in activation has its limit at ±Infinity (never NaN)', () => {
    const all = [...Object.values(activations), leakyRelu(0), leakyRelu(-0.5), elu(2)];
    for (const a of all) {
      for (const x of [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]) {
        expect(a.value(x), `${a.name}.value(${x})`).not.toBeNaN();
        expect(a.derivative(x), `${a.name}.derivative(${x})`).not.toBeNaN();
      }
    }
    for (const a of [gelu, silu]) {
      isZero(a.value(Number.NEGATIVE_INFINITY));
      expect(a.value(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
      isZero(a.derivative(Number.NEGATIVE_INFINITY));
      expect(a.derivative(Number.POSITIVE_INFINITY)).toBe(1);
    }
    isZero(leakyRelu(0).value(Number.NEGATIVE_INFINITY));
    expect(Object.is(leakyRelu(0).value(-3), -0)).toBe(true); // as 0·(−3)
  });

  it('the cut-offs of gelu and silu agree with their formulas just inside them', () => {
    // beyond |x| = 40 (gelu) and x = −746 / 40 (silu) the formula's value is returned directly
    isZero(gelu.value(-39.9));
    expect(gelu.derivative(39.9)).toBe(1);
    isZero(gelu.derivative(-39.9));
    isZero(silu.value(-745.9));
    expect(silu.derivative(39.9)).toBe(1);
    isZero(silu.derivative(-745.9));
  });

  it('the array forms follow IEEE arithmetic: a NaN of input stays at its index (documented)', () => {
    const out = elu().apply(Float64Array.of(Number.NaN, -1, 2), new Float64Array(3));
    expect(out[0]).toBeNaN();
    expect(out[1]).toBeCloseTo(Math.expm1(-1), 15);
    expect(out[2]).toBe(2);
  });

  it('forwardWith checks hooks is an object whose layer/block are functions', () => {
    const net = mlp({ widths: [1, 1], activation: 'relu', init: kaimingNormal() }, createRng(1));
    const X = Float64Array.of(1);
    expect(() => forwardWith(net, X, false, null as never)).toThrow(/^hooks must be an options object/);
    expect(() => forwardWith(net, X, false, 1 as never)).toThrow(TypeError);
    expect(() => forwardWith(net, X, false, { layer: 1 } as never)).toThrow(/hooks\.layer/);
    expect(() => forwardWith(net, X, false, { block: 'x' } as never)).toThrow(/hooks\.block/);
    let layers = 0;
    forwardWith(net, X, false, { layer: () => layers++ });
    expect(layers).toBe(1);
    expect(relu.value(2)).toBe(2);
  });
});

describe('wixi/nn mlp checks its widths by length first', () => {
  it('a sparse widths array of length 2³² − 1 is refused without walking it (found by the fuzzer, WIXI_SEED=4040359018)', () => {
    const init = kaimingNormal();
    throwsBeforeWalking(
      () => mlp({ widths: hugeSparse(), activation: 'selu', init }, createRng(1)),
      RangeError,
    );
    expect(() => mlp({ widths: holey(3, 4), activation: 'relu', init }, createRng(1))).toThrow(/widths\[1\]/);
  });
});

describe('wixi/nn matmul bounds its result', () => {
  it('refuses a result of more than 2³² − 1 elements before allocating it (k = 0 makes it all zeros)', () => {
    const a = { shape: [1, 0], data: new Float64Array(0) };
    expect(() => matmul(a, { shape: [2 ** 32, 0], data: new Float64Array(0) }, { transB: true })).toThrow(
      /^the result op\(a\)·op\(b\) would be 1×4294967296/,
    );
    expect(() => matmul(a, { shape: [0, 1e12], data: new Float64Array(0) })).toThrow(RangeError);
    expect(Array.from(matmul(a, { shape: [0, 3], data: new Float64Array(0) }).data)).toEqual([0, 0, 0]);
  });
});

describe('wixi/nn packed matrices with no elements', () => {
  it('0 × 10¹² and 10¹² × 0 pack, unpack and fill at once (the fuzzer hung on packMatrix(0, 1e12, …))', () => {
    // Each holds no value, so nothing is copied; before the fix the block loop ran 2·10⁹ empty steps.
    const empty = new Float64Array(0);
    for (const [rows, cols] of [
      [0, 1e12],
      [1e12, 0],
      [0, 1e12 + 1],
    ]) {
      const p = packMatrix(rows, cols, empty, 8, 1);
      expect(p.data.length).toBe(0);
      expect(unpackMatrix(p).length).toBe(0);
      let calls = 0;
      fillPacked(packedMatrix(rows, cols), () => calls++);
      expect(calls).toBe(0);
    }
  });
});
