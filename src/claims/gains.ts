import fc from 'fast-check';
import { calculateGain, exactGain, type GainName } from '../init/gains.js';
import { type ActivationName, getActivation } from '../nn/activations.js';
import { estimateMean, zTwoSided } from '../stats/estimate.js';
import { gaussianExpectation } from '../stats/quadrature.js';
import { activationSecondMoment } from '../theory/activation-moments.js';
import { chi1, fixedPoint, lengthMap } from '../theory/mean-field.js';
import { seluJacobian } from '../theory/selu.js';
import {
  finiteWidthAllowance,
  replicatesWithAllowance,
  testWithAllowance,
  twoStageReplicates,
} from './allowance.js';
import { evidenceFrom } from './evidence.js';
import { netSimulator } from './replicate-nets.js';
import type { CheckContext, Claim } from './types.js';

/**
 * Claim family 12, gains (Poole et al. 2016; Klambauer et al. 2017; PyTorch's calculate_gain).
 * A gain g sets Var(W) = g²/fan_in; the length map q ↦ g²·E[φ(√q·Z)²] says where the
 * pre-activation variance q = E[z²] of a deep network goes. The exact gain g = 1/√E[φ(Z)²] makes
 * q = 1 a fixed point for every φ; PyTorch's empirical gains for tanh (5/3) and SELU (3/4) do not.
 */

/**
 * Activations whose exact-gain fixed point q* = 1 attracts (L'(1) < 1, see `fixedPointSlope`) and
 * whose length map is curved, so that simulation tests more than He et al.'s exact law: these are
 * simulated. ReLU, leaky ReLU and linear (neutral: every q is fixed, exact at every width; the
 * depth claims simulate them) and GELU, SiLU (repelling: see `exactGainStabilityRefuted`) are
 * checked in theory only.
 */
export const SIMULATED_GAIN_ACTIVATIONS = [
  'tanh',
  'sigmoid',
  'selu',
  'elu',
  'softplus',
] as const satisfies readonly ActivationName[];

/** Every built-in activation (without the snake_case alias), for the theory half of the gain claim. */
const ALL_ACTIVATIONS: readonly ActivationName[] = [
  'linear',
  'relu',
  'leakyRelu',
  'tanh',
  'sigmoid',
  'selu',
  'elu',
  'gelu',
  'silu',
  'softplus',
];

/** L(1) = g²·E[φ(Z)²] with g the exact gain, for every built-in activation (computed once). */
const EXACT_GAIN_IMAGES: readonly { activation: ActivationName; image: number; slope: number }[] =
  ALL_ACTIVATIONS.map((a) => {
    const g = exactGainOf(a);
    return { activation: a, image: lengthMap(a, g * g, 0, 1), slope: fixedPointSlope(a, g * g) };
  });

/**
 * A deep network z_l = W_l·φ(z_{l−1}) of equal widths, Gaussian weights; the first layer has
 * Var(W) = 1/n (untruncated LeCun normal) on N(0, 1) inputs, so q₁ = 1, the later ones g²/n.
 */
export interface GainParams {
  activation: ActivationName;
  width: number;
  depth: number;
}

/**
 * SELU with LeCun normal weights — untruncated N(0, 1/n), as in Klambauer et al. (Keras'
 * lecun_normal truncates, with the same variance) — on inputs of mean `inputMean` and sd `inputSd`.
 */
export interface SeluParams {
  width: number;
  depth: number;
  inputMean: number;
  inputSd: number;
}

/** Perturbing the unit fixed point of the exact gain: q₁ = 1 + eps, then `depth` − 1 layers of the map. */
export interface StabilityParams {
  activation: ActivationName;
  /** ε in hundredths: q₁ = 1 + epsPercent/100. */
  epsPercent: number;
  depth: number;
}

/**
 * Rows of every replicate's input batch (averaged into one observation per network): 16 when φ's
 * output is nearly centred, so that rows decorrelate and averaging them removes the unit-level
 * noise cheaply; 4 when E[φ(Z)]² > E[φ(Z)²]/10 (sigmoid, softplus), whose common mean makes
 * the rows of one network move together, so more rows would cost without helping.
 */
