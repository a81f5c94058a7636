import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dtype, Initializer, Tensor } from '../init/types.js';
import { createRng, type Rng } from '../random/rng.js';
import { assertProperty } from '../testing/property.js';
import { type Activation, activations, getActivation, leakyRelu, linear } from './activations.js';
import { backward, forward, type MlpOptions, mlp, type Network } from './network.js';

/** A minimal initializer for these tests: W ~ N(0, c/fan_in) with fan_in = shape[1] (or shape[0] for biases). */
function gaussian(c: number): Initializer {
  const f = (shape: readonly number[], rng: Rng, options?: { dtype?: Dtype }): Tensor => {
    const fanIn = shape.length > 1 ? shape[1] : shape[0];
    const size = shape.reduce((p, s) => p * s, 1);
    const data = options?.dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
    return { shape: [...shape], data: rng.fillNormal(data, 0, Math.sqrt(c / fanIn)) };
  };
  return Object.assign(f, {
    displayName: `gaussian(${c}/fan_in)`,
    variance: (shape: readonly number[]) => c / (shape.length > 1 ? shape[1] : shape[0]),
    mean: () => 0,
  });
}

const zerosInit: Initializer = Object.assign(
  (shape: readonly number[], _rng: Rng, options?: { dtype?: Dtype }): Tensor => {
    const size = shape.reduce((p, s) => p * s, 1);
    return {
      shape: [...shape],
      data: options?.dtype === 'float32' ? new Float32Array(size) : new Float64Array(size),
    };
  },
  { displayName: 'zeros', variance: () => 0, mean: () => 0 },
);

/** Where to add a perturbation δ inside the reference forward pass. */
type Site =
  | { where: 'x'; index: number }
  | { where: 'z' | 'a'; layer: number; index: number }
  | { where: 'out'; block: number; index: number };

/**
 * The reference forward pass, written from the definitions with scalar loops and φ's scalar
 * `value`, rounding to float32 after each stored value when the network is float32. It can add δ
 * to one element of any signal, and records on which side of each kink of φ every pre-activation
 * lies (so finite differences that straddle a kink can be recognised).
 */
function reference(
  net: Network,
  X: ArrayLike<number>,
  site?: Site,
  delta = 0,
): { out: Float64Array; sides: number[] } {
  const r32 = net.dtype === 'float32' ? Math.fround : (v: number) => v;
  const batch = X.length / net.widths[0];
  const sides: number[] = [];
  let x: Float64Array = Float64Array.from(X, r32);
  if (site?.where === 'x') x[site.index] += delta;
  const layer = (li: number, input: Float64Array): Float64Array => {
    const L = net.layers[li];
    const W = L.weight.data;
    const z = new Float64Array(batch * L.fanOut);
    for (let r = 0; r < batch; r++) {
      for (let j = 0; j < L.fanOut; j++) {
        let s = 0;
        for (let k = 0; k < L.fanIn; k++) s += input[r * L.fanIn + k] * W[j * L.fanIn + k];
        s = r32(s);
        if (L.bias) s = r32(s + L.bias.data[j]);
        z[r * L.fanOut + j] = s;
      }
    }
    if (site?.where === 'z' && site.layer === li) z[site.index] += delta;
    const a = new Float64Array(z.length);
    for (let i = 0; i < z.length; i++) {
      a[i] = L.activation === linear ? z[i] : r32(L.activation.value(z[i]));
      for (const k of L.activation.kinks) sides.push(z[i] > k ? 1 : z[i] < k ? -1 : 0);
    }
    if (site?.where === 'a' && site.layer === li) a[site.index] += delta;
    return a;
  };
  for (const block of net.blocks) {
    let out: Float64Array;
    if (block.kind === 'dense') {
      out = layer(block.layers[0], x);
    } else {
      let h = layer(block.layers[0], x);
      if (block.layers.length === 2) h = layer(block.layers[1], h);
      out = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) out[i] = r32(x[i] + (block.alpha as number) * h[i]);
    }
    if (site?.where === 'out' && site.block === block.index) out[site.index] += delta;
    x = out;
  }
  return { out: x, sides };
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

