import { describe, expect, it } from 'vitest';
import type { Dtype, Initializer, Tensor } from '../init/types.js';
import { createRng, type Rng } from '../random/rng.js';
import { backward, forward, type MlpOptions, mlp } from './network.js';
import { trace } from './trace.js';

function gaussian(c: number): Initializer {
  const f = (shape: readonly number[], rng: Rng, options?: { dtype?: Dtype }): Tensor => {
    const size = shape.reduce((p, s) => p * s, 1);
    const data = options?.dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
    return { shape: [...shape], data: rng.fillNormal(data, 0, Math.sqrt(c / (shape[1] ?? shape[0]))) };
  };
  return Object.assign(f, { displayName: 'gaussian', variance: () => Number.NaN, mean: () => 0 });
}

/** Σx²/n and per-row Σ_j x_rj², by the definition. */
function ms(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s / x.length;
}
function rows(x: ArrayLike<number>, width: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < x.length / width; r++) {
    let s = 0;
    for (let j = 0; j < width; j++) s += x[r * width + j] ** 2;
    out.push(s);
  }
  return out;
}

const CONFIGS: MlpOptions[] = [
  { widths: [7, 9, 5, 3], activation: 'relu', init: gaussian(2), bias: { variance: 0.2 } },
  {
    widths: [6, 6, 6, 6],
    activation: 'tanh',
    init: gaussian(1),
    residual: { alpha: 0.5, branch: 2 },
    bias: 'zeros',
  },
  { widths: [4, 6, 6], activation: 'selu', init: gaussian(1), residual: { alpha: 1, branch: 1, stem: true } },
];

describe('trace', () => {
  it('reports the second moments of every signal and gradient of forward/backward', () => {
    for (const [ci, options] of CONFIGS.entries()) {
      const net = mlp(options, createRng(ci));
      const rng = createRng(100 + ci);
      const batch = 5;
      const X = rng.fillUniform(new Float64Array(batch * net.widths[0]), 0, 1); // nonzero-mean "pixels"
      const dOut = rng.fillNormal(new Float64Array(batch * net.widths[net.widths.length - 1]));
      const t = trace(net, X, { dOut });
      const { output, cache } = forward(net, X);
      const g = backward(net, cache, dOut);
      expect(t.batch).toBe(batch);
      expect(t.input.value).toBeCloseTo(ms(X), 14);
      expect(Array.from(t.input.rowNorms)).toEqual(rows(X, net.widths[0]));
      expect(t.output.value).toBeCloseTo(ms(output), 14);
      expect(t.grad?.input.value).toBeCloseTo(ms(g.input), 14);
      expect(t.grad?.output.value).toBeCloseTo(ms(dOut), 14);
      for (const layer of net.layers) {
        const lt = t.layers[layer.index];
        const c = cache.layers[layer.index];
        const gl = g.layers[layer.index];
        expect([lt.role, lt.fanIn, lt.fanOut, lt.block]).toEqual([
          layer.role,
          layer.fanIn,
          layer.fanOut,
          layer.block,
        ]);
        expect(lt.weight).toBeCloseTo(ms(layer.weight.data), 14);
        expect(lt.input.value).toBeCloseTo(ms(c.input), 14);
        expect(lt.preActivation.value).toBeCloseTo(ms(c.preActivation), 14);
        expect(Array.from(lt.preActivation.rowNorms)).toEqual(rows(c.preActivation, layer.fanOut));
        expect(lt.activation.value).toBeCloseTo(ms(c.activation), 14);
        expect(lt.grad?.preActivation.value).toBeCloseTo(ms(gl.preActivation), 14);
        expect(lt.grad?.activation.value).toBeCloseTo(ms(gl.activation), 14);
        expect(lt.grad?.input.value).toBeCloseTo(ms(gl.input), 14);
        expect(Array.from(lt.grad?.input.rowNorms ?? [])).toEqual(rows(gl.input, layer.fanIn));
        expect(lt.grad?.weight).toBeCloseTo(ms(gl.weight), 14);
        if (gl.bias === null) expect(lt.grad?.bias).toBeNull();
        else expect(lt.grad?.bias).toBeCloseTo(ms(gl.bias), 14);
      }
      for (const block of net.blocks) {
        const bt = t.blocks[block.index];
        expect([bt.kind, bt.alpha]).toEqual([block.kind, block.alpha]);
        expect(bt.output.value).toBeCloseTo(ms(cache.blocks[block.index].output), 14);
        expect(bt.grad?.output.value).toBeCloseTo(ms(g.blocks[block.index].output), 14);
      }
    }
  });

  it('a forward-only trace streams in place yet reports exactly the same forward statistics', () => {
    for (const [ci, options] of CONFIGS.entries()) {
      for (const dtype of ['float64', 'float32'] as const) {
        const net = mlp({ ...options, dtype }, createRng(ci));
        const X = createRng(7).fillNormal(new Float64Array(3 * net.widths[0]), 0.5, 1);
        const full = trace(net, X, { rng: createRng(8) });
        const streamed = trace(net, X);
        expect(streamed.grad).toBeUndefined();
        expect(streamed.input).toEqual(full.input);
        expect(streamed.output).toEqual(full.output);
        streamed.layers.forEach((l, i) => {
          const { grad, ...fwd } = full.layers[i];
          expect(grad).toBeDefined();
          expect(l).toEqual(fwd);
        });
        streamed.blocks.forEach((b, i) => {
          expect(b.output).toEqual(full.blocks[i].output);
        });
      }
    }
  });

  it('draws dOut ~ N(0, 1) from rng reproducibly, and rejects conflicting options', () => {
    const net = mlp(CONFIGS[0], createRng(1));
    const X = new Float64Array(2 * 7).fill(0.5);
    const a = trace(net, X, { rng: createRng(3) });
    const b = trace(net, X, { rng: createRng(3) });
    expect(a.grad?.output.value).toBe(b.grad?.output.value);
    const dOut = createRng(3).fillNormal(new Float64Array(2 * 3));
    expect(trace(net, X, { dOut }).grad?.input).toEqual(a.grad?.input);
    expect(() => trace(net, X, { dOut, rng: createRng(1) })).toThrow(/give dOut or rng, not both/);
    expect(() => trace(net, X, { rng: 5 as never })).toThrow(/rng must be a random stream/);
    expect(() => trace(net, new Float64Array(3))).toThrow(/X has 3 elements, not a multiple of its width 7/);
  });
});
