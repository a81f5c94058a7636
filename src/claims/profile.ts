import type { Initializer } from '../init/types.js';
import type { Activation, ActivationName } from '../nn/activations.js';
import { type BiasSpec, mlp, type ResidualSpec } from '../nn/network.js';
import { trace } from '../nn/trace.js';
import type { Rng } from '../random/rng.js';
import * as check from '../validate.js';

/** What to propagate through independent replicate networks. */
export interface DepthProfileOptions {
  init: Initializer;
  activation: ActivationName | Activation;
  /** [n₀, n₁, …, n_L]. */
  widths: readonly number[];
  /** Rows of each replicate's input batch. */
  batch: number;
  /** Independent networks (fresh weights and inputs each). */
  replicates: number;
  bias?: BiasSpec;
  residual?: ResidualSpec;
  /**
   * The input rows: `'normal'` draws i.i.d. N(0, 1) per replicate; a matrix (rows × n₀, row-major)
   * of real data is sampled by rows (with replacement) per replicate.
   */
  input?: 'normal' | { data: Float64Array; rows: number };
  /** Also backpropagate (default true); `false` skips the backward pass and leaves `backward` zero. */
  gradients?: boolean;
}

/** Per-replicate, per-depth second-moment ratios; replicate r's values are independent of r′'s. */
export interface DepthProfile {
  /** forward[r][l] = E[x_l²]/E[x₀²] of replicate r after block l (l = 1 … L; index l − 1). */
  forward: Float64Array[];
  /** backward[r][l] = E[(∂L/∂x_l)²]/E[(∂L/∂x_L)²] for l = 0 … L − 1 (index l), gradients N(0, 1) at the output. */
  backward: Float64Array[];
  /** Means over replicates of forward and backward. */
  meanForward: Float64Array;
  meanBackward: Float64Array;
}

/**
 * Propagate `replicates` independent networks and record, per block, the second moment of the
 * signal relative to the input's (forward) and of the backpropagated gradient relative to the
 * output's (backward, with ∂L/∂output i.i.d. N(0, 1)). Replicates use fresh weights and inputs from
 * forks of `rng`, so per-replicate values are independent observations for standard errors (units of
 * one network are not: they share the layer below).
 */
export function depthProfile(options: DepthProfileOptions, rng: Rng): DepthProfile {
  const o = check.options<DepthProfileOptions>('options', options);
  const replicates = check.integer('replicates', o.replicates, 1);
  const batch = check.integer('batch', o.batch, 1);
  if (o.init === undefined) throw new TypeError('options.init must be an Initializer, got undefined');
  if (o.activation === undefined)
    throw new TypeError('options.activation must be a name or an Activation, got undefined');
  const { init, activation } = o;
  if (!Array.isArray(o.widths))
    throw new TypeError(`options.widths must be an array, got ${check.show(o.widths)}`);
  const widths = o.widths as readonly number[];
  const depth = widths.length - 1;
  const n0 = widths[0];
  const forward: Float64Array[] = [];
  const backward: Float64Array[] = [];
  const x = new Float64Array(batch * n0);
  for (let r = 0; r < replicates; r++) {
    const rr = rng.fork();
    const net = mlp({ widths, activation, init, bias: o.bias ?? false, residual: o.residual }, rr.fork());
    const input = o.input ?? 'normal';
    if (input === 'normal') rr.fillNormal(x);
    else {
      if (input.data.length !== input.rows * n0) {
        throw new RangeError(
          `input.data must be rows × widths[0] = ${input.rows * n0} values, got ${input.data.length}`,
        );
      }
      for (let b = 0; b < batch; b++) {
        const row = Math.floor(rr.uniform() * input.rows);
        x.set(input.data.subarray(row * n0, (row + 1) * n0), b * n0);
      }
    }
    const t = o.gradients === false ? trace(net, x) : trace(net, x, { rng: rr.fork() });
    const f = new Float64Array(depth);
    const g = new Float64Array(depth);
    const x0 = t.input.value;
    const gL = t.grad?.output.value ?? 1;
    for (let l = 0; l < depth; l++) {
      f[l] = t.blocks[l].output.value / x0;
      g[l] = (l === 0 ? (t.grad?.input.value ?? 0) : (t.blocks[l - 1].grad?.output.value ?? 0)) / gL;
    }
    forward.push(f);
    backward.push(g);
  }
  const mean = (rows: Float64Array[]) => {
    const m = new Float64Array(depth);
    for (const row of rows) for (let l = 0; l < depth; l++) m[l] += row[l] / rows.length;
    return m;
  };
  return { forward, backward, meanForward: mean(forward), meanBackward: mean(backward) };
}
