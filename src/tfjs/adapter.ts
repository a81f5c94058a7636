/**
 * `wixi/tfjs`: use any wixi initializer in TensorFlow.js, e.g. as the `kernelInitializer` of
 * `tf.layers.dense`. TensorFlow.js is an optional peer: it is imported only when an adapter is
 * made (see `loadTfjs`), so importing this module costs nothing without it.
 */
import type { DataType, Tensor as TfTensor } from '@tensorflow/tfjs-core';
import type { Initializer as TfInitializer } from '@tensorflow/tfjs-layers/dist/initializers.js';
import type { Initializer } from '../init/types.js';
import { createRng, type Rng } from '../random/rng.js';
import * as check from '../validate.js';
import { loadTfjs, type TfjsModules } from './load.js';

/** The layouts the adapter can translate from; TF.js kernels are always Keras's (*k, in, out). */
export type AdapterLayout = 'keras' | 'torch';

/** Options of `toTfjsInitializer`. */
export interface TfjsInitializerOptions {
  /**
   * How the wrapped wixi initializer reads a shape, which decides its fans:
   * - `'keras'`: (*kernel, in, out), the layout of every TF.js kernel; shapes are passed through.
   *   Right for `varianceScaling` and the Keras presets (heNormal, glorotUniform, lecun*…), whose
   *   default layout is Keras's, and for the fixed laws (normal, uniform, …) that have no fans.
   * - `'torch'`: (out, in, *kernel). For PyTorch presets (kaiming*, xavier*, torchLinearDefault,
   *   torch layout by default): the adapter asks the initializer for the tensor of the PyTorch
   *   shape (out, in, *k) and permutes it into TF.js's (*k, in, out), so fan_in is the layer's true
   *   fan_in. (Alternatively construct the preset with `{layout: 'keras'}` and leave this unset.)
   * Default: `'torch'` when the initializer's displayName says "torch layout" (every wixi preset
   * names its layout), else `'keras'`.
   */
  layout?: AdapterLayout;
  /** The TF.js modules to use (your own instances); default: imported lazily. */
  modules?: TfjsModules;
}

/** What `toTfjsInitializer` returns: a real `tf.initializers.Initializer` (tfjs-layers) instance. */
export type TfjsInitializer = TfInitializer & {
  /** The wrapped wixi initializer. */
  readonly wixi: Initializer;
  /** The layout the wrapped initializer is asked in. */
  readonly layout: AdapterLayout;
};

/**
 * Wrap a wixi initializer as a TensorFlow.js initializer: a subclass of tfjs-layers' `Initializer`
 * whose `apply(shape, dtype)` returns a float32 `tf.Tensor`, so it can be passed wherever TF.js
 * takes one, e.g.
 *
 * ```ts
 * import * as tf from '@tensorflow/tfjs';               // or tfjs-core + a backend + tfjs-layers
 * import { heNormal } from 'wixi';
 * import { toTfjsInitializer } from 'wixi/tfjs';
 * const dense = tf.layers.dense({ units: 128, kernelInitializer: await toTfjsInitializer(heNormal(), 42) });
 * ```
 *
 * Randomness: `source` is a seed (an integer in [0, 2⁵³), giving `createRng(seed)`) or a wixi
 * `Rng`. Successive `apply` calls draw successive tensors from that one stream, so two layers
 * sharing an adapter get independent kernels, and the same seed with the same sequence of layer
 * builds rebuilds the same model. (TF.js's own seeded initializers instead repeat one tensor for a
 * seed, and ignore seed 0: see `wixi audit tfjs`.)
 *
 * Fans: TF.js kernels are (*k, in, out), Keras's layout; see `options.layout` for initializers
 * that read PyTorch's (out, in, *k). The elements are drawn in float64 arithmetic and stored as
 * float32 (wixi's `dtype: 'float32'`); `dtype` may be omitted or 'float32' (a non-float dtype
 * throws a TypeError: an integer weight initialization is a mistake, and Keras refuses it).
 *
 * Requires TensorFlow.js (`@tensorflow/tfjs-core`, a backend, `@tensorflow/tfjs-layers`, or the
 * `@tensorflow/tfjs` bundle); it is imported on the first call, which rejects with a
 * `TfjsMissingError` explaining how to install it when it is missing. Pass `options.modules` to use
 * the instances your program imported (needed when a bundler gives wixi a separate copy, since
 * tfjs-layers recognises initializers by `instanceof`).
 *
 * Serialization: `getConfig()` records the wixi display name, the layout and the seed; a model
 * saved with `model.save` keeps its weights, but loading its topology back needs a class
 * registered as 'WixiInitializer' (initializers only matter when a layer is built).
 */