const STEP = 1e-4;
const REL_TOL = 1e-6;
const ABS_FLOOR = 1e-9;

/**
 * Fourth-order central difference of L(δ) = Σ dOut ⊙ output(δ) at δ = 0:
 * (−L(2h) + 8L(h) − 8L(−h) + L(−2h))/(12h), truncation error O(h⁴), rounding error O(ε·|L|/h).
 * Returns 'atKink' when a pre-activation sits exactly on a kink of φ (e.g. z = 0 behind a row of
 * dead ReLUs without bias: L is not differentiable there) and 'straddles' when one crosses a kink
 * within [−2h, 2h] (probability O(h)); the derivative is one-sided in both cases.
 */
function finiteDifference(
  L: (delta: number) => { loss: number; sides: number[] },
): number | 'atKink' | 'straddles' {
  const base = L(0).sides;
  const vals: number[] = [];
  for (const d of [2 * STEP, STEP, -STEP, -2 * STEP]) {
    const r = L(d);
    for (let i = 0; i < base.length; i++) {
      if (r.sides[i] !== base[i]) return base[i] === 0 ? 'atKink' : 'straddles';
    }
    vals.push(r.loss);
  }
  return (-vals[0] + 8 * vals[1] - 8 * vals[2] + vals[3]) / (12 * STEP);
}

/** Comparisons made and skipped over all runs of the finite-difference property. */
const tally = { compared: 0, atKink: 0, straddles: 0 };

const ACTIVATIONS: Activation[] = [
  activations.tanh,
  activations.gelu,
  activations.silu,
  activations.selu,
  activations.relu,
  leakyRelu(0.2),
  activations.elu,
  activations.sigmoid,
  activations.softplus,
  activations.linear,
];

const netArb = fc.record({
  activation: fc.constantFrom(...ACTIVATIONS),
  bias: fc.constantFrom<MlpOptions['bias']>(false, 'zeros', { variance: 0.3 }),
  residual: fc.constantFrom<MlpOptions['residual']>(
    undefined,
    { alpha: 0.3, branch: 1 },
    { alpha: 0.3, branch: 2 },
    { alpha: 0, branch: 1 },
    { alpha: 0, branch: 2 },
    { alpha: 1, branch: 2, stem: true },
  ),
  width: fc.integer({ min: 1, max: 4 }),
  widths: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 4 }),
  batch: fc.integer({ min: 1, max: 3 }),
  linearOutput: fc.boolean(),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

type NetParams = typeof netArb extends fc.Arbitrary<infer T> ? T : never;

function build(p: NetParams): { net: Network; X: Float64Array; dOut: Float64Array } {
  const rng = createRng(p.seed);
  let widths = p.widths;
  if (p.residual) {
    // residual blocks need equal widths; a stem may project from a different input width
    widths = p.widths.map(() => p.width);
    if (p.residual.stem) widths[0] = p.widths[0];
  }
  const net = mlp(
    {
      widths,
      activation: p.activation,
      init: gaussian(2),
      bias: p.bias,
      residual: p.residual,
      linearOutput: p.residual ? false : p.linearOutput,
    },
    rng,
  );
  const X = rng.fillNormal(new Float64Array(p.batch * widths[0]));
  const dOut = rng.fillNormal(new Float64Array(p.batch * widths[widths.length - 1]));
  return { net, X, dOut };
}

