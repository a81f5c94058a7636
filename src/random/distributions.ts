import randomBeta from '@stdlib/random-base-beta';
import randomGamma from '@stdlib/random-base-gamma';
import randomT from '@stdlib/random-base-t';
import betaCdf from '@stdlib/stats-base-dists-beta-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import fc from 'fast-check';
import * as check from '../validate.js';
import { assertRng, type FloatArray, type Rng } from './rng.js';

/**
 * A probability distribution as a value: exact moments, a sampler and a CDF.
 *
 * The moments are the distribution's, not estimates, so tests can compare measurements with
 * them and size their samples from the kurtosis κ = μ₄/σ⁴ (the variance of a sample variance is
 * σ⁴(κ − 1)/N to first order).
 */
export interface Distribution {
  /** A readable name with parameters, e.g. `normal(0, 1)`. */
  readonly name: string;
  /** E[X]. */
  readonly mean: number;
  /** Var(X) = E[(X − μ)²]. */
  readonly variance: number;
  /** μ₃ = E[(X − μ)³]. */
  readonly thirdCentralMoment: number;
  /** μ₄ = E[(X − μ)⁴]. */
  readonly fourthCentralMoment: number;
  /** κ = μ₄/σ⁴ (3 for a normal; not the excess). */
  readonly kurtosis: number;
  /** E[X²] = Var(X) + E[X]², what a linear layer propagates (He et al. 2015, eq. 7). */
  readonly secondMoment: number;
  /** True for purely discrete distributions (Rademacher), which are described by `atoms`. */
  readonly discrete: boolean;
  /**
   * The support points and probabilities of a discrete distribution, transformed by `scaled` and
   * `shifted` with exactly the floating-point operations applied to samples, so the CDF's jumps sit
   * exactly on the values the sampler produces.
   */
  readonly atoms?: readonly { value: number; probability: number }[];
  /** P(X ≤ x). */
  cdf(x: number): number;
  /** Fill `out` with independent draws and return it. */
  sample<T extends FloatArray>(rng: Rng, out: T): T;
}

/** The mean and central moments of a law (what `standardTruncatedMoments` returns, with its mass). */
export interface CentralMoments {
  /** E[X]. */
  mean: number;
  /** Var(X). */
  variance: number;
  /** μ₃ = E[(X − μ)³]. */
  thirdCentralMoment: number;
  /** μ₄ = E[(X − μ)⁴]. */
  fourthCentralMoment: number;
}

type Atoms = readonly { value: number; probability: number }[];

/**
 * Build a Distribution. `kurtosis` is given in closed form (scale-free, so it stays exact when σ⁴
 * underflows or μ₄ overflows); the moments must be finite and the variance > 0, else a RangeError
 * names the distribution (normal({sd: 1e200}) has no double-precision variance). The returned
 * `cdf` and `sample` check their arguments.
 */
function make(
  name: string,
  m: CentralMoments,
  kurtosis: number,
  continuousCdf: ((x: number) => number) | null,
  sample: <T extends FloatArray>(rng: Rng, out: T) => T,
  atoms?: Atoms,
): Distribution {
  const secondMoment = m.variance + m.mean * m.mean;
  for (const [what, v] of [
    ['mean', m.mean],
    ['variance', m.variance],
    ['third central moment', m.thirdCentralMoment],
    ['fourth central moment', m.fourthCentralMoment],
    ['second moment E[X²]', secondMoment],
    ['kurtosis', kurtosis],
  ] as const) {
    if (!Number.isFinite(v)) {
      throw new RangeError(
        `${name}: its ${what} is not a finite double (${check.show(v)}); rescale the parameters`,
      );
    }
  }
  if (!(m.variance > 0))
    throw new RangeError(`${name}: its variance ${check.show(m.variance)} underflows to 0`);
  const rawCdf =
    continuousCdf ??
    ((x: number) => {
      let p = 0;
      for (const a of atoms ?? []) if (a.value <= x) p += a.probability;
      return Math.min(1, p);
    });
  const cdf = (x: number): number => {
    if (typeof x !== 'number') throw new TypeError(`x must be a number, got ${check.show(x)}`);
    if (Number.isNaN(x)) throw new RangeError('x must not be NaN');
    return rawCdf(x);
  };
  return Object.freeze({
    name,
    ...m,
    discrete: atoms !== undefined,
    ...(atoms ? { atoms: Object.freeze(atoms.map((a) => Object.freeze({ ...a }))) } : {}),
    // κ ≥ 1 always (Jensen); clamp the rounding of two-point laws
    kurtosis: Math.max(1, kurtosis),
    secondMoment,
    cdf,
    sample: <T extends FloatArray>(rng: Rng, out: T): T => {
      assertRng('rng', rng);
      check.floatArray('out', out);
      return sample(rng, out);
    },
    // how fast-check prints a distribution inside a counterexample
    [fc.toStringMethod]: () => name,
  });
}

