/**
 * Named initializers, each a one-line use of `varianceScaling`. Names say whose semantics they
 * carry: glorot*, he*, lecun* are Keras 3 / JAX names (normal = truncated at ±2σ and corrected;
 * fans read in the Keras layout unless `layout` says otherwise); kaiming*, xavier* and
 * torchLinearDefault are PyTorch's (normal = untruncated; torch layout; PyTorch's gain rules).
 */
import * as check from '../validate.js';
import { fixedUniform } from './basic.js';
import { type FanOptions, LAYOUTS } from './fans.js';
import { calculateGain, type GainName } from './gains.js';
import type { ElementwiseInitializer, Layout } from './types.js';
import { varianceScaling } from './variance-scaling.js';

/** Options of the Keras/JAX-named presets. */
export interface KerasPresetOptions extends Omit<FanOptions, 'layout'> {
  /** The weight layout the fans are read in (default `'keras'`: (*k, in, out)). */
  layout?: Layout;
}

/**
 * A preset's options: the layout, checked before it is written into a display name, and JAX's axis
 * options (inAxis, outAxis, batchAxis), passed on to varianceScaling, which checks them (an axis
 * left out is passed as undefined, which it reads as absent).
 */
function presetOptions(
  options: unknown,
  fallback: Layout,
): { layout: Layout; axes: Omit<FanOptions, 'layout'> } {
  const o = check.options<KerasPresetOptions>('options', options);
  const layout = check.oneOf('layout', o.layout ?? fallback, LAYOUTS);
  return { layout, axes: { inAxis: o.inAxis, outAxis: o.outAxis, batchAxis: o.batchAxis } };
}

/**
 * Glorot/Xavier uniform, Keras/JAX semantics (Glorot & Bengio 2010, eq. 16): U(±√(6/(fan_in +
 * fan_out))), Var(W) = 2/(fan_in + fan_out) = 1/fan_avg. Keras `GlorotUniform` (the `Dense`
 * default), JAX `glorot_uniform`.
 */
export function glorotUniform(options: KerasPresetOptions = {}): ElementwiseInitializer {
  const { layout, axes } = presetOptions(options, 'keras');
  return varianceScaling({
    ...axes,
    scale: 1,
    mode: 'fanAvg',
    distribution: 'uniform',
    layout,
    name: `glorotUniform (Keras/JAX, ${layout} layout: U(±√(3/fan_avg)), Var = 2/(fan_in + fan_out))`,
  });
}

/**
 * Glorot/Xavier normal, Keras/JAX semantics: N(0, σ²) truncated at ±2σ with
 * σ = √(1/fan_avg)/0.87962566103423978, so Var(W) = 2/(fan_in + fan_out) exactly. Keras
 * `GlorotNormal`, JAX `glorot_normal`. (PyTorch's `xavierNormal` is untruncated.)
 */
export function glorotNormal(options: KerasPresetOptions = {}): ElementwiseInitializer {
  const { layout, axes } = presetOptions(options, 'keras');
  return varianceScaling({
    ...axes,
    scale: 1,
    mode: 'fanAvg',
    distribution: 'truncatedNormal',
    layout,
    name: `glorotNormal (Keras/JAX, ${layout} layout: truncated at ±2σ, corrected; Var = 2/(fan_in + fan_out))`,
  });
}

/**
 * He uniform, Keras/JAX semantics (He et al. 2015, "Delving deep into rectifiers"):
 * U(±√(6/fan_in)), Var(W) = 2/fan_in. Keras `HeUniform`, JAX `he_uniform`.
 */
export function heUniform(options: KerasPresetOptions = {}): ElementwiseInitializer {
  const { layout, axes } = presetOptions(options, 'keras');
  return varianceScaling({
    ...axes,
    scale: 2,
    mode: 'fanIn',
    distribution: 'uniform',
    layout,
    name: `heUniform (Keras/JAX, ${layout} layout: U(±√(6/fan_in)), Var = 2/fan_in)`,
  });
}

/**
 * He normal, Keras/JAX semantics: N(0, σ²) truncated at ±2σ with σ = √(2/fan_in)/0.87962566103423978,
 * Var(W) = 2/fan_in exactly. Keras `HeNormal`, JAX `he_normal`. (PyTorch's `kaimingNormal` is
 * untruncated.)
 */
