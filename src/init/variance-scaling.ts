import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import {
  type Distribution,
  normal,
  standardTruncatedMoments,
  truncatedNormal as truncatedNormalLaw,
  uniform as uniformLaw,
} from '../random/distributions.js';
import type { FloatArray, Rng } from '../random/rng.js';
import * as check from '../validate.js';
import { checkFanOptions, computeFans, type FanOptions, fansOf } from './fans.js';
import { defineInitializer } from './tensor.js';
import type { ElementwiseInitializer, FanMode, Layout, ScalingDistribution } from './types.js';

/**
 * √Var of N(0, 1) truncated to [−2, 2], the constant Keras 3 and JAX divide σ by so that their
 * truncated normal has variance exactly scale/n (keras/src/initializers/random_initializers.py,
 * jax/_src/nn/initializers.py). Its square T = 0.7737413035 is the variance of that law.
 */
export const TRUNCATION_CORRECTION = 0.87962566103423978;

/** Where Keras/JAX cut their truncated normal, in units of σ. */
export const TRUNCATION_SIGMAS = 2;

/** The fan modes of `varianceScaling`. */
export const FAN_MODES: readonly FanMode[] = Object.freeze([
  'fanIn',
  'fanOut',
  'fanAvg',
  'fanGeoAvg',
] as const);

/** The distributions of `varianceScaling`. */
export const SCALING_DISTRIBUTIONS: readonly ScalingDistribution[] = Object.freeze([
  'truncatedNormal',
  'untruncatedNormal',
  'uniform',
] as const);

/** Options of `varianceScaling`. */
export interface VarianceScalingOptions extends Omit<FanOptions, 'layout'> {
  /** The numerator of Var(W) = scale/n; finite and > 0 (default 1). */
  scale?: number;
  /** Which fan n is (default `'fanIn'`). */
  mode?: FanMode;
  /** The law drawn from (default `'truncatedNormal'`, Keras's default). */
  distribution?: ScalingDistribution;
  /** The weight layout the fans are read in (default `'keras'`: this is Keras/JAX's mechanism). */
  layout?: Layout;
  /** A display name for the initializer (presets give their own). */
  name?: string;
}

/**
 * Draw N(mean, sd²) truncated to the standardised interval [a, b] into `out` by rejection, in
 * cache-sized chunks: a bulk ziggurat pass writes x = mean + sd·z straight into the chunk, then
 * every element outside [lo, hi] = [mean + sd·a, mean + sd·b] is replaced by fresh draws until
 * one falls inside. Rejection sampling is exact: each element is an independent draw from the
 * truncated law. The bounds are compared with the values as stored, so for a Float32Array the cut
 * applies to the rounded values, i.e. at lo, hi to within float32 precision (relative 6e-8) — and
 * every stored element lies in [fround(lo), fround(hi)]. Expected redraws per element are
 * 1/P(a ≤ Z ≤ b) − 1 (4.8% at ±2), so use it when that mass is large; about 1.7× faster than the
 * general-purpose `rng.fillTruncatedNormal` for the Keras/JAX ±2σ law.
 */
export function fillTruncatedByRejection(
  rng: Rng,
  out: FloatArray,
  mean: number,
  sd: number,
  a: number,
  b: number,
): void {
  const n = out.length;
  const f32 = out instanceof Float32Array;
  const lo = mean + sd * a;
  const hi = mean + sd * b;
  const storedLo = f32 ? Math.fround(lo) : lo;
  const storedHi = f32 ? Math.fround(hi) : hi;
  for (let k = 0; k < n; k += CHUNK) {
    const end = Math.min(n, k + CHUNK);
    rng.fillNormal(k === 0 && end === n ? out : out.subarray(k, end), mean, sd);
    for (let i = k; i < end; i++) {
      const x = out[i];
      if (x < storedLo || x > storedHi) {
        do out[i] = mean + sd * rng.normal();
        while (out[i] < storedLo || out[i] > storedHi);
      }
    }
  }
}
const CHUNK = 8192;

/**
 * Draw N(mean, sd²) truncated to the standardised interval [a, b] into `out`: by rejection from
 * the normal (`fillTruncatedByRejection`) when the interval holds at least half the mass, else by
 * the stream's exact general sampler (`rng.fillTruncatedNormal`, which handles far tails).
 */
export function fillTruncated(
  rng: Rng,
  out: FloatArray,
  mean: number,
  sd: number,
  a: number,
  b: number,
): void {
  if (normalCdf(b, 0, 1) - normalCdf(a, 0, 1) >= 0.5) fillTruncatedByRejection(rng, out, mean, sd, a, b);
  else rng.fillTruncatedNormal(out, mean, sd, a, b, 'sigma');
}

/** Variance of N(0, 1) truncated to [−2, 2], exactly (≈ TRUNCATION_CORRECTION²). */
const T = standardTruncatedMoments(-TRUNCATION_SIGMAS, TRUNCATION_SIGMAS).variance;

