import erf from '@stdlib/math-base-special-erf';
import type { FloatArray } from '../random/rng.js';
import * as check from '../validate.js';

/**
 * An elementwise nonlinearity φ with its derivative φ', scalar and vectorised.
 * Built-ins follow PyTorch's definitions (including φ'(0) = 0 for ReLU, the subgradient autograd
 * uses); user-supplied activations come from `defineActivation`.
 */
export interface Activation {
  /** Name with parameters, e.g. `leakyRelu(0.2)`. */
  readonly name: string;
  /** φ(x). */
  value(x: number): number;
  /** φ'(x). */
  derivative(x: number): number;
  /** out[i] = φ(input[i]); `out` may be `input`. Returns `out`. */
  apply<T extends FloatArray>(input: FloatArray, out: T): T;
  /** out[i] = φ'(input[i]); `out` may be `input`. Returns `out`. */
  applyDerivative<T extends FloatArray>(input: FloatArray, out: T): T;
  /** Points where φ or φ' is not smooth (for quadrature); e.g. [0] for ReLU. */
  readonly kinks: readonly number[];
}

/**
 * Build an Activation from scalar φ and φ'. The vectorised forms loop over typed arrays without
 * allocating. `kinks` lists points of non-smoothness (used to split quadrature).
 *
 * NaN policy. The scalar `value(x)` and `derivative(x)` check their argument: a non-number is a
 * TypeError and NaN a RangeError naming x (±Infinity is accepted: every built-in returns its limit
 * there, e.g. gelu(−∞) = 0, gelu'(+∞) = 1). The array forms `apply(input, out)` and
 * `applyDerivative(input, out)` check the arrays (type and length) but not their elements: they
 * are the inner loop of every forward and backward pass, so they follow IEEE arithmetic — a NaN in
 * `input` gives a NaN in `out` at the same index, never elsewhere. Callers that take data from
 * outside (the network's forward pass, `assertFinite`) reject non-finite input before it gets here.
 */
export function defineActivation(spec: {
  name: string;
  value: (x: number) => number;
  derivative: (x: number) => number;
  kinks?: readonly number[];
}): Activation {
  const s = check.options<{ name: string; value: (x: number) => number; derivative: (x: number) => number }>(
    'spec',
    spec,
  );
  if (typeof s.name !== 'string' || s.name === '')
    throw new TypeError(`spec.name must be a non-empty string, got ${check.show(s.name)}`);
  const value = check.func('spec.value', s.value) as (x: number) => number;
  const derivative = check.func('spec.derivative', s.derivative) as (x: number) => number;
  // a plain loop with a bounded length: a sparse new Array(2 ** 32 - 1) fails at its first hole
  const kinks = check.listOf('spec.kinks', spec.kinks ?? [], check.finite, { what: 'an array of numbers' });
  return Object.freeze({
    name: s.name,
    value: (x: number) => value(scalar(x)),
    derivative: (x: number) => derivative(scalar(x)),
    kinks: Object.freeze(kinks),
    apply<T extends FloatArray>(input: FloatArray, out: T): T {
      checkPair(input, out);
      for (let i = 0; i < input.length; i++) out[i] = value(input[i]);
      return out;
    },
    applyDerivative<T extends FloatArray>(input: FloatArray, out: T): T {
      checkPair(input, out);
      for (let i = 0; i < input.length; i++) out[i] = derivative(input[i]);
      return out;
    },
  });
}

/** The argument check of the scalar forms: x must be a number other than NaN (±Infinity is fine). */
function scalar(x: unknown): number {
  if (typeof x !== 'number') throw new TypeError(`x must be a number, got ${check.show(x)}`);
  if (Number.isNaN(x)) throw new RangeError('x must not be NaN');
  return x;
}

function checkPair(input: FloatArray, out: FloatArray): void {
  check.floatArray('input', input);
  check.floatArray('out', out);
  if (out.length !== input.length) {
    throw new RangeError(`out must have the input's length ${input.length}, got ${out.length}`);
  }
}

/**
 * Logistic sigmoid σ(x) = 1/(1 + e⁻ˣ), evaluated without overflow for either sign
 * (e^x/(1 + e^x) for x < 0); σ(−∞) = 0, σ(+∞) = 1. A non-number x is a TypeError, NaN a RangeError.
 */