function rowsFor(activation: ActivationName): number {
  const act = getActivation(activation);
  const m = gaussianExpectation((x) => act.value(x), 1, { breakpoints: act.kinks });
  return m * m > activationSecondMoment(act, 1) / 10 ? 4 : 16;
}
/** Rows of the SELU claim's batches (SELU outputs are centred at the fixed point). */
const SELU_ROWS = 16;
/** Relative error of E[z_L²] resolved (full run / --quick). */
const GAIN_REL_TOL = { full: 0.1, quick: 0.2 };

/**
 * Relative finite-width bias of E[z_L²] per unit of L/n, measured with `netSimulator` at n = 32
 * and 64, L = 8 (10⁴–10⁵ networks each; the bias scaled like L/n), times a margin of about 1.5–2.
 * Measured: tanh (exact gain) 0.057, tanh (5/3) 0.034, sigmoid (exact) 0.011, sigmoid (gain 1)
 * 0.001, SELU (exact = LeCun) 0.139, SELU (3/4) 0.172, ELU 0.231, softplus 0.023; positively
 * homogeneous φ have none (He et al.'s law is exact at every width).
 */
const BIAS_PER_LAYER: Partial<Record<ActivationName, number>> = {
  tanh: 0.1,
  sigmoid: 0.05,
  selu: 0.3,
  elu: 0.4,
  softplus: 0.05,
};

/** The exact variance-preserving gain of an activation (1/√E[φ(Z)²]). */
export function exactGainOf(activation: ActivationName): number {
  return exactGain(getActivation(activation));
}

/** PyTorch's calculate_gain for the activations it knows (tanh 5/3, SELU 3/4, sigmoid 1, ReLU √2 …). */
export function torchGainOf(activation: 'tanh' | 'selu' | 'sigmoid'): number {
  return calculateGain(activation as GainName);
}

/**
 * The mean-field profile of a network whose layer l has Var(W_l) = c_l/n (c₁ = `scales[0]` on an
 * input with E[x₀²] = `inputSecondMoment`): q_1 = c₁·E[x₀²], q_{l+1} = c_{l+1}·E[φ(√q_l·Z)²], with
 * the delta-method variance of one network's q̂_l = c_l·‖φ(z_{l−1})‖²/n (given layer l − 1 the units
 * of layer l are i.i.d. N(0, q̂_l) for Gaussian weights, so q̂ is a Markov chain):
 * v_{l+1} = c²·(E[φ⁴] − E[φ²]²)/n + (c·dE[φ²]/dq)²·v_l. Returns q_L and the squared coefficient of
 * variation of one network's mean of z_L² over `rows` rows and n units, bounded by v_L/q_L² + 2/n
 * (rows fully correlated) — used to plan replicates.
 */
export function meanFieldProfile(
  activation: ActivationName,
  scales: readonly number[],
  width: number,
  inputSecondMoment = 1,
): { q: number[]; cv2: number } {
  const act = getActivation(activation);
  const m2 = (q: number) => activationSecondMoment(act, q);
  const m4 = (q: number) => gaussianExpectation((x) => act.value(x) ** 4, q, { breakpoints: act.kinks });
  const q: number[] = [scales[0] * inputSecondMoment];
  let v = (scales[0] * scales[0] * 2 * inputSecondMoment * inputSecondMoment) / width;
  for (let l = 1; l < scales.length; l++) {
    const c = scales[l];
    const ql = q[l - 1];
    const h = Math.max(1e-6, 1e-4 * ql);
    const slope = (m2(ql + h) - m2(Math.max(0, ql - h))) / (ql + h - Math.max(0, ql - h));
    const s2 = m2(ql);
    v = (c * c * (m4(ql) - s2 * s2)) / width + c * c * slope * slope * v;
    q.push(c * s2);
  }
  const qL = q[q.length - 1];
  return { q, cv2: v / (qL * qL) + 2 / width };
}

