/**
 * Dense and residual networks with batched forward and backward passes.
 *
 * A network is a stack of blocks. A dense block is one layer x ↦ φ(x·Wᵀ + b) with W stored
 * (out, in) as in PyTorch's nn.Linear; a residual block is x ↦ x + α·F(x) with a one-layer branch
 * F(x) = φ(x·Wᵀ + b) or a two-layer branch F(x) = φ(x·W₁ᵀ + b₁)·W₂ᵀ + b₂ (He et al. 2016, "Identity
 * mappings in deep residual networks": no nonlinearity after the addition). Rows of a batch are
 * samples; every matrix is row-major (batch × width). Products run on the packed GEMM of
 * `./matmul.js`; nothing is allocated per element.
 */
import type { Dtype, Initializer, Tensor } from '../init/types.js';
import type { FloatArray, Rng } from '../random/rng.js';
import * as check from '../validate.js';
import { type Activation, type ActivationName, getActivation, linear, relu } from './activations.js';
import { gemm, gemmDense } from './matmul.js';

/**
 * How a layer's bias is made: `false` (no bias), `'zeros'` (a bias initialized to 0, whose gradient
 * is still reported), an `Initializer` (called with shape [out]), or `{variance: σb²}` for i.i.d.
 * N(0, σb²) draws, the bias of mean-field analyses (Poole et al. 2016; Schoenholz et al. 2017).
 */
export type BiasSpec = false | 'zeros' | Initializer | { variance: number };

/**
 * Residual blocks x + α·F(x) (He et al. 2016). `branch: 1` is F(x) = φ(x·Wᵀ + b); `branch: 2` is
 * F(x) = φ(x·W₁ᵀ + b₁)·W₂ᵀ + b₂ with hidden width equal to the block width. Any finite α: 1 (plain
 * ResNet), 1/√L (which bounds the growth of E‖x‖² by (1 + 1/L)^L ≤ e; Hanin & Rolnick 2018), or 0
 * (SkipInit, De & Smith 2020: every block starts as the identity; Fixup, Zhang et al. 2019, gets the
 * same effect by zero-initializing the branch's last layer). Residual blocks need equal input and
 * output widths; with `stem: true` the first layer is a plain dense projection from widths[0] to
 * widths[1] (as a ResNet's stem) and only widths[1..] must be equal.
 */
export interface ResidualSpec {
  alpha: number;
  branch: 1 | 2;
  stem?: boolean;
}

/** Options of `mlp`. */
export interface MlpOptions {
  /** [n₀, n₁, …, n_L]: the input width, then each block's output width. */
  widths: readonly number[];
  /** φ: a built-in name or an Activation (see `defineActivation`). */
  activation: ActivationName | Activation;
  /**
   * Weight initializer, called with shape [out, in] (PyTorch's layout, so its fan_in is `in`), or
   * one initializer per layer in order (e.g. Fixup's zeros for each branch's last layer).
   */
  init: Initializer | readonly Initializer[];
  /** Bias of every layer (default `false`). */
  bias?: BiasSpec;
  /** Make every block residual (see ResidualSpec); default: a plain dense network. */
  residual?: ResidualSpec;
  /** Element type of weights, activations and gradients (default 'float64'). */
  dtype?: Dtype;
  /** Leave the last layer of a dense network without φ (a linear read-out); default false. */
  linearOutput?: boolean;
}

/** Where a layer sits: a dense block, the single layer of a 1-layer branch, or a 2-layer branch's first/second layer. */
export type LayerRole = 'dense' | 'branch' | 'branchIn' | 'branchOut';

/** One linear map z = x·Wᵀ + b followed by its activation a = φ(z). */
export interface Layer {
  readonly index: number;
  /** Index of the block the layer belongs to. */
  readonly block: number;
  readonly role: LayerRole;
  readonly fanIn: number;
  readonly fanOut: number;
  /** Weights, shape [fanOut, fanIn], row-major. Mutable: tests and experiments may edit them. */
  readonly weight: Tensor;
  /** Bias, shape [fanOut], or null. */
  readonly bias: Tensor | null;
  /** φ of this layer (`linear` for a branch's second layer and a linear read-out). */
  readonly activation: Activation;
}

