import * as check from '../validate.js';
import {
  type ActivationLike,
  activationSecondMoment,
  derivativeSecondMoment,
  homogeneousMoments,
  resolveActivation,
} from './activation-moments.js';

/** Options shared by the depth laws. */
export interface DepthOptions {
  /** The nonlinearity after every layer; default `'relu'`. */
  activation?: ActivationLike;
  /** Var(b) of the bias of every unit (0 = no bias, the default). */
  biasVariance?: number;
  /** E[x₀²], the mean square of the network's input (default 1); matters only for non-homogeneous φ or with a bias. */
  inputSecondMoment?: number;
}

/** Per-layer second moments of a deep network, as predicted by the length map. */
export interface SecondMomentProfile {
  /** q_l = E[z_l²] for layers l = 1…L (pre-activations). */
  readonly preActivation: Float64Array;
  /** E[x_l²] for l = 0…L (x₀ is the input, x_l = φ(z_l)). */
  readonly activation: Float64Array;
  /** E[g_l²]/E[g_L²] for l = 0…L, where g_l = ∂loss/∂x_l (backpropagated gradients; g_L is the reference). */
  readonly gradient: Float64Array;
  /** True when the profile is exact in expectation at every width (positively homogeneous φ: He et al. 2015). */
  readonly exactAtFiniteWidth: boolean;
}

function readDepthOptions(options: unknown) {
  const o = check.options<DepthOptions>('options', options);
  const act = resolveActivation('activation', o.activation ?? 'relu');
  const biasVariance = check.nonNegative('biasVariance', o.biasVariance ?? 0);
  const input = check.nonNegative('inputSecondMoment', o.inputSecondMoment ?? 1);
  return { act, biasVariance, input };
}

/**
 * Second moments of pre-activations, activations and backpropagated gradients through `depth`
 * layers z_l = W_l·x_{l−1} + b_l, x_l = φ(z_l), with i.i.d. zero-mean weights of variance c/n
 * (c = `weightScale` = n·Var(W), n = fan-in, all widths equal):
 *
 *   q_l = c·E[x_{l−1}²] + σb²,   E[x_l²] = E[φ(√q_l·Z)²],   E[g_{l−1}²] = c·E[φ'(√q_l·Z)²]·E[g_l²].
 *
 * For positively homogeneous φ (ReLU, leaky ReLU, linear) this uses E[φ(z)²] = E[φ(Z)²]·E[z²],
 * which holds for any symmetric pre-activation, so the forward profile is exact in expectation at
 * any width (He et al. 2015, eqs. 8–10 and 13–14; symmetric weights independent of the input).
 * Otherwise it is the mean-field length map of Poole et al. (2016), exact for Gaussian
 * pre-activations, i.e. in the infinite-width limit. The gradient recursion assumes, as He et al.
 * and Schoenholz et al. (2017) do, that backpropagated gradients are independent of the forward
 * pass's weights and pre-activations.
 */
export function secondMomentProfile(
  weightScale: number,
  depth: number,
  options: DepthOptions = {},
): SecondMomentProfile {
  const c = check.nonNegative('weightScale', weightScale);
  const L = check.integer('depth', depth, 0, 100_000);
  const { act, biasVariance, input } = readDepthOptions(options);
  const hom = homogeneousMoments(act);
  const preActivation = new Float64Array(L);
  const activation = new Float64Array(L + 1);
  const backFactor = new Float64Array(L);
  activation[0] = input;
  for (let l = 1; l <= L; l++) {
    const q = c * activation[l - 1] + biasVariance;
    if (!Number.isFinite(q)) {
      throw new RangeError(
        `the second moment overflows at layer ${l} (weightScale=${c}, depth=${L}); use depthGain for the ratio`,
      );
    }
    preActivation[l - 1] = q;
    activation[l] = hom ? hom.forward * q : activationSecondMoment(act, q);
    backFactor[l - 1] = c * (hom ? hom.backward : derivativeSecondMoment(act, q));
  }
  const gradient = new Float64Array(L + 1);
  gradient[L] = 1;
  for (let l = L; l >= 1; l--) gradient[l - 1] = backFactor[l - 1] * gradient[l];
  return { preActivation, activation, gradient, exactAtFiniteWidth: hom !== null };
}

