/**
 * Seeded random streams and distributions with exact moments.
 * @module wixi/random
 */
export {
  assertDistribution,
  beta,
  type CentralMoments,
  type Distribution,
  laplace,
  normal,
  rademacher,
  rawMoment,
  scaled,
  shifted,
  standardized,
  standardTruncatedMoments,
  studentT,
  truncatedNormal,
  uniform,
  withVariance,
} from './distributions.js';
export { createRng, createRngFromState, type FloatArray, freshSeed, type Rng } from './rng.js';