/** A dense block (one layer) or a residual block (x + α·F(x)). */
export interface Block {
  readonly index: number;
  readonly kind: 'dense' | 'residual';
  /** Indices into `network.layers`. */
  readonly layers: readonly number[];
  /** α of a residual block; null for a dense block. */
  readonly alpha: number | null;
  readonly inWidth: number;
  readonly outWidth: number;
}

/** A network built by `mlp`. */
export interface Network {
  readonly widths: readonly number[];
  readonly dtype: Dtype;
  readonly activation: Activation;
  readonly residual: Readonly<ResidualSpec> | null;
  readonly layers: readonly Layer[];
  readonly blocks: readonly Block[];
}

type ArrayCtor = Float64ArrayConstructor | Float32ArrayConstructor;

function ctor(dtype: Dtype): ArrayCtor {
  return dtype === 'float32' ? Float32Array : Float64Array;
}

function checkRng(rng: unknown): Rng {
  const r = rng as Rng;
  if (
    r === null ||
    typeof r !== 'object' ||
    typeof r.fillNormal !== 'function' ||
    typeof r.fork !== 'function'
  ) {
    throw new TypeError(`rng must be a random stream from createRng(seed), got ${check.show(rng)}`);
  }
  return r;
}

/** Call an initializer and check what it returns: the right length, finite, in the network's dtype. */
function draw(name: string, init: unknown, shape: readonly number[], rng: Rng, dtype: Dtype): Tensor {
  const f = check.func(name, init) as unknown as Initializer;
  const t = f(shape, rng, { dtype }) as Tensor;
  const size = shape.reduce((p, s) => p * s, 1);
  if (t === null || typeof t !== 'object') {
    throw new TypeError(`${name} must return a Tensor {shape, data}, got ${check.show(t)}`);
  }
  const data = check.floatArray(`${name}(…).data`, t.data);
  if (Array.isArray(t.shape) && (t.shape.length !== shape.length || t.shape.some((s, i) => s !== shape[i]))) {
    throw new RangeError(`${name} returned shape ${check.show(t.shape)} for shape [${shape.join(', ')}]`);
  }
  if (data.length !== size) {
    throw new RangeError(
      `${name} returned ${data.length} elements for shape [${shape.join(', ')}], expected ${size}`,
    );
  }
  for (let i = 0; i < size; i++) {
    if (!Number.isFinite(data[i])) {
      throw new RangeError(`${name} returned a non-finite element at index ${i}: ${check.show(data[i])}`);
    }
  }
  const Ctor = ctor(dtype);
  const out = data instanceof Ctor ? data : Ctor.from(data);
  return { shape: [...shape], data: out };
}

function makeBias(spec: BiasSpec, name: string, out: number, rng: Rng, dtype: Dtype): Tensor | null {
  if (spec === false) return null;
  const Ctor = ctor(dtype);
  if (spec === 'zeros') return { shape: [out], data: new Ctor(out) };
  if (typeof spec === 'function') return draw(name, spec, [out], rng, dtype);
  const v = (spec as { variance: number }).variance; // checked by checkBiasSpec
  return { shape: [out], data: rng.fillNormal(new Ctor(out), 0, Math.sqrt(v)) };
}

function checkBiasSpec(bias: unknown): BiasSpec {
  if (bias === false || bias === 'zeros' || typeof bias === 'function') return bias as BiasSpec;
  if (bias !== null && typeof bias === 'object' && 'variance' in bias) {
    check.nonNegative('bias.variance', (bias as { variance: unknown }).variance);
    return bias as BiasSpec;
  }
  throw new TypeError(
    `bias must be false, 'zeros', an Initializer or {variance: number}, got ${check.show(bias)}`,
  );
}

/**
 * Build a dense or residual network with freshly initialized weights.
 *
 * Dense (default): block l maps x_{l−1} ↦ x_l = φ(z_l), z_l = x_{l−1}·W_lᵀ + b_l, W_l ∈ ℝ^{n_l×n_{l−1}}
 * (the fully connected net of Glorot & Bengio 2010 and He et al. 2015; with `linearOutput` the last
 * layer has no φ). Residual: x_l = x_{l−1} + α·F_l(x_{l−1}) (see ResidualSpec).
 *
 * Weights are drawn by `init(shape = [out, in], rng, {dtype})`, then biases, layer by layer in
 * order from the one stream `rng`, so a seed fixes the network. Throws RangeError/TypeError naming
 * the option for: empty or non-integer widths (each ≥ 1, at least two), unknown activations,
 * residual widths that differ, a wrong number of per-layer initializers, an initializer returning the
 * wrong size or a non-finite value.
 */