/** Iterate the length map from q₁: the mean-field E[z_l²], l = 1…L. */
export function lengthProfile(activation: ActivationName, scales: readonly number[], q1: number): number[] {
  const act = getActivation(activation);
  const q = [q1];
  for (let l = 1; l < scales.length; l++) q.push(lengthMap(act, scales[l], 0, q[l - 1]));
  return q;
}

/** L'(q) = g²·dE[φ(√q·Z)²]/dq at q: below 1 the fixed point attracts, above 1 it repels. */
export function fixedPointSlope(activation: ActivationName, weightVariance: number, q = 1): number {
  const act = getActivation(activation);
  const h = 1e-4 * q;
  return (lengthMap(act, weightVariance, 0, q + h) - lengthMap(act, weightVariance, 0, q - h)) / (2 * h);
}

/**
 * Simulate independent networks (LeCun first layer, then Var(W) = c/n) and test the mean over
 * networks of E[z_L²] (each network's mean over rows and units) against `predicted`, allowing the
 * calibrated finite-width bias (`BIAS_PER_LAYER`·L/n, 0 for homogeneous φ).
 */
function checkDepthSecondMoment(
  title: string,
  p: GainParams,
  weightVariance: number,
  predicted: number,
  ctx: CheckContext,
  note: string,
) {
  const relTol = ctx.size === 'quick' ? GAIN_REL_TOL.quick : GAIN_REL_TOL.full;
  const scales = [1, ...new Array<number>(p.depth - 1).fill(weightVariance)];
  const allowance = finiteWidthAllowance(p.activation, p.depth, p.width, BIAS_PER_LAYER[p.activation] ?? 0.4);
  const rows = rowsFor(p.activation);
  const sim = netSimulator({
    widths: new Array<number>(p.depth + 1).fill(p.width),
    activation: p.activation,
    weightScale: scales,
    rows,
  });
  const draw = () => {
    const rec = sim.run(ctx.rng);
    let s = 0;
    for (const x of rec.preNorms[p.depth - 1]) s += x;
    return s / (rows * p.width);
  };
  const plan = (cv: number) =>
    replicatesWithAllowance({ relTol, alpha: ctx.alpha, power: ctx.power, cv, allowance });
  const { values: v, pilotCv } = twoStageReplicates(draw, plan);
  const N = v.length;
  const r = testWithAllowance(estimateMean(v), predicted, {
    alpha: ctx.alpha,
    beta: 1 - ctx.power,
    relTol,
    allowance,
  });
  return {
    ...evidenceFrom(title, 'E[z_L²] (mean over networks)', r, { ...p, networks: N }),
    note: `${note} Finite-width allowance ${(100 * allowance).toPrecision(2)}% (calibrated bias of the mean-field prediction); replicates planned from a pilot cv of ${pilotCv.toPrecision(3)} (delta-method bound ${Math.sqrt(meanFieldProfile(p.activation, scales, p.width).cv2).toPrecision(3)}).`,
  };
}

const gainParams = (names: readonly ActivationName[]) =>
  fc.record({
    activation: fc.constantFrom(...names),
    width: fc.integer({ min: 64, max: 96 }),
    depth: fc.integer({ min: 2, max: 4 }),
  });

const exactLaw = (p: GainParams) => {
  const g = exactGainOf(p.activation);
  return lengthProfile(p.activation, [1, ...new Array<number>(p.depth - 1).fill(g * g)], 1)[p.depth - 1];
};

