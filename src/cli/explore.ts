import { fashionMnistSubset } from '../data/idx.js';
import {
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  kaimingNormal,
  kaimingUniform,
  lecunNormal,
  lecunUniform,
  orthogonal,
  torchLinearDefault,
  varianceScaling,
  xavierNormal,
  xavierUniform,
} from '../init/index.js';
import type { Initializer } from '../init/types.js';
import { ACTIVATION_NAMES, type ActivationName, getActivation } from '../nn/activations.js';
import { mlp } from '../nn/network.js';
import { trace } from '../nn/trace.js';
import { createRng, freshSeed } from '../random/rng.js';
import { activationSecondMoment, derivativeSecondMoment } from '../theory/activation-moments.js';
import * as check from '../validate.js';

/** Initializer names accepted by `--init`; mlp stores weights (out, in), so Keras names get layout 'torch'. */
export const EXPLORE_INITS: Record<string, () => Initializer> = {
  'he-normal': () => heNormal({ layout: 'torch' }),
  'he-uniform': () => heUniform({ layout: 'torch' }),
  'glorot-normal': () => glorotNormal({ layout: 'torch' }),
  'glorot-uniform': () => glorotUniform({ layout: 'torch' }),
  'lecun-normal': () => lecunNormal({ layout: 'torch' }),
  'lecun-uniform': () => lecunUniform({ layout: 'torch' }),
  'kaiming-normal': () => kaimingNormal({ nonlinearity: 'relu' }),
  'kaiming-uniform': () => kaimingUniform({ nonlinearity: 'relu' }),
  'xavier-normal': () => xavierNormal(),
  'xavier-uniform': () => xavierUniform(),
  'torch-default': () => torchLinearDefault(),
  orthogonal: () => orthogonal({ gain: Math.SQRT2 }),
};

export const EXPLORE_USAGE = `usage: wixi explore [--init NAME | --scale C] [--activation NAME] [--param A]
                   [--widths LIST] [--residual ALPHA [--branch 1|2]] [--batch B]
                   [--input normal|fashion-mnist] [--seed N] [--json]

Propagates one batch through one network and prints, per layer, the measured second moments of
pre-activations, activations and backpropagated gradients beside the theory's prediction.
  --init      ${Object.keys(EXPLORE_INITS).join(', ')} (default he-normal)
  --scale C   instead of --init: Gaussian weights with Var(W) = C/fan_in
  --widths    comma list; "256x20" repeats a width, e.g. 784,256x20,10 (default 784,256x20,10)
  --residual  residual blocks x + α·F(x) (needs equal widths after the first layer)
  --input     i.i.d. N(0, 1) rows, or Fashion-MNIST images scaled to [0, 1] (784 pixels)`;

/** Parse "784,256x20,10" into [784, 256 (20 times), 10]. */
export function parseWidths(spec: string): number[] {
  const out: number[] = [];
  for (const part of spec.split(',')) {
    const m = /^(\d+)(?:x(\d+))?$/.exec(part.trim());
    if (!m) throw new RangeError(`--widths: cannot read ${JSON.stringify(part)}; use e.g. 784,256x20,10`);
    const w = Number(m[1]);
    const k = m[2] === undefined ? 1 : Number(m[2]);
    if (w < 1 || k < 1)
      throw new RangeError(`--widths: sizes and repeats must be >= 1, got ${JSON.stringify(part)}`);
    for (let i = 0; i < k; i++) out.push(w);
  }
  if (out.length < 2) throw new RangeError('--widths needs an input width and at least one layer');
  return out;
}

interface ExploreOptions {
  init: string;
  scale: number | null;
  activation: ActivationName;
  param?: number;
  widths: number[];
  residual: number | null;
  branch: 1 | 2;
  batch: number;
  input: 'normal' | 'fashion-mnist';
  seed: number;
  json: boolean;
}

function parse(args: string[]): ExploreOptions {
  const o: ExploreOptions = {
    init: 'he-normal',
    scale: null,
    activation: 'relu',
    widths: parseWidths('784,256x20,10'),
    residual: null,
    branch: 1,
    batch: 256,
    input: 'normal',
    seed: freshSeed(),
    json: false,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new RangeError(`${a} needs a value`);
      return v;
    };
    if (a === '--init') o.init = check.oneOf('--init', value(), Object.keys(EXPLORE_INITS));
    else if (a === '--scale') o.scale = check.positive('--scale', Number(value()));
    else if (a === '--activation') o.activation = check.oneOf('--activation', value(), ACTIVATION_NAMES);
    else if (a === '--param') o.param = check.finite('--param', Number(value()));
    else if (a === '--widths') o.widths = parseWidths(value());
    else if (a === '--residual') o.residual = check.finite('--residual', Number(value()));
    else if (a === '--branch')
      o.branch = Number(check.oneOf('--branch', value(), ['1', '2'] as const)) as 1 | 2;
    else if (a === '--batch') o.batch = check.integer('--batch', Number(value()), 1, 65536);
    else if (a === '--input') o.input = check.oneOf('--input', value(), ['normal', 'fashion-mnist'] as const);
    else if (a === '--seed') o.seed = check.integer('--seed', Number(value()), 0, Number.MAX_SAFE_INTEGER);
    else if (a === '--json') o.json = true;
    else throw new RangeError(`unknown option ${check.show(a)} for explore (see wixi explore --help)`);
  }
  if (o.input === 'fashion-mnist' && o.widths[0] !== 784) {
    throw new RangeError(`--input fashion-mnist needs widths[0] = 784 pixels, got ${o.widths[0]}`);
  }
  return o;
}