export function mlp(options: MlpOptions, rng: Rng): Network {
  const o = check.options<MlpOptions>('options', options);
  // the length first (a sparse widths array of length 2³² − 1 was walked hole by hole: a hang)
  const given = check.list('widths', o.widths, { what: 'an array of layer widths' });
  if (given.length < 2) {
    throw new RangeError(
      `widths must list the input width and at least one layer width, got ${check.show(given)}`,
    );
  }
  const widths = check.listOf('widths', given, (name, w) => check.integer(name, w, 1));
  if (o.activation === undefined) throw new TypeError('activation is required (a name or an Activation)');
  const activation = getActivation(o.activation);
  const dtype = check.oneOf('dtype', o.dtype ?? 'float64', ['float64', 'float32'] as const);
  const bias = checkBiasSpec(o.bias ?? false);
  const linearOutput = o.linearOutput ?? false;
  if (typeof linearOutput !== 'boolean') {
    throw new TypeError(`linearOutput must be a boolean, got ${check.show(linearOutput)}`);
  }
  const r = checkRng(rng);

  let residual: ResidualSpec | null = null;
  if (o.residual !== undefined) {
    const rs = check.options<ResidualSpec>('residual', o.residual);
    const alpha = check.finite('residual.alpha', rs.alpha);
    if (rs.branch !== 1 && rs.branch !== 2) {
      throw new RangeError(`residual.branch must be 1 or 2, got ${check.show(rs.branch)}`);
    }
    const stem = rs.stem ?? false;
    if (typeof stem !== 'boolean')
      throw new TypeError(`residual.stem must be a boolean, got ${check.show(stem)}`);
    if (linearOutput) throw new RangeError('linearOutput applies to dense networks only, not with residual');
    const first = stem ? 1 : 0;
    for (let i = first + 1; i < widths.length; i++) {
      if (widths[i] !== widths[first]) {
        throw new RangeError(
          `residual blocks need equal widths: widths[${first}] = ${widths[first]} but widths[${i}] = ${widths[i]}` +
            (stem ? '' : ' (set residual.stem = true to make the first layer a dense projection)'),
        );
      }
    }
    residual = Object.freeze({ alpha, branch: rs.branch, stem });
  }

  // the plan: one entry per layer
  const plan: { block: number; role: LayerRole; fanIn: number; fanOut: number; act: Activation }[] = [];
  const blocks: Block[] = [];
  const nBlocks = widths.length - 1;
  for (let l = 0; l < nBlocks; l++) {
    const inW = widths[l];
    const outW = widths[l + 1];
    const first = plan.length;
    const isResidual = residual !== null && !(residual.stem && l === 0);
    if (!isResidual) {
      const act = linearOutput && l === nBlocks - 1 ? linear : activation;
      plan.push({ block: l, role: 'dense', fanIn: inW, fanOut: outW, act });
    } else if ((residual as ResidualSpec).branch === 1) {
      plan.push({ block: l, role: 'branch', fanIn: inW, fanOut: outW, act: activation });
    } else {
      plan.push({ block: l, role: 'branchIn', fanIn: inW, fanOut: outW, act: activation });
      plan.push({ block: l, role: 'branchOut', fanIn: outW, fanOut: outW, act: linear });
    }
    const layerIdx = plan.slice(first).map((_, i) => first + i);
    blocks.push(
      Object.freeze({
        index: l,
        kind: isResidual ? ('residual' as const) : ('dense' as const),
        layers: Object.freeze(layerIdx),
        alpha: isResidual ? (residual as ResidualSpec).alpha : null,
        inWidth: inW,
        outWidth: outW,
      }),
    );
  }

  let inits: readonly unknown[];
  if (Array.isArray(o.init)) {
    if (o.init.length !== plan.length) {
      throw new RangeError(
        `init must be one initializer or one per layer (${plan.length} layers), got an array of ${o.init.length}`,
      );
    }
    inits = o.init;
  } else {
    check.func('init', o.init);
    inits = plan.map(() => o.init);
  }

  const layers: Layer[] = plan.map((p, i) => {
    const name = Array.isArray(o.init) ? `init[${i}]` : 'init';
    const weight = draw(name, inits[i], [p.fanOut, p.fanIn], r, dtype);
    const b = makeBias(bias, 'bias', p.fanOut, r, dtype);
    return Object.freeze({
      index: i,
      block: p.block,
      role: p.role,
      fanIn: p.fanIn,
      fanOut: p.fanOut,
      weight,
      bias: b,
      activation: p.act,
    });
  });
  return Object.freeze({
    widths: Object.freeze(widths),
    dtype,
    activation,
    residual,
    layers: Object.freeze(layers),
    blocks: Object.freeze(blocks),
  });
}

