import type {} from 'vitest';
import { depthProfile } from '../claims/profile.js';
import type { Initializer } from '../init/types.js';
import type { Activation, ActivationName } from '../nn/activations.js';
import { assertDistribution, type Distribution } from '../random/distributions.js';
import { createRng, freshSeed } from '../random/rng.js';
import { samplesFor, staged, testEqual, testVariance } from '../stats/decide.js';
import { estimateMean } from '../stats/estimate.js';
import { formatEvidence } from '../stats/evidence.js';
import { testDistribution } from '../stats/goodness.js';
import { depthGain } from '../theory/depth.js';
import * as check from '../validate.js';

/** What a matcher returns to vitest's (or Jest's) `expect.extend`. */
export interface MatcherResult {
  pass: boolean;
  message: () => string;
}

function asSample(name: string, received: unknown): ArrayLike<number> {
  if (ArrayBuffer.isView(received) || Array.isArray(received)) return received as ArrayLike<number>;
  if (received && typeof received === 'object' && 'data' in received)
    return (received as { data: ArrayLike<number> }).data;
  throw new TypeError(
    `${name}: expected an array, a typed array or a tensor {data}, got ${check.show(received)}`,
  );
}

/**
 * `expect(samples).toHaveVariance(v, {relTol, alpha, kurtosis})`: the samples' variance is v.
 * Passes only when the test resolves it — the 1 − α interval on the log scale lies within
 * ±relTol of v; fails when the variance differs from v at false-alarm rate α, and also when the
 * sample is too small to tell (the message says how many samples `samplesFor` needs), so the
 * assertion can never pass vacuously. Kurtosis (for the fourth-moment standard error) defaults to
 * the sample's.
 */
export function toHaveVariance(
  received: unknown,
  expected: number,
  options: { relTol?: number; alpha?: number; kurtosis?: number } = {},
): MatcherResult {
  const x = asSample('toHaveVariance', received);
  const o = check.options<{ relTol: number; alpha: number; kurtosis: number }>('options', options);
  const relTol = check.positive('relTol', o.relTol ?? 0.05);
  const alpha = check.probability('alpha', o.alpha ?? 1e-6);
  const r = testVariance(x, check.positive('expected', expected), { alpha, relTol, kurtosis: o.kurtosis });
  const needed = samplesFor({ relTol, alpha, power: 1 - alpha, kurtosis: Math.max(1.01, o.kurtosis ?? 3) });
  const text =
    `variance ${r.measured.toPrecision(6)} vs expected ${expected}, (1 − ${alpha}) interval ` +
    `[${r.interval[0].toPrecision(6)}, ${r.interval[1].toPrecision(6)}], N = ${r.n}, relTol ${relTol}`;
  return {
    pass: r.decision === 'pass',
    message: () =>
      r.decision === 'inconclusive'
        ? `inconclusive: ${text}; the sample is too small to resolve ±${relTol * 100}% (about ${needed} samples needed)`
        : r.decision === 'fail'
          ? `expected the samples to have variance ${expected}: ${text}`
          : `expected the samples not to have variance ${expected}, but ${text}`,
  };
}

/**
 * `expect(samples).toHaveMean(m, {absTol, alpha})`: the samples' mean is m, resolved to ±absTol
 * (default 0.05·sd) at false-alarm rate α; inconclusive counts as a failure, as in toHaveVariance.
 */
export function toHaveMean(
  received: unknown,
  expected: number,
  options: { absTol?: number; alpha?: number } = {},
): MatcherResult {
  const x = asSample('toHaveMean', received);
  const o = check.options<{ absTol: number; alpha: number }>('options', options);
  const alpha = check.probability('alpha', o.alpha ?? 1e-6);
  const sd = Math.sqrt(estimateMean(x).se ** 2 * x.length);
  const absTol = check.positive('absTol', o.absTol ?? Math.max(0.05 * sd, Number.MIN_VALUE));
  const r = testEqual(x, check.finite('expected', expected), { alpha, absTol });
  const text = `mean ${r.measured.toPrecision(6)} vs expected ${expected}, interval [${r.interval[0].toPrecision(6)}, ${r.interval[1].toPrecision(6)}], N = ${r.n}, absTol ${absTol.toPrecision(3)}`;
  return {
    pass: r.decision === 'pass',
    message: () =>
      r.decision === 'inconclusive'
        ? `inconclusive: ${text}; the sample is too small`
        : r.decision === 'fail'
          ? `expected mean ${expected}: ${text}`
          : `expected the mean not to be ${expected}, but ${text}`,
  };
}

/**
 * `expect(samples).toFollowDistribution(dist, {alpha})`: a one-sample KS test with the DKW–Massart
 * critical value (exact false-alarm bound α for any sample size); `dist` is a wixi Distribution or a
 * CDF function (anything else is a TypeError naming dist).
 */
