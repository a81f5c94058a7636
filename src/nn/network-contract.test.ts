/**
 * The documented contract of `mlp`, `forward`, `forwardWith` and `backward` (./network.ts) beyond
 * the numerics of network.test.ts: what an initializer must return, the bias specs, the checks of
 * every option and input (errors naming the argument), the residual plan, and that the streaming
 * forward pass (no cache, buffers reused) computes exactly the kept one.
 */
import { describe, expect, it } from 'vitest';
import type { Dtype, Initializer, Tensor } from '../init/types.js';
import { createRng, type Rng } from '../random/rng.js';
import { type Activation, defineActivation, linear } from './activations.js';
import { backward, forward, forwardWith, type MlpOptions, mlp } from './network.js';

/** W ~ N(0, c/fan_in), fan_in = shape[1] (shape[0] for a bias). */
function gaussian(c: number): Initializer {
  const f = (shape: readonly number[], rng: Rng, options?: { dtype?: Dtype }): Tensor => {
    const size = shape.reduce((p, s) => p * s, 1);
    const data = options?.dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
    return { shape: [...shape], data: rng.fillNormal(data, 0, Math.sqrt(c / (shape[1] ?? shape[0]))) };
  };
  return Object.assign(f, { displayName: `gaussian(${c})`, variance: () => Number.NaN, mean: () => 0 });
}

/** An initializer returning `make(shape)` (for malformed results). */
function returning(make: (shape: readonly number[]) => unknown): Initializer {
  return Object.assign((shape: readonly number[]) => make(shape) as Tensor, {
    displayName: 'custom',
    variance: () => 0,
    mean: () => 0,
  });
}

/** A constant initializer (every weight = v), in float64 whatever the dtype asked. */
const constant = (v: number) =>
  returning((shape) => ({
    shape: [...shape],
    data: new Float64Array(shape.reduce((p, s) => p * s, 1)).fill(v),
  }));

/** z = x·Wᵀ + b, a = φ(z) row by row, in float64: the definition of a dense layer. */
function denseLayer(
  x: ArrayLike<number>,
  W: ArrayLike<number>,
  b: ArrayLike<number> | null,
  fanIn: number,
  fanOut: number,
  phi: (v: number) => number,
): number[] {
  const batch = x.length / fanIn;
  const out: number[] = [];
  for (let r = 0; r < batch; r++) {
    for (let j = 0; j < fanOut; j++) {
      let s = 0;
      for (let k = 0; k < fanIn; k++) s += x[r * fanIn + k] * W[j * fanIn + k];
      out.push(phi(s + (b === null ? 0 : b[j])));
    }
  }
  return out;
}

const ok: MlpOptions = { widths: [3, 4], activation: 'relu', init: gaussian(2) };

