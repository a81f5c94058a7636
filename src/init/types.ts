import type { Distribution } from '../random/distributions.js';
import type { Rng } from '../random/rng.js';

/** Element types an initializer can produce. */
export type Dtype = 'float64' | 'float32';

/** A dense tensor: its shape and its elements in row-major (C) order. */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float64Array | Float32Array;
}

/**
 * A weight initializer: call it with a shape and a seeded stream to get a tensor. It also states
 * its intent, so tests can compare what it draws with what it promises.
 */
export interface Initializer {
  (shape: readonly number[], rng: Rng, options?: { dtype?: Dtype }): Tensor;
  /** A human name with the semantics it follows, e.g. "heNormal (Keras/JAX: truncated, corrected)". */
  readonly displayName: string;
  /** The target Var(W) of every element for this shape. */
  variance(shape: readonly number[]): number;
  /** The target E[W] of every element (0 for all variance-scaling schemes). */
  mean(shape: readonly number[]): number;
}

/**
 * An initializer whose elements are independent draws from one law (every initializer of wixi
 * except `orthogonal`, whose entries are dependent, and the constants, which are not random).
 */
export interface ElementwiseInitializer extends Initializer {
  /**
   * The exact law of every element for this shape (before rounding to float32), as a wixi
   * `Distribution` with exact moments and CDF: what a goodness-of-fit test compares with.
   */
  distribution(shape: readonly number[]): Distribution;
  /**
   * The closed interval [lo, hi] that holds every element (±Infinity for an untruncated normal).
   * A float32 tensor lies in [fround(lo), fround(hi)], since rounding is monotone.
   */
  support(shape: readonly number[]): readonly [number, number];
}

/**
 * How a weight tensor's axes are laid out, which decides its fans:
 * - `'torch'`: (out, in/groups, *kernel), PyTorch's `nn.Linear`/`nn.ConvNd` weights;
 * - `'keras'`: (*kernel, in/groups, out), Keras 3 / tf.keras `Dense`/`Conv` kernels;
 * - `'jax'`: like Keras by default (in_axis = −2, out_axis = −1), with JAX's own rank rules and
 *   optional `inAxis`/`outAxis`/`batchAxis`.
 */
export type Layout = 'torch' | 'keras' | 'jax';

/** Which fan a variance-scaling initializer divides by: fan_in, fan_out, (in+out)/2 or √(in·out). */
export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg' | 'fanGeoAvg';

/**
 * The law a variance-scaling initializer draws from: a normal truncated at ±2σ with σ corrected
 * so the variance is exact (Keras/JAX), an untruncated normal, or a symmetric uniform.
 */
export type ScalingDistribution = 'truncatedNormal' | 'untruncatedNormal' | 'uniform';
