/**
 * The catalog of claims: every claim of the discussion (and the ones it implies), defined once.
 * @module wixi/claims
 */

import { show } from '../validate.js';
import { cancellationMeanAbs, cancellationRare, cancellationSecondMoment } from './cancellation.js';
import { depthBackwardLaw, depthForwardLaw, reluGradientsRefuted, xavierReluRefuted } from './depth.js';
import { fanBackwardLaw, fanForwardLaw } from './fan.js';
import {
  finiteWidthDrift,
  finiteWidthLayerLaw,
  finiteWidthLogVariance,
  finiteWidthPreservationRefuted,
} from './finite-width.js';
import {
  exactGainFixedPoint,
  exactGainStabilityRefuted,
  seluSelfNormalizing,
  torchGainDrift,
} from './gains.js';
import { guardClaim } from './guard.js';
import { gaussianIsometryRefuted, gaussianLinearSpread, orthogonalIsometry } from './isometry.js';
import { meanFieldGradients, tanhGradientsCannotExplodeRefuted } from './mean-field.js';
import { productLaw, productLawGeneral, productZeroMeanFormRefuted } from './product.js';
import { realInputsSecondMoment, realInputsVarianceRefuted } from './real-inputs.js';
import {
  residualDoublingRefuted,
  residualGradientLaw,
  residualGrowthLaw,
  residualScaledLaw,
} from './residual.js';
import { sigmoidSaturation, sigmoidSlopeBound } from './sigmoid.js';
import { smallProductsRefuted, sumLaw, sumLawScaled, sumLawVarianceRefuted } from './sum.js';
import { torchTracesAgree } from './torch-traces.js';
import type { AnyClaim } from './types.js';

export {
  type CancellationParams,
  cancellationMeanAbs,
  cancellationRare,
  cancellationSecondMoment,
} from './cancellation.js';
export {
  DEPTH_BATCH,
  DEPTH_REL_TOL,
  type DepthParams,
  depthBackwardLaw,
  depthForwardLaw,
  reluGradientsRefuted,
  scaledInit,
  type XavierParams,
  xavierReluRefuted,
} from './depth.js';
export { evidenceFrom, QUICK_REL_TOL, REL_TOL } from './evidence.js';
export { type FanParams, fanBackwardLaw, fanForwardLaw, fanInit, fanLaw } from './fan.js';
export {
  type DepthLawParams,
  finiteWidthDrift,
  finiteWidthLayerLaw,
  finiteWidthLogVariance,
  finiteWidthPreservationRefuted,
  type LayerLawParams,
} from './finite-width.js';
export {
  exactGainFixedPoint,
  exactGainOf,
  exactGainStabilityRefuted,
  fixedPointSlope,
  type GainParams,
  lengthProfile,
  meanFieldProfile,
  type SeluParams,
  type StabilityParams,
  seluSelfNormalizing,
  torchFixedPoint,
  torchGainDrift,
  torchGainOf,
} from './gains.js';
export {
  type GaussianLinearParams,
  gaussianIsometryRefuted,
  gaussianLinearSpread,
  type OrthogonalParams,
  orthogonalIsometry,
} from './isometry.js';
export {
  type GeometricLawTest,
  type LayerRatioOptions,
  type LayerRatios,
  layerRatios,
  normalizedMeans,
  plannedRatios,
  planReplicates,
  planStudentized,
  studentizedSe,
  testGeometricBand,
  testGeometricLaw,
  traceRatios,
} from './layer-ratios.js';
export {
  type GradientParams,
  meanFieldGradients,
  type TanhExplosionParams,
  tanhGradientsCannotExplodeRefuted,
} from './mean-field.js';
export { type ProductParams, productLaw, productLawGeneral, productZeroMeanFormRefuted } from './product.js';
export { type DepthProfile, type DepthProfileOptions, depthProfile } from './profile.js';
export {
  type PixelData,
  type PixelSumParams,
  pixelData,
  realInputsSecondMoment,
  realInputsVarianceRefuted,
} from './real-inputs.js';
export { type NetRecord, type NetSimulator, netSimulator, type ReplicateNetSpec } from './replicate-nets.js';
export {
  blockSdBound,
  branchGain,
  branchInits,
  GROWTH_REL_TOL,
  type ResidualParams,
  residualDoublingRefuted,
  residualGradientLaw,
  residualGrowthLaw,
  residualScaledLaw,
  type ScaledResidualParams,
  type SkipGradientParams,
} from './residual.js';
export { type ClaimResult, type RunOptions, runClaim } from './run.js';
export { meanSigmoidSlope, type SaturationParams, sigmoidSaturation, sigmoidSlopeBound } from './sigmoid.js';
export { type SumReplicates, sumReplicates } from './simulate.js';
export { type SumParams, smallProductsRefuted, sumLaw, sumLawScaled, sumLawVarianceRefuted } from './sum.js';
export {
  compareTraces,
  loadTorchTraces,
  type SchemeNetwork,
  type SchemeTraces,
  schemeNetwork,
  TORCH_SCHEMES,
  type TorchScheme,
  type TorchTraces,
  type TraceComparison,
  torchTracesAgree,
  twoSampleT,
  type WixiTraceOptions,
  wixiTraces,
} from './torch-traces.js';
export type { AnyClaim, CheckContext, Claim, ClaimKind } from './types.js';

/**
 * Every claim, in the order the report presents them. Each one's check/predict/telling refuse
 * malformed parameters and contexts with a typed error (guardClaim, in place).
 */
export const claims: readonly AnyClaim[] = Object.freeze(
  [
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
    depthForwardLaw,
    xavierReluRefuted,
    depthBackwardLaw,
    reluGradientsRefuted,
    fanForwardLaw,
    fanBackwardLaw,
    finiteWidthLayerLaw,
    finiteWidthLogVariance,
    finiteWidthDrift,
    finiteWidthPreservationRefuted,
    residualGrowthLaw,
    residualScaledLaw,
    residualGradientLaw,
    residualDoublingRefuted,
    realInputsSecondMoment,
    realInputsVarianceRefuted,
    exactGainFixedPoint,
    torchGainDrift,
    seluSelfNormalizing,
    exactGainStabilityRefuted,
    orthogonalIsometry,
    gaussianLinearSpread,
    gaussianIsometryRefuted,
    meanFieldGradients,
    tanhGradientsCannotExplodeRefuted,
    torchTracesAgree,
  ].map(guardClaim),
);

/** Look a claim up by id; throws RangeError listing the known ids. */
export function getClaim(id: string): AnyClaim {
  if (typeof id !== 'string') throw new TypeError(`id must be a claim id (a string), got ${show(id)}`);
  const c = claims.find((k) => k.id === id);
  if (!c)
    throw new RangeError(`unknown claim ${JSON.stringify(id)}; known: ${claims.map((k) => k.id).join(', ')}`);
  return c;
}
