/**
 * The product and sum claims size their samples with tailSafeSamples (../stats/single-draw.ts):
 * the kurtosis plan for light tails, doubled for two heavy factors, so that one draw alone cannot
 * decide the variance test at the context's α. Fixed seeds; the α is of the spec's order.
 */
import { describe, expect, it } from 'vitest';
import { laplace, standardized } from '../random/distributions.js';
import { createRng } from '../random/rng.js';
import { samplesFor } from '../stats/decide.js';
import { tailSafeSamples } from '../stats/single-draw.js';
import { sumMoments } from '../theory/product.js';
import { REL_TOL } from './evidence.js';
import { productLaw, productZeroMeanFormRefuted } from './product.js';
import { sumLaw } from './sum.js';
import type { CheckContext } from './types.js';

const ALPHA = 2e-10;
const ctx = (seed: number): CheckContext => ({ rng: createRng(seed), alpha: ALPHA, power: 1 - ALPHA });
const lap = standardized(laplace());

describe('the product and sum claims plan N against single draws', () => {
  it('Var(WX) of Laplace × Laplace at the refutation’s 20% uses the doubled N (and holds at mean 0)', () => {
    // the refutation's check at a zero input mean, where Var(W)·Var(X) is right: what its shrinking
    // tests; at the laws' 5% the kurtosis plan is already large enough (no doubling)
    const planned = samplesFor({ relTol: 0.2, alpha: ALPHA, power: 1 - ALPHA, kurtosis: 36 });
    const n = tailSafeSamples({ kind: 'product', w: lap, x: lap }, planned, ALPHA);
    expect(n).toBeGreaterThan(planned);
    const e = productZeroMeanFormRefuted.check({ w: lap, x: lap }, ctx(1));
    expect(e.params.n).toBe(n);
    expect(e.pass).toBe(true);
    const law = productLaw.check({ w: lap, x: lap }, ctx(2));
    expect(law.params.n).toBe(samplesFor({ relTol: REL_TOL, alpha: ALPHA, power: 1 - ALPHA, kurtosis: 36 }));
  });

  it('Var(z) of one Laplace × Laplace term uses the doubled number of replicates', () => {
    const p = { n: 1, w: lap, x: lap };
    const kurtosis = sumMoments(1, lap, lap).kurtosis;
    const planned = samplesFor({ relTol: 0.1, alpha: ALPHA, power: 1 - ALPHA, kurtosis });
    const e = sumLaw.check(p, ctx(3));
    expect(e.params.replicates).toBe(tailSafeSamples({ kind: 'sum', ...p, fan: 1 }, planned, ALPHA));
    expect(e.params.replicates).toBeGreaterThan(planned);
  });
});