describe('mlp: what an initializer must return', () => {
  it('a Tensor of the asked shape and size, finite, else an error naming the initializer', () => {
    const rng = createRng(1);
    expect(() => mlp({ ...ok, init: returning(() => null) }, rng)).toThrow(
      /^init must return a Tensor \{shape, data\}, got null/,
    );
    expect(() => mlp({ ...ok, init: returning(() => 5) }, rng)).toThrow(/^init must return a Tensor/);
    expect(() => mlp({ ...ok, init: returning(() => ({ shape: [4, 3], data: [1] })) }, rng)).toThrow(
      /^init\(…\)\.data must be a Float64Array or Float32Array/,
    );
    // the right number of elements in the wrong shape
    expect(() =>
      mlp({ ...ok, init: returning(() => ({ shape: [3, 4], data: new Float64Array(12) })) }, rng),
    ).toThrow(/^init returned shape \[3, 4\] for shape \[4, 3\]/);
    expect(() =>
      mlp({ ...ok, init: returning(() => ({ shape: [12], data: new Float64Array(12) })) }, rng),
    ).toThrow(/^init returned shape \[12\] for shape \[4, 3\]/);
    expect(() =>
      mlp({ ...ok, init: returning(() => ({ shape: [4, 3, 1], data: new Float64Array(12) })) }, rng),
    ).toThrow(/returned shape/);
    const lastNaN = returning(() => ({
      shape: [4, 3],
      data: new Float64Array(12).fill(1).fill(Number.NaN, 11),
    }));
    expect(() => mlp({ ...ok, init: lastNaN }, rng)).toThrow(
      /^init returned a non-finite element at index 11: NaN/,
    );
    // per-layer initializers are named by their index
    expect(() => mlp({ ...ok, widths: [3, 4, 2], init: [gaussian(2), returning(() => null)] }, rng)).toThrow(
      /^init\[1\] must return a Tensor/,
    );
    expect(() => mlp({ ...ok, widths: [3, 4, 2], init: [gaussian(2), 3 as never] }, rng)).toThrow(
      /^init\[1\] must be a function/,
    );
  });

  it('a result without a shape array is accepted by its size; its data is copied into the dtype', () => {
    const net = mlp(
      { ...ok, init: returning(() => ({ data: new Float64Array(12).fill(0.5) })) },
      createRng(2),
    );
    expect(net.layers[0].weight.shape).toEqual([4, 3]);
    expect(Array.from(net.layers[0].weight.data)).toEqual(new Array(12).fill(0.5));
    const net32 = mlp({ ...ok, init: constant(0.1), dtype: 'float32' }, createRng(2));
    expect(net32.layers[0].weight.data).toBeInstanceOf(Float32Array);
    expect(net32.layers[0].weight.data[0]).toBe(Math.fround(0.1));
    const data = new Float64Array(12);
    const shared = mlp({ ...ok, init: returning(() => ({ shape: [4, 3], data })) }, createRng(2));
    expect(shared.layers[0].weight.data).toBe(data); // already in the dtype: used as it is
  });
});

describe('mlp: biases', () => {
  it("false: none; 'zeros': zeros; an Initializer: called with [out]; {variance}: N(0, σb²) draws", () => {
    expect(mlp(ok, createRng(3)).layers[0].bias).toBeNull();
    const zeros = mlp({ ...ok, bias: 'zeros', dtype: 'float32' }, createRng(3)).layers[0].bias;
    expect(zeros?.shape).toEqual([4]);
    expect(zeros?.data).toBeInstanceOf(Float32Array);
    expect(Array.from(zeros?.data ?? [])).toEqual([0, 0, 0, 0]);
    const shapes: number[][] = [];
    const init = returning((shape) => {
      shapes.push([...shape]);
      return { shape: [...shape], data: new Float64Array(shape.reduce((p, s) => p * s, 1)).fill(0.25) };
    });
    const withInit = mlp({ ...ok, widths: [3, 4, 2], init: gaussian(1), bias: init }, createRng(3));
    expect(shapes).toEqual([[4], [2]]);
    expect(Array.from(withInit.layers[1].bias?.data ?? [])).toEqual([0.25, 0.25]);
    expect(() => mlp({ ...ok, bias: returning(() => null) }, createRng(3))).toThrow(
      /^bias must return a Tensor/,
    );
    // {variance: v}: the same stream's N(0, v) draws right after the weights
    const v = 0.36;
    const net = mlp({ ...ok, bias: { variance: v } }, createRng(4));
    const rng = createRng(4);
    gaussian(2)([4, 3], rng);
    const want = rng.fillNormal(new Float64Array(4), 0, Math.sqrt(v));
    expect(Array.from(net.layers[0].bias?.data ?? [])).toEqual(Array.from(want));
    const none = mlp({ ...ok, bias: { variance: 0 } }, createRng(4));
    expect(Array.from(none.layers[0].bias?.data ?? [1])).toEqual([0, 0, 0, 0]);
  });

  it('refuses other bias specs, naming bias and bias.variance', () => {
    const rng = createRng(5);
    for (const bad of [true, 'ones', 0, {}, { mean: 1 }, []]) {
      expect(() => mlp({ ...ok, bias: bad as never }, rng)).toThrow(
        /^bias must be false, 'zeros', an Initializer or \{variance: number\}/,
      );
    }
    expect(() => mlp({ ...ok, bias: { variance: Number.NaN } }, rng)).toThrow(
      /^bias\.variance must be finite/,
    );
    expect(() => mlp({ ...ok, bias: { variance: '1' as never } }, rng)).toThrow(
      /^bias\.variance must be a number/,
    );
    expect(() => mlp({ ...ok, bias: { variance: -0.5 } }, rng)).toThrow(
      /^bias\.variance must be >= 0, got -0.5/,
    );
  });
});