export async function toTfjsInitializer(
  init: Initializer,
  source: number | Rng,
  options: TfjsInitializerOptions = {},
): Promise<TfjsInitializer> {
  const o = check.options<TfjsInitializerOptions>('options', options);
  checkInitializer(init);
  const modules = o.modules ?? (await loadTfjs());
  return toTfjsInitializerSync(init, source, { ...o, modules });
}

/**
 * `toTfjsInitializer` without the lazy import, for programs that already hold the TF.js modules:
 * `toTfjsInitializerSync(heNormal(), 42, { modules: { tf, tfl } })` with `tf` = tfjs-core (or the
 * `@tensorflow/tfjs` bundle) and `tfl` = tfjs-layers (or the same bundle).
 */
export function toTfjsInitializerSync(
  init: Initializer,
  source: number | Rng,
  options: TfjsInitializerOptions & { modules: TfjsModules },
): TfjsInitializer {
  const o = check.options<TfjsInitializerOptions & { modules: TfjsModules }>('options', options);
  checkInitializer(init);
  const m = o.modules;
  if (!m || typeof m !== 'object' || !m.tf || !m.tfl || typeof m.tf.tensor !== 'function') {
    throw new TypeError(
      `options.modules must be { tf, tfl } (tfjs-core and tfjs-layers), got ${check.show(m)}`,
    );
  }
  const rng = toRng(source);
  const layout =
    o.layout === undefined ? inferLayout(init) : check.oneOf('layout', o.layout, ['keras', 'torch'] as const);
  const Adapter = adapterClass(m);
  return new Adapter(init, rng, layout, typeof source === 'number' ? source : rng.seed);
}

/** The layout a wixi initializer reads shapes in, from the layout its display name states. */
export function inferLayout(init: Initializer): AdapterLayout {
  checkInitializer(init);
  return /\btorch layout\b/.test(init.displayName) ? 'torch' : 'keras';
}

function checkInitializer(init: unknown): asserts init is Initializer {
  const i = init as Initializer;
  if (typeof i !== 'function' || typeof i.variance !== 'function' || typeof i.displayName !== 'string') {
    throw new TypeError(`init must be a wixi Initializer (e.g. heNormal()), got ${check.show(init)}`);
  }
}

function toRng(source: unknown): Rng {
  if (typeof source === 'number') return createRng(source);
  const r = source as Rng;
  if (!r || typeof r !== 'object' || typeof r.fillNormal !== 'function' || typeof r.uniform !== 'function') {
    throw new TypeError(`source must be a seed (integer >= 0) or a wixi Rng, got ${check.show(source)}`);
  }
  return r;
}

/**
 * Permute a tensor stored in PyTorch's layout (out, in, *k) into Keras's (*k, in, out).
 * `kerasShape` is the target shape; rank ≥ 2. A pure permutation: every element, NaN included,
 * is moved unchanged (it computes nothing, so it has no NaN of its own to refuse).
 */
