/**
 * Argument checks shared by every public function.
 *
 * Every public export of wixi rejects bad input with a `TypeError` (wrong type) or a `RangeError`
 * (right type, value out of range) whose message names the argument and shows the value, so a
 * caller never receives a silent NaN.
 */

/** Render a value for an error message: numbers keep their sign of zero, strings are quoted. */
export function show(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || value === undefined) return String(value);
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as Float64Array).length})`;
  if (Array.isArray(value))
    return `[${value.slice(0, 8).map(show).join(', ')}${value.length > 8 ? ', …' : ''}]`;
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Throw unless `value` is a finite number. */
export function finite(name: string, value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${show(value)}`);
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be finite, got ${show(value)}`);
  return value;
}

/** Throw unless `value` is a finite number > 0. */
export function positive(name: string, value: unknown): number {
  const v = finite(name, value);
  if (!(v > 0)) throw new RangeError(`${name} must be > 0, got ${show(value)}`);
  return v;
}

/** Throw unless `value` is a finite number ≥ 0. */
export function nonNegative(name: string, value: unknown): number {
  const v = finite(name, value);
  if (!(v >= 0)) throw new RangeError(`${name} must be >= 0, got ${show(value)}`);
  return v;
}

/** Throw unless `value` is an integer in [min, max] (a size, a count, an index). */
export function integer(name: string, value: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const v = finite(name, value);
  if (!Number.isInteger(v)) throw new RangeError(`${name} must be an integer, got ${show(value)}`);
  if (v < min || v > max) {
    throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${show(value)}`);
  }
  return v;
}

/** Throw unless `value` is a probability strictly inside (0, 1), e.g. a false-alarm rate α. */
export function probability(name: string, value: unknown): number {
  const v = finite(name, value);
  if (!(v > 0 && v < 1)) throw new RangeError(`${name} must be in (0, 1), got ${show(value)}`);
  return v;
}

/** Throw unless `value` is one of `allowed`; the message lists the allowed names. */
export function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string') {
    throw new TypeError(`${name} must be one of ${allowed.map(show).join(', ')}, got ${show(value)}`);
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new RangeError(`unknown ${name} ${show(value)}; expected one of ${allowed.map(show).join(', ')}`);
  }
  return value as T;
}

/** A typed array of floating-point numbers, the storage of every sample and tensor in wixi. */
export type FloatArray = Float64Array | Float32Array;

/** Throw unless `value` is a Float64Array or Float32Array (optionally non-empty). */
export function floatArray(name: string, value: unknown, { nonEmpty = false } = {}): FloatArray {
  if (!(value instanceof Float64Array || value instanceof Float32Array)) {
    throw new TypeError(`${name} must be a Float64Array or Float32Array, got ${show(value)}`);
  }
  if (nonEmpty && value.length === 0) throw new RangeError(`${name} must not be empty, got length 0`);
  return value;
}

/** True for a typed array of numbers (not a DataView, not a BigInt64Array/BigUint64Array). */
export function isNumberArrayView(value: unknown): value is ArrayLike<number> {
  return (
    ArrayBuffer.isView(value) &&
    !(value instanceof DataView) &&
    !(value instanceof BigInt64Array) &&
    !(value instanceof BigUint64Array)
  );
}

/**
 * Accept a numeric sample as a typed array or a plain array of numbers; reject empty input and
 * any NaN/±Infinity element (naming its index), so statistics never come out NaN.
 */
export function sample(name: string, value: unknown, minLength = 1): ArrayLike<number> {
  if (!isNumberArrayView(value) && !Array.isArray(value)) {
    throw new TypeError(`${name} must be an array or typed array of numbers, got ${show(value)}`);
  }
  const x = value as ArrayLike<unknown>;
  if (x.length < minLength) {
    throw new RangeError(`${name} must have at least ${minLength} element(s), got length ${x.length}`);
  }
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (typeof v !== 'number') throw new TypeError(`${name}[${i}] must be a number, got ${show(v)}`);
    if (!Number.isFinite(v)) throw new RangeError(`${name}[${i}] must be finite, got ${show(v)}`);
  }
  return x as ArrayLike<number>;
}

/** Throw unless `value` is a function. */
export function func(name: string, value: unknown): (...args: never[]) => unknown {
  if (typeof value !== 'function') throw new TypeError(`${name} must be a function, got ${show(value)}`);
  return value as (...args: never[]) => unknown;
}

/** Throw unless `value` is a plain object (or undefined, which becomes {}). */
export function options<T extends object>(name: string, value: unknown): Partial<T> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${name} must be an options object, got ${show(value)}`);
  }
  return value as Partial<T>;
}

/**
 * The most elements wixi accepts in an argument list (a shape, a list of widths, kinks,
 * arbitraries …): 2²⁴. Far above any real use, and far below the length of a sparse
 * `new Array(2 ** 32 - 1)`, which `map`/`forEach`/spread would walk hole by hole for minutes.
 */
export const MAX_LIST_LENGTH = 2 ** 24;

/**
 * Throw unless `value` is an array with between `min` and `max` elements. Only the length is
 * read, so a huge sparse array is refused in O(1), before any of its elements is visited.
 */
export function list(
  name: string,
  value: unknown,
  { min = 0, max = MAX_LIST_LENGTH, what = 'an array' }: { min?: number; max?: number; what?: string } = {},
): readonly unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${name} must be ${what}, got ${show(value)}`);
  if (value.length < min || value.length > max) {
    throw new RangeError(
      `${name} must have between ${min} and ${max} elements, got length ${value.length}` +
        (value.length > max ? '' : `: ${show(value)}`),
    );
  }
  return value;
}

/**
 * Check an array with `list`, then each element with `each(name[i], element)`, by a plain indexed
 * loop (a hole reads as undefined and is refused like any other bad element); returns the checked
 * elements as a new array.
 */
export function listOf<T>(
  name: string,
  value: unknown,
  each: (name: string, element: unknown) => T,
  bounds: { min?: number; max?: number; what?: string } = {},
): T[] {
  const a = list(name, value, bounds);
  const out: T[] = new Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = each(`${name}[${i}]`, a[i]);
  return out;
}
