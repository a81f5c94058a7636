import { freshSeed } from '../random/rng.js';
import * as check from '../validate.js';

/**
 * The suite seed: `WIXI_SEED` from the environment when set (to replay a run), else a fresh one
 * from the operating system's entropy, fixed for the life of the process. Print it; every random
 * draw of a run derives from it, so `WIXI_SEED=<seed> npm test` replays the run exactly.
 */
export function suiteSeed(): number {
  if (cached === undefined) {
    const env = process.env.WIXI_SEED;
    if (env !== undefined && env !== '') {
      const v = Number(env);
      check.integer('WIXI_SEED', v, 0, Number.MAX_SAFE_INTEGER);
      cached = v;
    } else {
      cached = freshSeed();
      process.env.WIXI_SEED = String(cached);
    }
  }
  return cached;
}
let cached: number | undefined;

/**
 * A 32-bit seed for fast-check, derived from the suite seed and a name (a property's title) by
 * FNV-1a and murmur3's finaliser, so properties get unrelated streams and each replays alone.
 */
export function seedFor(name: string, base: number = suiteSeed()): number {
  if (typeof name !== 'string') throw new TypeError(`name must be a string, got ${check.show(name)}`);
  check.integer('base', base, 0, Number.MAX_SAFE_INTEGER);
  let h = 0x811c9dc5 ^ (base >>> 0) ^ Math.floor(base / 4294967296);
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
