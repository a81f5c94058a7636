/**
 * Activations, dense and residual networks, forward/backward traces.
 * @module wixi/nn
 */
export {
  ACTIVATION_NAMES,
  type Activation,
  type ActivationName,
  activations,
  defineActivation,
  elu,
  gelu,
  getActivation,
  leakyRelu,
  linear,
  relu,
  SELU_ALPHA,
  SELU_LAMBDA,
  selu,
  sigmoid,
  sigmoidValue,
  silu,
  softplus,
  tanh,
} from './activations.js';
