/**
 * For other projects' tests: fast-check arbitraries of distributions and network shapes, vitest
 * matchers with stated false-alarm rates, and the seeded property runner the wixi spec uses.
 * @module wixi/testing
 */
export {
  depth,
  distributionWithMean,
  fastStandardFamily,
  seed,
  standardFamily,
  width,
  zeroMeanDistribution,
} from './arbitraries.js';
export {
  type MatcherResult,
  type PreserveOptions,
  toFollowDistribution,
  toHaveMean,
  toHaveVariance,
  toPreserveSecondMoment,
  wixiMatchers,
} from './matchers.js';
export { assertProperty, findCounterexample } from './property.js';
export { seedFor, suiteSeed } from './seed.js';