function opts<T extends object>(name: string, value: unknown): Partial<T> {
  return check.options<T>(name, value);
}

/** N(mean, sd²): μ₃ = 0, μ₄ = 3σ⁴. */
export function normal(options?: { mean?: number; sd?: number }): Distribution {
  const o = opts<{ mean: number; sd: number }>('options', options);
  const mean = check.finite('mean', o.mean ?? 0);
  const sd = check.positive('sd', o.sd ?? 1);
  const v = sd * sd;
  return make(
    `normal(${mean}, ${sd})`,
    { mean, variance: v, thirdCentralMoment: 0, fourthCentralMoment: 3 * v * v },
    3,
    (x) => normalCdf(x, mean, sd),
    (rng, out) => rng.fillNormal(out, mean, sd),
  );
}

/** U(lo, hi): Var = w²/12, μ₄ = w⁴/80 with w = hi − lo (κ = 9/5). */
export function uniform(options?: { lo?: number; hi?: number }): Distribution {
  const o = opts<{ lo: number; hi: number }>('options', options);
  const lo = check.finite('lo', o.lo ?? 0);
  const hi = check.finite('hi', o.hi ?? 1);
  if (!(hi > lo)) throw new RangeError(`hi must be > lo, got lo=${lo}, hi=${hi}`);
  const w = hi - lo;
  return make(
    `uniform(${lo}, ${hi})`,
    { mean: (lo + hi) / 2, variance: (w * w) / 12, thirdCentralMoment: 0, fourthCentralMoment: w ** 4 / 80 },
    9 / 5,
    (x) => (x <= lo ? 0 : x >= hi ? 1 : (x - lo) / w),
    (rng, out) => rng.fillUniform(out, lo, hi),
  );
}

const INV_SQRT_2PI = 0.3989422804014327;

/** x^k·φ(x), taken as 0 at ±∞. */
function powPhi(x: number, k: number): number {
  const e = Math.exp(-0.5 * x * x);
  return e === 0 ? 0 : x ** k * INV_SQRT_2PI * e; // 0 once φ underflows (beyond ±38.6), even if xᵏ overflows
}

/**
 * Central moments of N(0, 1) truncated to [a, b], from the raw-moment recursion
 * E[Xᵏ] = (k − 1)E[Xᵏ⁻²] + (aᵏ⁻¹φ(a) − bᵏ⁻¹φ(b))/Z, Z = Φ(b) − Φ(a) (Johnson, Kotz & Balakrishnan,
 * Continuous Univariate Distributions vol. 1, §13.10). Far in one tail the central moments lose
 * relative precision of order a⁸·ε (1e-8 at a = 10).
 */
