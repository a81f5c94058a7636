import { depthProfile } from '../claims/profile.js';
import { meanSigmoidSlope } from '../claims/sigmoid.js';
import { kaimingNormal, torchLinearDefault, varianceScaling, xavierNormal } from '../init/index.js';
import type { Initializer } from '../init/types.js';
import type { Rng } from '../random/rng.js';

/** One initializer's mean second-moment ratios across depth (ReLU network). */
export interface SchemeProfile {
  name: string;
  /** Var(W)·fan_in. */
  c: number;
  /** E[x_l²]/E[x₀²], l = 1 … L. */
  forward: number[];
  /** E[(∂L/∂x_l)²]/E[(∂L/∂x_L)²], l = 0 … L − 1. */
  backward: number[];
  /** The infinite-width prediction (c/2)^l. */
  predicted: number[];
}

/** Quantiles across independent networks of log₂(‖x_l‖²/‖x₀‖²) for one input: the finite-width fan. */
export interface FanProfile {
  width: number;
  networks: number;
  depth: number[];
  q10: number[];
  q50: number[];
  q90: number[];
}

/** Everything the report draws. */
export interface Figures {
  width: number;
  depth: number;
  batch: number;
  replicates: number;
  schemes: SchemeProfile[];
  fan: FanProfile;
  /** E[σ'(z)] against sd(z). */
  sigmoid: { sd: number[]; meanSlope: number[] };
}

/** The four schemes of the report: He (c = 2), Xavier (c = 1 for equal widths), nn.Linear's default (c = 1/3), c = 4. */
export function reportSchemes(): { name: string; c: number; init: Initializer }[] {
  return [
    { name: 'He / Kaiming (Var = 2/n)', c: 2, init: kaimingNormal({ nonlinearity: 'relu' }) },
    { name: 'Xavier / Glorot (Var = 1/n)', c: 1, init: xavierNormal() },
    { name: 'PyTorch nn.Linear default (Var = 1/(3n))', c: 1 / 3, init: torchLinearDefault() },
    {
      name: 'too large (Var = 4/n)',
      c: 4,
      init: varianceScaling({ scale: 4, mode: 'fanIn', distribution: 'untruncatedNormal', layout: 'torch' }),
    },
  ];
}

function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Compute the report's figures: second moments and gradient second moments across depth for the
 * four schemes (ReLU, equal widths), the spread of log-norms across He networks of small width
 * (Hanin & Rolnick 2018), and the mean sigmoid slope against the scale of z.
 */
export function computeFigures(rng: Rng, quick: boolean, onStep: () => void = () => {}): Figures {
  const width = quick ? 64 : 128;
  const depth = 20;
  const batch = quick ? 64 : 128;
  const replicates = quick ? 3 : 8;
  const widths = new Array(depth + 1).fill(width);
  const schemes: SchemeProfile[] = reportSchemes().map((s) => {
    const p = depthProfile({ init: s.init, activation: 'relu', widths, batch, replicates }, rng.fork());
    onStep();
    return {
      name: s.name,
      c: s.c,
      forward: Array.from(p.meanForward),
      backward: Array.from(p.meanBackward),
      predicted: Array.from({ length: depth }, (_, l) => (s.c / 2) ** (l + 1)),
    };
  });
  // the finite-width fan: many narrow He networks, one input row each
  const fanWidth = 16;
  const networks = quick ? 100 : 400;
  const fp = depthProfile(
    {
      init: kaimingNormal({ nonlinearity: 'relu' }),
      activation: 'relu',
      widths: new Array(depth + 1).fill(fanWidth),
      batch: 1,
      replicates: networks,
    },
    rng.fork(),
  );
  onStep();
  const fan: FanProfile = { width: fanWidth, networks, depth: [], q10: [], q50: [], q90: [] };
  for (let l = 0; l < depth; l++) {
    const v = Float64Array.from(fp.forward, (row) => Math.log2(Math.max(row[l], 1e-300))).sort();
    fan.depth.push(l + 1);
    fan.q10.push(quantile(v, 0.1));
    fan.q50.push(quantile(v, 0.5));
    fan.q90.push(quantile(v, 0.9));
  }
  const sd = Array.from({ length: 25 }, (_, i) => 2 ** (i / 3 - 2));
  return {
    width,
    depth,
    batch,
    replicates,
    schemes,
    fan,
    sigmoid: { sd, meanSlope: sd.map((s) => meanSigmoidSlope(s * s)) },
  };
}