function checkNetwork(net: unknown): Network {
  const n = net as Network;
  if (n === null || typeof n !== 'object' || !Array.isArray(n.layers) || !Array.isArray(n.blocks)) {
    throw new TypeError(`net must be a Network from mlp(…), got ${check.show(net)}`);
  }
  return n;
}

/**
 * Read a batch × width matrix given as a Tensor [batch, width] or a flat typed array (batch =
 * length/width), check every element is finite, and copy it into the network's dtype.
 */
function readMatrix(name: string, x: unknown, width: number, dtype: Dtype, batch?: number): FloatArray {
  let data: FloatArray;
  if (x instanceof Float64Array || x instanceof Float32Array) {
    data = x;
  } else if (x !== null && typeof x === 'object' && 'data' in x && 'shape' in x) {
    const t = x as Tensor;
    data = check.floatArray(`${name}.data`, t.data);
    if (!Array.isArray(t.shape) || t.shape.length !== 2 || t.shape[1] !== width) {
      throw new RangeError(`${name}.shape must be [batch, ${width}], got ${check.show(t.shape)}`);
    }
    check.integer(`${name}.shape[0]`, t.shape[0]);
    if (t.shape[0] * width !== data.length) {
      throw new RangeError(
        `${name}.data has ${data.length} elements, but shape ${check.show(t.shape)} needs ${t.shape[0] * width}`,
      );
    }
  } else {
    throw new TypeError(
      `${name} must be a Float64Array/Float32Array or a Tensor {shape: [batch, ${width}], data}, got ${check.show(x)}`,
    );
  }
  if (data.length % width !== 0) {
    throw new RangeError(
      `${name} has ${data.length} elements, not a multiple of its width ${width} (rows of ${width} expected)`,
    );
  }
  const rows = data.length / width;
  if (batch === undefined && rows === 0) throw new RangeError(`${name} must have at least one row, got 0`);
  if (batch !== undefined && rows !== batch) {
    throw new RangeError(`${name} must have ${batch} rows of width ${width}, got ${rows}`);
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new RangeError(
        `${name}[${i}] (row ${Math.floor(i / width)}, column ${i % width}) must be finite, got ${check.show(data[i])}`,
      );
    }
  }
  return ctor(dtype).from(data);
}

/** Throw a RangeError if `x` holds a non-finite value: the signal overflowed. */
function assertFinite(x: FloatArray, width: number, what: () => string): void {
  // fast scan: v·0 is 0 for finite v and NaN for ±∞ and NaN, so the four sums are 0 exactly when
  // every element is finite (four independent sums: 4.5× faster than a Number.isFinite loop, measured)
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n4 = x.length - (x.length % 4);
  for (let i = 0; i < n4; i += 4) {
    s0 += x[i] * 0;
    s1 += x[i + 1] * 0;
    s2 += x[i + 2] * 0;
    s3 += x[i + 3] * 0;
  }
  for (let i = n4; i < x.length; i++) s0 += x[i] * 0;
  if (s0 + s1 + s2 + s3 === 0) return;
  const i = x.findIndex((v) => !Number.isFinite(v));
  throw new RangeError(
    `${what()} overflowed: ${x[i]} at row ${Math.floor(i / width)}, unit ${i % width}; ` +
      'the signal explodes at this depth and weight scale (reduce the depth, the weight variance or α)',
  );
}