describe('mlp and forward', () => {
  it('forward equals the reference implementation exactly (float64 and float32, dense and residual)', () => {
    assertProperty(
      'forward equals the reference implementation exactly',
      [netArb, fc.constantFrom<Dtype>('float64', 'float32')],
      (p, dtype) => {
        const { net: net64, X } = build(p);
        const net = dtype === 'float64' ? net64 : mlp({ ...optionsOf(p, net64), dtype }, createRng(p.seed));
        const { output, cache } = forward(net, X);
        expect(output).toBeInstanceOf(dtype === 'float64' ? Float64Array : Float32Array);
        // summation order equals the reference's for k ≤ 256, so the results agree bit for bit
        expect(Array.from(output)).toEqual(Array.from(reference(net, X).out));
        expect(cache.blocks[net.blocks.length - 1].output).toBe(output);
      },
      { numRuns: 60 },
    );
  });

  it('agrees with the reference on wide layers, where the GEMM splits k into blocks', () => {
    const rng = createRng(5);
    const net = mlp(
      { widths: [300, 130, 7], activation: 'tanh', init: gaussian(1), bias: { variance: 0.1 } },
      rng,
    );
    const X = rng.fillNormal(new Float64Array(5 * 300));
    const got = forward(net, X).output;
    const want = reference(net, X).out;
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-13);
  });

  it('builds the layers and blocks the options describe', () => {
    const rng = createRng(1);
    const dense = mlp({ widths: [3, 5, 2], activation: 'relu', init: gaussian(2), linearOutput: true }, rng);
    expect(dense.layers.map((l) => [l.role, l.fanIn, l.fanOut, l.activation.name])).toEqual([
      ['dense', 3, 5, 'relu'],
      ['dense', 5, 2, 'linear'],
    ]);
    expect(dense.layers[0].weight.shape).toEqual([5, 3]);
    expect(dense.layers[0].bias).toBeNull();
    const res = mlp(
      {
        widths: [6, 4, 4, 4],
        activation: 'gelu',
        init: gaussian(1),
        bias: 'zeros',
        residual: { alpha: 0.5, branch: 2, stem: true },
      },
      rng,
    );
    expect(res.blocks.map((b) => [b.kind, b.layers, b.alpha])).toEqual([
      ['dense', [0], null],
      ['residual', [1, 2], 0.5],
      ['residual', [3, 4], 0.5],
    ]);
    expect(res.layers.map((l) => l.role)).toEqual([
      'dense',
      'branchIn',
      'branchOut',
      'branchIn',
      'branchOut',
    ]);
    expect(Array.from(res.layers[1].bias?.data ?? [])).toEqual([0, 0, 0, 0]);
    // one initializer per layer: Fixup-style zero last layers make every block the identity
    const fixup = mlp(
      {
        widths: [4, 4, 4],
        activation: 'relu',
        init: [gaussian(2), zerosInit, gaussian(2), zerosInit],
        residual: { alpha: 1, branch: 2 },
      },
      rng,
    );
    const X = rng.fillNormal(new Float64Array(8));
    expect(Array.from(forward(fixup, X).output)).toEqual(Array.from(X));
    // a seed fixes the network
    const a = mlp(
      { widths: [3, 3], activation: 'relu', init: gaussian(2), bias: { variance: 1 } },
      createRng(9),
    );
    const b = mlp(
      { widths: [3, 3], activation: 'relu', init: gaussian(2), bias: { variance: 1 } },
      createRng(9),
    );
    expect(a.layers[0].weight.data).toEqual(b.layers[0].weight.data);
    expect(a.layers[0].bias?.data).toEqual(b.layers[0].bias?.data);
  });

  it('accepts a Tensor or a flat array of either dtype as input', () => {
    const net = mlp({ widths: [2, 3], activation: 'tanh', init: gaussian(1) }, createRng(2));
    const x = Float64Array.of(0.5, -1, 2, 0.25);
    const a = forward(net, x).output;
    expect(Array.from(forward(net, { shape: [2, 2], data: x }).output)).toEqual(Array.from(a));
    const x32 = Float32Array.from(x);
    expect(Array.from(forward(net, x32).output)).toEqual(Array.from(a)); // these values are exact in float32
  });

  it('rejects bad options and inputs with errors naming them', () => {
    const rng = createRng(3);
    const ok = { widths: [3, 4], activation: 'relu' as const, init: gaussian(2) };
    expect(() => mlp({ ...ok, widths: [] }, rng)).toThrow(
      /widths must list the input width and at least one layer/,
    );
    expect(() => mlp({ ...ok, widths: [3] }, rng)).toThrow(RangeError);
    expect(() => mlp({ ...ok, widths: [3, 2.5] }, rng)).toThrow(/widths\[1\] must be an integer, got 2.5/);
    expect(() => mlp({ ...ok, widths: [3, 0] }, rng)).toThrow(/widths\[1\] must be an integer in \[1/);
    expect(() => mlp({ ...ok, widths: 'abc' as never }, rng)).toThrow(TypeError);
    expect(() => mlp({ ...ok, activation: 'swish' as never }, rng)).toThrow(/unknown activation "swish"/);
    expect(() => mlp({ ...ok, residual: { alpha: 1, branch: 1 } }, rng)).toThrow(
      /residual blocks need equal widths: widths\[0\] = 3 but widths\[1\] = 4/,
    );
    expect(() =>
      mlp({ ...ok, widths: [3, 4, 5], residual: { alpha: 1, branch: 1, stem: true } }, rng),
    ).toThrow(/widths\[1\] = 4 but widths\[2\] = 5/);
    expect(() => mlp({ ...ok, widths: [3, 3], residual: { alpha: Number.NaN, branch: 1 } }, rng)).toThrow(
      /residual.alpha must be finite, got NaN/,
    );
    expect(() => mlp({ ...ok, widths: [3, 3], residual: { alpha: 1, branch: 3 as never } }, rng)).toThrow(
      /residual.branch must be 1 or 2, got 3/,
    );
    expect(() => mlp({ ...ok, bias: { variance: -1 } }, rng)).toThrow(/bias.variance must be >= 0, got -1/);
    expect(() => mlp({ ...ok, bias: 'ones' as never }, rng)).toThrow(TypeError);
    expect(() => mlp({ ...ok, dtype: 'float16' as never }, rng)).toThrow(/unknown dtype "float16"/);
    expect(() => mlp({ ...ok, init: [gaussian(1), gaussian(1)] }, rng)).toThrow(/one per layer \(1 layers\)/);
    expect(() => mlp({ ...ok, init: 2 as never }, rng)).toThrow(/init must be a function/);
    const bad = Object.assign(() => ({ shape: [4, 3], data: new Float64Array(11) }), gaussian(1));
    expect(() => mlp({ ...ok, init: bad }, rng)).toThrow(
      /init returned 11 elements for shape \[4, 3\], expected 12/,
    );
    const nanInit = Object.assign(
      () => ({ shape: [4, 3], data: new Float64Array(12).fill(Number.NaN) }),
      gaussian(1),
    );
    expect(() => mlp({ ...ok, init: nanInit }, rng)).toThrow(/non-finite element at index 0/);
    expect(() => mlp(ok, undefined as never)).toThrow(/rng must be a random stream/);

    const net = mlp(ok, rng);
    expect(() => forward(net, new Float64Array(7))).toThrow(
      /X has 7 elements, not a multiple of its width 3/,
    );
    expect(() => forward(net, new Float64Array(0))).toThrow(/X must have at least one row/);
    expect(() => forward(net, { shape: [2, 4], data: new Float64Array(8) })).toThrow(
      /X.shape must be \[batch, 3\]/,
    );
    const nan = new Float64Array(6);
    nan[4] = Number.NaN;
    expect(() => forward(net, nan)).toThrow(/X\[4\] \(row 1, column 1\) must be finite, got NaN/);
    expect(() => forward(net, [1, 2, 3] as never)).toThrow(TypeError);
    const { cache } = forward(net, new Float64Array(6));
    expect(() => backward(net, cache, new Float64Array(6))).toThrow(
      /dOut must have 2 rows of width 4, got 1\.5|not a multiple/,
    );
    expect(() => backward(net, cache, new Float64Array(4))).toThrow(
      /dOut must have 2 rows of width 4, got 1/,
    );
    const other = mlp(ok, rng);
    expect(() => backward(other, cache, new Float64Array(8))).toThrow(/different network/);
    const inf = new Float64Array(8);
    inf[7] = Number.POSITIVE_INFINITY;
    expect(() => backward(net, cache, inf)).toThrow(/dOut\[7\] \(row 1, column 3\) must be finite/);
  });

  it('throws instead of returning Infinity or NaN when the signal explodes', () => {
    const net = mlp({ widths: [4, 4, 4, 4], activation: 'linear', init: gaussian(1) }, createRng(4));
    for (const layer of net.layers) layer.weight.data.fill(1e120);
    expect(() => forward(net, new Float64Array(4).fill(1))).toThrow(
      /layer 2 pre-activation overflowed: Infinity at row 0, unit 0/,
    );
    const mild = mlp({ widths: [4, 4], activation: 'linear', init: gaussian(1) }, createRng(4));
    mild.layers[0].weight.data.fill(1e200);
    const { cache } = forward(mild, new Float64Array(4).fill(1e-200));
    expect(() => backward(mild, cache, new Float64Array(4).fill(1e200))).toThrow(/gradient .* overflowed/);
  });
});