export function sigmoidValue(x: number): number {
  return sigmoidRaw(scalar(x));
}

/** σ(x) without the argument check (the inner loops of sigmoid, silu and softplus). */
function sigmoidRaw(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;

/** SELU constants λ and α (Klambauer et al. 2017, "Self-Normalizing Neural Networks"). */
export const SELU_LAMBDA = 1.0507009873554805;
export const SELU_ALPHA = 1.6732632423543772;

/** Identity: φ(x) = x. */
export const linear = defineActivation({ name: 'linear', value: (x) => x, derivative: () => 1 });

/** ReLU max(0, x) (Nair & Hinton 2010); φ'(0) = 0 as in PyTorch autograd. */
export const relu: Activation = {
  ...defineActivation({
    name: 'relu',
    value: (x) => Math.max(x, 0),
    derivative: (x) => (x > 0 ? 1 : 0),
    kinks: [0],
  }),
  // The hot path of every ReLU network, without a branch on the sign: a pre-activation's signs are
  // random, and a mispredicted branch per element made this loop 4× slower (0.84 vs 0.22 ms per
  // 256×512 batch, measured). v·[v > 0] + 0 is max(v, 0) for every finite v and +∞ (the + 0 turns
  // the −0 of a negative v or of −0 into +0, as Math.max(−0, 0) = +0) and NaN for NaN and −∞; the
  // test for −∞ (predictable: almost never true) repairs −∞ ↦ 0.
  apply<T extends FloatArray>(input: FloatArray, out: T): T {
    checkPair(input, out);
    for (let i = 0; i < input.length; i++) {
      const v = input[i];
      const r = v * +(v > 0) + 0;
      out[i] = v === -Infinity ? 0 : r;
    }
    return out;
  },
  // [v > 0] without a branch, for the same reason (NaN > 0 is false: 0, as the scalar form)
  applyDerivative<T extends FloatArray>(input: FloatArray, out: T): T {
    checkPair(input, out);
    for (let i = 0; i < input.length; i++) out[i] = +(input[i] > 0);
    return out;
  },
};

/**
 * Leaky ReLU with negative slope a (Maas et al. 2013): x for x > 0, a·x otherwise; φ'(x) = 1 or a.
 * PyTorch's default slope is 0.01.
 */
export function leakyRelu(a = 0.01): Activation {
  const slope = check.finite('a', a);
  return defineActivation({
    name: `leakyRelu(${slope})`,
    // slope 0 at x = −∞ would be 0·(−∞) = NaN: that branch gives 0·x's sign of zero without multiplying
    value: slope === 0 ? (x) => (x > 0 ? x : x < 0 ? -0 : x * 0) : (x) => (x > 0 ? x : slope * x),
    derivative: (x) => (x > 0 ? 1 : slope),
    kinks: [0],
  });
}

/** tanh, φ' = 1 − tanh². */
export const tanh = defineActivation({
  name: 'tanh',
  value: Math.tanh,
  derivative: (x) => {
    const t = Math.tanh(x);
    return 1 - t * t;
  },
});

/** Logistic sigmoid σ(x), σ' = σ(1 − σ) ≤ 1/4 with equality only at 0. */
export const sigmoid = defineActivation({
  name: 'sigmoid',
  value: sigmoidRaw,
  derivative: (x) => {
    const s = sigmoidRaw(x);
    return s * (1 - s);
  },
});

/** SELU λ·(x for x > 0, α(eˣ − 1) otherwise) (Klambauer et al. 2017). */
export const selu = defineActivation({
  name: 'selu',
  value: (x) => SELU_LAMBDA * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
  derivative: (x) => SELU_LAMBDA * (x > 0 ? 1 : SELU_ALPHA * Math.exp(x)),
  kinks: [0],
});

/** ELU with parameter α (Clevert et al. 2016): x for x > 0, α(eˣ − 1) otherwise. */
export function elu(alpha = 1): Activation {
  const a = check.finite('alpha', alpha);
  return defineActivation({
    name: a === 1 ? 'elu' : `elu(${a})`,
    value: (x) => (x > 0 ? x : a * Math.expm1(x)),
    derivative: (x) => (x > 0 ? 1 : a * Math.exp(x)),
    kinks: [0],
  });
}

/**
 * GELU in its exact erf form x·Φ(x) (Hendrycks & Gimpel 2016); φ' = Φ(x) + x·φ(x).
 * Limits: φ(−∞) = 0, φ(+∞) = +∞, φ'(−∞) = 0, φ'(+∞) = 1. Beyond |x| = 40, Φ(x) is exactly 0 or 1
 * and x·φ(x) exactly ±0 in double precision, so the formula's values there are returned directly
 * (this also avoids (−∞)·0 = NaN at the infinities).
 */
export const gelu = defineActivation({
  name: 'gelu',
  value: (x) => (x < -40 ? -0 : 0.5 * x * (1 + erf(x * SQRT1_2))),
  derivative: (x) =>
    x < -40 ? 0 : x > 40 ? 1 : 0.5 * (1 + erf(x * SQRT1_2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x),
});

/**
 * SiLU/swish x·σ(x) (Elfwing et al. 2018; Ramachandran et al. 2017); φ' = σ(x)(1 + x(1 − σ(x))).
 * Limits: φ(−∞) = 0, φ(+∞) = +∞, φ'(−∞) = 0, φ'(+∞) = 1. Below x = −746, σ(x) = e^x underflows to
 * 0, and above x = 40, σ(x) rounds to 1, so the formula's values there (−0; 1) are returned
 * directly (this also avoids (±∞)·0 = NaN at the infinities).
 */
export const silu = defineActivation({
  name: 'silu',
  value: (x) => (x < -746 ? -0 : x * sigmoidRaw(x)),
  derivative: (x) => {
    if (x < -746) return -0;
    if (x > 40) return 1;
    const s = sigmoidRaw(x);
    return s * (1 + x * (1 - s));
  },
});

/** Softplus log(1 + eˣ), computed without overflow; φ' = σ(x). */
export const softplus = defineActivation({
  name: 'softplus',
  value: (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))),
  derivative: sigmoidRaw,
});