/**
 * z = x·Wᵀ + b for a batch (x: batch × in, W: out × in) — the dense layer's pre-activation — and,
 * when `reluOut` is given, ReLU(z) into it; throws (assertFinite, naming `what`) if z overflowed.
 * On the WebAssembly kernel a float64 layer does all of it in one fused call (gemmDense), otherwise
 * `gemm` then the same steps here: bitwise the same z and ReLU(z) either way. `keepZ = false`
 * (with `reluOut`): nobody reads z, so the fused call need not write it (an inference pass).
 */
function affine(
  layer: Layer,
  x: FloatArray,
  batch: number,
  z: FloatArray,
  reluOut: FloatArray | null,
  what: () => string,
  keepZ = true,
): void {
  const { fanIn, fanOut } = layer;
  const b = layer.bias === null ? null : layer.bias.data;
  const fused = gemmDense(batch, fanOut, fanIn, x, layer.weight.data, b, z, reluOut, keepZ);
  if (fused === true) return;
  if (fused === undefined) {
    gemm(batch, fanOut, fanIn, x, fanIn, 1, layer.weight.data, 1, fanIn, z);
    if (b !== null) {
      for (let r = 0, p = 0; r < batch; r++) for (let j = 0; j < fanOut; j++, p++) z[p] += b[j];
    }
  }
  assertFinite(z, fanOut, what);
  if (reluOut !== null) relu.apply(z, reluOut);
}

/** What `backward` needs from a forward pass, and the signals themselves for inspection. */
export interface ForwardCache {
  readonly network: Network;
  readonly batch: number;
  /** The input X (a copy in the network's dtype), batch × n₀. */
  readonly input: FloatArray;
  /** Per layer: its input, z = input·Wᵀ + b and a = φ(z) (a is z itself when φ is linear). */
  readonly layers: readonly {
    readonly input: FloatArray;
    readonly preActivation: FloatArray;
    readonly activation: FloatArray;
  }[];
  /** Per block: its output x_l (the next block's input). */
  readonly blocks: readonly { readonly output: FloatArray }[];
}

/** Called by `forwardWith` after each layer and block (used by `trace` to collect statistics). */
export interface ForwardHooks {
  layer?(index: number, input: FloatArray, preActivation: FloatArray, activation: FloatArray): void;
  block?(index: number, output: FloatArray): void;
}

/**
 * The forward pass, optionally keeping every signal (`keep`) and reporting each layer to `hooks`.
 * Without `keep` it reuses buffers and updates the residual stream in place, so memory stays
 * O(batch × width) at any depth. `hooks` must be an object whose `layer` and `block`, when present,
 * are functions (a TypeError otherwise).
 */
