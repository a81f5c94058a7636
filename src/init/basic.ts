import {
  normal as normalLaw,
  standardTruncatedMoments,
  truncatedNormal as truncatedNormalLaw,
  uniform as uniformLaw,
} from '../random/distributions.js';
import * as check from '../validate.js';
import { defineInitializer } from './tensor.js';
import type { ElementwiseInitializer, Initializer } from './types.js';
import { fillTruncated } from './variance-scaling.js';

/** An initializer that sets every element to one value; Var(W) = 0. */
export interface ConstantInitializer extends Initializer {
  /** The value every element gets. */
  readonly value: number;
}

/**
 * Every element equal to `value` (PyTorch `constant_`, Keras `Constant`, JAX `constant`):
 * E[W] = value, Var(W) = 0. Any shape, rank 0 included. Throws for a non-finite value.
 * For float32 the value is rounded to the nearest float32, as a Float32Array stores it.
 */
export function constant(value: number): ConstantInitializer {
  const v = check.finite('value', value);
  return defineInitializer(
    `constant(${v})`,
    { variance: () => 0, mean: () => v, fill: (out) => out.fill(v) },
    { value: v },
  );
}

/** Every element 0 (PyTorch `zeros_`, Keras `Zeros`, JAX `zeros`): E[W] = 0, Var(W) = 0. */
export function zeros(): ConstantInitializer {
  return constant(0);
}

/** Every element 1 (PyTorch `ones_`, Keras `Ones`, JAX `ones`): E[W] = 1, Var(W) = 0. */
export function ones(): ConstantInitializer {
  return constant(1);
}

/**
 * U(lo, hi) with fixed bounds, whatever the shape: E[W] = (lo + hi)/2, Var(W) = (hi − lo)²/12
 * (PyTorch `uniform_(a, b)`; Keras/tf.js `RandomUniform(minval, maxval)`). Defaults are PyTorch's
 * (0, 1); Keras's defaults are (−0.05, 0.05) and must be passed. Requires lo < hi, both finite.
 */
export function uniform(options: { lo?: number; hi?: number } = {}): ElementwiseInitializer {
  const o = check.options<{ lo: number; hi: number }>('options', options);
  const lo = check.finite('lo', o.lo ?? 0);
  const hi = check.finite('hi', o.hi ?? 1);
  return fixedUniform(
    lo,
    hi,
    `uniform(${lo}, ${hi}) (PyTorch uniform_ / Keras RandomUniform: Var = (hi − lo)²/12)`,
  );
}

/** U(lo, hi) whatever the shape, under a given display name (shared by `uniform` and `torchBiasDefault`). */
export function fixedUniform(lo: number, hi: number, displayName: string): ElementwiseInitializer {
  if (!(hi > lo)) throw new RangeError(`hi must be > lo, got lo=${lo}, hi=${hi}`);
  if (!Number.isFinite(hi - lo)) throw new RangeError(`hi - lo must be finite, got lo=${lo}, hi=${hi}`);
  const law = uniformLaw({ lo, hi });
  return defineInitializer(
    displayName,
    {
      variance: () => ((hi - lo) * (hi - lo)) / 12,
      mean: () => (lo + hi) / 2,
      fill: (out, _shape, rng) => rng.fillUniform(out, lo, hi),
    },
    { distribution: () => law, support: (): readonly [number, number] => [lo, hi] },
  );
}

/**
 * N(mean, std²), untruncated, whatever the shape (PyTorch `normal_(mean, std)`; Keras/tf.js
 * `RandomNormal(mean, stddev)`; JAX `normal(stddev)`): E[W] = mean, Var(W) = std². Defaults are
 * PyTorch's (0, 1); Keras's default std is 0.05 and JAX's 0.01, which must be passed.
 */
export function normal(options: { mean?: number; std?: number } = {}): ElementwiseInitializer {
  const o = check.options<{ mean: number; std: number }>('options', options);
  const mean = check.finite('mean', o.mean ?? 0);
  const std = check.positive('std', o.std ?? 1);
  const law = normalLaw({ mean, sd: std });
  return defineInitializer(
    `normal(${mean}, ${std}) (PyTorch normal_ / Keras RandomNormal: Var = std²)`,
    {
      variance: () => std * std,
      mean: () => mean,
      fill: (out, _shape, rng) => rng.fillNormal(out, mean, std),
    },
    { distribution: () => law, support: (): readonly [number, number] => [-Infinity, Infinity] },
  );
}

