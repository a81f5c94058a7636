import fc from 'fast-check';
import {
  type Distribution,
  laplace,
  normal,
  shifted,
  standardized,
  uniform,
} from '../random/distributions.js';
import { samplesFor, testVariance } from '../stats/decide.js';
import { tailSafeSamples } from '../stats/single-draw.js';
import { distributionWithMean, zeroMeanDistribution } from '../testing/arbitraries.js';
import { productMoments, productVariance } from '../theory/product.js';
import { evidenceFrom, QUICK_REL_TOL, REL_TOL } from './evidence.js';
import type { CheckContext, Claim } from './types.js';

/** Two independent factors. */
export interface ProductParams {
  w: Distribution;
  x: Distribution;
}

/**
 * Sample N independent products W·X and test their variance against `predicted`, with N planned
 * from the products' exact kurtosis (E[(WX)⁴] = E[W⁴]E[X⁴]) so that a 5% error is caught with the
 * context's power, then doubled while one product alone could decide the test (tailSafeSamples:
 * heavy pairs such as Laplace × Laplace or t × t; see ../stats/single-draw.ts).
 */
function checkProductVariance(
  title: string,
  p: ProductParams,
  predicted: number,
  ctx: CheckContext,
  relTolFull = REL_TOL,
) {
  const relTol = ctx.size === 'quick' ? QUICK_REL_TOL : relTolFull;
  const { kurtosis } = productMoments(p.w, p.x);
  const planned = samplesFor({
    relTol,
    alpha: ctx.alpha,
    power: ctx.power,
    kurtosis: Math.max(kurtosis, 1.05),
  });
  const n = tailSafeSamples({ kind: 'product', w: p.w, x: p.x }, planned, ctx.alpha);
  const w = p.w.sample(ctx.rng.fork(), new Float64Array(n));
  const x = p.x.sample(ctx.rng.fork(), new Float64Array(n));
  for (let i = 0; i < n; i++) w[i] *= x[i];
  // the spread about the exact mean E[WX] = E[W]·E[X] (independent factors): with a sample mean, s²
  // of a two-point product (Rademacher × Rademacher, κ = 1) is dominated by x̄², not normal, and
  // fired ≈ 1000× more often than α (found by a review of the generators, 2026-12-07)
  const r = testVariance(w, predicted, {
    alpha: ctx.alpha,
    beta: 1 - ctx.power,
    relTol,
    kurtosis,
    knownMean: p.w.mean * p.x.mean,
  });
  return evidenceFrom(title, 'Var(W·X)', r, { W: p.w.name, X: p.x.name, n });
}

/** Claim 1a: the product rule for independent zero-mean factors. */
export const productLaw: Claim<ProductParams> = {
  id: 'product-law',
  title: 'Var(WX) = Var(W)·Var(X) for independent zero-mean W and X of any family',
  statement:
    'For independent W and X with mean zero, the variance of the product is the product of the ' +
    'variances, whatever their distributions (normal, uniform, heavy- or light-tailed).',
  source: 'discussion, problem 2 (a Gaussian weight times a normalised input); Goodman 1960',
  kind: 'law',
  family: 'product',
  parameters: fc.record({ w: zeroMeanDistribution(), x: zeroMeanDistribution() }),
  representative: { w: standardized(normal(), 1 / 100), x: normal() },
  check(p, ctx) {
    return checkProductVariance(this.title, p, this.predict(p), ctx);
  },
  predict: (p) => p.w.variance * p.x.variance,
};

/** Claim 1b: Goodman's general law with means. */
export const productLawGeneral: Claim<ProductParams> = {
  id: 'product-law-general',
  title: 'Var(WX) = σw²σx² + σw²μx² + σx²μw² for independent W and X with any means',
  statement:
    'When the factors have nonzero means the product rule gains two terms: each variance times the ' +
    "other's squared mean. Equivalently Var(WX) = E[W²]E[X²] − μw²μx².",
  source: 'Goodman 1960, "On the exact variance of products", JASA 55',
  kind: 'law',
  family: 'product',
  parameters: fc.record({
    w: distributionWithMean(fc.double({ min: -2, max: 2, noNaN: true })),
    x: distributionWithMean(fc.double({ min: -2, max: 2, noNaN: true })),
  }),
  representative: {
    w: shifted(standardized(uniform(), 0.5), 0.5),
    x: shifted(standardized(laplace(), 2), -1),
  },
  check(p, ctx) {
    return checkProductVariance(this.title, p, this.predict(p), ctx);
  },
  predict: (p) => productVariance(p.w, p.x),
};

/**
 * Claim 1c (refutation): the zero-mean product rule applied to factors with a mean. The shrunk
 * counterexample has the smallest input mean the test can see.
 */
export const productZeroMeanFormRefuted: Claim<ProductParams> = {
  id: 'product-law-means-refuted',
  title: 'refuted: Var(WX) = Var(W)·Var(X) even when X has a nonzero mean',
  statement:
    'Naive: the product rule needs no zero-mean assumption. False: a zero-mean weight times an input ' +
    'with mean μx has Var(WX) = σw²(σx² + μx²), larger by the factor 1 + μx²/σx².',
  source: 'discussion, reply 1 (pixels divided by 255 are positive, with mean ≈ 0.3); Goodman 1960',
  kind: 'refutation',
  family: 'product',
  parameters: fc.record({
    w: zeroMeanDistribution(),
    // means uniform on [0, 3] in steps of 0.001 (fc.double would draw mostly tiny, undetectable means)
    x: distributionWithMean(
      fc.integer({ min: 0, max: 3000 }).map((k) => k / 1000),
      undefined,
      [-2, 0],
    ),
  }),
  representative: { w: normal(), x: shifted(standardized(uniform(), 1 / 12), 0.5) },
  check(p, ctx) {
    // fast-check re-runs the check at every shrinking step: a 20% resolution keeps that affordable
    return checkProductVariance(this.title, p, this.predict(p), ctx, 0.2);
  },
  predict: (p) => p.w.variance * p.x.variance,
  telling(p) {
    const ratio = productVariance(p.w, p.x) / (p.w.variance * p.x.variance);
    return {
      ok: p.x.mean !== 0 && ratio > 1,
      feature: `X has mean ${p.x.mean.toPrecision(3)} ≠ 0, so Var(WX) is (1 + μx²/σx²) = ${ratio.toPrecision(4)} times Var(W)Var(X)`,
    };
  },
  lesson:
    'The rule Var(WX) = Var(W)Var(X) silently assumes zero means. Inputs such as pixels in [0, 1] are ' +
    'not centred, so what a layer propagates is the second moment E[X²], not Var(X).',
};