export function forwardWith(
  net: Network,
  X: FloatArray | Tensor,
  keep: boolean,
  hooks: ForwardHooks = {},
): { output: FloatArray; cache: ForwardCache | null; batch: number } {
  const n = checkNetwork(net);
  const h = check.options<ForwardHooks>('hooks', hooks);
  for (const key of ['layer', 'block'] as const) {
    if (h[key] !== undefined) check.func(`hooks.${key}`, h[key]);
  }
  const input = readMatrix('X', X, n.widths[0], n.dtype);
  const batch = input.length / n.widths[0];
  const Ctor = ctor(n.dtype);
  const layerCache: { input: FloatArray; preActivation: FloatArray; activation: FloatArray }[] = [];
  const blockCache: { output: FloatArray }[] = [];
  const pool = new Map<number, FloatArray[]>(); // reusable buffers by length (when !keep)
  // with keep, `give` pools nothing, so `take` always allocates
  const take = (len: number): FloatArray => {
    const free = pool.get(len);
    if (free && free.length > 0) return free.pop() as FloatArray;
    return new Ctor(len);
  };
  const give = (buf: FloatArray): void => {
    if (keep) return;
    const list = pool.get(buf.length);
    if (list) list.push(buf);
    else pool.set(buf.length, [buf]);
  };

  const runLayer = (li: number, x: FloatArray): { z: FloatArray; a: FloatArray } => {
    const layer = n.layers[li];
    const z = take(batch * layer.fanOut);
    const what = (): string => `layer ${li} pre-activation`;
    let a = z;
    if (layer.activation === relu) {
      // fused with the GEMM where it can be; ReLU of a finite z is finite, so a needs no scan
      a = take(z.length);
      // z is read only by a kept trace and by a layer hook
      affine(layer, x, batch, z, a, what, keep || h.layer !== undefined);
    } else affine(layer, x, batch, z, null, what);
    if (layer.activation !== linear && layer.activation !== relu) {
      a = layer.activation.apply(z, take(z.length));
      assertFinite(a, layer.fanOut, () => `layer ${li} activation (${layer.activation.name})`);
    }
    if (keep) layerCache[li] = { input: x, preActivation: z, activation: a };
    h.layer?.(li, x, z, a);
    return { z, a };
  };

  let x = input;
  for (const block of n.blocks) {
    let out: FloatArray;
    if (block.kind === 'dense') {
      const { z, a } = runLayer(block.layers[0], x);
      if (a !== z) give(z);
      give(x);
      out = a;
    } else {
      const alpha = block.alpha as number;
      let h: FloatArray;
      const first = runLayer(block.layers[0], x);
      if (block.layers.length === 1) {
        h = first.a;
        if (first.a !== first.z) give(first.z);
      } else {
        const second = runLayer(block.layers[1], first.a);
        if (first.a !== first.z) give(first.z);
        give(first.a);
        h = second.a;
      }
      out = keep ? new Ctor(x.length) : x;
      for (let i = 0; i < out.length; i++) out[i] = x[i] + alpha * h[i];
      give(h);
      assertFinite(out, block.outWidth, () => `block ${block.index} output`);
    }
    if (keep) blockCache[block.index] = { output: out };
    h.block?.(block.index, out);
    x = out;
  }
  const cache: ForwardCache | null = keep
    ? Object.freeze({
        network: n,
        batch,
        input,
        layers: Object.freeze(layerCache),
        blocks: Object.freeze(blockCache),
      })
    : null;
  return { output: x, cache, batch };
}

/**
 * Batched forward pass: X (batch × n₀, a typed array or a Tensor [batch, n₀], from any distribution
 * or real data; copied into the network's dtype) through every block. Returns the output
 * (batch × n_L) and the cache `backward` needs, which also exposes every layer's input,
 * pre-activation z = x·Wᵀ + b and activation φ(z), and every block's output.
 *
 * Throws a RangeError naming the element for a non-finite input (`X[i] (row r, column c)`), a
 * length that is not a multiple of n₀ or an empty batch, and naming the layer when the signal
 * overflows (an exploding network), so no statistic is ever a silent NaN.
 */
export function forward(net: Network, X: FloatArray | Tensor): { output: FloatArray; cache: ForwardCache } {
  const r = forwardWith(net, X, true);
  return { output: r.output, cache: r.cache as ForwardCache };
}

/** Gradients of a scalar loss L with respect to every signal and parameter, for one batch. */
export interface Gradients {
  /** ∂L/∂X, batch × n₀. */
  readonly input: FloatArray;
  /**
   * Per layer: ∂L/∂z (pre-activation), ∂L/∂a (activation), ∂L/∂(layer input) — the total gradient
   * of the tensor the layer reads, which for a residual branch includes the skip path — and
   * ∂L/∂W (fanOut × fanIn, the layout of the weights), ∂L/∂b (or null).
   */
  readonly layers: readonly {
    readonly preActivation: FloatArray;
    readonly activation: FloatArray;
    readonly input: FloatArray;
    readonly weight: FloatArray;
    readonly bias: FloatArray | null;
  }[];
  /** Per block: ∂L/∂x_l, the gradient of its output. */
  readonly blocks: readonly { readonly output: FloatArray }[];
}