/** Truncation bounds of `truncatedNormal`. */
export interface TruncationBounds {
  lo: number;
  hi: number;
  /**
   * `'sigma'`: lo and hi are multiples of std around the mean (Keras `TruncatedNormal`, JAX
   * `truncated_normal`, which cut at ±2σ); `'absolute'`: they are values of W (PyTorch
   * `trunc_normal_(mean, std, a, b)`, whose defaults a = −2, b = 2 are absolute).
   */
  units: 'sigma' | 'absolute';
}

/**
 * N(mean, std²) conditioned on lo ≤ W ≤ hi, with no variance correction: std is the parameter of
 * the parent normal, not the standard deviation of W. With standardised bounds a, b and
 * Z = Φ(b) − Φ(a): E[W] = mean + std·(φ(a) − φ(b))/Z and
 * Var(W) = std²·(1 + (aφ(a) − bφ(b))/Z − ((φ(a) − φ(b))/Z)²) (Johnson, Kotz & Balakrishnan,
 * vol. 1, §13.10); for ±2σ that is T·std² with T = 0.7737413035.
 *
 * Both conventions (wixi's ANCHORS table):
 * - Keras `TruncatedNormal(mean, stddev)` / JAX `truncated_normal(stddev)`: bounds
 *   `{lo: −2, hi: 2, units: 'sigma'}`, the default here.
 * - PyTorch `trunc_normal_(mean, std, a=−2, b=2)`: bounds `{lo: a, hi: b, units: 'absolute'}`.
 *   Beware that PyTorch's default bounds are absolute: with std = 0.02 they sit at ±100σ and
 *   truncate nothing.
 * The two coincide at the defaults mean 0, std 1 (PyTorch's). Keras's default stddev (0.05) and
 * JAX's (0.01) must be passed. Throws for lo ≥ hi or an interval of zero probability.
 */
export function truncatedNormal(
  options: { mean?: number; std?: number; bounds?: Partial<TruncationBounds> } = {},
): ElementwiseInitializer {
  const o = check.options<{ mean: number; std: number; bounds: Partial<TruncationBounds> }>(
    'options',
    options,
  );
  const mean = check.finite('mean', o.mean ?? 0);
  const std = check.positive('std', o.std ?? 1);
  const b = check.options<TruncationBounds>('bounds', o.bounds);
  const units = check.oneOf('bounds.units', b.units ?? 'sigma', ['sigma', 'absolute'] as const);
  const lo = b.lo ?? (units === 'sigma' ? -2 : mean - 2 * std);
  const hi = b.hi ?? (units === 'sigma' ? 2 : mean + 2 * std);
  for (const [name, v] of [
    ['bounds.lo', lo],
    ['bounds.hi', hi],
  ] as const) {
    if (typeof v !== 'number' || Number.isNaN(v))
      throw new TypeError(`${name} must be a number, got ${check.show(v)}`);
  }
  if (!(lo < hi)) throw new RangeError(`bounds.lo must be < bounds.hi, got lo=${lo}, hi=${hi}`);
  const a = units === 'sigma' ? lo : (lo - mean) / std;
  const z = units === 'sigma' ? hi : (hi - mean) / std;
  const m = standardTruncatedMoments(a, z); // throws for an interval of zero probability
  const law = truncatedNormalLaw({ mean, sd: std, lo: a, hi: z, units: 'sigma' });
  const support: readonly [number, number] = [mean + std * a, mean + std * z];
  const where = units === 'sigma' ? `[${lo}σ, ${hi}σ]` : `[${lo}, ${hi}]`;
  return defineInitializer(
    `truncatedNormal(${mean}, ${std}, ${where}) (${units === 'sigma' ? 'Keras/JAX' : 'PyTorch trunc_normal_'}: no variance correction)`,
    {
      variance: () => std * std * m.variance,
      mean: () => mean + std * m.mean,
      fill: (out, _shape, rng) => fillTruncated(rng, out, mean, std, a, z),
    },
    { distribution: () => law, support: () => support },
  );
}