export function torchToKeras(data: Float32Array, kerasShape: readonly number[]): Float32Array {
  if (!(data instanceof Float32Array))
    throw new TypeError(`data must be a Float32Array, got ${check.show(data)}`);
  const shape = checkShape(kerasShape, 'kerasShape');
  if (shape.length < 2) throw new RangeError(`kerasShape must have rank >= 2, got ${check.show(kerasShape)}`);
  const size = shape.reduce((p, d) => p * d, 1);
  if (size !== data.length) {
    throw new RangeError(
      `data has ${data.length} elements but kerasShape ${check.show(kerasShape)} has ${size}`,
    );
  }
  return permute(data, shape);
}

function permute(data: Float32Array, kerasShape: readonly number[]): Float32Array {
  const r = kerasShape.length;
  const nOut = kerasShape[r - 1];
  const nIn = kerasShape[r - 2];
  let k = 1;
  for (let i = 0; i < r - 2; i++) k *= kerasShape[i];
  const out = new Float32Array(data.length);
  for (let o = 0; o < nOut; o++) {
    for (let i = 0; i < nIn; i++) {
      const src = (o * nIn + i) * k;
      for (let s = 0; s < k; s++) out[(s * nIn + i) * nOut + o] = data[src + s];
    }
  }
  return out;
}

/** The PyTorch-layout shape (out, in, *k) of a Keras-layout shape (*k, in, out). */
export function kerasToTorchShape(kerasShape: readonly number[]): number[] {
  const shape = checkShape(kerasShape, 'kerasShape');
  if (shape.length < 2) throw new RangeError(`kerasShape must have rank >= 2, got ${check.show(kerasShape)}`);
  const r = shape.length;
  return [shape[r - 1], shape[r - 2], ...shape.slice(0, r - 2)];
}

type AdapterCtor = new (
  init: Initializer,
  rng: Rng,
  layout: AdapterLayout,
  seed: number | string,
) => TfjsInitializer;

const classes = new WeakMap<object, AdapterCtor>();

/**
 * The adapter class for one tfjs-layers instance. tfjs-layers does not export its `Initializer`
 * base class, so it is taken as the prototype of a built-in initializer's class (every built-in
 * extends it); `instanceof` checks in tfjs-layers then accept the adapter.
 */
function adapterClass(m: TfjsModules): AdapterCtor {
  const known = classes.get(m.tfl);
  if (known) return known;
  const Base = Object.getPrototypeOf(
    m.tfl.initializers.zeros().constructor,
  ) as abstract new () => TfInitializer;
  const tf = m.tf;
  class WixiInitializer extends Base {
    static className = 'WixiInitializer';
    constructor(
      readonly wixi: Initializer,
      private readonly rng: Rng,
      readonly layout: AdapterLayout,
      private readonly seed: number | string,
    ) {
      super();
    }

    apply(shape: readonly (number | null)[], dtype?: DataType): TfTensor {
      if (dtype !== undefined && dtype !== 'float32') {
        throw new TypeError(
          `a wixi initializer makes float32 weights; dtype ${check.show(dtype)} is not supported`,
        );
      }
      const s = checkShape(shape);
      if (this.layout === 'torch' && s.length >= 2) {
        const t = this.wixi(kerasToTorchShape(s), this.rng, { dtype: 'float32' });
        return tf.tensor(permute(t.data as Float32Array, s), s, 'float32');
      }
      const t = this.wixi(s, this.rng, { dtype: 'float32' });
      return tf.tensor(t.data as Float32Array, s, 'float32');
    }

    override getConfig() {
      return { wixi: this.wixi.displayName, layout: this.layout, seed: String(this.seed) };
    }
  }
  classes.set(m.tfl, WixiInitializer as unknown as AdapterCtor);
  return WixiInitializer as unknown as AdapterCtor;
}

function checkShape(shape: unknown, name = 'shape'): number[] {
  // a plain loop with a bounded length: a sparse new Array(2 ** 32 - 1) fails at its first hole
  return check.listOf(name, shape, (n, d) => check.integer(n, d, 0), { what: 'an array of integers' });
}
