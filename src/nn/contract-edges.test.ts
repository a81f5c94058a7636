/**
 * Edges of the contracts of ./activations.ts and ./network.ts: the array forms call φ once per
 * element and never past the end; the sign of zero of the formulas where the built-ins return
 * them directly; what an initializer may return (a shape that differs from the asked one even with
 * the right number of elements); the bias drawn from {variance}; the checks of widths, the
 * network, its input, dOut and the cache, by name.
 */
import { describe, expect, it } from 'vitest';
import type { Initializer, Tensor } from '../init/types.js';
import { createRng } from '../random/rng.js';
import { defineActivation, elu, gelu, leakyRelu, silu } from './activations.js';
import { backward, forward, mlp } from './network.js';

function returning(make: (shape: readonly number[]) => unknown): Initializer {
  return Object.assign((shape: readonly number[]) => make(shape) as Tensor, {
    displayName: 'custom',
    variance: () => 0,
    mean: () => 0,
  });
}
const ones = returning((shape) => ({
  shape: [...shape],
  data: new Float64Array(shape.reduce((p, s) => p * s, 1)).fill(1),
}));
const ok = { widths: [3, 4], activation: 'relu' as const, init: ones };

describe('activations', () => {
  it('apply and applyDerivative call φ and φ′ exactly once per element, always with a number', () => {
    const seen: unknown[] = [];
    const a = defineActivation({
      name: 'recorded',
      value: (x) => {
        seen.push(x);
        return 2 * x;
      },
      derivative: (x) => {
        seen.push(x);
        return 2;
      },
    });
    expect(Array.from(a.apply(Float64Array.of(1, 2, 3), new Float64Array(3)))).toEqual([2, 4, 6]);
    expect(Array.from(a.applyDerivative(Float32Array.of(4, 5), new Float32Array(2)))).toEqual([2, 2]);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('the values returned directly are the formulas’ own, sign of zero included', () => {
    // leakyRelu at 0 is a·0 ("a·x otherwise"): −0 for a negative slope, +0 for a positive one
    expect(Object.is(leakyRelu(-0.5).value(0), -0)).toBe(true);
    expect(Object.is(leakyRelu(0.5).value(0), 0)).toBe(true);
    // elu at 0 is α(e⁰ − 1) = α·0 ("α(eˣ − 1) otherwise"): −0 for a negative α, and α·(−0) = +0 at −0
    expect(Object.is(elu(-1).value(0), -0)).toBe(true);
    expect(Object.is(elu(-1).value(-0), 0)).toBe(true);
    expect(Object.is(elu(2).value(0), 0)).toBe(true);
    // gelu(x) = x·Φ(x) below −40 is (negative)·(+0) = −0; silu(x) = x·σ(x) below −746 is −0, and
    // silu′ = σ·(1 + x(1 − σ)) = 0·(negative) = −0 there
    for (const x of [-50, -1e6, Number.NEGATIVE_INFINITY])
      expect(Object.is(gelu.value(x), -0), `gelu(${x})`).toBe(true);
    for (const x of [-800, Number.NEGATIVE_INFINITY]) {
      expect(Object.is(silu.value(x), -0), `silu(${x})`).toBe(true);
      expect(Object.is(silu.derivative(x), -0), `silu′(${x})`).toBe(true);
    }
  });

  it('defineActivation says what kinks must be', () => {
    const spec = { name: 'sq', value: (x: number) => x * x, derivative: (x: number) => 2 * x };
    expect(() => defineActivation({ ...spec, kinks: 5 as never })).toThrow(
      /^spec\.kinks must be an array of numbers, got 5/,
    );
  });
});

describe('mlp', () => {
  it('refuses an initializer result whose shape differs from the asked one, even with the right size', () => {
    const rng = createRng(1);
    for (const shape of [[4], [4, 5], [1, 12], [4, 3, 1]]) {
      expect(
        () => mlp({ ...ok, init: returning(() => ({ shape, data: new Float64Array(12) })) }, rng),
        JSON.stringify(shape),
      ).toThrow(new RegExp(`^init returned shape \\[${shape.join(', ')}\\] for shape \\[4, 3\\]`));
    }
  });

  it('a {variance} bias has shape [out]; widths must be an array of layer widths', () => {
    const net = mlp({ ...ok, widths: [3, 4, 2], bias: { variance: 1 } }, createRng(2));
    expect(net.layers.map((l) => l.bias?.shape)).toEqual([[4], [2]]);
    expect(() => mlp({ ...ok, widths: 'abc' as never }, createRng(2))).toThrow(
      /^widths must be an array of layer widths, got "abc"/,
    );
  });
});

describe('forward and backward', () => {
  it('name a network, an input, a dOut and a cache that are not what they must be', () => {
    const net = mlp(ok, createRng(3));
    const impostor = Object.assign(() => 0, { layers: net.layers, blocks: net.blocks, widths: net.widths });
    expect(() => forward(impostor as never, new Float64Array(3))).toThrow(/^net must be a Network from mlp/);
    expect(() => forward(net, 'abc' as never)).toThrow(/^X must be a Float64Array\/Float32Array or a Tensor/);
    expect(() => forward(net, 3 as never)).toThrow(/^X must be a Float64Array\/Float32Array or a Tensor/);
    const { cache } = forward(net, new Float64Array(6));
    expect(() => backward(net, cache, new Float64Array(0))).toThrow(
      /^dOut must have 2 rows of width 4, got 0/,
    );
    const fake = Object.assign(() => 0, { layers: cache.layers, network: net, batch: 2 });
    expect(() => backward(net, fake as never, new Float64Array(8))).toThrow(
      /^cache must be the cache returned by forward/,
    );
  });
});