export function standardTruncatedMoments(a: number, b: number): CentralMoments & { mass: number } {
  for (const [name, v] of [
    ['a', a],
    ['b', b],
  ] as const) {
    if (typeof v !== 'number') throw new TypeError(`${name} must be a number, got ${check.show(v)}`);
    if (Number.isNaN(v)) throw new RangeError(`${name} must not be NaN`);
  }
  if (!(a < b)) throw new RangeError(`a must be < b, got a=${a}, b=${b}`);
  const mass = a > 0 ? normalCdf(-a, 0, 1) - normalCdf(-b, 0, 1) : normalCdf(b, 0, 1) - normalCdf(a, 0, 1);
  if (!(mass > 0))
    throw new RangeError(
      `truncation interval [${a}, ${b}] has zero probability under N(0, 1) in float64 (Φ(b) − Φ(a) underflows beyond about ±38σ)`,
    );
  const raw = [1, 0, 0, 0, 0];
  raw[1] = (powPhi(a, 0) - powPhi(b, 0)) / mass;
  for (let k = 2; k <= 4; k++) raw[k] = (k - 1) * raw[k - 2] + (powPhi(a, k - 1) - powPhi(b, k - 1)) / mass;
  const m = raw[1];
  const variance = raw[2] - m * m;
  const thirdCentralMoment = raw[3] - 3 * m * raw[2] + 2 * m ** 3;
  const fourthCentralMoment = raw[4] - 4 * m * raw[3] + 6 * m * m * raw[2] - 3 * m ** 4;
  return { mean: m, variance, thirdCentralMoment, fourthCentralMoment, mass };
}

/**
 * N(mean, sd²) truncated to [lo, hi]. `units: 'sigma'` reads the bounds as multiples of sd around
 * the mean (Keras/JAX: ±2); `'absolute'` (default, PyTorch `trunc_normal_`) as values. Bounds may be
 * infinite on one side. Moments are exact (see `standardTruncatedMoments`).
 */
export function truncatedNormal(options?: {
  mean?: number;
  sd?: number;
  lo?: number;
  hi?: number;
  units?: 'absolute' | 'sigma';
}): Distribution {
  const o = opts<{ mean: number; sd: number; lo: number; hi: number; units: string }>('options', options);
  const mean = check.finite('mean', o.mean ?? 0);
  const sd = check.positive('sd', o.sd ?? 1);
  const units = check.oneOf('units', o.units ?? 'absolute', ['absolute', 'sigma'] as const);
  const lo = o.lo ?? (units === 'sigma' ? -2 : mean - 2 * sd);
  const hi = o.hi ?? (units === 'sigma' ? 2 : mean + 2 * sd);
  if (typeof lo !== 'number' || Number.isNaN(lo))
    throw new TypeError(`lo must be a number, got ${check.show(lo)}`);
  if (typeof hi !== 'number' || Number.isNaN(hi))
    throw new TypeError(`hi must be a number, got ${check.show(hi)}`);
  if (!(lo < hi)) throw new RangeError(`lo must be < hi, got lo=${lo}, hi=${hi}`);
  const a = units === 'sigma' ? lo : (lo - mean) / sd;
  const b = units === 'sigma' ? hi : (hi - mean) / sd;
  const s = standardTruncatedMoments(a, b);
  const za = normalCdf(a, 0, 1);
  return make(
    `truncatedNormal(${mean}, ${sd}, [${units === 'sigma' ? `${lo}σ, ${hi}σ` : `${lo}, ${hi}`}])`,
    {
      mean: mean + sd * s.mean,
      variance: sd * sd * s.variance,
      thirdCentralMoment: sd ** 3 * s.thirdCentralMoment,
      fourthCentralMoment: sd ** 4 * s.fourthCentralMoment,
    },
    s.fourthCentralMoment / s.variance / s.variance,
    (x) => {
      const z = (x - mean) / sd;
      if (z <= a) return 0;
      if (z >= b) return 1;
      return a > 0
        ? (normalCdf(-a, 0, 1) - normalCdf(-z, 0, 1)) / s.mass
        : (normalCdf(z, 0, 1) - za) / s.mass;
    },
    (rng, out) => rng.fillTruncatedNormal(out, mean, sd, a, b, 'sigma'),
  );
}

