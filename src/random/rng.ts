import cdf from '@stdlib/stats-base-dists-normal-cdf';
import * as check from '../validate.js';
import { fEdge, kAccept, kAccept512, MAGNITUDE_SCALE, wScale, wSigned512, ZIGGURAT_R } from './ziggurat.js';

/** Typed arrays the bulk samplers write into. */
export type FloatArray = Float64Array | Float32Array;

/**
 * A seeded stream of pseudo-random numbers.
 *
 * The generator is xoshiro128** (Blackman & Vigna 2018, "Scrambled linear pseudorandom number
 * generators"): 128 bits of state, period 2¹²⁸ − 1, pure 32-bit integer arithmetic, so the stream
 * is bit-for-bit identical on every machine. Normals use a 256-strip ziggurat (Marsaglia & Tsang
 * 2000) whose tables are built with V8's fdlibm `exp`/`log`, identical across platforms.
 */
export interface Rng {
  /** The seed this stream was created from (forks report their parent's seed and fork path). */
  readonly seed: string;
  /** Next 32-bit unsigned integer, uniform on [0, 2³²). */
  uint32(): number;
  /** Next double uniform on [0, 1), with 53 random bits. */
  uniform(): number;
  /** Next standard normal N(0, 1) draw. */
  normal(): number;
  /** Fill `out` with N(mean, sd²) draws; a Float32Array receives the rounded float64 stream. */
  fillNormal<T extends FloatArray>(out: T, mean?: number, sd?: number): T;
  /** Fill `out` with U(lo, hi) draws, lo + (hi − lo)·u with u ∈ [0, 1). */
  fillUniform<T extends FloatArray>(out: T, lo?: number, hi?: number): T;
  /**
   * Fill `out` with N(mean, sd²) conditioned on lo ≤ x ≤ hi. With `units: 'absolute'` (PyTorch's
   * `trunc_normal_`) the bounds are values of x; with `units: 'sigma'` (Keras/JAX) they are
   * multiples of sd around the mean, e.g. (−2, 2).
   */
  fillTruncatedNormal<T extends FloatArray>(
    out: T,
    mean: number,
    sd: number,
    lo: number,
    hi: number,
    units?: 'absolute' | 'sigma',
  ): T;
  /**
   * A new, statistically independent stream derived from this one (advancing this one by four
   * draws). Forks of forks are fine; use one fork per independent replicate.
   */
  fork(): Rng;
  /** This stream as a `() => number` on [0, 1), the `prng` option @stdlib's samplers accept. */
  asPrng(): () => number;
}

/** murmur3's 32-bit finaliser: a bijective avalanche mix used for seeding and forking. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const TWO32 = 4294967296;
const INV53 = 1 / 9007199254740992;

/**
 * The ziggurat's fast pass over out[from..]: one xoshiro128** step per element, accepted from the
 * box table alone in ~98.6% of cases. Draws that need the rare path are queued in `pending` as
 * index·512 + (strip | sign·256); `pending` must hold `end − from` entries. Returns the number queued.
 * Kept a plain function over an Int32Array state so V8 holds the state in registers.
 */
function zigguratPass(
  out: FloatArray,
  from: number,
  end: number,
  s: Int32Array,
  mean: number,
  sd: number,
  pending: Float64Array,
): number {
  const K = kAccept512; // local copies: imported bindings are re-checked on every access
  const W = wSigned512;
  let a = s[0];
  let b = s[1];
  let c = s[2];
  let d = s[3];
  let np = 0;
  for (let k = from; k < end; k++) {
    const bb = Math.imul(b, 5);
    const r = Math.imul((bb << 7) | (bb >>> 25), 9);
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    const idx = r & 511;
    const j = r >>> 9;
    if (j < K[idx]) out[k] = mean + sd * (j * W[idx]);
    else pending[np++] = k * 512 + idx;
  }
  s[0] = a;
  s[1] = b;
  s[2] = c;
  s[3] = d;
  return np;
}

class Xoshiro128 implements Rng {
  /** xoshiro128** state: four 32-bit words. */
  private readonly s = new Int32Array(4);
  private forks = 0;
  private readonly pending = new Float64Array(4096);

  constructor(
    words: readonly number[],
    readonly seed: string,
  ) {
    for (let k = 0; k < 4; k++) this.s[k] = words[k];
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1; // all-zero is a fixed point
  }

