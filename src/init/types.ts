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