export function heNormal(options: KerasPresetOptions = {}): ElementwiseInitializer {
  const { layout, axes } = presetOptions(options, 'keras');
  return varianceScaling({
    ...axes,
    scale: 2,
    mode: 'fanIn',
    distribution: 'truncatedNormal',
    layout,
    name: `heNormal (Keras/JAX, ${layout} layout: truncated at ±2σ, corrected; Var = 2/fan_in)`,
  });
}

/**
 * LeCun uniform, Keras/JAX semantics (LeCun et al. 1998, "Efficient BackProp"): U(±√(3/fan_in)),
 * Var(W) = 1/fan_in. Keras `LecunUniform`, JAX `lecun_uniform`.
 */
export function lecunUniform(options: KerasPresetOptions = {}): ElementwiseInitializer {
  const { layout, axes } = presetOptions(options, 'keras');
  return varianceScaling({
    ...axes,
    scale: 1,
    mode: 'fanIn',
    distribution: 'uniform',
    layout,
    name: `lecunUniform (Keras/JAX, ${layout} layout: U(±√(3/fan_in)), Var = 1/fan_in)`,
  });
}

/**
 * LeCun normal, Keras/JAX semantics: truncated at ±2σ and corrected, Var(W) = 1/fan_in, the
 * initialization SELU networks need (Klambauer et al. 2017). Keras `LecunNormal`, JAX `lecun_normal`.
 */
export function lecunNormal(options: KerasPresetOptions = {}): ElementwiseInitializer {
  const { layout, axes } = presetOptions(options, 'keras');
  return varianceScaling({
    ...axes,
    scale: 1,
    mode: 'fanIn',
    distribution: 'truncatedNormal',
    layout,
    name: `lecunNormal (Keras/JAX, ${layout} layout: truncated at ±2σ, corrected; Var = 1/fan_in)`,
  });
}

/** Options of the PyTorch Kaiming initializers. */
export interface KaimingOptions {
  /** Negative slope of the rectifier after this layer, used by leaky_relu (default 0). */
  a?: number;
  /** `'fanIn'` (default: preserves the forward pass) or `'fanOut'` (the backward pass); PyTorch's 'fan_in'/'fan_out' are accepted too. */
  mode?: 'fanIn' | 'fanOut' | 'fan_in' | 'fan_out';
  /** A `calculateGain` name (default `'leaky_relu'`, which with a = 0 gives √2). */
  nonlinearity?: GainName;
  /** The weight layout (default `'torch'`: (out, in, *k)). */
  layout?: Layout;
}

function kaimingParts(options: unknown, kind: string) {
  const o = check.options<KaimingOptions>('options', options);
  const a = check.finite('a', o.a ?? 0);
  const rawMode = o.mode ?? 'fanIn';
  const mode = check.oneOf('mode', rawMode, ['fanIn', 'fanOut', 'fan_in', 'fan_out'] as const);
  const nonlinearity = o.nonlinearity ?? 'leaky_relu';
  const gain = calculateGain(nonlinearity, a);
  const layout = check.oneOf('layout', o.layout ?? 'torch', LAYOUTS);
  const fanMode = mode === 'fanIn' || mode === 'fan_in' ? ('fanIn' as const) : ('fanOut' as const);
  const fanName = fanMode === 'fanIn' ? 'fan_in' : 'fan_out';
  const name = `${kind}(a=${a}, mode=${fanName}, nonlinearity=${nonlinearity}) (PyTorch, ${layout} layout: gain=${gain}, Var = gain²/${fanName}`;
  return { gain, fanMode, layout, name };
}

/**
 * Kaiming uniform, PyTorch semantics (`torch.nn.init.kaiming_uniform_`; He et al. 2015):
 * U(±√3·gain/√fan) with gain = calculateGain(nonlinearity, a) and fan = fan_in or fan_out by
 * `mode`, so Var(W) = gain²/fan (2/fan_in at the defaults a = 0, leaky_relu). Torch layout by default.
 */
export function kaimingUniform(options: KaimingOptions = {}): ElementwiseInitializer {
  const p = kaimingParts(options, 'kaimingUniform');
  return varianceScaling({
    scale: p.gain * p.gain,
    mode: p.fanMode,
    distribution: 'uniform',
    layout: p.layout,
    name: `${p.name}, uniform)`,
  });
}