  uint32(): number {
    const s = this.s;
    const b = s[1];
    const bb = Math.imul(b, 5);
    const r = Math.imul((bb << 7) | (bb >>> 25), 9);
    const t = b << 9;
    s[2] ^= s[0];
    s[3] ^= b;
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 11) | (s[3] >>> 21);
    return r >>> 0;
  }

  uniform(): number {
    const hi = this.uint32() >>> 5; // 27 bits
    const lo = this.uint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) * INV53;
  }

  /** Uniform on (0, 1], safe for logarithms. */
  private uniformPositive(): number {
    return 1 - this.uniform();
  }

  normal(): number {
    for (;;) {
      const u = this.uint32();
      const i = u & 255;
      const j = u >>> 9;
      const x = j * wScale[i];
      if (j < kAccept[i]) return u & 256 ? -x : x;
      const y = this.normalSlow(i, x);
      if (!Number.isNaN(y)) return u & 256 ? -y : y; // NaN signals "rejected, draw again"
    }
  }

  /**
   * The ziggurat's rare path (about 1.2% of draws): the base strip's tail beyond r by Marsaglia's
   * exponential method, or the wedge test of box i. Returns |x| if accepted, NaN if rejected.
   */
  private normalSlow(i: number, x: number): number {
    if (i === 0) {
      let t: number;
      let y: number;
      do {
        t = -Math.log(this.uniformPositive()) / ZIGGURAT_R;
        y = -Math.log(this.uniformPositive());
      } while (y + y < t * t);
      return ZIGGURAT_R + t;
    }
    return fEdge[i] + this.uniform() * (fEdge[i - 1] - fEdge[i]) < Math.exp(-0.5 * x * x) ? x : Number.NaN;
  }

  fillNormal<T extends FloatArray>(out: T, mean = 0, sd = 1): T {
    check.floatArray('out', out);
    check.finite('mean', mean);
    check.nonNegative('sd', sd);
    const pending = this.pending;
    for (let k = 0; k < out.length; k += pending.length) {
      const np = zigguratPass(out, k, Math.min(out.length, k + pending.length), this.s, mean, sd, pending);
      for (let p = 0; p < np; p++) {
        const idx = pending[p] % 512;
        const x = this.normalFromStrip(idx & 255);
        out[(pending[p] - idx) / 512] = mean + sd * (idx & 256 ? -x : x);
      }
    }
    return out;
  }

  /**
   * A draw of |Z| conditioned on the ziggurat having landed outside the box of strip `i`: the tail
   * for the base strip, the wedge for the others; on rejection the whole ziggurat restarts.
   */
  private normalFromStrip(i: number): number {
    const w = wScale[i];
    const k = kAccept[i];
    // Sample the magnitude uniformly in the part of the strip outside the box, then apply the
    // wedge test (or the tail method); this is the same conditional law as the inline path.
    const j = k + (MAGNITUDE_SCALE - k) * this.uniform();
    const y = this.normalSlow(i, j * w);
    return !Number.isNaN(y) ? y : Math.abs(this.normal());
  }

  fillUniform<T extends FloatArray>(out: T, lo = 0, hi = 1): T {
    check.floatArray('out', out);
    check.finite('lo', lo);
    check.finite('hi', hi);
    if (!(hi >= lo)) throw new RangeError(`hi must be >= lo, got lo=${lo}, hi=${hi}`);
    const width = hi - lo;
    if (!Number.isFinite(width)) throw new RangeError(`hi - lo must be finite, got lo=${lo}, hi=${hi}`);
    for (let k = 0; k < out.length; k++) out[k] = lo + width * this.uniform();
    return out;
  }

  fillTruncatedNormal<T extends FloatArray>(
    out: T,
    mean: number,
    sd: number,
    lo: number,
    hi: number,
    units: 'absolute' | 'sigma' = 'absolute',
  ): T {
    check.floatArray('out', out);
    check.finite('mean', mean);
    check.positive('sd', sd);
    check.oneOf('units', units, ['absolute', 'sigma'] as const);
    if (typeof lo !== 'number' || Number.isNaN(lo))
      throw new TypeError(`lo must be a number, got ${check.show(lo)}`);
    if (typeof hi !== 'number' || Number.isNaN(hi))
      throw new TypeError(`hi must be a number, got ${check.show(hi)}`);
    if (!(lo < hi)) throw new RangeError(`lo must be < hi, got lo=${lo}, hi=${hi}`);
    const a = units === 'sigma' ? lo : (lo - mean) / sd;
    const b = units === 'sigma' ? hi : (hi - mean) / sd;
    fillStandardTruncated(this, out, a, b);
    for (let k = 0; k < out.length; k++) out[k] = mean + sd * out[k];
    return out;
  }

  fork(): Rng {
    const n = this.forks++;
    const words = [0, 1, 2, 3].map((k) => fmix32(this.uint32() ^ Math.imul(0x9e3779b9, k + 1)));
    return new Xoshiro128(words, `${this.seed}/${n}`);
  }

  asPrng(): () => number {
    return () => this.uniform();
  }
}

/**
 * Standard normal truncated to [a, b] (either may be infinite). Three exact samplers, chosen by
 * efficiency: rejection from the bulk ziggurat when the mass Φ(b) − Φ(a) ≥ 1/4; a uniform
 * proposal on [a, b] accepted with probability exp(−(x² − m²)/2) when the density varies by at most
 * e² across the interval; otherwise (a one-sided tail) Robert's (1995) translated-exponential
 * proposal with rate λ = (a + √(a² + 4))/2 ("Simulation of truncated normal variables",
 * Statistics and Computing 5).
 */
