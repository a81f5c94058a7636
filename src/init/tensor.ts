/**
 * Shared plumbing of the initializers: shape and stream checks, output allocation, and the
 * function-object form of an Initializer. Internal to wixi/init except `checkShape`/`numel`.
 */
import { assertRng, type Rng } from '../random/rng.js';
import * as check from '../validate.js';
import type { Dtype, Initializer, Tensor } from './types.js';

/**
 * The largest element count an initializer allocates: 2³² − 1, within the length limit of a typed
 * array in V8 (2³² in Node 20 on 64-bit), as for every array wixi allocates.
 */
export const MAX_ELEMENTS = 2 ** 32 - 1;

/**
 * Check a tensor shape: an array of integers ≥ 0 (at most 2²⁴ of them; the length is checked
 * before any element is read, so a sparse `new Array(2 ** 32 - 1)` is refused at once). Returns a
 * frozen copy. Throws TypeError for a non-array or a non-string `name`, and RangeError naming the
 * offending dimension (negative, fractional, non-finite).
 */
export function checkShape(shape: unknown, name = 'shape'): readonly number[] {
  if (typeof name !== 'string') throw new TypeError(`name must be a string, got ${check.show(name)}`);
  const out = check.listOf(name, shape, (n, d) => check.integer(n, d, 0), { what: 'an array of integers' });
  return Object.freeze(out);
}

/**
 * Number of elements of a shape: n = ∏ᵢ shape[i], 1 for rank 0. The shape is checked as by
 * `checkShape` (a TypeError or RangeError naming the dimension otherwise); the product of huge
 * dimensions may round, or overflow to Infinity, but is never NaN.
 */
export function numel(shape: readonly number[]): number {
  const s = checkShape(shape);
  let n = 1;
  for (const d of s) n *= d;
  return n;
}

/** The element type requested in an initializer call's options (default float64). */
export function checkDtype(options: unknown): Dtype {
  const o = check.options<{ dtype: Dtype }>('options', options);
  return check.oneOf('dtype', o.dtype ?? 'float64', ['float64', 'float32'] as const);
}

/** Throw a TypeError unless `rng` is a wixi stream (every method of Rng, via assertRng). */
export function checkRng(rng: unknown): Rng {
  assertRng('rng', rng);
  return rng;
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

/** Keys an initializer's `extra` may not have: the function's own properties and its methods. */
const RESERVED = ['length', 'name', 'prototype', 'arguments', 'caller', 'displayName', 'variance', 'mean'];

/**
 * Build an Initializer from its parts. `fill(out, shape, rng)` writes the elements of a non-empty
 * tensor in place. Every call checks its arguments; an empty shape (some dimension 0) gives an
 * empty tensor without drawing from the stream (PyTorch: "Initializing zero-element tensors is a
 * no-op"). `variance(shape)` = Var(W) must come out finite and ≥ 0 and `mean(shape)` = E[W]
 * finite: a part that computes NaN or ±Infinity there is reported (RangeError naming the
 * initializer and the shape) rather than returned. `displayName` must be a non-empty string,
 * `parts` hold functions, and `extra` (methods taking a shape first, or values) is an object
 * (undefined means none) without the keys length, name, prototype, arguments, caller,
 * displayName, variance or mean.
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
  if (typeof displayName !== 'string' || displayName === '')
    throw new TypeError(`displayName must be a non-empty string, got ${check.show(displayName)}`);
  const p = check.options<typeof parts>('parts', parts);
  if (parts === undefined)
    throw new TypeError('parts must be an object {variance, mean, fill}, got undefined');
  const partVariance = check.func('parts.variance', p.variance) as (shape: readonly number[]) => number;
  const partMean = check.func('parts.mean', p.mean) as (shape: readonly number[]) => number;
  const fill = check.func('parts.fill', p.fill) as typeof parts.fill;
  const accepts =
    p.accepts === undefined
      ? () => {}
      : (check.func('parts.accepts', p.accepts) as (shape: readonly number[]) => void);
  const ex = check.options<Record<string, unknown>>('extra', extra);
  for (const key of Object.keys(ex)) {
    if (RESERVED.includes(key)) {
      throw new RangeError(
        `extra must not have the key ${check.show(key)} (reserved: ${RESERVED.join(', ')})`,
      );
    }
  }
  const init = (shape: readonly number[], rng: Rng, options?: { dtype?: Dtype }): Tensor => {
    const s = checkShape(shape);
    const r = checkRng(rng);
    const dtype = checkDtype(options);
    accepts(s);
    const data = allocate(s, dtype);
    if (data.length > 0) fill(data, s, r);
    return Object.freeze({ shape: s, data });
  };
  const variance = (shape: readonly number[]): number => {
    const s = checkShape(shape);
    accepts(s);
    const v = partVariance(s);
    if (typeof v !== 'number' || !(v >= 0 && v < Number.POSITIVE_INFINITY)) {
      throw new RangeError(
        `${displayName}: the variance for shape ${check.show(s)} came out ${check.show(v)}, not a finite number >= 0`,
      );
    }
    return v;
  };
  const mean = (shape: readonly number[]): number => {
    const s = checkShape(shape);
    accepts(s);
    const m = partMean(s);
    if (!Number.isFinite(m)) {
      throw new RangeError(
        `${displayName}: the mean for shape ${check.show(s)} came out ${check.show(m)}, not finite`,
      );
    }
    return m;
  };
  // Wrap the extra methods so they check their shape argument like variance/mean do.
  const wrapped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(ex)) {
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
