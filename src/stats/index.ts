/**
 * Estimators, intervals and decisions with a stated false-alarm rate; the suite's error budget.
 * @module wixi/stats
 */
export { type AlphaBudget, alphaBudget, holm } from './budget.js';
export {
  type Decision,
  minDetectable,
  type PlanOptions,
  type StagedOptions,
  type StagedResult,
  samplesFor,
  staged,
  type TestOptions,
  type TestResult,
  testEqual,
  testEstimate,
  testRatio,
  testVariance,
} from './decide.js';
export {
  assertEstimate,
  type Estimate,
  estimateMean,
  estimateVariance,
  type Interval,
  meanInterval,
  varianceInterval,
  zOneSided,
  zTwoSided,
} from './estimate.js';
export { assertEvidence, type Evidence, EvidenceError, formatEvidence } from './evidence.js';
export {
  dkwEpsilon,
  type FitResult,
  ksDistance,
  ksDistance2,
  ksSamplesFor,
  testDistribution,
  testSameDistribution,
} from './goodness.js';
export { type Moments, moments, secondMoment } from './moments.js';
export { type ProportionResult, testProportion } from './proportion.js';
export { gaussianExpectation } from './quadrature.js';