/** Laplace(μ, b): density exp(−|x − μ|/b)/(2b); Var = 2b², μ₄ = 24b⁴ (κ = 6). Sampled by inversion. */
export function laplace(options?: { mean?: number; scale?: number }): Distribution {
  const o = opts<{ mean: number; scale: number }>('options', options);
  const mu = check.finite('mean', o.mean ?? 0);
  const b = check.positive('scale', o.scale ?? 1);
  return make(
    `laplace(${mu}, ${b})`,
    { mean: mu, variance: 2 * b * b, thirdCentralMoment: 0, fourthCentralMoment: 24 * b ** 4 },
    6,
    (x) => (x < mu ? 0.5 * Math.exp((x - mu) / b) : 1 - 0.5 * Math.exp(-(x - mu) / b)),
    (rng, out) => {
      for (let i = 0; i < out.length; i++) {
        const u = rng.uniform() - 0.5; // [-0.5, 0.5)
        const v = 1 - 2 * Math.abs(u); // (0, 1]
        out[i] = mu - b * Math.sign(u) * Math.log(v);
      }
      return out;
    },
  );
}

/** Rademacher: ±1 with probability ½ each; mean 0, Var 1, μ₄ = 1 (κ = 1, the smallest possible). */
export function rademacher(): Distribution {
  return make(
    'rademacher',
    { mean: 0, variance: 1, thirdCentralMoment: 0, fourthCentralMoment: 1 },
    1,
    null,
    (rng, out) => {
      let bits = 0;
      for (let i = 0; i < out.length; i++) {
        if ((i & 31) === 0) bits = rng.uint32();
        out[i] = bits & 1 ? 1 : -1;
        bits >>>= 1;
      }
      return out;
    },
    [
      { value: -1, probability: 0.5 },
      { value: 1, probability: 0.5 },
    ],
  );
}

/**
 * Student's t with ν > 4 degrees of freedom (so that μ₄ is finite): Var = ν/(ν − 2),
 * κ = 3 + 6/(ν − 4). Sampled by @stdlib/random-base-t driven by the wixi stream.
 */
export function studentT(options?: { nu?: number }): Distribution {
  const o = opts<{ nu: number }>('options', options);
  const nu = check.finite('nu', o.nu ?? 10);
  if (!(nu > 4)) throw new RangeError(`nu must be > 4 (finite fourth moment), got ${nu}`);
  const v = nu / (nu - 2);
  return make(
    `studentT(${nu})`,
    { mean: 0, variance: v, thirdCentralMoment: 0, fourthCentralMoment: (3 + 6 / (nu - 4)) * v * v },
    3 + 6 / (nu - 4),
    (x) => tCdf(x, nu),
    (rng, out) => {
      const draw = randomT.factory(nu, { prng: rng.asPrng() });
      for (let i = 0; i < out.length; i++) out[i] = draw();
      return out;
    },
  );
}

/**
 * Beta(α, β) on [0, 1]: mean α/(α+β), Var αβ/((α+β)²(α+β+1)); skewness and excess kurtosis from the
 * standard closed forms (Johnson, Kotz & Balakrishnan vol. 2, ch. 25). Sampled on the wixi stream
 * by @stdlib/random-base-beta, or as a ratio of gammas when the shapes are lopsided (see
 * `betaSampler`). Throws a RangeError when the law is too narrow for float64 to resolve near its mean
 * (sd < 2²⁰·ε·mean, e.g. α = 2⁵³, β = 4.8).
 */
