/**
 * Closed forms and exact laws of weight initialization: product and sum variances, depth laws,
 * the exact finite-width law of ReLU norm ratios, residual growth, mean-field signal propagation,
 * sigmoid slopes and SELU's fixed point. Every function documents its assumptions and source.
 * @module wixi/theory
 */
export { gaussianExpectation } from '../stats/quadrature.js';
export {
  type ActivationLike,
  activationSecondMoment,
  derivativeSecondMoment,
  homogeneousMoments,
} from './activation-moments.js';
export {
  type DepthOptions,
  depthGain,
  type FanMode,
  gradientGain,
  type SecondMomentProfile,
  secondMomentProfile,
  type TelescopingRatios,
  telescopingRatios,
} from './depth.js';
export {
  type DepthNormRatioLaw,
  depthNormRatioLaw,
  type NormRatioExpansion,
  type NormRatioLaw,
  normRatioExpansion,
  reluNormRatioCdf,
  reluNormRatioLaw,
} from './finite-width.js';
export {
  chi1,
  correlationMap,
  criticalWeightVariance,
  type FixedPointOptions,
  fixedPoint,
  lengthMap,
  reluCorrelationMap,
} from './mean-field.js';
export {
  type DerivedMoments,
  type FourMoments,
  type MeanVariance,
  productMoments,
  productVariance,
  sumMoments,
  sumVariance,
} from './product.js';
export { residualGrowth, residualGrowthBound } from './residual.js';
export { type SeluMoments, seluConstants, seluJacobian, seluMomentMap } from './selu.js';
export { SIGMOID_DERIVATIVE_MAX, sigmoidDerivativeAsymptote, sigmoidDerivativeMean } from './sigmoid.js';
export {
  chiSquareCdf,
  digamma,
  EULER_GAMMA,
  regularizedGammaP,
  regularizedGammaQ,
  trigamma,
} from './special.js';
