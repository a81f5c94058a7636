/**
 * The fuzzer's pieces that do not depend on wixi: the hostile values, the mutation of a valid
 * argument list (one hostile value, a shortened or lengthened array, a poisoned element), the
 * oracle that judges one call (a typed error with a message, or a NaN-free result), and a
 * readable rendering of arguments for reports and replays.
 */
import fc from 'fast-check';

/** Labels for values the generators build (streams, distributions, networks), used by `render`. */
const LABELS = new WeakMap<object, string>();

/** Attach a readable label to a generated value (how `render` shows it). */
export function tag<T extends object>(value: T, text: string): T {
  LABELS.set(value, text);
  return value;
}

/** Values the mutator never descends into: they are produced by wixi and replaced only wholesale. */
const OPAQUE = new WeakSet<object>();

/** Mark a generated value as opaque to the mutator (an Rng, a Network, a Distribution …). */
export function opaque<T extends object>(value: T, text?: string): T {
  OPAQUE.add(value);
  if (text !== undefined) LABELS.set(value, text);
  return value;
}

/** Functions from the hostile table (user callbacks that return garbage). */
const HOSTILE_FUNCTIONS = new WeakSet<object>();

function hostileFn<F extends (...a: never[]) => unknown>(f: F, text: string): F {
  HOSTILE_FUNCTIONS.add(f);
  LABELS.set(f, text);
  return f;
}

/**
 * The hostile values, each built fresh per use (typed arrays are mutable). NaN first, so that
 * fast-check's shrinking (towards index 0) lands on the simplest hostile value.
 */
export const HOSTILE: readonly (() => unknown)[] = [
  () => Number.NaN,
  () => Number.POSITIVE_INFINITY,
  () => Number.NEGATIVE_INFINITY,
  () => -0,
  () => -1,
  () => 0.5,
  () => -2.5,
  () => 1e12,
  () => 2 ** 32,
  () => 2 ** 53,
  () => 1e300,
  () => -1e300,
  () => Number.MAX_VALUE,
  () => Number.MIN_VALUE,
  () => undefined,
  () => null,
  () => true,
  () => '',
  () => 'bogus',
  () => '__proto__',
  () => 'constructor',
  () => 'toString',
  () => 'NaN',
  () => '2',
  () => Symbol('wixi-fuzz'),
  () => 1n,
  () => ({}),
  () => Object.create(null),
  () => [],
  () => [Number.NaN],
  () => [1e12, 1e12],
  () => [-1, 2],
  () => [1.5, 2],
  () => ['a', 'b'],
  () => tag(new Array(2 ** 32 - 1), 'new Array(2 ** 32 - 1)'),
  () => new Float64Array(0),
  () => Float64Array.of(Number.NaN, 1),
  () => Float32Array.of(Number.POSITIVE_INFINITY, 0, 1),
  () => new Float64Array(1),
  () => new Int32Array(4),
  () => new Uint8Array(0),
  () => new BigInt64Array(3),
  () => new DataView(new ArrayBuffer(8)),
  () => new Number(1),
  () => new String('relu'),
  () => new Date(0),
  () => new Map(),
  () => tag(Promise.resolve(1), 'Promise.resolve(1)'),
  () => ({ valueOf: () => 3 }),
  () => hostileFn(() => Number.NaN, '() => NaN'),
  () => hostileFn(() => 'x', "() => 'x'"),
  () => hostileFn(() => undefined, '() => undefined'),
  () => hostileFn((x: unknown) => x, '(x) => x'),
  () =>
    hostileFn(
      () => ({ shape: [2, 2], data: new Float64Array(4).fill(Number.NaN) }),
      '() => ({shape: [2, 2], data: NaN×4})',
    ),
  () =>
    tag(
      { fillNormal: (o: unknown) => o, normal: () => 0 },
      '{fillNormal: (o) => o, normal: () => 0} (an incomplete stream)',
    ),
  () => ({ mean: Number.NaN, variance: 1 }),
  () => ({ value: Number.NaN, se: 1, n: 2 }),
  () => ({ shape: [1e6, 1e6], data: new Float64Array(4) }),
  () => ({ length: 1e12 }),
];

