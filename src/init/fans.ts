import * as check from '../validate.js';
import { checkShape } from './tensor.js';
import type { Layout } from './types.js';

/** The layouts `computeFans` knows. */
export const LAYOUTS: readonly Layout[] = Object.freeze(['torch', 'keras', 'jax'] as const);

/** The fans of a weight tensor. */
export interface Fans {
  /** Number of inputs each output unit sums over: in·(receptive field). */
  readonly fanIn: number;
  /** Number of outputs each input unit feeds: out·(receptive field). */
  readonly fanOut: number;
  /** The product of the kernel (spatial) dimensions; 1 for a dense layer. */
  readonly receptiveField: number;
}

/** Options of `computeFans`. */
export interface FanOptions {
  /** Whose axis convention the shape follows (default `'torch'`). */
  layout?: Layout;
  /** JAX only: the input axis or axes (default −2). */
  inAxis?: number | readonly number[];
  /** JAX only: the output axis or axes (default −1). */
  outAxis?: number | readonly number[];
  /** JAX only: batch axes, excluded from the receptive field (default none). */
  batchAxis?: number | readonly number[];
}

function axes(name: string, value: number | readonly number[], rank: number): number[] {
  const list = typeof value === 'number' ? [value] : value;
  if (!Array.isArray(list))
    throw new TypeError(`${name} must be an integer or an array of integers, got ${check.show(value)}`);
  return list.map((a, i) => {
    const ax = check.integer(typeof value === 'number' ? name : `${name}[${i}]`, a, -rank, rank - 1);
    return ax < 0 ? ax + rank : ax;
  });
}

/**
 * The fans (fan_in, fan_out) of a weight tensor of the given shape, by its framework's rules
 * (wixi's ANCHORS table):
 *
 * - `layout: 'torch'` (default; PyTorch `torch.nn.init._calculate_fan_in_and_fan_out`): weights are
 *   (out, in/groups, *k). Rank < 2 throws RangeError; rf = Π shape[2:], fan_in = shape[1]·rf,
 *   fan_out = shape[0]·rf.
 *   Caveat (as in PyTorch): a ConvTranspose weight is stored as (in, out/groups, *k), so for it the
 *   value called fan_in here is really out·rf, and fan_out is in·rf. PyTorch applies the same rule
 *   without correction; pass `mode: 'fanOut'` where you mean the transposed layer's true fan_in.
 * - `layout: 'keras'` (Keras 3 `keras.src.initializers.random_initializers.compute_fans`, as in
 *   tf.keras): kernels are (*k, in/groups, out). Rank 0 → (1, 1); rank 1 → (n, n);
 *   rank ≥ 2 → rf = Π shape[:-2], fan_in = shape[-2]·rf, fan_out = shape[-1]·rf.
 * - `layout: 'jax'` (`jax.nn.initializers` `_compute_fans`): fan_in = Π shape[inAxis]·rf,
 *   fan_out = Π shape[outAxis]·rf, rf = the product of every dimension that is not an input,
 *   output or batch axis; defaults inAxis −2, outAxis −1, no batch axis; rank ≤ 1 throws.
 *
 * Zero-size dimensions: the fans are the same products, so a dimension 0 gives a fan of 0, as the
 * frameworks compute it (PyTorch returns it; Keras clamps it to 1 only later, inside its
 * VarianceScaling; JAX divides by it). A zero fan always belongs to an empty tensor; see
 * `varianceScaling` for what the initializers do with it.
 */
export function computeFans(shape: readonly number[], options: FanOptions = {}): Fans {
  const s = checkShape(shape);
  const { layout, options: o } = checkFanOptions(options, 'torch');
  return fansOf(s, layout, o);
}

/**
 * Check fan options without a shape: the layout is known, and axis options (JAX only) are integers
 * or arrays of integers. Whether the axes exist and are distinct depends on the rank, so that is
 * checked when fans are computed. Returns the layout (default `fallback`) and the options.
 */
export function checkFanOptions(options: unknown, fallback: Layout): { layout: Layout; options: FanOptions } {
  const o = check.options<FanOptions>('options', options);
  const layout = check.oneOf('layout', o.layout ?? fallback, LAYOUTS);
  for (const key of ['inAxis', 'outAxis', 'batchAxis'] as const) {
    const v = o[key];
    if (v === undefined) continue;
    if (layout !== 'jax') {
      throw new TypeError(`options.${key} applies to layout 'jax' only, got layout ${check.show(layout)}`);
    }
    axes(key, v, Number.MAX_SAFE_INTEGER);
  }
  return { layout, options: o };
}

/** `computeFans` on an already checked shape and layout (no argument checks on the shape). */
export function fansOf(s: readonly number[], layout: Layout, o: FanOptions = {}): Fans {
  const rank = s.length;
  if (layout === 'torch') {
    if (rank < 2) {
      throw new RangeError(
        `fans are undefined for a tensor of rank ${rank} (shape ${check.show(s)}) in the torch layout, which needs rank >= 2`,
      );
    }
    let rf = 1;
    for (let i = 2; i < rank; i++) rf *= s[i];
    return Object.freeze({ fanIn: s[1] * rf, fanOut: s[0] * rf, receptiveField: rf });
  }
  if (layout === 'keras') {
    if (rank === 0) return Object.freeze({ fanIn: 1, fanOut: 1, receptiveField: 1 });
    if (rank === 1) return Object.freeze({ fanIn: s[0], fanOut: s[0], receptiveField: 1 });
    let rf = 1;
    for (let i = 0; i < rank - 2; i++) rf *= s[i];
    return Object.freeze({ fanIn: s[rank - 2] * rf, fanOut: s[rank - 1] * rf, receptiveField: rf });
  }
  if (rank < 2) {
    throw new RangeError(
      `fans are undefined for a tensor of rank ${rank} (shape ${check.show(s)}) in the jax layout, which needs rank >= 2`,
    );
  }
  const inAx = axes('inAxis', o.inAxis ?? -2, rank);
  const outAx = axes('outAxis', o.outAxis ?? -1, rank);
  const batchAx = axes('batchAxis', o.batchAxis ?? [], rank);
  const used = new Set<number>();
  for (const ax of [...inAx, ...outAx, ...batchAx]) {
    if (used.has(ax)) {
      throw new RangeError(
        `inAxis, outAxis and batchAxis must name distinct axes, got inAxis=${check.show(o.inAxis ?? -2)}, ` +
          `outAxis=${check.show(o.outAxis ?? -1)}, batchAxis=${check.show(o.batchAxis ?? [])}`,
      );
    }
    used.add(ax);
  }
  let inSize = 1;
  for (const ax of inAx) inSize *= s[ax];
  let outSize = 1;
  for (const ax of outAx) outSize *= s[ax];
  let rf = 1;
  for (let i = 0; i < rank; i++) if (!used.has(i)) rf *= s[i];
  return Object.freeze({ fanIn: inSize * rf, fanOut: outSize * rf, receptiveField: rf });
}