/**
 * Batched backward pass (reverse-mode differentiation, Rumelhart, Hinton & Williams 1986) given
 * dOut = ∂L/∂output (batch × n_L). For a layer z = x·Wᵀ + b, a = φ(z):
 * ∂L/∂z = ∂L/∂a ⊙ φ'(z), ∂L/∂W = (∂L/∂z)ᵀ·x, ∂L/∂b = Σ_rows ∂L/∂z, ∂L/∂x = (∂L/∂z)·W;
 * for a residual block y = x + α·F(x): ∂L/∂(branch output) = α·∂L/∂y and
 * ∂L/∂x = ∂L/∂y + (branch's ∂L/∂x). The sum over the batch makes ∂L/∂W the gradient of
 * L = Σ_rows ℓ_row (divide by batch for a mean loss).
 *
 * `cache` must come from `forward(net, …)`; dOut is checked like X (finite, batch rows of n_L).
 * Throws a RangeError naming the layer if a gradient overflows.
 */
export function backward(net: Network, cache: ForwardCache, dOut: FloatArray | Tensor): Gradients {
  const n = checkNetwork(net);
  if (cache === null || typeof cache !== 'object' || !Array.isArray(cache.layers)) {
    throw new TypeError(`cache must be the cache returned by forward(net, X), got ${check.show(cache)}`);
  }
  if (cache.network !== n) throw new RangeError('cache was computed by forward on a different network');
  const batch = cache.batch;
  const Ctor = ctor(n.dtype);
  let g = readMatrix('dOut', dOut, n.widths[n.widths.length - 1], n.dtype, batch);
  const layerGrads: Gradients['layers'][number][] = new Array(n.layers.length);
  const blockGrads: { output: FloatArray }[] = new Array(n.blocks.length);

  /**
   * Given ∂L/∂a for layer li, fill in its ∂L/∂z, ∂L/∂W, ∂L/∂b and return (∂L/∂z)·W added onto
   * `into` when given (the skip path), else a fresh ∂L/∂(input).
   */
  const layerBack = (li: number, ga: FloatArray, into: FloatArray | null): FloatArray => {
    const layer = n.layers[li];
    const c = cache.layers[li];
    const { fanIn, fanOut } = layer;
    let gz = ga;
    if (layer.activation !== linear) {
      gz = layer.activation.applyDerivative(c.preActivation, new Ctor(ga.length));
      for (let i = 0; i < gz.length; i++) gz[i] *= ga[i];
    }
    assertFinite(gz, fanOut, () => `layer ${li} gradient ∂L/∂z`);
    const gW = new Ctor(fanOut * fanIn);
    gemm(fanOut, fanIn, batch, gz, 1, fanOut, c.input, fanIn, 1, gW);
    let gb: FloatArray | null = null;
    if (layer.bias !== null) {
      const acc = new Float64Array(fanOut);
      for (let r = 0, p = 0; r < batch; r++) for (let j = 0; j < fanOut; j++, p++) acc[j] += gz[p];
      gb = Ctor.from(acc);
    }
    let gx: FloatArray;
    if (into !== null) {
      gx = into;
      gemm(batch, fanIn, fanOut, gz, fanOut, 1, layer.weight.data, fanIn, 1, gx, true);
    } else {
      gx = new Ctor(batch * fanIn);
      gemm(batch, fanIn, fanOut, gz, fanOut, 1, layer.weight.data, fanIn, 1, gx);
    }
    assertFinite(gx, fanIn, () => `layer ${li} gradient ∂L/∂(input)`);
    layerGrads[li] = { preActivation: gz, activation: ga, input: gx, weight: gW, bias: gb };
    return gx;
  };

  for (let bi = n.blocks.length - 1; bi >= 0; bi--) {
    const block = n.blocks[bi];
    blockGrads[bi] = { output: g };
    if (block.kind === 'dense') {
      g = layerBack(block.layers[0], g, null);
    } else {
      const alpha = block.alpha as number;
      const gh = new Ctor(g.length);
      for (let i = 0; i < g.length; i++) gh[i] = alpha * g[i];
      const gx = Ctor.from(g); // the skip path; the branch adds onto it
      if (block.layers.length === 1) {
        layerBack(block.layers[0], gh, gx);
      } else {
        // the hidden activation's gradient is the second layer's input gradient
        const gHidden = layerBack(block.layers[1], gh, null);
        layerBack(block.layers[0], gHidden, gx);
      }
      g = gx;
    }
  }
  return Object.freeze({
    input: g,
    layers: Object.freeze(layerGrads),
    blocks: Object.freeze(blockGrads),
  });
}