/** A hostile value, shrinking towards NaN. */
export const hostile: fc.Arbitrary<unknown> = fc
  .integer({ min: 0, max: HOSTILE.length - 1 })
  .map((i) => HOSTILE[i]());

/** True for a user callback from the hostile table (its garbage may pass through untouched). */
export function containsHostileFunction(value: unknown, depth = 3): boolean {
  if (typeof value === 'function') return HOSTILE_FUNCTIONS.has(value);
  if (depth === 0 || value === null || typeof value !== 'object' || OPAQUE.has(value)) return false;
  if (ArrayBuffer.isView(value)) return false;
  const items = Array.isArray(value) ? value.slice(0, 16) : Object.values(value);
  return items.some((v) => containsHostileFunction(v, depth - 1));
}

// ---------------------------------------------------------------------------------------------
// Mutation: one hostile change to an otherwise valid argument list.

type Path = (string | number)[];

function isPlain(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || OPAQUE.has(v)) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

function isFloatArray(v: unknown): v is Float64Array | Float32Array {
  return v instanceof Float64Array || v instanceof Float32Array;
}

/** Every place a mutation can hit: the list itself, each argument, and two levels inside them. */
function paths(args: readonly unknown[]): Path[] {
  const out: Path[] = [[]];
  const walk = (v: unknown, path: Path, depth: number): void => {
    out.push(path);
    if (depth === 0) return;
    if (Array.isArray(v) && !OPAQUE.has(v)) {
      for (const [i, x] of v.slice(0, 8).entries()) walk(x, [...path, i], depth - 1);
    } else if (isPlain(v)) {
      for (const k of Object.keys(v)) walk(v[k], [...path, k], depth - 1);
    }
  };
  for (const [i, a] of args.entries()) walk(a, [i], 2);
  return out;
}

/** How a mutation changes the value it hits. */
export type MutationOp = 'replace' | 'shorten' | 'lengthen' | 'empty' | 'poison' | 'drop';

export const MUTATION_OPS: readonly MutationOp[] = [
  'replace',
  'replace',
  'replace',
  'replace',
  'shorten',
  'lengthen',
  'empty',
  'poison',
  'drop',
];

function copy(v: unknown): unknown {
  if (Array.isArray(v)) return [...v];
  if (isFloatArray(v)) return v.slice();
  if (v !== null && typeof v === 'object') return { ...(v as object) };
  return v;
}

/** The value an op makes of `v` (an array shortened, a typed array poisoned with NaN …). */
function apply(v: unknown, op: MutationOp, h: unknown, k: number): { value: unknown; drop: boolean } {
  const isArr = Array.isArray(v) || isFloatArray(v);
  const arr = v as unknown[] & Float64Array;
  switch (op) {
    case 'drop':
      return { value: undefined, drop: true };
    case 'shorten':
      if (isArr && arr.length > 0) return { value: arr.slice(0, arr.length - 1), drop: false };
      return { value: h, drop: false };
    case 'lengthen':
      if (Array.isArray(v)) return { value: [...v, v.length > 0 ? v[v.length - 1] : 1], drop: false };
      if (isFloatArray(v)) {
        const out = new (v.constructor as Float64ArrayConstructor)(v.length + 1);
        out.set(v);
        out[v.length] = 1;
        return { value: out, drop: false };
      }
      return { value: h, drop: false };
    case 'empty':
      if (Array.isArray(v)) return { value: [], drop: false };
      if (isFloatArray(v)) return { value: new (v.constructor as Float64ArrayConstructor)(0), drop: false };
      if (isPlain(v)) return { value: {}, drop: false };
      return { value: h, drop: false };
    case 'poison': {
      const bad = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e300][k % 4];
      if (isArr && arr.length > 0) {
        const out = copy(v) as number[];
        out[k % arr.length] = bad;
        return { value: out, drop: false };
      }
      return { value: typeof v === 'number' ? bad : h, drop: false };
    }
    default:
      return { value: h, drop: false };
  }
}

