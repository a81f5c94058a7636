/**
 * Initializers with PyTorch, Keras and JAX semantics: fans, gains, the one variance-scaling
 * mechanism and its named presets, orthogonal, and the fixed-law basics.
 * @module wixi/init
 */
import { constant, normal, ones, truncatedNormal, uniform, zeros } from './basic.js';
import { orthogonal } from './orthogonal.js';
import {
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  kaimingNormal,
  kaimingUniform,
  lecunNormal,
  lecunUniform,
  torchBiasDefault,
  torchLinearDefault,
  xavierNormal,
  xavierUniform,
} from './presets.js';
import { varianceScaling } from './variance-scaling.js';

export {
  type ConstantInitializer,
  constant,
  normal,
  ones,
  type TruncationBounds,
  truncatedNormal,
  uniform,
  zeros,
} from './basic.js';
export { computeFans, type FanOptions, type Fans, LAYOUTS } from './fans.js';
export { calculateGain, type ExactGainOptions, exactGain, GAIN_NAMES, type GainName } from './gains.js';
export { type MatrixView, type OrthogonalInitializer, orthogonal } from './orthogonal.js';
export {
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  type KaimingOptions,
  type KerasPresetOptions,
  kaimingNormal,
  kaimingUniform,
  lecunNormal,
  lecunUniform,
  torchBiasDefault,
  torchLinearDefault,
  type XavierOptions,
  xavierNormal,
  xavierUniform,
} from './presets.js';
export { checkShape, defineInitializer, numel } from './tensor.js';
export type {
  Dtype,
  ElementwiseInitializer,
  FanMode,
  Initializer,
  Layout,
  ScalingDistribution,
  Tensor,
} from './types.js';
export {
  FAN_MODES,
  SCALING_DISTRIBUTIONS,
  TRUNCATED_VARIANCE_FACTOR,
  TRUNCATION_CORRECTION,
  TRUNCATION_SIGMAS,
  type VarianceScalingOptions,
  varianceScaling,
} from './variance-scaling.js';

/**
 * Keras/tf.js-style names for the fixed-law initializers, which would otherwise clash with the
 * distributions `uniform`/`normal` of wixi/random at the package root: `randomUniform` is
 * `uniform`, `randomNormal` is `normal` (Keras `RandomUniform`/`RandomNormal`).
 */
export const randomUniform = uniform;
/** See `randomUniform`: the same function as `normal` of wixi/init. */
export const randomNormal = normal;

/**
 * Every initializer factory of wixi/init in one record (like `tf.initializers` or
 * `keras.initializers`), so they can be listed and looked up by name; `initializers.uniform`,
 * `initializers.normal` and `initializers.truncatedNormal` are the initializers, not the
 * distributions of the same names in wixi/random.
 */
export const initializers = Object.freeze({
  varianceScaling,
  glorotUniform,
  glorotNormal,
  heUniform,
  heNormal,
  lecunUniform,
  lecunNormal,
  kaimingUniform,
  kaimingNormal,
  xavierUniform,
  xavierNormal,
  torchLinearDefault,
  torchBiasDefault,
  orthogonal,
  truncatedNormal,
  uniform,
  normal,
  zeros,
  ones,
  constant,
});
