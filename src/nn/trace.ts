/**
 * Per-layer statistics of a forward (and backward) pass: the quantities whose stability across
 * depth weight initialization is about (Glorot & Bengio 2010; He et al. 2015).
 */
import type { Tensor } from '../init/types.js';
import type { FloatArray, Rng } from '../random/rng.js';
import * as check from '../validate.js';
import { backward, forward, forwardWith, type LayerRole, type Network } from './network.js';

/** The second moment of a batch of signals, overall and per sample. */
export interface SecondMoment {
  /** Mean of squares over rows and units: Σ_r Σ_j x_rj² / (batch·width) — E[x²], not Var(x). */
  readonly value: number;
  /** Per row (sample) r: ‖x_r‖² = Σ_j x_rj², the quantity of finite-width laws (Hanin & Rolnick 2018). */
  readonly rowNorms: Float64Array;
}

/** Gradient statistics of one layer (present when `trace` ran a backward pass). */
export interface LayerGradTrace {
  /** E[(∂L/∂z)²]. */
  readonly preActivation: SecondMoment;
  /** E[(∂L/∂a)²], a = φ(z). */
  readonly activation: SecondMoment;
  /** E[(∂L/∂x)²] for the layer's input x (the total gradient, skip path included). */
  readonly input: SecondMoment;
  /** Mean of (∂L/∂W_ij)² over the fanOut × fanIn weights. */
  readonly weight: number;
  /** Mean of (∂L/∂b_j)², or null without bias. */
  readonly bias: number | null;
}

/** Statistics of one layer z = x·Wᵀ + b, a = φ(z). */
export interface LayerTrace {
  readonly index: number;
  readonly block: number;
  readonly role: LayerRole;
  readonly fanIn: number;
  readonly fanOut: number;
  /** Mean of W_ij² of the realized weights (≈ Var(W) for zero-mean initializers). */
  readonly weight: number;
  /** E[x²] of the layer's input. */
  readonly input: SecondMoment;
  /** E[z²]. */
  readonly preActivation: SecondMoment;
  /** E[φ(z)²]. */
  readonly activation: SecondMoment;
  readonly grad?: LayerGradTrace;
}

/** Statistics of one block's output x_l. */
export interface BlockTrace {
  readonly index: number;
  readonly kind: 'dense' | 'residual';
  readonly alpha: number | null;
  /** E[x_l²]. */
  readonly output: SecondMoment;
  /** E[(∂L/∂x_l)²], when a backward pass ran. */
  readonly grad?: { readonly output: SecondMoment };
}

/** Everything `trace` measures. */
export interface Trace {
  readonly batch: number;
  /** E[x₀²] of the input. */
  readonly input: SecondMoment;
  /** E[x_L²] of the output. */
  readonly output: SecondMoment;
  readonly layers: readonly LayerTrace[];
  readonly blocks: readonly BlockTrace[];
  /** E[(∂L/∂X)²] and E[(∂L/∂output)²] (= dOut's), when a backward pass ran. */
  readonly grad?: { readonly input: SecondMoment; readonly output: SecondMoment };
}

/** Options of `trace`. */
export interface TraceOptions {
  /** ∂L/∂output (batch × n_L) to backpropagate. */
  dOut?: FloatArray | Tensor;
  /** Draw ∂L/∂output i.i.d. N(0, 1) from this stream instead (the random projection of signal-propagation studies). */
  rng?: Rng;
}

/**
 * Σ_j x_rj² per row and their mean per element, accumulated in float64. Internal: x is a signal of
 * the network, `rows` (≥ 1, the batch) rows of `width` (≥ 1) units, so x.length ≥ 1.
 */
function secondMoment(x: FloatArray, width: number): SecondMoment {
  const rows = x.length / width;
  const rowNorms = new Float64Array(rows);
  let total = 0;
  for (let r = 0, p = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < width; j++, p++) {
      const v = x[p];
      s += v * v;
    }
    rowNorms[r] = s;
    total += s;
  }
  if (!Number.isFinite(total)) {
    throw new RangeError(
      `the second moment overflowed (squares of values near ${Math.sqrt(Number.MAX_VALUE)})`,
    );
  }
  return Object.freeze({ value: total / x.length, rowNorms });
}

/** Mean of x² over a weight, bias or gradient array (never empty: every width is ≥ 1). */
function meanSquare(x: FloatArray): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s / x.length;
}

