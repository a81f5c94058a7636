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
export {
  type GemmAccumulator,
  type GemmKernel,
  type GemmOptions,
  gemm,
  gemmKernelInfo,
  type MatmulOptions,
  matmul,
  setGemmKernel,
  WASM_MIN_WORK,
} from './matmul.js';
export {
  type BiasSpec,
  type Block,
  backward,
  type ForwardCache,
  type ForwardHooks,
  forward,
  forwardWith,
  type Gradients,
  type Layer,
  type LayerRole,
  type MlpOptions,
  mlp,
  type Network,
  type ResidualSpec,
} from './network.js';
export {
  type BlockTrace,
  type LayerGradTrace,
  type LayerTrace,
  type SecondMoment,
  type Trace,
  type TraceOptions,
  trace,
} from './trace.js';
