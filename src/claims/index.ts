/**
 * The catalog of claims: every claim of the discussion (and the ones it implies), defined once.
 * @module wixi/claims
 */
import { cancellationMeanAbs, cancellationRare, cancellationSecondMoment } from './cancellation.js';
import { productLaw, productLawGeneral, productZeroMeanFormRefuted } from './product.js';
import { sigmoidSaturation, sigmoidSlopeBound } from './sigmoid.js';
import { smallProductsRefuted, sumLaw, sumLawScaled, sumLawVarianceRefuted } from './sum.js';
import type { AnyClaim } from './types.js';

export { cancellationMeanAbs, cancellationRare, cancellationSecondMoment } from './cancellation.js';
export { evidenceFrom, QUICK_REL_TOL, REL_TOL } from './evidence.js';
export { type ProductParams, productLaw, productLawGeneral, productZeroMeanFormRefuted } from './product.js';
export { type ClaimResult, type RunOptions, runClaim } from './run.js';
export { meanSigmoidSlope, type SaturationParams, sigmoidSaturation, sigmoidSlopeBound } from './sigmoid.js';
export { type SumReplicates, sumReplicates } from './simulate.js';
export { type SumParams, smallProductsRefuted, sumLaw, sumLawScaled, sumLawVarianceRefuted } from './sum.js';
export type { AnyClaim, CheckContext, Claim, ClaimKind } from './types.js';

/** Every claim, in the order the report presents them. */
export const claims: readonly AnyClaim[] = Object.freeze([
  productLaw,
  productLawGeneral,
  productZeroMeanFormRefuted,
  sumLaw,
  sumLawScaled,
  sumLawVarianceRefuted,
  cancellationSecondMoment,
  cancellationMeanAbs,
  cancellationRare,
  smallProductsRefuted,
  sigmoidSlopeBound,
  sigmoidSaturation,
]);

/** Look a claim up by id; throws RangeError listing the known ids. */
export function getClaim(id: string): AnyClaim {
  const c = claims.find((k) => k.id === id);
  if (!c)
    throw new RangeError(`unknown claim ${JSON.stringify(id)}; known: ${claims.map((k) => k.id).join(', ')}`);
  return c;
}