/** Claim 12a: the exact gain puts the fixed point at 1 for every activation. */
export const exactGainFixedPoint: Claim<GainParams> = {
  id: 'exact-gain-fixed-point',
  title:
    'the exact gain 1/√E[φ(Z)²] makes q* = 1 a fixed point of the length map, and deep networks stay at E[z²] = 1',
  statement:
    'With Var(W) = g²/n and g = 1/√E[φ(Z)²] (tanh 1.5925, sigmoid 1.8462, SELU 1, ELU 1.2452, softplus 1.0419, ' +
    'ReLU √2), the length map sends q = 1 to g²·E[φ(Z)²] = 1 for every φ (checked by quadrature for all ten ' +
    'built-ins): a network whose first layer has unit-variance pre-activations keeps E[z_l²] = 1 at every ' +
    'depth (simulated for tanh, sigmoid, SELU, ELU, softplus; ReLU-like φ are exact at any width). For GELU ' +
    'and SiLU the fixed point exists but repels; see the stability refutation.',
  source:
    'Poole et al. 2016 (length map); PyTorch calculate_gain and ANCHORS (exact gains); He et al. 2015 (ReLU)',
  kind: 'law',
  family: 'gains',
  parameters: gainParams(SIMULATED_GAIN_ACTIVATIONS),
  representative: { activation: 'tanh', width: 96, depth: 4 },
  check(p, ctx) {
    const g = exactGainOf(p.activation);
    const bad = EXACT_GAIN_IMAGES.filter((e) => !(Math.abs(e.image - 1) <= 1e-9));
    if (bad.length > 0) {
      return {
        claim: this.title,
        quantity: 'L(1) = g²·E[φ(Z)²] for every activation',
        measured: bad[0].image,
        predicted: 1,
        interval: [1 - 1e-9, 1 + 1e-9],
        alpha: 0,
        samples: ALL_ACTIVATIONS.length,
        pass: false,
        decision: 'fail',
        params: { ...p },
        note: `the exact gain does not map q = 1 to itself for ${bad.map((e) => e.activation).join(', ')} (quadrature)`,
      };
    }
    const slope = fixedPointSlope(p.activation, g * g);
    return checkDepthSecondMoment(
      this.title,
      p,
      g * g,
      this.predict(p),
      ctx,
      `Theory: L(1) = 1 to 1e-9 for all ${ALL_ACTIVATIONS.length} built-in activations; here g = ${g.toPrecision(7)}, L'(1) = ${slope.toPrecision(4)} (attracting).`,
    );
  },
  predict: exactLaw,
};

const torchLaw = (p: GainParams) => {
  const g = torchGainOf(p.activation as 'tanh' | 'selu' | 'sigmoid');
  return lengthProfile(p.activation, [1, ...new Array<number>(p.depth - 1).fill(g * g)], 1)[p.depth - 1];
};

/** Where PyTorch's empirical gain sends q (the length map's fixed point reached from q = 1) and χ₁ there. */
export function torchFixedPoint(activation: 'tanh' | 'selu' | 'sigmoid'): { q: number; chi: number } {
  const g = torchGainOf(activation);
  const q = fixedPoint(activation, g * g, 0);
  return { q, chi: chi1(activation, g * g, 0, q) };
}

/** Claim 12b: PyTorch's empirical tanh and SELU gains move the fixed point. */
export const torchGainDrift: Claim<GainParams> = {
  id: 'torch-gain-drift',
  title: "PyTorch's empirical gains (tanh 5/3, SELU 3/4, sigmoid 1) move E[z²] off 1, to the length map's q*",
  statement:
    "calculate_gain's tanh 5/3 and SELU 3/4 are empirical choices, not variance-preserving ones. With " +
    "them a deep network's E[z_l²] follows the length map from 1 to its fixed point: tanh 5/3 settles at " +
    'q* = 1.178 with χ₁ = 1.21 (chaotic: gradients grow 21% per layer); SELU 3/4 decays towards q* = 0.023 ' +
    '(χ₁ = 1.004 there); sigmoid with gain 1 settles at q* = 0.265 with χ₁ = 0.056 (gradients vanish).',
  source:
    'PyTorch torch.nn.init.calculate_gain (tanh 5/3, selu 3/4); Poole et al. 2016; `wixi gain tanh|selu|sigmoid`',
  kind: 'law',
  family: 'gains',
  parameters: gainParams(['tanh', 'selu', 'sigmoid']),
  representative: { activation: 'tanh', width: 96, depth: 4 },
  check(p, ctx) {
    const a = p.activation as 'tanh' | 'selu' | 'sigmoid';
    const g = torchGainOf(a);
    const fp = torchFixedPoint(a);
    return checkDepthSecondMoment(
      this.title,
      p,
      g * g,
      this.predict(p),
      ctx,
      `Theory: gain ${g.toPrecision(4)}, q_L = ${torchLaw(p).toPrecision(4)} on the way from 1 to q* = ${fp.q.toPrecision(4)}, where χ₁ = ${fp.chi.toPrecision(4)}.`,
    );
  },
  predict: torchLaw,
};

