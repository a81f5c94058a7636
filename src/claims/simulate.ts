import type { Distribution } from '../random/distributions.js';
import { assertDistribution } from '../random/distributions.js';
import { assertRng, type Rng } from '../random/rng.js';
import * as check from '../validate.js';

/** The most terms per replicate, and the most replicates, sumReplicates accepts. */
export const MAX_SUM_TERMS = 2 ** 20;
export const MAX_SUM_REPLICATES = 2 ** 22;

/** Per-replicate summaries of z = Σᵢ WᵢXᵢ over R independent replicates. */
export interface SumReplicates {
  /** zᵣ = Σᵢ WᵢXᵢ. */
  z: Float64Array;
  /** ‖Xᵣ‖² = Σᵢ Xᵢ². */
  xNormSq: Float64Array;
  /** Σᵢ (WᵢXᵢ)², the sum of the squared terms. */
  termsSq: Float64Array;
  /** maxᵢ |WᵢXᵢ| in each replicate. */
  maxAbsTerm: Float64Array;
}

/**
 * Draw R independent replicates of z = Σᵢ₌₁ⁿ WᵢXᵢ with all Wᵢ ~ w and Xᵢ ~ x independent (fresh
 * weights and inputs per replicate: the replicates are i.i.d., so per-replicate values are valid
 * observations for a standard error). Works in chunks so memory stays O(n·chunk).
 */
export function sumReplicates(
  n: number,
  w: Distribution,
  x: Distribution,
  replicates: number,
  rng: Rng,
): SumReplicates {
  check.integer('n', n, 1, MAX_SUM_TERMS);
  assertDistribution('w', w);
  assertDistribution('x', x);
  check.integer('replicates', replicates, 1, MAX_SUM_REPLICATES);
  assertRng('rng', rng);
  const out: SumReplicates = {
    z: new Float64Array(replicates),
    xNormSq: new Float64Array(replicates),
    termsSq: new Float64Array(replicates),
    maxAbsTerm: new Float64Array(replicates),
  };
  const chunk = Math.max(1, Math.floor(262144 / n));
  const wb = new Float64Array(chunk * n);
  const xb = new Float64Array(chunk * n);
  const wRng = rng.fork();
  const xRng = rng.fork();
  for (let r0 = 0; r0 < replicates; r0 += chunk) {
    const m = Math.min(chunk, replicates - r0);
    const wv = wb.subarray(0, m * n);
    const xv = xb.subarray(0, m * n);
    w.sample(wRng, wv);
    x.sample(xRng, xv);
    for (let r = 0; r < m; r++) {
      let z = 0;
      let xx = 0;
      let tt = 0;
      let mx = 0;
      for (let i = r * n, e = i + n; i < e; i++) {
        const t = wv[i] * xv[i];
        z += t;
        xx += xv[i] * xv[i];
        tt += t * t;
        const a = Math.abs(t);
        if (a > mx) mx = a;
      }
      out.z[r0 + r] = z;
      out.xNormSq[r0 + r] = xx;
      out.termsSq[r0 + r] = tt;
      out.maxAbsTerm[r0 + r] = mx;
    }
  }
  return out;
}