/**
 * The one mechanism behind every variance-based initializer (Keras 3 `VarianceScaling`, JAX
 * `jax.nn.initializers.variance_scaling`): Var(W) = scale/n with n the fan chosen by `mode` —
 * fan_in, fan_out, (fan_in + fan_out)/2, or √(fan_in·fan_out) (JAX's fan_geo_avg) — and the law
 * chosen by `distribution`:
 * - `'truncatedNormal'`: σ = √(scale/n)/0.87962566103423978, drawn from N(0, σ²) truncated at ±2σ,
 *   so Var(W) = σ²·T = scale/n exactly (T = 0.87962566103423978², the variance of N(0, 1) cut at
 *   ±2). This is Keras's and JAX's correction; support [−2σ, 2σ].
 * - `'untruncatedNormal'`: N(0, scale/n) (Keras `untruncated_normal`, JAX `normal`).
 * - `'uniform'`: U(−L, L) with L = √(3·scale/n), since Var U(−L, L) = L²/3.
 *
 * The name `'normal'` is refused on purpose: Keras reads it as truncated, JAX as untruncated.
 *
 * Fans are read in `layout` (default `'keras'`: (*k, in, out)); pass `layout: 'torch'` for PyTorch
 * weights (out, in, *k). With the Keras layout a zero fan is clamped to 1 as Keras does
 * (max(1, n)); with the torch and jax layouts `variance` of a shape whose fan is 0 throws a
 * RangeError (those frameworks divide by it). Either way, initializing an empty tensor returns an
 * empty tensor and draws nothing.
 *
 * Throws TypeError/RangeError for a scale that is not a finite number > 0, an unknown mode,
 * distribution or layout, and (when called) for a shape whose fans are undefined in the layout.
 */
export function varianceScaling(options: VarianceScalingOptions = {}): ElementwiseInitializer {
  const o = check.options<VarianceScalingOptions>('options', options);
  const scale = check.positive('scale', o.scale ?? 1);
  const mode = check.oneOf('mode', o.mode ?? 'fanIn', FAN_MODES);
  if ((o.distribution as string) === 'normal') {
    throw new RangeError(
      `distribution "normal" is ambiguous (Keras reads it as truncated, JAX as untruncated); ` +
        `use "truncatedNormal" or "untruncatedNormal"`,
    );
  }
  const distribution = check.oneOf(
    'distribution',
    o.distribution ?? 'truncatedNormal',
    SCALING_DISTRIBUTIONS,
  );
  const { layout } = checkFanOptions(
    { layout: o.layout, inAxis: o.inAxis, outAxis: o.outAxis, batchAxis: o.batchAxis },
    'keras',
  );
  // an axis left out stays undefined here, which computeFans and fansOf read as its default
  const fanOptions: FanOptions = { layout, inAxis: o.inAxis, outAxis: o.outAxis, batchAxis: o.batchAxis };
  if (o.name !== undefined && typeof o.name !== 'string') {
    throw new TypeError(`name must be a string, got ${check.show(o.name)}`);
  }
  const displayName =
    o.name ?? `varianceScaling(scale=${scale}, mode=${mode}, distribution=${distribution}, layout=${layout})`;

  // `shape` has been checked (by the initializer's wrapper) before any of these run.
  const fan = (shape: readonly number[]): number => {
    const f = fansOf(shape, layout, fanOptions);
    let n: number;
    if (mode === 'fanIn') n = f.fanIn;
    else if (mode === 'fanOut') n = f.fanOut;
    else if (mode === 'fanAvg') n = (f.fanIn + f.fanOut) / 2;
    else n = Math.sqrt(f.fanIn * f.fanOut);
    if (layout === 'keras') return Math.max(1, n);
    if (!(n > 0)) {
      throw new RangeError(
        `${mode} is 0 for shape ${check.show(shape)} (layout ${check.show(layout)}), so Var(W) = scale/${mode} is undefined`,
      );
    }
    return n;
  };
  const variance = (shape: readonly number[]): number => scale / fan(shape);
  /** σ of the normal before truncation, or the uniform's half-width L. */
  const spread = (shape: readonly number[]): number => {
    const v = variance(shape);
    if (distribution === 'truncatedNormal') return Math.sqrt(v) / TRUNCATION_CORRECTION;
    if (distribution === 'uniform') return Math.sqrt(3 * v);
    return Math.sqrt(v);
  };
  const law = (shape: readonly number[]): Distribution => {
    const s = spread(shape);
    if (distribution === 'truncatedNormal') {
      return truncatedNormalLaw({ sd: s, lo: -TRUNCATION_SIGMAS, hi: TRUNCATION_SIGMAS, units: 'sigma' });
    }
    if (distribution === 'uniform') return uniformLaw({ lo: -s, hi: s });
    return normal({ sd: s });
  };
  const support = (shape: readonly number[]): readonly [number, number] => {
    if (distribution === 'untruncatedNormal') return [-Infinity, Infinity];
    const s = spread(shape);
    const hi = distribution === 'truncatedNormal' ? TRUNCATION_SIGMAS * s : s;
    return [-hi, hi];
  };
  return defineInitializer(
    displayName,
    {
      variance,
      mean: () => 0,
      accepts: (shape) => {
        computeFans(shape, fanOptions);
      },
      fill: (out, shape, rng) => {
        const s = spread(shape);
        if (distribution === 'truncatedNormal') {
          fillTruncatedByRejection(rng, out, 0, s, -TRUNCATION_SIGMAS, TRUNCATION_SIGMAS);
        } else if (distribution === 'uniform') rng.fillUniform(out, -s, s);
        else rng.fillNormal(out, 0, s);
      },
    },
    { distribution: law, support },
  );
}

/** The exact variance of N(0, σ²) cut at ±2σ, as a multiple of σ² (T ≈ 0.7737413035). */
export const TRUNCATED_VARIANCE_FACTOR = T;