/**
 * Kaiming normal, PyTorch semantics (`torch.nn.init.kaiming_normal_`; He et al. 2015):
 * N(0, gain²/fan), untruncated, gain = calculateGain(nonlinearity, a), fan by `mode`; Var(W) =
 * gain²/fan. Torch layout by default.
 */
export function kaimingNormal(options: KaimingOptions = {}): ElementwiseInitializer {
  const p = kaimingParts(options, 'kaimingNormal');
  return varianceScaling({
    scale: p.gain * p.gain,
    mode: p.fanMode,
    distribution: 'untruncatedNormal',
    layout: p.layout,
    name: `${p.name}, untruncated normal)`,
  });
}

/** Options of the PyTorch Xavier initializers. */
export interface XavierOptions {
  /** The gain multiplying the standard deviation (default 1); finite and > 0. */
  gain?: number;
  /** The weight layout (default `'torch'`). */
  layout?: Layout;
}

function xavierParts(options: unknown): { gain: number; layout: Layout } {
  const o = check.options<XavierOptions>('options', options);
  return {
    gain: check.positive('gain', o.gain ?? 1),
    layout: check.oneOf('layout', o.layout ?? 'torch', LAYOUTS),
  };
}

/**
 * Xavier uniform, PyTorch semantics (`torch.nn.init.xavier_uniform_`; Glorot & Bengio 2010):
 * U(±gain·√(6/(fan_in + fan_out))), Var(W) = gain²·2/(fan_in + fan_out). Torch layout by default.
 */
export function xavierUniform(options: XavierOptions = {}): ElementwiseInitializer {
  const { gain, layout } = xavierParts(options);
  return varianceScaling({
    scale: gain * gain,
    mode: 'fanAvg',
    distribution: 'uniform',
    layout,
    name: `xavierUniform(gain=${gain}) (PyTorch, ${layout} layout: Var = gain²·2/(fan_in + fan_out), uniform)`,
  });
}

/**
 * Xavier normal, PyTorch semantics (`torch.nn.init.xavier_normal_`): N(0, gain²·2/(fan_in +
 * fan_out)), untruncated. Torch layout by default. (Keras's `glorotNormal` is truncated.)
 */
export function xavierNormal(options: XavierOptions = {}): ElementwiseInitializer {
  const { gain, layout } = xavierParts(options);
  return varianceScaling({
    scale: gain * gain,
    mode: 'fanAvg',
    distribution: 'untruncatedNormal',
    layout,
    name: `xavierNormal(gain=${gain}) (PyTorch, ${layout} layout: Var = gain²·2/(fan_in + fan_out), untruncated normal)`,
  });
}

/**
 * What PyTorch's `nn.Linear` and `nn.ConvNd` do to their weights in `reset_parameters`:
 * kaiming_uniform_(a = √5), i.e. gain² = 2/(1 + 5) = 1/3 and U(±1/√fan_in), Var(W) = 1/(3·fan_in)
 * — a third of what variance preservation needs (the same as Glorot & Bengio's "standard"
 * U(±1/√n)). Torch layout by default. (Their biases are U(±1/√fan_in) too.)
 */
export function torchLinearDefault(options: { layout?: Layout } = {}): ElementwiseInitializer {
  const { layout } = presetOptions(options, 'torch');
  return varianceScaling({
    scale: 1 / 3,
    mode: 'fanIn',
    distribution: 'uniform',
    layout,
    name: `torchLinearDefault (PyTorch nn.Linear/Conv: kaiming_uniform(a=√5) = U(±1/√fan_in), Var = 1/(3·fan_in), ${layout} layout)`,
  });
}

/**
 * What PyTorch's `nn.Linear` and `nn.ConvNd` do to their biases in `reset_parameters`:
 * U(±1/√fan_in) with fan_in the fan of the layer's weight (a bias's own shape has no fans), so
 * Var(b) = 1/(3·fan_in), whatever the bias's shape. `fanIn` must be an integer ≥ 1 (PyTorch uses
 * a bound of 0 for fan_in = 0, i.e. zeros; use `zeros()` for that).
 */
export function torchBiasDefault(fanIn: number): ElementwiseInitializer {
  const n = check.integer('fanIn', fanIn, 1);
  const bound = 1 / Math.sqrt(n);
  return fixedUniform(
    -bound,
    bound,
    `torchBiasDefault(fan_in=${n}) (PyTorch nn.Linear/Conv bias: U(±1/√fan_in), Var = 1/(3·fan_in))`,
  );
}