function fillStandardTruncated(rng: Xoshiro128, out: FloatArray, a: number, b: number): void {
  // the mass without cancellation in the right tail; zero mass (an interval beyond ±38σ, or a
  // collapsed one) has no law to sample, and the tail samplers would loop forever on it
  const mass = a > 0 ? cdf(-a, 0, 1) - cdf(-b, 0, 1) : cdf(b, 0, 1) - cdf(a, 0, 1);
  if (!(mass > 0)) {
    throw new RangeError(
      `the truncation interval [${a}, ${b}] (in units of sd) has zero probability under N(0, 1) in float64 (Φ(b) − Φ(a) underflows beyond about ±38σ)`,
    );
  }
  const n = out.length;
  if (n === 0) return;
  if (mass >= 0.25) {
    const chunk = new Float64Array(Math.min(65536, Math.ceil(n / mass) + 64));
    let filled = 0;
    while (filled < n) {
      rng.fillNormal(chunk);
      for (let k = 0; k < chunk.length && filled < n; k++) {
        const z = chunk[k];
        if (z >= a && z <= b) out[filled++] = z;
      }
    }
    return;
  }
  const minSq = a <= 0 && b >= 0 ? 0 : Math.min(a * a, b * b);
  const maxSq = Math.max(a * a, b * b);
  if (maxSq - minSq <= 4) {
    for (let k = 0; k < n; k++) {
      let x: number;
      do x = a + (b - a) * rng.uniform();
      while (rng.uniform() > Math.exp(-0.5 * (x * x - minSq)));
      out[k] = x;
    }
    return;
  }
  // One-sided: [a, b] with a > 0, or its mirror image.
  const flip = b <= 0;
  const lo = flip ? -b : a;
  const hi = flip ? -a : b;
  const lambda = (lo + Math.sqrt(lo * lo + 4)) / 2;
  for (let k = 0; k < n; k++) {
    let x: number;
    for (;;) {
      x = lo - Math.log(1 - rng.uniform()) / lambda;
      if (x > hi) continue;
      const e = x - lambda;
      if (rng.uniform() <= Math.exp(-0.5 * e * e)) break;
    }
    out[k] = flip ? -x : x;
  }
}

/**
 * Create a seeded stream. `seed` is an integer in [0, 2⁵³); its two 32-bit halves are expanded
 * into the 128-bit state by a splitmix-style sequence through murmur3's finaliser, so nearby seeds
 * give unrelated streams. The same seed gives the same numbers on every machine.
 */
export function createRng(seed: number): Rng {
  check.integer('seed', seed, 0, Number.MAX_SAFE_INTEGER);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / TWO32) >>> 0;
  const words: number[] = [];
  let x = lo;
  for (let k = 0; k < 4; k++) {
    x = (x + 0x9e3779b9) | 0;
    words.push(fmix32(x ^ fmix32((hi + Math.imul(k + 1, 0x632be5ab)) | 0)));
  }
  return new Xoshiro128(words, String(seed));
}

/**
 * A stream started from an explicit xoshiro128** state (four 32-bit words, not all zero), as in
 * the generator's reference code. For testing against reference outputs; prefer `createRng`.
 */
export function createRngFromState(words: readonly number[]): Rng {
  if (!Array.isArray(words) || words.length !== 4) {
    throw new TypeError(`words must be an array of four 32-bit integers, got ${check.show(words)}`);
  }
  for (let i = 0; i < 4; i++) check.integer(`words[${i}]`, words[i], 0, 4294967295);
  if (words.every((w) => w === 0))
    throw new RangeError('words must not all be zero (a fixed point of xoshiro)');
  return new Xoshiro128(words, `state:${words.join(',')}`);
}

/** The methods every consumer of a stream may call. */
const RNG_METHODS = [
  'uint32',
  'uniform',
  'normal',
  'fillNormal',
  'fillUniform',
  'fillTruncatedNormal',
  'fork',
  'asPrng',
] as const;

/**
 * Throw a TypeError unless `value` is a stream with every method of `Rng` (a duck-typed object
 * missing one would otherwise fail later with the engine's "is not a function").
 */
export function assertRng(name: string, value: unknown): asserts value is Rng {
  const r = value as Record<string, unknown> | null;
  const missing =
    r === null || typeof r !== 'object' ? [] : RNG_METHODS.filter((m) => typeof r[m] !== 'function');
  if (r === null || typeof r !== 'object' || missing.length > 0) {
    throw new TypeError(
      `${name} must be a wixi Rng (from createRng(seed))${missing.length > 0 ? `; it lacks ${missing.join(', ')}` : ''}, got ${check.show(value)}`,
    );
  }
}

/**
 * A fresh seed from the operating system's entropy (crypto.getRandomValues), an integer in
 * [0, 2⁵³). Used when no seed is given; always print it so a run can be replayed.
 */
export function freshSeed(): number {
  const w = new Uint32Array(2);
  globalThis.crypto.getRandomValues(w);
  return (w[0] & 0x1fffff) * TWO32 + w[1];
}
