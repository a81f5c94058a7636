/**
 * The fuzzer's loop, run inside a worker thread (see supervise.ts): for every target, fast-check
 * generates cases (valid arguments, valid arguments with one hostile change, or hostile arguments
 * only, plus calls of the product's methods for factories) and the oracle judges every call. A
 * violating case is shrunk by fast-check and reported; the loop then moves on to the next target,
 * so one run lists every export that misbehaves. Before each call the call's description is
 * written to shared memory, where the supervisor's watchdog reads it if the call hangs.
 */
import fc from 'fast-check';
import { seedFor } from '../../src/testing/seed.js';
import {
  containsHostileFunction,
  hostile,
  judge,
  MUTATION_OPS,
  type MutationOp,
  mutate,
  type Outcome,
  rand,
  render,
  renderCall,
  type Violation,
} from './harness.js';
import { type CallMode, KNOWN } from './known.js';
import { DESCRIPTION_BYTES, HEADER_BYTES } from './supervise.js';
import { enumerate, KINDS, type Kind, NAMESPACES, prepare, type Target } from './targets.js';

/** Messages the worker posts to the supervisor. */
export type FuzzMessage =
  | {
      type: 'ready';
      targets: string[];
      unspecified: string[];
      unclassified: string[];
      badConstants: string[];
      exports: number;
      namespaces: string[];
    }
  | { type: 'target'; index: number; name: string; calls: number; threw: number; known: number; ms: number }
  | { type: 'violation'; target: string; call: string; rule: string; detail: string; shrinks: number }
  | { type: 'slow'; call: string; ms: number }
  | { type: 'known'; what: string; reproduced: boolean; detail: string }
  | { type: 'done' };

/** Calls slower than this are reported (not failed: the supervisor's watchdog bounds hangs). */
const SLOW_MS = 500;
/** Typed arrays longer than this are refused inside the fuzzer: a hostile size was attempted. */
const ALLOCATION_LIMIT = 2 ** 26;

let hugeAttempt: number | null = null;

/**
 * Refuse typed-array allocations above ALLOCATION_LIMIT elements in this worker, remembering the
 * attempt. A library that sizes an array from a hostile 2³² would otherwise reserve 32 GB and
 * exhaust the machine before any watchdog could stop it (ArrayBuffers live outside the V8 heap
 * limit of the worker).
 */
function guardAllocations(): void {
  const g = globalThis as unknown as Record<string, unknown>;
  for (const name of [
    'Float64Array',
    'Float32Array',
    'Int32Array',
    'Uint32Array',
    'Int16Array',
    'Uint16Array',
    'Int8Array',
    'Uint8Array',
    'Uint8ClampedArray',
    'ArrayBuffer',
  ]) {
    const original = g[name] as new (...a: unknown[]) => unknown;
    g[name] = new Proxy(original, {
      construct(target, args, newTarget) {
        const n = args[0];
        if (typeof n === 'number' && n > ALLOCATION_LIMIT) {
          hugeAttempt = n;
          throw new RangeError(`fuzz guard: refused new ${name}(${n})`);
        }
        return Reflect.construct(target, args, newTarget);
      },
    });
  }
}

interface Channel {
  begin(target: number, call: string): void;
  post(message: FuzzMessage): void;
}

function sharedChannel(shared: SharedArrayBuffer, post: (m: FuzzMessage) => void): Channel {
  const header = new Int32Array(shared, 0, 4);
  const text = new Uint8Array(shared, HEADER_BYTES, DESCRIPTION_BYTES);
  const encoder = new TextEncoder();
  return {
    begin(target, call) {
      const { written } = encoder.encodeInto(call.slice(0, DESCRIPTION_BYTES / 4), text);
      Atomics.store(header, 1, target);
      Atomics.store(header, 2, written);
      Atomics.add(header, 0, 1);
    },
    post,
  };
}

type Mode = CallMode;
interface Change {
  mode: Mode;
  pick: number;
  op: MutationOp;
  h: unknown;
  list: unknown[];
}
interface FollowUp {
  method: number;
  seed: number;
  change: Change;
}
interface Case {
  base: unknown[];
  change: Change;
  followUps: FollowUp[];
}

