/**
 * Shared plumbing of the initializers: shape and stream checks, output allocation, and the
 * function-object form of an Initializer. Internal to wixi/init except `checkShape`/`numel`.
 */
import type { Rng } from '../random/rng.js';
import * as check from '../validate.js';
import type { Dtype, Initializer, Tensor } from './types.js';

/** The largest element count an initializer allocates (the length limit of a typed array in V8). */
export const MAX_ELEMENTS = 2 ** 32 - 1;

/**
 * Check a tensor shape: an array of integers ≥ 0. Returns a frozen copy. Throws TypeError for a
 * non-array and RangeError naming the offending dimension (negative, fractional, non-finite).
 */
export function checkShape(shape: unknown, name = 'shape'): readonly number[] {
  if (!Array.isArray(shape))
    throw new TypeError(`${name} must be an array of integers, got ${check.show(shape)}`);
  const out = new Array<number>(shape.length);
  for (let i = 0; i < shape.length; i++) out[i] = check.integer(`${name}[${i}]`, shape[i], 0);
  return Object.freeze(out);
}

/** Number of elements of a (checked) shape: the product of its dimensions, 1 for rank 0. */
export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** The element type requested in an initializer call's options (default float64). */
export function checkDtype(options: unknown): Dtype {
  const o = check.options<{ dtype: Dtype }>('options', options);
  return check.oneOf('dtype', o.dtype ?? 'float64', ['float64', 'float32'] as const);
}

/** Throw a TypeError unless `rng` looks like a wixi stream. */
export function checkRng(rng: unknown): Rng {
  const r = rng as Rng;
  if (!r || typeof r !== 'object' || typeof r.fillNormal !== 'function' || typeof r.normal !== 'function') {
    throw new TypeError(`rng must be a wixi Rng (from createRng(seed)), got ${check.show(rng)}`);
  }
  return r;
}

/** Allocate the output array for `shape`, throwing a RangeError if it is too large to allocate. */
export function allocate(shape: readonly number[], dtype: Dtype): Float64Array | Float32Array {
  const n = numel(shape);
  if (n > MAX_ELEMENTS) {
    throw new RangeError(
      `shape ${check.show(shape)} has ${n} elements, more than the ${MAX_ELEMENTS} allowed`,
    );
  }
  return dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
}

/**
 * Build an Initializer from its parts. `fill(out, shape, rng)` writes the elements of a non-empty
 * tensor in place. Every call checks its arguments; an empty shape (some dimension 0) gives an
 * empty tensor without drawing from the stream (PyTorch: "Initializing zero-element tensors is a
 * no-op").
 */
export function defineInitializer<Extra extends object>(
  displayName: string,
  parts: {
    variance: (shape: readonly number[]) => number;
    mean: (shape: readonly number[]) => number;
    /** Validate a shape beyond `checkShape` (e.g. its rank); throw if it has no fans. */
    accepts?: (shape: readonly number[]) => void;
    fill: (out: Float64Array | Float32Array, shape: readonly number[], rng: Rng) => void;
  },
  extra: Extra,
): Initializer & Extra {
  const accepts = parts.accepts ?? (() => {});
  const init = (shape: readonly number[], rng: Rng, options?: { dtype?: Dtype }): Tensor => {
    const s = checkShape(shape);
    const r = checkRng(rng);
    const dtype = checkDtype(options);
    accepts(s);
    const data = allocate(s, dtype);
    if (data.length > 0) parts.fill(data, s, r);
    return Object.freeze({ shape: s, data });
  };
  const variance = (shape: readonly number[]): number => {
    const s = checkShape(shape);
    accepts(s);
    return parts.variance(s);
  };
  const mean = (shape: readonly number[]): number => {
    const s = checkShape(shape);
    accepts(s);
    return parts.mean(s);
  };
  // Wrap the extra methods so they check their shape argument like variance/mean do.
  const wrapped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(extra)) {
    wrapped[key] =
      typeof value === 'function'
        ? (shape: readonly number[], ...rest: unknown[]) => {
            const s = checkShape(shape);
            accepts(s);
            return (value as (...a: unknown[]) => unknown)(s, ...rest);
          }
        : value;
  }
  return Object.freeze(
    Object.assign(init, { displayName, variance, mean }, wrapped),
  ) as unknown as Initializer & Extra;
}