/**
 * Apply one mutation to a copy of `args`: at the `pick`-th place (modulo their number), `op` with
 * the hostile value `h`. `drop` removes an argument (a trailing one is left out; an inner one
 * becomes undefined) or an option key.
 */
export function mutate(args: readonly unknown[], pick: number, op: MutationOp, h: unknown): unknown[] {
  const all = paths(args);
  const path = all[pick % all.length];
  if (path.length === 0) {
    // the argument list itself: drop the last argument or append a hostile one
    return op === 'drop' || op === 'shorten' ? args.slice(0, -1) : [...args, h];
  }
  const root = [...args];
  let parent: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    const container = parent as Record<string | number, unknown>;
    const child = copy(container[path[i]]);
    container[path[i]] = child;
    parent = child;
  }
  const key = path[path.length - 1];
  const container = parent as Record<string | number, unknown>;
  const { value, drop } = apply(container[key], op, h, pick);
  if (drop && Array.isArray(container) && key === container.length - 1) container.length -= 1;
  else if (drop && !Array.isArray(container)) delete container[key];
  else container[key] = value;
  return root;
}

// ---------------------------------------------------------------------------------------------
// The oracle.

/**
 * Messages V8 itself produces: the input reached code that does not expect it, and the engine,
 * not wixi, refused it (a missing argument check, whatever the error's type).
 */
const ENGINE_MESSAGE =
  /is not a function|is not iterable|Cannot read propert|Cannot set propert|Cannot convert|Cannot mix BigInt|Invalid typed array length|Invalid array length|Array buffer allocation failed|Maximum call stack|Cannot assign to read only|object is not extensible|Cannot create property|is not a constructor|Reduce of empty array|Cannot destructure|Cannot add property|toFixed\(\) digits|toPrecision\(\) argument|Invalid time value|Invalid string length|Start offset|Offset is outside|is not defined|Cannot access|Class constructor|Spread syntax/;

/** What a call did. */
export type Outcome =
  | { kind: 'returned'; value: unknown; ms: number }
  | { kind: 'threw'; error: unknown; ms: number };

/** A violation of the oracle, with what it was. */
export interface Violation {
  /** 'silent NaN', 'untyped error', 'engine error' (unchecked input), 'empty message'. */
  rule: string;
  detail: string;
}