/**
 * The depth gain E[x_L²]/E[x₀²] of a plain network of `depth` layers with Var(W) = c/n
 * (c = `weightScale`, n = fan-in):
 *
 *   ReLU, no bias:                     (c/2)^L   — vanishing for c < 2, exploding for c > 2
 *                                                  (He et al. 2015, eq. 10; c = 2 is He init);
 *   positively homogeneous φ, no bias: (c·E[φ(Z)²])^L, e.g. leaky ReLU (c(1 + a²)/2)^L, linear c^L
 *                                      (Glorot & Bengio 2010: U(±1/√n) has c = 1/3, so (1/3)^L);
 *   any other φ or with a bias:        the length map iterated from E[x₀²] (Poole et al. 2016),
 *                                      infinite-width (Gaussian pre-activation) assumption.
 *
 * Assumptions: i.i.d. zero-mean symmetric weights independent of the input, equal widths; the
 * homogeneous forms are exact in expectation at every width. Computed in closed form when it
 * applies, so (c/2)^L does not overflow through intermediate second moments.
 */
export function depthGain(weightScale: number, depth: number, options: DepthOptions = {}): number {
  const c = check.nonNegative('weightScale', weightScale);
  const L = check.integer('depth', depth, 0, 100_000);
  const { act, biasVariance, input } = readDepthOptions(options);
  const hom = homogeneousMoments(act);
  if (hom && biasVariance === 0) return (c * hom.forward) ** L;
  if (!(input > 0)) throw new RangeError(`inputSecondMoment must be > 0 for a gain, got ${input}`);
  const p = secondMomentProfile(c, L, options);
  return p.activation[L] / input;
}

/**
 * The gradient gain E[g₀²]/E[g_L²] of backpropagation through `depth` equal-width layers with
 * Var(W) = c/n, g_l = ∂loss/∂x_l:
 *
 *   positively homogeneous φ: (c·E[φ'(Z)²])^L — for ReLU (c/2)^L, the same law as the forward pass
 *   (He et al. 2015, eq. 14 with fan-out = fan-in);
 *   other φ: ∏_l c·E[φ'(√q_l·Z)²] along the forward length-map profile — the product of the
 *   layers' χ (Schoenholz et al. 2017, §3; at a fixed point, χ₁^L).
 *
 * Assumes gradients independent of the forward weights (He et al.; Schoenholz et al.).
 */
export function gradientGain(weightScale: number, depth: number, options: DepthOptions = {}): number {
  const c = check.nonNegative('weightScale', weightScale);
  const L = check.integer('depth', depth, 0, 100_000);
  const hom = homogeneousMoments(readDepthOptions(options).act);
  if (hom) return (c * hom.backward) ** L;
  return secondMomentProfile(c, L, options).gradient[0];
}

/** Which fan a variance-scaling initializer divides by. */
export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';

const FAN_MODES = ['fanIn', 'fanOut', 'fanAvg', 'fan_in', 'fan_out', 'fan_avg'] as const;

/** Forward and backward second-moment ratios of a network with non-uniform widths. */
export interface TelescopingRatios {
  /** E[x_L²]/E[x₀²]: mean square of the last activations over the input's. */
  readonly forward: number;
  /** E[g₀²]/E[g_L²]: mean square of the input gradient over the output gradient's. */
  readonly backward: number;
  /** Per-layer forward factors n_{l−1}·Var(W_l)·E[φ(Z)²], l = 1…L. */
  readonly forwardPerLayer: Float64Array;
  /** Per-layer backward factors n_l·Var(W_l)·E[φ'(Z)²], l = 1…L. */
  readonly backwardPerLayer: Float64Array;
}