export function beta(options?: { alpha?: number; beta?: number }): Distribution {
  const o = opts<{ alpha: number; beta: number }>('options', options);
  const a = check.positive('alpha', o.alpha ?? 2);
  const b = check.positive('beta', o.beta ?? 2);
  const s = a + b;
  // The closed forms with p = a/s and q = b/s in place of a and b (numerator and denominator divided
  // by s or s²), so that shapes up to 1e300 neither overflow nor give ∞/∞.
  const p = a / s;
  const q = b / s;
  const variance = (p * q) / (s + 1);
  // Draws are float64 numbers spaced ε·mean apart near the mean; when the law is narrower than 2²⁰ of
  // those steps (e.g. α = 2⁵³, β = 4.8: sd ≈ 2.4e-16 near 1) the rounded draws no longer follow it.
  if (!(Math.sqrt(variance) >= 2 ** 20 * Number.EPSILON * p)) {
    throw new RangeError(
      `beta(alpha = ${a}, beta = ${b}) has sd ${Math.sqrt(variance)}, narrower than float64 can resolve ` +
        `near its mean ${p} (need sd ≥ 2^20·ε·mean)`,
    );
  }
  const skew = (2 * (q - p) * Math.sqrt(s + 1)) / ((s + 2) * Math.sqrt(p * q));
  const excess = (6 * ((p - q) ** 2 * (s + 1) - p * q * (s + 2))) / (p * q * (s + 2) * (s + 3));
  return make(
    `beta(${a}, ${b})`,
    {
      mean: p,
      variance,
      thirdCentralMoment: skew * variance ** 1.5,
      fourthCentralMoment: (excess + 3) * variance * variance,
    },
    excess + 3,
    (x) => betaCdf(x, a, b),
    (rng, out) => {
      const draw = betaSampler(a, b, rng);
      for (let i = 0; i < out.length; i++) out[i] = draw();
      return out;
    },
  );
}

/**
 * Above this ratio of two shapes both > 1, @stdlib's beta rejection sampler needs a number of tries
 * that grows with the ratio (measured: 1 µs per draw at 100:1, 28 µs at 2·10⁵:1, 0.3 s at 2⁵³:4.8),
 * so the sampler switches to the ratio of gammas, whose cost does not depend on the shapes.
 */
const BETA_REJECTION_MAX_RATIO = 64;

/**
 * A Beta(α, β) sampler on the wixi stream: @stdlib's beta sampler, except when α, β > 1 and
 * max/min > 64, where it draws G_α/(G_α + G_β) with independent G ~ Gamma(shape, 1), which is
 * Beta(α, β) exactly (Devroye 1986, "Non-Uniform Random Variate Generation", ch. IX.4).
 */
function betaSampler(a: number, b: number, rng: Rng): () => number {
  const prng = rng.asPrng();
  if (a > 1 && b > 1 && Math.max(a, b) / Math.min(a, b) > BETA_REJECTION_MAX_RATIO) {
    const ga = randomGamma.factory(a, 1, { prng });
    const gb = randomGamma.factory(b, 1, { prng });
    return () => {
      const x = ga();
      return x / (x + gb());
    };
  }
  return randomBeta.factory(a, b, { prng });
}

/** A short rendering of a parameter in a distribution's name (4 significant digits). */
function short(x: number): string {
  return Number(x.toPrecision(4)).toString();
}

/** s·X for s > 0: mean s·μ, Var s²σ², μ₃ s³μ₃, μ₄ s⁴μ₄; κ unchanged. */
export function scaled(dist: Distribution, s: number, name?: string): Distribution {
  assertDistribution('dist', dist);
  check.positive('s', s);
  if (name !== undefined && typeof name !== 'string') {
    throw new TypeError(`name must be a string, got ${check.show(name)}`);
  }
  if (s === 1 && name === undefined) return dist;
  return make(
    name ?? `${short(s)}·${dist.name}`,
    {
      mean: s * dist.mean,
      variance: s * s * dist.variance,
      thirdCentralMoment: s ** 3 * dist.thirdCentralMoment,
      fourthCentralMoment: s ** 4 * dist.fourthCentralMoment,
    },
    dist.kurtosis,
    dist.atoms ? null : (x) => dist.cdf(x / s),
    (rng, out) => {
      dist.sample(rng, out);
      for (let i = 0; i < out.length; i++) out[i] *= s;
      return out;
    },
    dist.atoms?.map((a) => ({ value: a.value * s, probability: a.probability })),
  );
}