function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message.split('\n')[0].slice(0, 300)}`;
  return `non-Error thrown: ${render(e)}`;
}

/**
 * The oracle: a TypeError or RangeError with a message wixi wrote (not the engine's), or a result
 * with no NaN anywhere in it (numbers, arrays, typed arrays and plain objects, a few levels deep).
 * `allow` admits other errors a function throws by design (assertEvidence's EvidenceError).
 */
export function judge(
  outcome: Outcome,
  options: { allow?: (e: unknown) => boolean; nanPassThrough?: boolean; args?: readonly unknown[] } = {},
): Violation | null {
  if (outcome.kind === 'threw') {
    const e = outcome.error;
    if (options.allow?.(e)) return null;
    if (!(e instanceof TypeError || e instanceof RangeError))
      return { rule: 'untyped error', detail: errorText(e) };
    if (e.message.trim() === '') return { rule: 'empty message', detail: errorText(e) };
    if (ENGINE_MESSAGE.test(e.message))
      return { rule: 'engine error (input not checked)', detail: errorText(e) };
    return null;
  }
  if (options.nanPassThrough) return null;
  const where = findNaN(outcome.value, 'result', 5, argumentObjects(options.args ?? []));
  return where === null ? null : { rule: 'silent NaN', detail: `${where} is NaN` };
}

/**
 * Objects the caller passed in, which a result may hand back as they are (assertEvidence returns
 * its argument): a NaN inside them is the caller's, not one wixi computed. Top-level typed arrays
 * are left out, since they are usually outputs (`sample(rng, out)` fills and returns `out`).
 */
function argumentObjects(args: readonly unknown[]): Set<object> {
  const seen = new Set<object>();
  const walk = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (depth === 0 || ArrayBuffer.isView(v)) return;
    const items = Array.isArray(v) ? v.slice(0, 64) : isPlain(v) ? Object.values(v) : [];
    for (const x of items) walk(x, depth - 1);
  };
  for (const a of args) if (!ArrayBuffer.isView(a)) walk(a, 3);
  return seen;
}

/** The path of the first NaN inside `v`, or null. */
export function findNaN(v: unknown, path: string, depth: number, seen: Set<object>): string | null {
  if (typeof v === 'number') return Number.isNaN(v) ? path : null;
  if (v === null || typeof v !== 'object' || seen.has(v)) return null;
  seen.add(v);
  if (isFloatArray(v)) {
    const n = Math.min(v.length, 1 << 22);
    for (let i = 0; i < n; i++) if (Number.isNaN(v[i])) return `${path}[${i}]`;
    return null;
  }
  if (ArrayBuffer.isView(v) || depth === 0 || v instanceof Promise) return null;
  if (Array.isArray(v)) {
    const n = Math.min(v.length, 4096);
    for (let i = 0; i < n; i++) {
      const w = findNaN(v[i], `${path}[${i}]`, depth - 1, seen);
      if (w !== null) return w;
    }
    return null;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return null; // class instances (streams, arbitraries)
  for (const k of Object.keys(v)) {
    const w = findNaN((v as Record<string, unknown>)[k], `${path}.${k}`, depth - 1, seen);
    if (w !== null) return w;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Rendering.

function num(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

/** A short, readable rendering of a value (labels for generated objects, sizes for arrays). */
export function render(v: unknown, depth = 3): string {
  if (typeof v === 'number') return num(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'symbol') return String(v);
  if (v === undefined || v === null || typeof v === 'boolean') return String(v);
  const label = LABELS.get(v as object);
  if (label !== undefined) return label;
  if (typeof v === 'function') {
    const f = v as { displayName?: unknown; name: string };
    if (typeof f.displayName === 'string') return `initializer ${JSON.stringify(f.displayName.slice(0, 60))}`;
    const src = String(v).replace(/\s+/g, ' ');
    return src.length <= 60 ? src : `function ${f.name || '(anonymous)'}`;
  }
  if (ArrayBuffer.isView(v)) {
    const a = v as unknown as ArrayLike<number> & { constructor: { name: string } };
    if (v instanceof DataView) return 'DataView';
    const items = Array.from({ length: Math.min(a.length, 6) }, (_, i) => num(Number(a[i])));
    return `${a.constructor.name}.of(${items.join(', ')}${a.length > 6 ? `, … (${a.length})` : ''})`;
  }
  if (depth === 0) return Array.isArray(v) ? `[…${v.length}]` : '{…}';
  if (Array.isArray(v)) {
    if (v.length > 1000 && !(0 in v)) return `new Array(${v.length})`;
    const items = v.slice(0, 8).map((x) => render(x, depth - 1));
    return `[${items.join(', ')}${v.length > 8 ? `, … (${v.length})` : ''}]`;
  }
  const o = v as Record<string, unknown>;
  if (typeof o.name === 'string' && typeof o.cdf === 'function') return o.name; // a Distribution
  const proto = Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null;
  if (proto !== Object.prototype && proto !== null) return `${proto.constructor?.name ?? 'object'} instance`;
  const keys = Object.keys(o);
  const body = keys.slice(0, 10).map((k) => `${k}: ${render(o[k], depth - 1)}`);
  return `{${body.join(', ')}${keys.length > 10 ? ', …' : ''}}${proto === null ? ' (null prototype)' : ''}`;
}

/** A call rendered as `name(arg, arg, …)`. */
export function renderCall(name: string, args: readonly unknown[]): string {
  return `${name}(${args.map((a) => render(a)).join(', ')})`;
}

// ---------------------------------------------------------------------------------------------
// A small deterministic generator for arguments that depend on an object the case produced.

/** mulberry32: a tiny seeded generator for product-dependent arguments. */
export function rand(seed: number): {
  int(lo: number, hi: number): number;
  real(lo: number, hi: number): number;
} {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    real: (lo, hi) => lo + next() * (hi - lo),
  };
}