/** One layer's measured and predicted second moments. */
export interface ExploreRow {
  layer: number;
  fanIn: number;
  fanOut: number;
  preActivation: number;
  predictedPreActivation: number | null;
  activation: number;
  predictedActivation: number | null;
  gradient: number;
  predictedGradient: number | null;
}

/**
 * The infinite-width prediction for a plain network with layer-wise Var(W_l):
 * q_l = n_{l−1}·Var(W_l)·E[x_{l−1}²], E[x_l²] = E[φ(√q_l Z)²] and, backward,
 * E[g_{l−1}²] = n_l·Var(W_l)·E[φ'(√q_l Z)²]·E[g_l²] (He et al. 2015; Poole et al. 2016).
 */
function predictLayers(
  fans: { fanIn: number; fanOut: number; variance: number }[],
  act: ReturnType<typeof getActivation>,
  input: number,
) {
  const q: number[] = [];
  const x: number[] = [];
  let prev = input;
  for (const f of fans) {
    const ql = f.fanIn * f.variance * prev;
    q.push(ql);
    prev = activationSecondMoment(act, ql);
    x.push(prev);
  }
  const g = new Array<number>(fans.length).fill(0);
  let grad = 1; // E[g_L²] relative
  for (let l = fans.length - 1; l >= 0; l--) {
    grad *= fans[l].fanOut * fans[l].variance * derivativeSecondMoment(act, q[l]);
    g[l] = grad;
  }
  return { q, x, g };
}

/** `wixi explore`. */
export async function runExplore(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(EXPLORE_USAGE);
    return 0;
  }
  const o = parse(args);
  const init =
    o.scale === null
      ? EXPLORE_INITS[o.init]()
      : varianceScaling({
          scale: o.scale,
          mode: 'fanIn',
          distribution: 'untruncatedNormal',
          layout: 'torch',
        });
  const act = getActivation(o.activation, o.param);
  const rng = createRng(o.seed);
  const net = mlp(
    {
      widths: o.widths,
      activation: act,
      init,
      residual: o.residual === null ? undefined : { alpha: o.residual, branch: o.branch, stem: true },
    },
    rng.fork(),
  );
  const n0 = o.widths[0];
  const x = new Float64Array(o.batch * n0);
  if (o.input === 'normal') rng.fork().fillNormal(x);
  else {
    const data = fashionMnistSubset();
    const r = rng.fork();
    for (let b = 0; b < o.batch; b++) {
      const row = Math.floor(r.uniform() * data.count);
      x.set(data.x.subarray(row * n0, (row + 1) * n0), b * n0);
    }
  }
  const t = trace(net, x, { rng: rng.fork() });
  const gOut = t.grad?.output.value ?? 1;
  const plain = o.residual === null;
  const pred = plain
    ? predictLayers(
        t.layers.map((l) => ({
          fanIn: l.fanIn,
          fanOut: l.fanOut,
          variance: init.variance([l.fanOut, l.fanIn]),
        })),
        act,
        t.input.value,
      )
    : null;
  const rows: ExploreRow[] = t.layers.map((l, i) => ({
    layer: i + 1,
    fanIn: l.fanIn,
    fanOut: l.fanOut,
    preActivation: l.preActivation.value,
    predictedPreActivation: pred ? pred.q[i] : null,
    activation: l.activation.value,
    predictedActivation: pred ? pred.x[i] : null,
    gradient: (l.grad?.input.value ?? 0) / gOut,
    predictedGradient: pred ? pred.g[i] : null,
  }));
  if (o.json) {
    console.log(
      JSON.stringify(
        {
          options: { ...o, init: o.scale === null ? o.init : `scale ${o.scale}` },
          input: t.input.value,
          rows,
        },
        null,
        2,
      ),
    );
    return 0;
  }
  const f = (v: number | null) => (v === null ? '—' : v.toExponential(3));
  console.log(
    `${init.displayName}; ${act.name}; widths ${o.widths.length > 8 ? `${o.widths.slice(0, 4).join(',')},…,${o.widths.at(-1)}` : o.widths.join(',')}; ` +
      `${plain ? 'plain' : `residual α = ${o.residual}, ${o.branch}-layer branch`}; batch ${o.batch} of ${o.input} inputs (E[x₀²] = ${t.input.value.toPrecision(4)}); seed ${o.seed}\n`,
  );
  console.log(
    `${'layer'.padEnd(6)}${'in→out'.padEnd(12)}${'E[z²]'.padEnd(12)}${'predicted'.padEnd(12)}${'E[φ(z)²]'.padEnd(12)}${'predicted'.padEnd(12)}${'E[g_in²]/E[g_L²]'.padEnd(18)}predicted`,
  );
  for (const r of rows) {
    console.log(
      `${String(r.layer).padEnd(6)}${`${r.fanIn}→${r.fanOut}`.padEnd(12)}${f(r.preActivation).padEnd(12)}${f(r.predictedPreActivation).padEnd(12)}` +
        `${f(r.activation).padEnd(12)}${f(r.predictedActivation).padEnd(12)}${f(r.gradient).padEnd(18)}${f(r.predictedGradient)}`,
    );
  }
  console.log(
    plain
      ? '\npredicted: the infinite-width length map with each layer’s Var(W) (exact in expectation for ReLU-like φ at any width);\n' +
          (o.input === 'fashion-mnist'
            ? 'one network fluctuates around it, more than with i.i.d. inputs: images share their mean, so every row of the\nbatch sees the same offset W·x̄ per unit and the batch average has about as many independent terms as units.'
            : 'one network fluctuates around it by O(1/√width) per layer.')
      : '\nresidual network: no per-layer prediction is printed; see the residual claims (E‖x‖² grows by (1 + α²·gain) per block).',
  );
  return 0;
}