/**
 * Run X through the network and report per-layer second moments: of each layer's input x,
 * pre-activation z = x·Wᵀ + b and activation φ(z), of each block's output, and of the realized
 * weights; with `dOut` (or `rng`, for dOut ~ N(0, 1) i.i.d.) also a backward pass and the second
 * moments of ∂L/∂z, ∂L/∂a, ∂L/∂(layer input), ∂L/∂W and ∂L/∂b. Every moment is E[v²] over rows and
 * units, with per-row squared norms ‖v_r‖² alongside. These are the quantities of the forward and
 * backward conditions n·Var(W)·E[φ²]/E[z²] = 1 (Glorot & Bengio 2010; He et al. 2015).
 *
 * Forward-only traces stream through the network in O(batch × width) memory at any depth; a
 * backward trace keeps the forward cache. Input checks as `forward`/`backward`.
 */
export function trace(net: Network, X: FloatArray | Tensor, options: TraceOptions = {}): Trace {
  const o = check.options<TraceOptions>('options', options);
  if (o.dOut !== undefined && o.rng !== undefined) throw new TypeError('give dOut or rng, not both');
  if (o.rng !== undefined && (o.rng === null || typeof (o.rng as Rng).fillNormal !== 'function')) {
    throw new TypeError(`rng must be a random stream from createRng(seed), got ${check.show(o.rng)}`);
  }
  const withGrad = o.dOut !== undefined || o.rng !== undefined;
  if (!withGrad) return forwardTrace(net, X);

  const { output, cache } = forward(net, X);
  const n = cache.network;
  const outWidth = n.widths[n.widths.length - 1];
  const dOut =
    o.dOut !== undefined
      ? o.dOut
      : // float64 draws for either dtype: backward rounds them to a float32 network's dtype, which
        // gives the values a Float32Array would have received (each draw is rounded once either way)
        (o.rng as Rng).fillNormal(new Float64Array(output.length));
  const grads = backward(n, cache, dOut);
  const layers = n.layers.map((layer, i): LayerTrace => {
    const c = cache.layers[i];
    const g = grads.layers[i];
    return Object.freeze({
      ...layerForward(net, i, c.input, c.preActivation, c.activation),
      grad: Object.freeze({
        preActivation: secondMoment(g.preActivation, layer.fanOut),
        activation: secondMoment(g.activation, layer.fanOut),
        input: secondMoment(g.input, layer.fanIn),
        weight: meanSquare(g.weight),
        bias: g.bias === null ? null : meanSquare(g.bias),
      }),
    });
  });
  const blocks = n.blocks.map(
    (b): BlockTrace =>
      Object.freeze({
        index: b.index,
        kind: b.kind,
        alpha: b.alpha,
        output: secondMoment(cache.blocks[b.index].output, b.outWidth),
        grad: Object.freeze({ output: secondMoment(grads.blocks[b.index].output, b.outWidth) }),
      }),
  );
  return Object.freeze({
    batch: cache.batch,
    input: secondMoment(cache.input, n.widths[0]),
    output: secondMoment(output, outWidth),
    layers: Object.freeze(layers),
    blocks: Object.freeze(blocks),
    grad: Object.freeze({
      input: secondMoment(grads.input, n.widths[0]),
      output: secondMoment(grads.blocks[n.blocks.length - 1].output, outWidth),
    }),
  });
}

function layerForward(
  net: Network,
  i: number,
  input: FloatArray,
  z: FloatArray,
  a: FloatArray,
): Omit<LayerTrace, 'grad'> {
  const layer = net.layers[i];
  return {
    index: i,
    block: layer.block,
    role: layer.role,
    fanIn: layer.fanIn,
    fanOut: layer.fanOut,
    weight: meanSquare(layer.weight.data),
    input: secondMoment(input, layer.fanIn),
    preActivation: secondMoment(z, layer.fanOut),
    activation: secondMoment(a, layer.fanOut),
  };
}

/** A forward-only trace that keeps no signals: statistics are taken as each layer completes. */
function forwardTrace(net: Network, X: FloatArray | Tensor): Trace {
  const layers: LayerTrace[] = [];
  const blocks: BlockTrace[] = [];
  let input: SecondMoment | undefined;
  const r = forwardWith(net, X, false, {
    layer(i, x, z, a) {
      const t = layerForward(net, i, x, z, a);
      if (i === 0) input = t.input;
      layers[i] = Object.freeze(t);
    },
    block(bi, out) {
      const b = net.blocks[bi];
      blocks[bi] = Object.freeze({
        index: bi,
        kind: b.kind,
        alpha: b.alpha,
        output: secondMoment(out, b.outWidth),
      });
    },
  });
  return Object.freeze({
    batch: r.batch,
    input: input as SecondMoment,
    output: blocks[blocks.length - 1].output,
    layers: Object.freeze(layers),
    blocks: Object.freeze(blocks),
  });
}