/** E[selu(√q·Z)] and E[selu(√q·Z)²]. */
function seluMoments(q: number): { mean: number; second: number } {
  const act = getActivation('selu');
  return {
    mean: gaussianExpectation((x) => act.value(x), q, { breakpoints: act.kinks }),
    second: activationSecondMoment(act, q),
  };
}

const seluLaw = (p: SeluParams) => {
  const q1 = p.inputMean ** 2 + p.inputSd ** 2;
  const q = lengthProfile('selu', new Array<number>(p.depth).fill(1), q1);
  return seluMoments(q[p.depth - 1]).second;
};

/** Claim 12c: SELU with LeCun normal self-normalizes. */
export const seluSelfNormalizing: Claim<SeluParams> = {
  id: 'selu-self-normalizing',
  title:
    'SELU with LeCun normal weights self-normalizes: E[x_l²] → 1 and E[x_l] → 0 with depth, from any input scale',
  statement:
    'With Var(W) = 1/n, q = 1 is an attracting fixed point of the SELU length map (slope 0.78; the mean/variance ' +
    'map has Jacobian norm 0.79 < 1 at (0, 1)), and E[selu(Z)] = 0, E[selu(Z)²] = 1 there: from inputs of any ' +
    'mean and scale the activations of a deep SELU network approach mean 0 and second moment 1.',
  source: 'Klambauer, Unterthiner, Mayr & Hochreiter 2017, "Self-Normalizing Neural Networks", Theorem 1',
  kind: 'law',
  family: 'gains',
  parameters: fc.record({
    width: fc.integer({ min: 96, max: 128 }),
    depth: fc.integer({ min: 3, max: 6 }),
    inputMean: fc.double({ min: -1, max: 1, noNaN: true }),
    inputSd: fc.double({ min: 0.5, max: 1.5, noNaN: true }),
  }),
  representative: { width: 96, depth: 6, inputMean: 0.5, inputSd: 1.5 },
  check(p, ctx) {
    const relTol = ctx.size === 'quick' ? GAIN_REL_TOL.quick : GAIN_REL_TOL.full;
    const L = p.depth;
    const q1 = p.inputMean ** 2 + p.inputSd ** 2;
    const scales = new Array<number>(L).fill(1);
    const q = lengthProfile('selu', scales, q1);
    const target = seluMoments(q[L - 1]);
    const allowance = finiteWidthAllowance('selu', L + 1, p.width, BIAS_PER_LAYER.selu);
    const sim = netSimulator({
      widths: new Array<number>(L + 1).fill(p.width),
      activation: 'selu',
      weightScale: scales,
      rows: SELU_ROWS,
    });
    const x0 = new Float64Array(SELU_ROWS * p.width);
    const means: number[] = [];
    const draw = () => {
      ctx.rng.fillNormal(x0, p.inputMean, p.inputSd);
      const rec = sim.run(ctx.rng, x0);
      let s = 0;
      for (const x of rec.norms[L - 1]) s += x;
      means.push(rec.sums[L - 1] / (SELU_ROWS * p.width));
      return s / (SELU_ROWS * p.width);
    };
    const plan = (cv: number) =>
      replicatesWithAllowance({ relTol, alpha: ctx.alpha / 2, power: ctx.power, cv, allowance });
    const { values: second } = twoStageReplicates(draw, plan);
    const N = second.length;
    const mean = Float64Array.from(means.slice(means.length - N));
    const r2 = testWithAllowance(estimateMean(second), this.predict(p), {
      alpha: ctx.alpha / 2,
      beta: 1 - ctx.power,
      relTol,
      allowance,
    });
    // the mean: |E[x_L] − E[selu(√q_L·Z)]| within z·se plus the same relative allowance of the second moment
    const em = estimateMean(mean);
    const meanSlack = zTwoSided(ctx.alpha / 2) * em.se + allowance * Math.sqrt(target.second);
    const meanOk = Math.abs(em.value - target.mean) <= meanSlack;
    const ev = evidenceFrom(this.title, 'E[x_L²] (mean over networks)', r2, { ...p, networks: N });
    const jac = seluJacobian().spectralNorm;
    return {
      ...ev,
      pass: ev.pass && meanOk,
      decision: ev.pass && meanOk ? ev.decision : 'fail',
      alpha: ctx.alpha,
      note:
        `Mean-field: E[z²] goes ${q1.toPrecision(3)} → ${q[L - 1].toPrecision(4)} over ${L} layers (→ 1); E[x_L] measured ` +
        `${em.value.toPrecision(3)} vs ${target.mean.toPrecision(3)} (${meanOk ? 'agrees' : 'DISAGREES'}, slack ${meanSlack.toPrecision(2)}). ` +
        `Moment-map Jacobian norm at (0, 1): ${jac.toPrecision(4)} < 1. Finite-width allowance ${(100 * allowance).toPrecision(2)}%.`,
    };
  },
  predict: seluLaw,
};