const changeA = (arity: number, hasValid: boolean): fc.Arbitrary<Change> =>
  fc.record({
    mode: hasValid
      ? fc.oneof(
          { weight: 6, arbitrary: fc.constant<Mode>('mutated') },
          { weight: 1, arbitrary: fc.constant<Mode>('valid') },
          { weight: 1, arbitrary: fc.constant<Mode>('hostile') },
        )
      : fc.constant<Mode>('hostile'),
    pick: fc.nat(),
    op: fc.constantFrom(...MUTATION_OPS),
    h: hostile,
    list: fc.array(hostile, { maxLength: Math.max(1, arity) }),
  });

function caseA(t: Target): fc.Arbitrary<Case> {
  return fc.record({
    base: t.valid ?? fc.constant([]),
    change: changeA(t.arity, t.valid !== undefined),
    followUps: t.produces
      ? fc.array(fc.record({ method: fc.nat(), seed: fc.nat(), change: changeA(3, true) }), {
          minLength: t.object !== undefined ? 1 : 0,
          maxLength: 3,
        })
      : fc.constant([]),
  });
}

function argsOf(base: unknown[], c: Change): unknown[] {
  if (c.mode === 'valid') return base;
  if (c.mode === 'hostile') return c.list;
  return mutate(base, c.pick, c.op, c.h);
}

/** A violation found in one case, with the call that showed it. */
class Found extends Error {
  constructor(
    readonly violation: Violation,
    readonly call: string,
  ) {
    super(`${violation.rule}: ${call} → ${violation.detail}`);
  }
}

interface Counters {
  calls: number;
  threw: number;
  known: number;
}

function isKnown(site: string, args: unknown[], mode: CallMode): boolean {
  return KNOWN.some((k) => {
    if (typeof k.site === 'string' ? k.site !== site : !k.site.test(site)) return false;
    try {
      return k.when === undefined || k.when(args, mode);
    } catch {
      return false; // a predicate that cannot read hostile arguments does not match them
    }
  });
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return (
    x !== null &&
    (typeof x === 'object' || typeof x === 'function') &&
    typeof (x as { then?: unknown }).then === 'function'
  );
}

/**
 * Make one call, timed; an async export's promise is awaited, and its rejection judged like a
 * throw (the watchdog bounds a promise that never settles like a loop that never ends).
 */
async function timedCall(
  ch: Channel,
  index: number,
  call: string,
  f: () => unknown,
): Promise<Outcome | Violation> {
  ch.begin(index, call);
  hugeAttempt = null;
  const t0 = performance.now();
  let outcome: Outcome;
  try {
    let value = f();
    if (isThenable(value)) value = await value;
    outcome = { kind: 'returned', value, ms: performance.now() - t0 };
  } catch (error) {
    outcome = { kind: 'threw', error, ms: performance.now() - t0 };
  }
  if (outcome.ms > SLOW_MS) ch.post({ type: 'slow', call, ms: Math.round(outcome.ms) });
  if (hugeAttempt !== null) {
    return {
      rule: 'huge allocation attempted',
      detail: `a typed array of ${hugeAttempt} elements was requested instead of refusing the size`,
    };
  }
  return outcome;
}

function isViolation(x: Outcome | Violation): x is Violation {
  return 'rule' in x;
}

/** Run one case: the target's call, then the product's methods. Throws Found on a violation. */
async function execute(t: Target, index: number, c: Case, ch: Channel, n: Counters): Promise<void> {
  let product: unknown = t.object;
  let label = t.name;
  let factoryArgs: unknown[] = [];
  if (t.call) {
    const a = argsOf(c.base, c.change);
    factoryArgs = a;
    label = renderCall(t.name, a);
    if (isKnown(t.name, a, c.change.mode) || t.skip?.(a)) {
      n.known++;
      return;
    }
    n.calls++;
    const call = t.call;
    const out = await timedCall(ch, index, label, () => call(a));
    if (isViolation(out)) throw new Found(out, label);
    if (out.kind === 'threw') n.threw++;
    const v = judge(out, { allow: t.allow, args: a });
    if (v) throw new Found(v, label);
    if (out.kind === 'threw' || !t.produces) return;
    product = out.value;
  }
  if (!t.produces) return;
  const kind: Kind = KINDS[t.produces];
  if (!kind.is(product)) return;
  const names = Object.keys(kind.methods).filter(
    (m) => !kind.methods[m].optional || typeof (product as Record<string, unknown>)[m] === 'function',
  );
  if (names.length === 0) return;
  const userCallbacks = containsHostileFunction(factoryArgs);
  for (const f of c.followUps) {
    const m = names[f.method % names.length];
    const spec = kind.methods[m];
    const valid = spec.args(product as never, rand(f.seed));
    const change: Change =
      spec.hostileOnly && f.change.mode === 'valid' ? { ...f.change, mode: 'mutated' } : f.change;
    const a = spec.validOnly ? valid : argsOf(valid, change);
    const site = `${t.name}#${m}`;
    const call = m === 'call' ? renderCall(label, a) : renderCall(`${label}.${m}`, a);
    if (isKnown(site, a, spec.validOnly ? 'valid' : change.mode)) {
      n.known++;
      continue;
    }
    n.calls++;
    const p = product as Record<string, (...x: unknown[]) => unknown>;
    const out = await timedCall(ch, index, call, () =>
      spec.invoke ? spec.invoke(p as never, a) : p[m](...a),
    );
    if (isViolation(out)) throw new Found(out, call);
    if (out.kind === 'threw') n.threw++;
    const v = judge(out, {
      allow: spec.allow,
      nanPassThrough: spec.passThrough === true && userCallbacks,
      args: a,
    });
    if (v) throw new Found(v, call);
  }
}

