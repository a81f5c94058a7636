/**
 * Argument checks at the claims' public boundary: `Claim.check(params, ctx)`, `.predict(params)`
 * and `.telling(params)` refuse malformed parameters and contexts with a TypeError/RangeError
 * naming the field, instead of an engine error or NaN evidence.
 *
 * A claim's parameters are checked against its `representative` case: every field of it must be
 * present with the same kind of value, and a field is checked by what its name means across the
 * catalog (a `width` is a size, a `wVariance` a positive scale, `w`/`x` a Distribution …). The
 * ranges are generous physical bounds, far wider than the claims' arbitraries, so the spec's own
 * parameters always pass; they exist to refuse hostile values (NaN, 2³², a negative size) before
 * a simulation allocates or divides by them.
 */
import { SCALING_DISTRIBUTIONS } from '../init/variance-scaling.js';
import { ACTIVATION_NAMES } from '../nn/activations.js';
import { assertDistribution } from '../random/distributions.js';
import { assertRng } from '../random/rng.js';
import * as check from '../validate.js';
import { TORCH_SCHEMES } from './torch-traces.js';
import type { AnyClaim, CheckContext } from './types.js';

/** The largest layer width or sample size a claim's parameters may ask for. */
export const MAX_CLAIM_SIZE = 4096;
/** The largest depth a claim's parameters may ask for. */
export const MAX_CLAIM_DEPTH = 1000;
/** The largest positive scale (a variance, a gain c, a pixel scale) a claim's parameters may hold. */
export const MAX_CLAIM_SCALE = 1e4;

type FieldCheck = (name: string, value: unknown) => unknown;

const size: FieldCheck = (name, v) => check.integer(name, v, 1, MAX_CLAIM_SIZE);
const scale: FieldCheck = (name, v) => {
  const x = check.positive(name, v);
  if (x > MAX_CLAIM_SCALE)
    throw new RangeError(`${name} must be <= ${MAX_CLAIM_SCALE}, got ${check.show(v)}`);
  return x;
};
const bounded: FieldCheck = (name, v) => {
  const x = check.finite(name, v);
  if (Math.abs(x) > MAX_CLAIM_SCALE) {
    throw new RangeError(
      `${name} must be in [-${MAX_CLAIM_SCALE}, ${MAX_CLAIM_SCALE}], got ${check.show(v)}`,
    );
  }
  return x;
};

/** Field checks by name, for the fields whose meaning is the same in every claim that has them. */
const FIELDS: Record<string, FieldCheck> = {
  n: (name, v) => check.integer(name, v, 1, 2 ** 16),
  width: size,
  inputWidth: size,
  n0: size,
  depth: (name, v) => check.integer(name, v, 1, MAX_CLAIM_DEPTH),
  branch: (name, v) => check.integer(name, v, 1, 64),
  epsPercent: (name, v) => check.integer(name, v, -99, 1000),
  wVariance: scale,
  weightVariance: scale,
  scale,
  inputSd: scale,
  c: scale,
  c1: scale,
  c2: scale,
  alpha: scale,
  epsilon: check.probability,
  widths: (name, v) => check.listOf(name, v, size, { min: 2, max: 256 }),
  mode: (name, v) => check.oneOf(name, v, ['fanIn', 'fanOut', 'fanAvg'] as const),
  activation: (name, v) => check.oneOf(name, v, ACTIVATION_NAMES),
  distribution: (name, v) => check.oneOf(name, v, SCALING_DISTRIBUTIONS),
  scheme: (name, v) => check.oneOf(name, v, TORCH_SCHEMES),
};

/** Check one field against the kind of value the representative case has there. */
function checkField(name: string, key: string, value: unknown, like: unknown): void {
  if (
    like !== null &&
    typeof like === 'object' &&
    typeof (like as { sample?: unknown }).sample === 'function'
  ) {
    assertDistribution(name, value);
    // the claims also read E[X²] and the name (assertDistribution checks the central moments)
    check.finite(`${name}.secondMoment`, value.secondMoment);
    if (typeof value.name !== 'string') {
      throw new TypeError(`${name}.name must be a string, got ${check.show(value.name)}`);
    }
    return;
  }
  const byName = FIELDS[key];
  if (byName) {
    byName(name, value);
    return;
  }
  if (typeof like === 'number') bounded(name, value);
  else if (typeof like === 'boolean') {
    if (typeof value !== 'boolean')
      throw new TypeError(`${name} must be a boolean, got ${check.show(value)}`);
  } else if (typeof like === 'string') {
    if (typeof value !== 'string') throw new TypeError(`${name} must be a string, got ${check.show(value)}`);
  }
}

/** Throw unless `params` has every field of `claim.representative`, each of the right kind. */
export function checkClaimParams(claim: AnyClaim, params: unknown, name = 'params'): void {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new TypeError(`${name} of claim ${claim.id} must be an object, got ${check.show(params)}`);
  }
  const rep = claim.representative as Record<string, unknown>;
  for (const key of Object.keys(rep)) {
    checkField(`${name}.${key}`, key, (params as Record<string, unknown>)[key], rep[key]);
  }
}

/** Throw unless `ctx` is a CheckContext: a wixi stream, α and power in (0, 1), an optional size. */
export function checkContext(ctx: unknown): CheckContext {
  if (ctx === null || typeof ctx !== 'object' || Array.isArray(ctx)) {
    throw new TypeError(`ctx must be a CheckContext object, got ${check.show(ctx)}`);
  }
  const c = ctx as Partial<CheckContext>;
  assertRng('ctx.rng', c.rng);
  check.probability('ctx.alpha', c.alpha);
  check.probability('ctx.power', c.power);
  if (c.size !== undefined) check.oneOf('ctx.size', c.size, ['quick', 'full'] as const);
  return ctx as CheckContext;
}

/**
 * Guard a claim's `check`, `predict` and `telling` with `checkClaimParams` (and `checkContext`),
 * in place, so every holder of the claim object gets the checked methods. Idempotent.
 */
export function guardClaim<C extends AnyClaim>(claim: C): C {
  if (GUARDED.has(claim)) return claim;
  GUARDED.add(claim);
  const { check: run, predict, telling } = claim;
  const target = claim as { -readonly [K in keyof AnyClaim]: AnyClaim[K] };
  target.check = function (this: AnyClaim, params: unknown, ctx: CheckContext) {
    checkClaimParams(claim, params);
    checkContext(ctx);
    return run.call(this ?? claim, params, ctx);
  };
  target.predict = function (this: AnyClaim, params: unknown) {
    checkClaimParams(claim, params);
    return predict.call(this ?? claim, params);
  };
  if (telling) {
    target.telling = function (this: AnyClaim, counterexample: unknown) {
      checkClaimParams(claim, counterexample, 'counterexample');
      return telling.call(this ?? claim, counterexample);
    };
  }
  return claim;
}

const GUARDED = new WeakSet<object>();
