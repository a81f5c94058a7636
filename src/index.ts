/**
 * wixi: weight initialization for deep networks as an executable specification.
 * The public API; each subpath (`wixi/random`, `wixi/stats`, `wixi/init`, …) is also importable on its own.
 * @module wixi
 */

// Both wixi/init and wixi/theory name their fan modes FanMode; the root keeps init's (a superset:
// it adds 'fanGeoAvg'); theory's is available from 'wixi/theory'.
export type { FanMode } from './init/index.js';
export * from './init/index.js';
export * from './nn/index.js';
export * from './random/index.js';
// Shared names: the root keeps the distributions; the initializers of the same names are
// `initializers.normal/uniform/truncatedNormal` (or `randomNormal`/`randomUniform`) and `wixi/init`.
export { normal, truncatedNormal, uniform } from './random/index.js';
export * from './stats/index.js';
export * from './theory/index.js';
