/**
 * The documented contract of `trace` (./trace.ts) beyond trace.test.ts: every index and field of the
 * per-layer and per-block records, second moments by hand on a network small enough to write
 * out, dOut drawn in the network's dtype, and the errors: conflicting or bad options, a second
 * moment that overflows although every value is finite.
 */
import { describe, expect, it } from 'vitest';
import type { Initializer, Tensor } from '../init/types.js';
import { createRng } from '../random/rng.js';
import { backward, forward, mlp } from './network.js';
import { trace } from './trace.js';

/** Every weight = v (float64; mlp copies into the dtype). */
function constant(v: number): Initializer {
  return Object.assign(
    (shape: readonly number[]): Tensor => ({
      shape: [...shape],
      data: new Float64Array(shape.reduce((p, s) => p * s, 1)).fill(v),
    }),
    { displayName: `constant(${v})`, variance: () => 0, mean: () => v },
  );
}

describe('trace', () => {
  it('a 2 → 2 linear layer by hand: E[x²], E[z²], E[W²], per-row norms, gradients', () => {
    const net = mlp({ widths: [2, 2], activation: 'linear', init: constant(0) }, createRng(1));
    net.layers[0].weight.data.set([1, 0, 0, 2]); // z = (x₁, 2x₂)
    const X = Float64Array.of(1, 2, 3, 0); // rows (1, 2) and (3, 0)
    const dOut = Float64Array.of(1, 1, 0, 2);
    const t = trace(net, X, { dOut });
    expect(t.batch).toBe(2);
    expect(t.input.value).toBe((1 + 4 + 9) / 4);
    expect(Array.from(t.input.rowNorms)).toEqual([5, 9]);
    // z = (1, 4), (3, 0)
    expect(t.output.value).toBe((1 + 16 + 9) / 4);
    expect(Array.from(t.output.rowNorms)).toEqual([17, 9]);
    const l = t.layers[0];
    expect([l.index, l.block, l.role, l.fanIn, l.fanOut]).toEqual([0, 0, 'dense', 2, 2]);
    expect(l.weight).toBe(5 / 4);
    expect(l.preActivation.value).toBe(26 / 4);
    expect(l.activation.value).toBe(26 / 4);
    // ∂L/∂z = dOut; ∂L/∂x = dOut·W = (1, 2), (0, 4); ∂L/∂W = dOutᵀ·x = [[1, 2], [1 + 6, 2]]
    expect(l.grad?.preActivation.value).toBe(6 / 4);
    expect(Array.from(l.grad?.activation.rowNorms ?? [])).toEqual([2, 4]);
    expect(l.grad?.input.value).toBe((1 + 4 + 16) / 4);
    expect(l.grad?.weight).toBe((1 + 4 + 49 + 4) / 4);
    expect(l.grad?.bias).toBeNull();
    expect(t.grad?.input.value).toBe(21 / 4);
    expect(Array.from(t.grad?.input.rowNorms ?? [])).toEqual([5, 16]);
    expect(t.grad?.output.value).toBe(6 / 4);
    const b = t.blocks[0];
    expect([b.index, b.kind, b.alpha]).toEqual([0, 'dense', null]);
    expect(b.output.value).toBe(26 / 4);
    expect(b.grad?.output.value).toBe(6 / 4);
  });

  it('reports the index of every layer and block, and the bias gradient E[(∂L/∂b)²]', () => {
    const net = mlp(
      {
        widths: [3, 4, 4, 4],
        activation: 'tanh',
        init: constant(0.1),
        bias: 'zeros',
        residual: { alpha: 0.5, branch: 2, stem: true },
      },
      createRng(2),
    );
    const X = createRng(3).fillNormal(new Float64Array(2 * 3));
    const dOut = createRng(4).fillNormal(new Float64Array(2 * 4));
    const g = backward(net, forward(net, X).cache, dOut);
    for (const t of [trace(net, X, { dOut }), trace(net, X)]) {
      expect(t.layers.map((l) => [l.index, l.block, l.role])).toEqual([
        [0, 0, 'dense'],
        [1, 1, 'branchIn'],
        [2, 1, 'branchOut'],
        [3, 2, 'branchIn'],
        [4, 2, 'branchOut'],
      ]);
      expect(t.blocks.map((b) => [b.index, b.kind, b.alpha])).toEqual([
        [0, 'dense', null],
        [1, 'residual', 0.5],
        [2, 'residual', 0.5],
      ]);
    }
    const t = trace(net, X, { dOut });
    for (const [i, l] of t.layers.entries()) {
      const gb = g.layers[i].bias ?? new Float64Array(0);
      let s = 0;
      for (const v of gb) s += v * v;
      expect(l.grad?.bias).toBeCloseTo(s / gb.length, 15);
    }
  });

  it('draws dOut ~ N(0, 1) in the network’s dtype from rng, the draws a Float32Array would get', () => {
    const net = mlp(
      { widths: [3, 5], activation: 'relu', init: constant(0.3), dtype: 'float32' },
      createRng(5),
    );
    const X = Float32Array.of(1, -2, 0.5, 0.25, 1, -1);
    const drawn = trace(net, X, { rng: createRng(6) });
    const dOut = createRng(6).fillNormal(new Float32Array(10));
    const given = trace(net, X, { dOut });
    expect(drawn.grad?.output).toEqual(given.grad?.output);
    expect(drawn.layers[0].grad).toEqual(given.layers[0].grad);
  });

  it('refuses conflicting or bad options, naming them', () => {
    const net = mlp({ widths: [2, 2], activation: 'relu', init: constant(1) }, createRng(7));
    const X = Float64Array.of(1, 2);
    expect(() => trace(net, X, { rng: null as never })).toThrow(
      /^rng must be a random stream from createRng/,
    );
    expect(() => trace(net, X, { rng: {} as never })).toThrow(/^rng must be a random stream/);
    expect(() => trace(net, X, { dOut: X, rng: createRng(1) })).toThrow(/^give dOut or rng, not both/);
    expect(() => trace(net, X, 3 as never)).toThrow(/^options must be an options object/);
    expect(() => trace(net, X, { dOut: new Float64Array(3) })).toThrow(/^dOut has 3 elements/);
  });

  it('a second moment that overflows (finite values, infinite squares) is a RangeError, not Infinity', () => {
    const net = mlp({ widths: [2, 2], activation: 'linear', init: constant(1e-200) }, createRng(8));
    const X = Float64Array.of(1e200, 1e200);
    for (const options of [{}, { rng: createRng(9) }]) {
      expect(() => trace(net, X, options)).toThrow(/^the second moment overflowed \(squares of values near/);
    }
    // squares of 1e154 are finite: the same network traces
    const v = trace(net, Float64Array.of(1e154, 0)).input.value;
    expect(Math.abs(v / (1e154 * 1e154 * 0.5) - 1)).toBeLessThan(1e-15);
  });
});