export function toFollowDistribution(
  received: unknown,
  dist: Distribution | ((x: number) => number),
  options: { alpha?: number } = {},
): MatcherResult {
  const x = asSample('toFollowDistribution', received);
  const alpha = check.probability(
    'alpha',
    check.options<{ alpha: number }>('options', options).alpha ?? 1e-6,
  );
  if (typeof dist !== 'function') assertDistribution('dist', dist);
  const cdf = typeof dist === 'function' ? dist : dist.cdf;
  const r = testDistribution(x, cdf, { alpha });
  const name = typeof dist === 'function' ? 'the given CDF' : dist.name;
  return {
    pass: r.decision === 'pass',
    message: () =>
      `expected the samples ${r.decision === 'pass' ? 'not ' : ''}to follow ${name}: KS distance ${r.distance.toPrecision(4)}, ` +
      `critical ${r.critical.toPrecision(4)} (DKW, α = ${alpha}), N = ${r.n}`,
  };
}

/** Options of `toPreserveSecondMoment`. */
export interface PreserveOptions {
  activation?: ActivationName | Activation;
  depth?: number;
  width?: number;
  batch?: number;
  /** Tolerated relative error per layer (default 0.05). */
  relTol?: number;
  alpha?: number;
  seed?: number;
}

/**
 * `expect(init).toPreserveSecondMoment({activation, depth, width})`: a plain network of `depth`
 * layers of `width` units initialized by `init` keeps E[x_L²]/E[x₀²] = 1 (He et al. 2015 for
 * ReLU). Measured over independent replicate networks (fresh weights and inputs each, so the
 * replicates are valid observations), on the log scale, in stages that draw more replicates while
 * the answer is inconclusive (α spent over the stages). The per-layer tolerance relTol compounds
 * to (1 + relTol)^depth end to end. The message reports the measured ratio and the theory's
 * (n·Var(W)·E[φ(Z)²])^L for the initializer's own variance.
 */
export function toPreserveSecondMoment(received: unknown, options: PreserveOptions = {}): MatcherResult {
  const init = received as Initializer;
  if (typeof init !== 'function' || typeof init.variance !== 'function') {
    throw new TypeError(`toPreserveSecondMoment: expected a wixi Initializer, got ${check.show(received)}`);
  }
  const o = check.options<PreserveOptions>('options', options);
  const depth = check.integer('depth', o.depth ?? 10, 1, 1000);
  const width = check.integer('width', o.width ?? 128, 2, 1 << 16);
  const batch = check.integer('batch', o.batch ?? 32, 1, 1 << 16);
  const relTol = check.positive('relTol', o.relTol ?? 0.05);
  const alpha = check.probability('alpha', o.alpha ?? 1e-6);
  const activation = o.activation ?? 'relu';
  const seed = o.seed ?? freshSeed();
  const rng = createRng(seed);
  const widths = new Array<number>(depth + 1).fill(width);
  const endToEnd = (1 + relTol) ** depth - 1;
  const ratios: number[] = [];
  const result = staged(
    (n) => {
      const more = n - ratios.length;
      if (more > 0) {
        const p = depthProfile(
          { init, activation, widths, batch, replicates: more, gradients: false },
          rng.fork(),
        );
        for (const row of p.forward) ratios.push(row[depth - 1]);
      }
      return estimateMean(ratios.slice(0, n));
    },
    1,
    { alpha, relTol: endToEnd, scale: 'log', firstStage: 32, stages: 4 },
  );
  const c = width * init.variance([width, width]);
  let theory = Number.NaN;
  try {
    theory = depthGain(c, depth, { activation });
  } catch {
    // non-homogeneous activations with huge gains may overflow the length map; the message omits it
  }
  const e = {
    claim: `${init.displayName} preserves the second moment through ${depth} layers`,
    quantity: 'E[x_L²]/E[x₀²]',
    measured: result.measured,
    predicted: 1,
    interval: result.interval,
    alpha,
    samples: result.n,
    pass: result.decision !== 'fail',
    params: { activation: typeof activation === 'string' ? activation : activation.name, depth, width, seed },
    note: `The theory predicts ${theory.toPrecision(4)} for n·Var(W) = ${c.toPrecision(4)}.${result.forced ? ' The staged test reached its last stage undecided and kept the law.' : ''}`,
  };
  return {
    pass: e.pass,
    message: () =>
      e.pass ? `expected ${e.claim} not to hold, but: ${formatEvidence(e)}` : formatEvidence(e),
  };
}

/** All matchers, for `expect.extend(wixiMatchers)`. */
export const wixiMatchers = {
  toHaveVariance,
  toHaveMean,
  toFollowDistribution,
  toPreserveSecondMoment,
};

declare module 'vitest' {
  interface Assertion<T> {
    toHaveVariance(expected: number, options?: { relTol?: number; alpha?: number; kurtosis?: number }): T;
    toHaveMean(expected: number, options?: { absTol?: number; alpha?: number }): T;
    toFollowDistribution(dist: Distribution | ((x: number) => number), options?: { alpha?: number }): T;
    toPreserveSecondMoment(options?: PreserveOptions): T;
  }
}
