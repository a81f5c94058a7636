/**
 * wixi: weight initialization for deep networks as an executable specification.
 * The public API; each subpath (`wixi/random`, `wixi/stats`, …) is also importable on its own.
 * @module wixi
 */
export * from './nn/index.js';
export * from './random/index.js';
export * from './stats/index.js';