/**
 * Second-moment ratios through layers of widths n₀ (input), n₁, …, n_L, weight l of shape
 * (n_l, n_{l−1}) drawn with Var(W_l) = s/fan_l, fan_l = n_{l−1} (`fanIn`), n_l (`fanOut`) or
 * (n_{l−1} + n_l)/2 (`fanAvg`), and a positively homogeneous φ after every layer:
 *
 *   forward  = ∏_l n_{l−1}·Var(W_l)·E[φ(Z)²],    backward = ∏_l n_l·Var(W_l)·E[φ'(Z)²].
 *
 * With the exact gain s = 1/E[φ(Z)²] (the default; 2 for ReLU), fan-in init preserves the
 * forward pass exactly and scales the backward pass by the telescoping product
 * ∏ n_l/n_{l−1} = n_L/n₀; fan-out init does the opposite (forward n₀/n_L, backward 1). Neither
 * grows exponentially with depth — only with the ratio of first to last width (He et al. 2015,
 * §2.2, "Backward propagation case"); Glorot & Bengio (2010) compromise with fan-avg, whose
 * factors 2n_{l−1}/(n_{l−1} + n_l) do not telescope.
 *
 * Assumptions: zero-mean symmetric i.i.d. weights, no bias, gradients independent of the forward
 * pass (He et al.), φ positively homogeneous (RangeError otherwise: for other φ the ratio depends
 * on the input's scale; see `secondMomentProfile`).
 */
export function telescopingRatios(
  widths: readonly number[],
  options: {
    mode?: FanMode | 'fan_in' | 'fan_out' | 'fan_avg';
    scale?: number;
    activation?: ActivationLike;
  } = {},
): TelescopingRatios {
  if (!Array.isArray(widths)) {
    throw new TypeError(`widths must be an array of layer widths [n₀, n₁, …], got ${check.show(widths)}`);
  }
  if (widths.length < 2) {
    throw new RangeError(`widths must list at least an input and an output width, got ${check.show(widths)}`);
  }
  // a plain loop with a bounded length: a sparse new Array(2 ** 32 - 1) fails at its first hole
  const n = check.listOf('widths', widths, (name, w) => check.integer(name, w, 1));
  const o = check.options<{ mode: string; scale: number; activation: ActivationLike }>('options', options);
  const raw = check.oneOf('mode', o.mode ?? 'fanIn', FAN_MODES);
  const mode = raw.replace(/_(\w)/, (_, ch: string) => ch.toUpperCase()) as FanMode;
  const act = resolveActivation('activation', o.activation ?? 'relu');
  const hom = homogeneousMoments(act);
  if (!hom) {
    throw new RangeError(
      `activation ${check.show(act.name)} is not positively homogeneous: its second-moment ratios depend on the input's scale; use secondMomentProfile`,
    );
  }
  if (!(hom.forward > 0)) throw new RangeError(`activation ${check.show(act.name)} is identically zero`);
  const s = check.positive('scale', o.scale ?? 1 / hom.forward);
  const L = n.length - 1;
  const forwardPerLayer = new Float64Array(L);
  const backwardPerLayer = new Float64Array(L);
  let forward = 1;
  let backward = 1;
  for (let l = 1; l <= L; l++) {
    const fanIn = n[l - 1];
    const fanOut = n[l];
    const fan = mode === 'fanIn' ? fanIn : mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
    const v = s / fan;
    forwardPerLayer[l - 1] = fanIn * v * hom.forward;
    backwardPerLayer[l - 1] = fanOut * v * hom.backward;
    forward *= forwardPerLayer[l - 1];
    backward *= backwardPerLayer[l - 1];
  }
  return { forward, backward, forwardPerLayer, backwardPerLayer };
}