function optionsOf(p: NetParams, net: Network): MlpOptions {
  return {
    widths: net.widths,
    activation: p.activation,
    init: gaussian(2),
    bias: p.bias,
    residual: p.residual,
    linearOutput: p.residual ? false : p.linearOutput,
  };
}

describe('backward', () => {
  it('every gradient matches finite differences to 1e-6 relative (float64, random small nets)', () => {
    assertProperty(
      'every gradient matches finite differences to 1e-6 relative',
      [netArb],
      (p) => {
        const { net, X, dOut } = build(p);
        const { cache } = forward(net, X);
        const g = backward(net, cache, dOut);
        const compare = (
          what: string,
          analytic: number,
          L: (d: number) => { loss: number; sides: number[] },
        ) => {
          const fd = finiteDifference(L);
          if (typeof fd === 'string') {
            tally[fd]++;
            return;
          }
          tally.compared++;
          const err = Math.abs(analytic - fd);
          if (err > REL_TOL * Math.max(Math.abs(analytic), Math.abs(fd)) + ABS_FLOOR) {
            throw new Error(
              `${what}: backward gives ${analytic}, finite difference ${fd} (|diff| ${err}) for ${net.activation.name}, ` +
                `widths ${net.widths}, residual ${JSON.stringify(net.residual)}, bias ${JSON.stringify(p.bias)}`,
            );
          }
        };
        const signal = (site: Site) => (d: number) => {
          const r = reference(net, X, site, d);
          return { loss: dot(r.out, dOut), sides: r.sides };
        };
        const param = (data: Float64Array | Float32Array, i: number) => (d: number) => {
          const keep = data[i];
          data[i] = keep + d;
          const r = reference(net, X);
          data[i] = keep;
          return { loss: dot(r.out, dOut), sides: r.sides };
        };
        for (let i = 0; i < X.length; i++)
          compare(`∂L/∂X[${i}]`, g.input[i], signal({ where: 'x', index: i }));
        for (const layer of net.layers) {
          const li = layer.index;
          const gl = g.layers[li];
          const W = layer.weight.data;
          for (let i = 0; i < W.length; i++) compare(`∂L/∂W${li}[${i}]`, gl.weight[i], param(W, i));
          if (layer.bias) {
            const b = layer.bias.data;
            for (let i = 0; i < b.length; i++)
              compare(`∂L/∂b${li}[${i}]`, (gl.bias as Float64Array)[i], param(b, i));
          } else {
            expect(gl.bias).toBeNull();
          }
          const size = gl.preActivation.length;
          for (let i = 0; i < size; i++) {
            compare(`∂L/∂z${li}[${i}]`, gl.preActivation[i], signal({ where: 'z', layer: li, index: i }));
            compare(`∂L/∂a${li}[${i}]`, gl.activation[i], signal({ where: 'a', layer: li, index: i }));
          }
          // the input gradient is that of the tensor the layer reads
          const reads =
            layer.role === 'branchOut'
              ? g.layers[li - 1].activation
              : layer.block === 0
                ? g.input
                : g.blocks[layer.block - 1].output;
          expect(gl.input).toBe(reads);
        }
        for (const block of net.blocks) {
          const go = g.blocks[block.index].output;
          for (let i = 0; i < go.length; i++) {
            compare(
              `∂L/∂x_${block.index}[${i}]`,
              go[i],
              signal({ where: 'out', block: block.index, index: i }),
            );
          }
        }
      },
      { numRuns: 40 },
    );
    // skips must stay rare, or the test would lose its power: straddles have probability O(h);
    // exact kinks come from dead ReLU rows of narrow nets
    const total = tally.compared + tally.atKink + tally.straddles;
    expect(tally.straddles).toBeLessThanOrEqual(0.01 * total);
    expect(tally.compared).toBeGreaterThanOrEqual(0.8 * total);
  });

  it('a float32 network gives the float64 gradients to float32 accuracy', () => {
    const rng = createRng(21);
    const opts: MlpOptions = {
      widths: [20, 30, 30, 10],
      activation: 'silu',
      init: gaussian(1.5),
      bias: { variance: 0.1 },
    };
    const net64 = mlp(opts, createRng(8));
    const net32 = mlp({ ...opts, dtype: 'float32' }, createRng(8));
    // make the float64 weights the float32 ones exactly
    net64.layers.forEach((l, i) => {
      l.weight.data.set(net32.layers[i].weight.data);
      l.bias?.data.set(net32.layers[i].bias?.data ?? []);
    });
    const X = rng.fillNormal(new Float32Array(7 * 20));
    const dOut = rng.fillNormal(new Float32Array(7 * 10));
    const g64 = backward(net64, forward(net64, X).cache, dOut);
    const g32 = backward(net32, forward(net32, X).cache, dOut);
    expect(g32.input).toBeInstanceOf(Float32Array);
    expect(g32.layers[0].weight).toBeInstanceOf(Float32Array);
    const close = (a: ArrayLike<number>, b: ArrayLike<number>) => {
      let scale = 0;
      let err = 0;
      for (let i = 0; i < a.length; i++) {
        scale = Math.max(scale, Math.abs(b[i]));
        err = Math.max(err, Math.abs(a[i] - b[i]));
      }
      // a few float32 roundings per layer (unit roundoff 6e-8), compounded over 3 layers
      expect(err).toBeLessThan(1e-5 * scale);
    };
    close(g32.input, g64.input);
    for (let i = 0; i < net64.layers.length; i++) {
      close(g32.layers[i].weight, g64.layers[i].weight);
      close(g32.layers[i].bias as Float32Array, g64.layers[i].bias as Float64Array);
    }
  });

  it('with α = 0 the residual branches get exactly zero gradient and the input gets dOut', () => {
    const rng = createRng(6);
    const net = mlp(
      {
        widths: [5, 5, 5],
        activation: 'tanh',
        init: gaussian(1),
        bias: 'zeros',
        residual: { alpha: 0, branch: 2 },
      },
      rng,
    );
    const X = rng.fillNormal(new Float64Array(15));
    const dOut = rng.fillNormal(new Float64Array(15));
    const g = backward(net, forward(net, X).cache, dOut);
    expect(Array.from(g.input)).toEqual(Array.from(dOut));
    for (const l of g.layers) expect(l.weight.every((v) => v === 0)).toBe(true);
  });

  it('a user-defined activation works through getActivation', () => {
    const cube = getActivation({
      name: 'cube',
      value: (x: number) => x * x * x,
      derivative: (x: number) => 3 * x * x,
      kinks: [],
      apply: (i, o) => {
        for (let k = 0; k < i.length; k++) o[k] = i[k] ** 3;
        return o;
      },
      applyDerivative: (i, o) => {
        for (let k = 0; k < i.length; k++) o[k] = 3 * i[k] ** 2;
        return o;
      },
    } as Activation);
    const net = mlp({ widths: [2, 2], activation: cube, init: gaussian(1) }, createRng(7));
    const X = Float64Array.of(1, 2);
    const W = net.layers[0].weight.data;
    const z0 = W[0] + 2 * W[1];
    expect(forward(net, X).output[0]).toBeCloseTo(z0 ** 3, 12);
  });
});