/** X + c: mean μ + c; central moments unchanged. */
export function shifted(dist: Distribution, c: number): Distribution {
  assertDistribution('dist', dist);
  check.finite('c', c);
  if (c === 0) return dist;
  return make(
    `${dist.name} ${c < 0 ? '−' : '+'} ${short(Math.abs(c))}`,
    {
      mean: dist.mean + c,
      variance: dist.variance,
      thirdCentralMoment: dist.thirdCentralMoment,
      fourthCentralMoment: dist.fourthCentralMoment,
    },
    dist.kurtosis,
    dist.atoms ? null : (x) => dist.cdf(x - c),
    (rng, out) => {
      dist.sample(rng, out);
      for (let i = 0; i < out.length; i++) out[i] += c;
      return out;
    },
    dist.atoms?.map((a) => ({ value: a.value + c, probability: a.probability })),
  );
}

/** `dist` rescaled to have variance `v` (mean scaled along with it). */
export function withVariance(dist: Distribution, v: number): Distribution {
  assertDistribution('dist', dist);
  const s = Math.sqrt(check.positive('v', v) / dist.variance);
  return scaled(dist, s, `${dist.name} scaled to variance ${short(v)}`);
}

/** `dist` shifted to mean 0 and scaled to variance `v` (default 1). */
export function standardized(dist: Distribution, v = 1): Distribution {
  assertDistribution('dist', dist);
  check.positive('v', v);
  if (dist.mean === 0 && dist.variance === v) return dist;
  const s = Math.sqrt(v / dist.variance);
  // re-standardizing keeps the name of the original family: "laplace(0, 1) standardized to …"
  const base = dist.name.replace(/ standardized to mean 0, variance [^ ]+$/, '');
  return scaled(shifted(dist, -dist.mean), s, `${base} standardized to mean 0, variance ${short(v)}`);
}

/** Raw moment E[Xᵏ], k ∈ {1, 2, 3, 4}, from the mean and central moments (binomial expansion). */
export function rawMoment(dist: Distribution, k: 1 | 2 | 3 | 4): number {
  assertDistribution('dist', dist);
  const m = dist.mean;
  const v = dist.variance;
  switch (k) {
    case 1:
      return m;
    case 2:
      return v + m * m;
    case 3:
      return dist.thirdCentralMoment + 3 * m * v + m ** 3;
    case 4:
      return dist.fourthCentralMoment + 4 * m * dist.thirdCentralMoment + 6 * m * m * v + m ** 4;
    default:
      throw new RangeError(`k must be 1, 2, 3 or 4, got ${check.show(k)}`);
  }
}

/** Throw a TypeError unless `value` looks like a Distribution. */
export function assertDistribution(name: string, value: unknown): asserts value is Distribution {
  if (typeof name !== 'string') throw new TypeError(`name must be a string, got ${check.show(name)}`);
  const d = value as Distribution;
  if (
    !d ||
    typeof d !== 'object' ||
    typeof d.sample !== 'function' ||
    typeof d.cdf !== 'function' ||
    typeof d.variance !== 'number' ||
    typeof d.mean !== 'number'
  ) {
    throw new TypeError(`${name} must be a Distribution (from wixi/random), got ${check.show(value)}`);
  }
  for (const key of ['mean', 'variance', 'thirdCentralMoment', 'fourthCentralMoment', 'kurtosis'] as const) {
    if (!Number.isFinite(d[key])) {
      throw new RangeError(`${name}.${key} must be finite, got ${check.show(d[key])}`);
    }
  }
  if (!(d.variance > 0)) throw new RangeError(`${name}.variance must be > 0, got ${check.show(d.variance)}`);
}