describe('mlp: options', () => {
  it('checks the activation, linearOutput, residual and the random stream, naming each', () => {
    const rng = createRng(6);
    expect(() => mlp({ ...ok, activation: undefined as never }, rng)).toThrow(/^activation is required/);
    expect(() => mlp({ ...ok, linearOutput: 1 as never }, rng)).toThrow(
      /^linearOutput must be a boolean, got 1/,
    );
    const res = { ...ok, widths: [3, 3, 3] };
    expect(() => mlp({ ...res, residual: { alpha: 1, branch: 1, stem: 'yes' as never } }, rng)).toThrow(
      /^residual\.stem must be a boolean, got "yes"/,
    );
    expect(() => mlp({ ...res, residual: { alpha: 1, branch: 1 }, linearOutput: true }, rng)).toThrow(
      /^linearOutput applies to dense networks only/,
    );
    expect(() => mlp({ ...res, residual: null as never }, rng)).toThrow(
      /^residual must be an options object/,
    );
    expect(() => mlp({ ...res, residual: { alpha: '1' as never, branch: 1 } }, rng)).toThrow(
      /^residual\.alpha must be a number/,
    );
    // the hint about stem is given only when there is no stem
    expect(() => mlp({ ...ok, residual: { alpha: 1, branch: 1 } }, rng)).toThrow(
      /widths\[1\] = 4 \(set residual\.stem = true to make the first layer a dense projection\)$/,
    );
    expect(() =>
      mlp({ ...ok, widths: [3, 4, 5], residual: { alpha: 1, branch: 1, stem: true } }, rng),
    ).toThrow(/widths\[1\] = 4 but widths\[2\] = 5$/);
    expect(() => mlp({ ...ok, widths: [4, 4, 4, 5], residual: { alpha: 1, branch: 2 } }, rng)).toThrow(
      /^residual blocks need equal widths: widths\[0\] = 4 but widths\[3\] = 5/,
    );
    for (const bad of [
      null,
      {},
      { fillNormal: () => 0 },
      { fork: () => 0 },
      { fillNormal: 1, fork: () => 0 },
    ]) {
      expect(() => mlp(ok, bad as never)).toThrow(/^rng must be a random stream from createRng\(seed\)/);
    }
    expect(() => mlp(null as never, rng)).toThrow(/^options must be an options object/);
    expect(() => mlp({ ...ok, widths: [3, -1] }, rng)).toThrow(/^widths\[1\] must be an integer in \[1/);
    expect(() => mlp({ ...ok, widths: [0, 2] }, rng)).toThrow(/^widths\[0\] must be an integer in \[1/);
  });

  it('the plan: roles, fans, activations, blocks and α of dense, stem and residual networks', () => {
    const rng = createRng(7);
    const dense = mlp({ ...ok, widths: [3, 5, 4, 2], activation: 'tanh' }, rng);
    expect(dense.layers.map((l) => [l.index, l.block, l.role, l.fanIn, l.fanOut, l.activation.name])).toEqual(
      [
        [0, 0, 'dense', 3, 5, 'tanh'],
        [1, 1, 'dense', 5, 4, 'tanh'],
        [2, 2, 'dense', 4, 2, 'tanh'],
      ],
    );
    expect(dense.blocks.map((b) => [b.index, b.kind, b.layers, b.alpha, b.inWidth, b.outWidth])).toEqual([
      [0, 'dense', [0], null, 3, 5],
      [1, 'dense', [1], null, 5, 4],
      [2, 'dense', [2], null, 4, 2],
    ]);
    expect(dense.residual).toBeNull();
    expect(dense.dtype).toBe('float64');
    expect(dense.widths).toEqual([3, 5, 4, 2]);
    expect(dense.activation.name).toBe('tanh');
    const readout = mlp({ ...ok, widths: [3, 5, 2], linearOutput: true }, rng);
    expect(readout.layers.map((l) => l.activation)).toEqual([readout.activation, linear]);
    const one = mlp({ ...ok, widths: [3, 3, 3], residual: { alpha: 0.5, branch: 1 } }, rng);
    expect(one.residual).toEqual({ alpha: 0.5, branch: 1, stem: false });
    expect(one.layers.map((l) => [l.role, l.block, l.activation.name])).toEqual([
      ['branch', 0, 'relu'],
      ['branch', 1, 'relu'],
    ]);
    expect(one.blocks.map((b) => [b.kind, b.layers, b.alpha])).toEqual([
      ['residual', [0], 0.5],
      ['residual', [1], 0.5],
    ]);
    const stem = mlp({ ...ok, widths: [2, 3, 3], residual: { alpha: 0.25, branch: 2, stem: true } }, rng);
    expect(stem.layers.map((l) => [l.role, l.block, l.fanIn, l.fanOut, l.activation.name])).toEqual([
      ['dense', 0, 2, 3, 'relu'],
      ['branchIn', 1, 3, 3, 'relu'],
      ['branchOut', 1, 3, 3, 'linear'],
    ]);
    expect(stem.blocks.map((b) => [b.kind, b.layers, b.alpha, b.inWidth, b.outWidth])).toEqual([
      ['dense', [0], null, 2, 3],
      ['residual', [1, 2], 0.25, 3, 3],
    ]);
    expect(Object.isFrozen(stem) && Object.isFrozen(stem.layers[0]) && Object.isFrozen(stem.blocks[1])).toBe(
      true,
    );
    // the per-layer initializers are used in layer order
    const perLayer = mlp(
      {
        ...ok,
        widths: [2, 2, 2],
        residual: { alpha: 1, branch: 2 },
        init: [constant(1), constant(2), constant(3), constant(4)],
      },
      rng,
    );
    expect(perLayer.layers.map((l) => l.weight.data[0])).toEqual([1, 2, 3, 4]);
  });
});

describe('forward', () => {
  it('a dense network is φ(x·Wᵀ + b) block after block; a residual block adds α·F(x)', () => {
    const rng = createRng(8);
    const X = rng.fillNormal(new Float64Array(3 * 2));
    const dense = mlp(
      { widths: [2, 3, 2], activation: 'tanh', init: gaussian(1), bias: { variance: 0.5 } },
      rng,
    );
    const [l0, l1] = dense.layers;
    const h = denseLayer(X, l0.weight.data, l0.bias?.data ?? null, 2, 3, Math.tanh);
    const want = denseLayer(h, l1.weight.data, l1.bias?.data ?? null, 3, 2, Math.tanh);
    const got = forward(dense, X).output;
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-15);
    const res = mlp(
      {
        widths: [2, 2],
        activation: 'tanh',
        init: gaussian(1),
        bias: { variance: 0.5 },
        residual: { alpha: -0.75, branch: 2 },
      },
      rng,
    );
    const [b0, b1] = res.layers;
    const f1 = denseLayer(X, b0.weight.data, b0.bias?.data ?? null, 2, 2, Math.tanh);
    const f2 = denseLayer(f1, b1.weight.data, b1.bias?.data ?? null, 2, 2, (v) => v);
    const out = forward(res, X).output;
    for (let i = 0; i < X.length; i++) expect(Math.abs(out[i] - (X[i] - 0.75 * f2[i]))).toBeLessThan(1e-15);
  });

  it('the cache keeps every signal, and the streaming pass (no cache) gives the same output bit for bit', () => {
    const rng = createRng(9);
    const configs: MlpOptions[] = [
      { widths: [3, 4, 4, 2], activation: 'linear', init: gaussian(1), bias: { variance: 0.1 } },
      { widths: [3, 5, 5, 5], activation: 'relu', init: gaussian(2), linearOutput: true },
      { widths: [4, 4, 4, 4], activation: 'linear', init: gaussian(1), residual: { alpha: 0.5, branch: 1 } },
      { widths: [4, 4, 4, 4], activation: 'tanh', init: gaussian(1), residual: { alpha: 0.5, branch: 2 } },
      { widths: [4, 4, 4, 4], activation: 'linear', init: gaussian(1), residual: { alpha: 0.5, branch: 2 } },
      {
        widths: [2, 4, 4, 4],
        activation: 'selu',
        init: gaussian(1),
        residual: { alpha: 1, branch: 1, stem: true },
      },
    ];
    for (const config of configs) {
      for (const dtype of ['float64', 'float32'] as const) {
        const net = mlp({ ...config, dtype }, rng);
        const X = rng.fillNormal(new Float64Array(3 * config.widths[0]));
        const Xcopy = X.slice();
        const kept = forwardWith(net, X, true);
        expect(Array.from(X)).toEqual(Array.from(Xcopy)); // the input is never written to
        const outputs: number[][] = [];
        const layerSignals: number[][][] = [];
        const streamed = forwardWith(net, X, false, {
          layer: (i, x, z, a) => {
            layerSignals[i] = [Array.from(x), Array.from(z), Array.from(a)];
          },
          block: (i, out) => {
            outputs[i] = Array.from(out);
          },
        });
        expect(streamed.cache).toBeNull();
        expect(streamed.batch).toBe(3);
        expect(kept.batch).toBe(3);
        expect(Array.from(streamed.output)).toEqual(Array.from(kept.output));
        const cache = kept.cache;
        if (cache === null) throw new Error('no cache');
        expect(cache.batch).toBe(3);
        expect(cache.network).toBe(net);
        expect(Array.from(cache.input)).toEqual(
          Array.from(net.dtype === 'float32' ? Float32Array.from(X) : X),
        );
        for (const block of net.blocks) {
          // every block's kept output is the hooks' (so no later block overwrote it)
          expect(Array.from(cache.blocks[block.index].output)).toEqual(outputs[block.index]);
          for (const li of block.layers) {
            const c = cache.layers[li];
            expect([Array.from(c.input), Array.from(c.preActivation), Array.from(c.activation)]).toEqual(
              layerSignals[li],
            );
            if (net.layers[li].activation === linear) expect(c.activation).toBe(c.preActivation);
          }
          // a layer reads the previous block's output (or the input)
          const first = cache.layers[block.layers[0]].input;
          expect(first).toBe(block.index === 0 ? cache.input : cache.blocks[block.index - 1].output);
        }
      }
    }
  });

  it('checks the network, the input and the hooks, naming each', () => {
    const net = mlp(ok, createRng(10));
    for (const bad of [null, 1, {}, { layers: [] }, { blocks: [] }]) {
      expect(() => forward(bad as never, new Float64Array(3))).toThrow(/^net must be a Network from mlp/);
    }
    expect(() => forward(net, { shape: [1, 3], data: [1, 2, 3] } as never)).toThrow(
      /^X\.data must be a Float64Array/,
    );
    expect(() => forward(net, { shape: [3], data: new Float64Array(3) })).toThrow(
      /^X\.shape must be \[batch, 3\], got \[3\]/,
    );
    expect(() => forward(net, { shape: [1, 3, 1], data: new Float64Array(3) })).toThrow(
      /^X\.shape must be \[batch, 3\]/,
    );
    expect(() => forward(net, { shape: 'x', data: new Float64Array(3) } as never)).toThrow(
      /^X\.shape must be/,
    );
    expect(() => forward(net, { shape: [1.5, 3], data: new Float64Array(3) })).toThrow(
      /^X\.shape\[0\] must be an integer/,
    );
    expect(() => forward(net, { shape: [2, 3], data: new Float64Array(3) })).toThrow(
      /^X\.data has 3 elements, but shape \[2, 3\] needs 6/,
    );
    expect(() => forward(net, { shape: [0, 3], data: new Float64Array(0) })).toThrow(
      /^X must have at least one row, got 0/,
    );
    expect(() => forward(net, { data: new Float64Array(3) } as never)).toThrow(
      /^X must be a Float64Array\/Float32Array or a Tensor/,
    );
    expect(() => forward(net, null as never)).toThrow(
      /^X must be a Float64Array\/Float32Array or a Tensor \{shape: \[batch, 3\], data\}/,
    );
    const inf = Float32Array.of(0, 0, 0, 0, Number.NEGATIVE_INFINITY, 0);
    expect(() => forward(net, inf)).toThrow(/^X\[4\] \(row 1, column 1\) must be finite, got -Infinity/);
    expect(Array.from(forward(net, { shape: [2, 3], data: new Float64Array(6) }).output)).toEqual(
      new Array(8).fill(0),
    );
  });

  it('an overflow names the layer or block: pre-activation, activation, residual output', () => {
    const big = mlp({ widths: [1, 1], activation: 'relu', init: constant(1e300) }, createRng(11));
    expect(() => forward(big, Float64Array.of(0.5, 1e10))).toThrow(
      /^layer 0 pre-activation overflowed: Infinity at row 1, unit 0; the signal explodes/,
    );
    const exp = defineActivation({ name: 'exp', value: Math.exp, derivative: Math.exp });
    const act = mlp({ widths: [2, 2], activation: exp, init: constant(1) }, createRng(11));
    expect(() => forward(act, Float64Array.of(1, 1, 400, 400))).toThrow(
      /^layer 0 activation \(exp\) overflowed: Infinity at row 1, unit 0/,
    );
    const resOut = mlp(
      { widths: [2, 2], activation: 'linear', init: constant(1), residual: { alpha: 1, branch: 1 } },
      createRng(11),
    );
    expect(() => forward(resOut, Float64Array.of(0, 0, 1e308, 1e308))).toThrow(
      /^layer 0 pre-activation overflowed: Infinity at row 1, unit 0/,
    );
    const skip = mlp(
      { widths: [2, 2], activation: 'linear', init: constant(0.5), residual: { alpha: 1, branch: 1 } },
      createRng(11),
    );
    // z = 0.5·(x₁ + x₂) = 1.5e308 is finite, x + z = 3e308 is not
    expect(() => forward(skip, Float64Array.of(0, 0, 1.5e308, 1.5e308))).toThrow(
      /^block 0 output overflowed: Infinity at row 1, unit 0/,
    );
  });

  it('the overflow scan finds one non-finite value at every position: each of the four sums and the tail', () => {
    // widths [1, 1] with weight 1e300: z = 1e300·x is finite for |x| ≤ 1 and ±∞ for x = ±1e10;
    // 7 rows = one group of four and a tail of three, the bad row at each position in turn
    const big = mlp({ widths: [1, 1], activation: 'linear', init: constant(1e300) }, createRng(11));
    for (let row = 0; row < 7; row++) {
      for (const bad of [1e10, -1e10]) {
        const x = new Float64Array(7).fill(0.5);
        x[row] = bad;
        expect(() => forward(big, x), `row ${row}, x = ${bad}`).toThrow(
          new RegExp(
            `^layer 0 pre-activation overflowed: ${bad > 0 ? '' : '-'}Infinity at row ${row}, unit 0;`,
          ),
        );
      }
    }
    // NaN from ∞ − ∞ in the sum: x = (1e10, −1e10) in one row of a [2, 1] network
    const nan = mlp({ widths: [2, 1], activation: 'linear', init: constant(1e300) }, createRng(11));
    expect(() => forward(nan, Float64Array.of(0, 0, 1e10, -1e10, 0, 0))).toThrow(
      /^layer 0 pre-activation overflowed: NaN at row 1, unit 0;/,
    );
    expect(Array.from(forward(big, new Float64Array(7).fill(1)).output)).toEqual(new Array(7).fill(1e300));
  });
});

describe('backward', () => {
  it('checks the network, the cache and dOut, naming each', () => {
    const net = mlp(ok, createRng(12));
    const { cache } = forward(net, new Float64Array(6));
    expect(() => backward(null as never, cache, new Float64Array(8))).toThrow(/^net must be a Network/);
    for (const bad of [null, 1, {}, { layers: 1 }]) {
      expect(() => backward(net, bad as never, new Float64Array(8))).toThrow(
        /^cache must be the cache returned by forward\(net, X\)/,
      );
    }
    expect(() => backward(net, cache, { shape: [2, 4], data: new Float64Array(8) }).input).not.toThrow();
    expect(() => backward(net, cache, { shape: [1, 4], data: new Float64Array(4) })).toThrow(
      /^dOut must have 2 rows of width 4, got 1/,
    );
  });

  it('of a linear layer L = Σ dOut ⊙ (x·Wᵀ + b): ∂L/∂W = dOutᵀ·x, ∂L/∂b = Σ_rows dOut, ∂L/∂x = dOut·W', () => {
    const net = mlp(
      { widths: [2, 3], activation: 'linear', init: constant(0), bias: 'zeros' },
      createRng(13),
    );
    net.layers[0].weight.data.set([1, 2, 3, 4, 5, 6]); // W (3 × 2)
    const X = Float64Array.of(1, -1, 2, 0.5); // 2 rows
    const dOut = Float64Array.of(1, 0, 2, -1, 3, 0.5);
    const g = backward(net, forward(net, X).cache, dOut);
    // ∂L/∂W_jk = Σ_r dOut_rj·x_rk
    expect(Array.from(g.layers[0].weight)).toEqual([1 - 2, -1 - 0.5, 0 + 6, 0 + 1.5, 2 + 1, -2 + 0.25]);
    expect(Array.from(g.layers[0].bias ?? [])).toEqual([0, 3, 2.5]);
    // ∂L/∂x_rk = Σ_j dOut_rj·W_jk
    expect(Array.from(g.input)).toEqual([1 + 10, 2 + 12, -1 + 9 + 2.5, -2 + 12 + 3]);
    expect(g.layers[0].preActivation).toBe(g.layers[0].activation);
    expect(g.blocks[0].output).toEqual(dOut);
  });

  it('of a residual block y = x + α·F(x): ∂L/∂x = dOut + α·(branch gradient), and float32 stays float32', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const net = mlp(
        {
          widths: [2, 2],
          activation: 'linear',
          init: constant(0),
          residual: { alpha: 0.5, branch: 1 },
          dtype,
        },
        createRng(14),
      );
      net.layers[0].weight.data.set([1, 2, 3, 4]);
      const dOut = Float64Array.of(1, -2);
      const g = backward(net, forward(net, Float64Array.of(0.25, 0.5)).cache, dOut);
      // ∂L/∂z = α·dOut = (0.5, −1); ∂L/∂x = dOut + (∂L/∂z)·W = (1 + 0.5 − 3, −2 + 1 − 4)
      expect(Array.from(g.layers[0].preActivation)).toEqual([0.5, -1]);
      expect(Array.from(g.input)).toEqual([-1.5, -5]);
      expect(g.layers[0].input).toBe(g.input);
      expect(g.input).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
      expect(g.layers[0].weight).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
    }
  });

  it('an overflowing gradient names the layer and the gradient', () => {
    const exp: Activation = defineActivation({ name: 'exp', value: Math.exp, derivative: Math.exp });
    const net = mlp({ widths: [1, 1], activation: exp, init: constant(1) }, createRng(15));
    const { cache } = forward(net, Float64Array.of(700));
    expect(() => backward(net, cache, Float64Array.of(1e10))).toThrow(
      /^layer 0 gradient ∂L\/∂z overflowed: Infinity at row 0, unit 0/,
    );
    const wide = mlp({ widths: [1, 1], activation: 'linear', init: constant(1e300) }, createRng(15));
    expect(() => backward(wide, forward(wide, Float64Array.of(1e-300)).cache, Float64Array.of(1e10))).toThrow(
      /^layer 0 gradient ∂L\/∂\(input\) overflowed/,
    );
  });
});