export interface FuzzOptions {
  /** The suite seed (WIXI_SEED); each target's fast-check seed derives from it and its name. */
  seed: number;
  /** fast-check runs per target unless the target says otherwise. */
  runs: number;
  /** Start at this target (after a hang or crash the supervisor restarts past the culprit). */
  startAt: number;
  /** Only targets whose name contains this (WIXI_FUZZ, for replays). */
  filter: string;
  /** Check that every known bug still reproduces (first worker only). */
  checkKnown: boolean;
  shared: SharedArrayBuffer;
  post: (m: FuzzMessage) => void;
}

/** Enumerate, check the known bugs, fuzz every target from `startAt`, post the results. */
export async function runFuzz(o: FuzzOptions): Promise<void> {
  guardAllocations();
  const ch = sharedChannel(o.shared, o.post);
  await prepare();
  const e = enumerate();
  const badConstants = e.constants
    .filter(({ value }) =>
      typeof value === 'number'
        ? !Number.isFinite(value)
        : Array.isArray(value)
          ? value.length === 0
          : value === '',
    )
    .map(({ name }) => name);
  o.post({
    type: 'ready',
    targets: e.targets.map((t) => t.name),
    unspecified: e.unspecified,
    unclassified: e.unclassified,
    badConstants,
    exports: e.exports.length,
    namespaces: Object.keys(NAMESPACES),
  });
  if (o.checkKnown && o.filter === '') {
    // every known bug must still reproduce: a fixed one must leave the list
    for (const k of KNOWN) {
      if (k.repro === undefined) continue;
      const repro = k.repro;
      const out = await timedCall(ch, -1, `known: ${k.what}`, () => repro());
      const v = isViolation(out) ? out : judge(out);
      o.post({ type: 'known', what: k.what, reproduced: v !== null, detail: v ? v.rule : render(out) });
    }
  }
  for (let i = o.startAt; i < e.targets.length; i++) {
    const t = e.targets[i];
    if (o.filter !== '' && !t.name.includes(o.filter)) continue;
    const n: Counters = { calls: 0, threw: 0, known: 0 };
    ch.begin(i, `${t.name}: generating its first case`);
    const t0 = performance.now();
    const details = await fc.check(
      fc.asyncProperty(caseA(t), async (c) => {
        await execute(t, i, c, ch, n);
      }),
      {
        seed: seedFor(`fuzz ${t.name}`, o.seed),
        numRuns: t.runs ?? o.runs,
        endOnFailure: t.shrink === false,
      },
    );
    if (details.failed) {
      const err = details.errorInstance;
      if (err instanceof Found) {
        o.post({
          type: 'violation',
          target: t.name,
          call: err.call,
          rule: err.violation.rule,
          detail: err.violation.detail,
          shrinks: details.numShrinks,
        });
      } else {
        o.post({
          type: 'violation',
          target: t.name,
          call: '(the fuzzer itself)',
          rule: 'fuzzer error',
          detail: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
          shrinks: details.numShrinks,
        });
      }
    }
    o.post({ type: 'target', index: i, name: t.name, ...n, ms: Math.round(performance.now() - t0) });
  }
  o.post({ type: 'done' });
}