/** Claim 12d (refutation): the unit fixed point of the exact gain is stable for every activation. */
export const exactGainStabilityRefuted: Claim<StabilityParams> = {
  id: 'exact-gain-stability-refuted',
  title: 'refuted: with the exact gain, every activation returns to E[z²] = 1 after a small perturbation',
  statement:
    'Naive: a variance-preserving gain keeps deep networks at unit variance, so a perturbation of q is not ' +
    'amplified: |q_L − 1| ≤ |q₁ − 1|. False for GELU and SiLU: their length maps cross the diagonal at q = 1 ' +
    "with slope L'(1) = 1.144 and 1.173, so q = 1 is a repelling fixed point — q runs off to 0 or ∞ (in a " +
    'finite network, its own fluctuations are the perturbation). An exact mean-field computation, no sampling.',
  source: "Poole et al. 2016 (stability of the length map's fixed point); exact gains from ANCHORS.md",
  kind: 'refutation',
  family: 'gains',
  parameters: fc.record({
    activation: fc.constantFrom<ActivationName>('tanh', 'selu', 'elu', 'softplus', 'sigmoid', 'gelu', 'silu'),
    epsPercent: fc.integer({ min: -20, max: 20 }).filter((k) => k !== 0),
    depth: fc.integer({ min: 2, max: 30 }),
  }),
  representative: { activation: 'gelu', epsPercent: 1, depth: 10 },
  check(p) {
    const g = exactGainOf(p.activation);
    const eps = p.epsPercent / 100;
    const q = lengthProfile(p.activation, new Array<number>(p.depth).fill(g * g), 1 + eps);
    const qL = q[p.depth - 1];
    const pass = Math.abs(qL - 1) <= Math.abs(eps) * (1 + 1e-12);
    return {
      claim: this.title,
      quantity: 'q_L − 1 (mean-field, exact)',
      measured: qL - 1,
      predicted: this.predict(p),
      interval: [-Math.abs(eps), Math.abs(eps)],
      alpha: 0,
      samples: 1,
      pass,
      decision: pass ? 'pass' : 'fail',
      params: { ...p },
      note: `q went 1 + ${eps} → ${qL.toPrecision(5)} in ${p.depth - 1} layers of the length map with g = ${g.toPrecision(6)}`,
    };
  },
  predict: (p) => p.epsPercent / 100,
  telling(p) {
    const g = exactGainOf(p.activation);
    const slope = fixedPointSlope(p.activation, g * g);
    return {
      ok: slope > 1,
      feature: `${p.activation} with its exact gain ${g.toPrecision(6)}: L'(1) = ${slope.toPrecision(4)} > 1, so q* = 1 repels`,
    };
  },
  lesson:
    'Preserving the variance at q = 1 is a fixed-point condition, not a stability one: for GELU and SiLU the ' +
    'fixed point repels (the length map is steeper than the diagonal there), so a deep network drifts away from ' +
    'unit variance; tanh, sigmoid, SELU, ELU and softplus pull it back, and ReLU is neutral (every q is fixed).',
};
