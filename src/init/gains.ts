import { type Activation, type ActivationName, getActivation } from '../nn/activations.js';
import { gaussianExpectation } from '../stats/quadrature.js';
import * as check from '../validate.js';

/** The nonlinearity names PyTorch's `torch.nn.init.calculate_gain` accepts. */
export const GAIN_NAMES = Object.freeze([
  'linear',
  'conv1d',
  'conv2d',
  'conv3d',
  'conv_transpose1d',
  'conv_transpose2d',
  'conv_transpose3d',
  'sigmoid',
  'tanh',
  'relu',
  'leaky_relu',
  'selu',
] as const);

/** A name `calculateGain` accepts. */
export type GainName = (typeof GAIN_NAMES)[number];

/**
 * PyTorch's recommended gain for a nonlinearity, equal to `torch.nn.init.calculate_gain` for every
 * name (torch/nn/init.py):
 *
 * | name | gain |
 * |---|---|
 * | linear, conv1d/2d/3d, conv_transpose1d/2d/3d, sigmoid | 1 |
 * | tanh | 5/3 (empirical) |
 * | relu | √2 |
 * | leaky_relu | √(2/(1 + a²)), slope a = `param`, default 0.01 |
 * | selu | 3/4 (empirical, chosen for gradient stability, not variance preservation) |
 *
 * Errors, as PyTorch's: an unknown name (RangeError; PyTorch "Unsupported nonlinearity"), and a
 * leaky_relu slope that is not a number, booleans included (TypeError; PyTorch "not a valid
 * number"). One deliberate difference: a NaN or infinite slope, which PyTorch turns into a NaN
 * or 0 gain, is a RangeError here (wixi never returns a silent NaN). As in PyTorch, `param` is
 * ignored for every other name. For the gain that really preserves E[φ(Z)²] see `exactGain`.
 */
export function calculateGain(name: GainName, param?: number): number {
  const n = check.oneOf('nonlinearity', name, GAIN_NAMES);
  switch (n) {
    case 'tanh':
      return 5.0 / 3;
    case 'relu':
      return Math.sqrt(2.0);
    case 'selu':
      return 3.0 / 4;
    case 'leaky_relu': {
      let slope = 0.01;
      // a non-number (a boolean, a string) is a TypeError and NaN/±Infinity a RangeError, both by name
      if (param !== undefined && param !== null) slope = check.finite('negative_slope (param)', param);
      return Math.sqrt(2.0 / (1 + slope ** 2));
    }
    default:
      return 1;
  }
}

/** Options of `exactGain`. */
export interface ExactGainOptions {
  /** The parameter of a named activation (leakyRelu's slope, elu's α). */
  param?: number;
  /** Extra points where φ is not smooth, for the quadrature (an Activation's `kinks` are added). */
  breakpoints?: readonly number[];
}

/**
 * The exact variance-preserving gain g = 1/√E[φ(Z)²], Z ~ N(0, 1): with Var(W) = g²/fan_in the
 * second moment of the pre-activations is preserved from layer to layer (He et al. 2015, eq. 7
 * generalised; for ReLU E[φ²] = ½ gives √2). `activation` is a built-in name (with `param`), an
 * Activation (its `kinks` split the quadrature), or a plain function x ↦ φ(x).
 *
 * E[φ(Z)²] is computed by composite Gauss–Legendre quadrature over ±14σ split at 0 and at every
 * breakpoint (`gaussianExpectation`); for the built-ins the result agrees with 40-digit mpmath
 * quadrature to 1e-9 or better (tanh 1.5925374197, sigmoid 1.8462285453, ReLU √2,
 * GELU 1.5335304412, SiLU 1.6765324703, ELU 1.2451983007, SELU 1, softplus 1.0418668355).
 * Throws RangeError when φ is 0 almost everywhere (no finite gain) or not finite on the range.
 */
export function exactGain(
  activation: ActivationName | Activation | ((x: number) => number),
  options: number | ExactGainOptions = {},
): number {
  const o: ExactGainOptions =
    typeof options === 'number' ? { param: options } : check.options<ExactGainOptions>('options', options);
  let f: (x: number) => number;
  let kinks: readonly number[] = [];
  if (typeof activation === 'function') {
    if (o.param !== undefined) {
      throw new TypeError(
        `param applies to a named activation only, got ${check.show(o.param)} with a function`,
      );
    }
    f = activation;
  } else {
    const a = getActivation(activation as ActivationName | Activation, o.param);
    f = (x) => a.value(x);
    kinks = a.kinks ?? [];
  }
  // the length first: a sparse breakpoints array of length 2³² − 1 was mapped hole by hole (a hang)
  const extra = check.listOf('options.breakpoints', o.breakpoints ?? [], check.finite, {
    what: 'an array of numbers',
  });
  const breakpoints = [...kinks, ...extra];
  const secondMoment = gaussianExpectation(
    (x) => {
      const y = f(x);
      return y * y;
    },
    1,
    { breakpoints },
  );
  if (!(secondMoment > 0)) {
    throw new RangeError(
      `E[φ(Z)²] = ${check.show(secondMoment)} for this activation: φ vanishes under N(0, 1), so no finite gain preserves the second moment`,
    );
  }
  return 1 / Math.sqrt(secondMoment);
}