/** Names accepted by `getActivation` (camelCase, plus PyTorch's snake_case alias for leaky ReLU). */
export const ACTIVATION_NAMES = [
  'linear',
  'relu',
  'leakyRelu',
  'leaky_relu',
  'tanh',
  'sigmoid',
  'selu',
  'elu',
  'gelu',
  'silu',
  'softplus',
] as const;
export type ActivationName = (typeof ACTIVATION_NAMES)[number];

/** The built-in activations as one record (leakyRelu and elu at their default parameters). */
export const activations = Object.freeze({
  linear,
  relu,
  leakyRelu: leakyRelu(),
  tanh,
  sigmoid,
  selu,
  elu: elu(),
  gelu,
  silu,
  softplus,
});

/**
 * Resolve an activation: an Activation object is returned as is; a name gives the built-in, with
 * `param` the slope of leakyRelu or the α of elu. Unknown names throw a RangeError listing the
 * known ones.
 */
export function getActivation(nameOrActivation: ActivationName | Activation, param?: number): Activation {
  if (typeof nameOrActivation === 'object' && nameOrActivation !== null) {
    const a = nameOrActivation as Activation;
    if (
      typeof a.value !== 'function' ||
      typeof a.derivative !== 'function' ||
      typeof a.apply !== 'function'
    ) {
      throw new TypeError(
        `activation must be a name or an Activation (see defineActivation), got ${check.show(a)}`,
      );
    }
    return a;
  }
  const name = check.oneOf('activation', nameOrActivation, ACTIVATION_NAMES);
  if (param !== undefined && name !== 'leakyRelu' && name !== 'leaky_relu' && name !== 'elu') {
    throw new TypeError(`activation ${check.show(name)} takes no parameter, got ${check.show(param)}`);
  }
  switch (name) {
    case 'leakyRelu':
    case 'leaky_relu':
      return leakyRelu(param ?? 0.01);
    case 'elu':
      return elu(param ?? 1);
    default:
      return activations[name];
  }
}
