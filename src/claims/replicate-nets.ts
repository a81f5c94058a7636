import type { Initializer } from '../init/types.js';
import type { Activation } from '../nn/activations.js';
import { gemm, gemmPacked } from '../nn/matmul.js';
import {
  fillPacked,
  gemvPacked,
  gemvPackedT,
  type PackedMatrix,
  packedMatrix,
  packInto,
  unpackMatrix,
} from '../nn/packed.js';
import type { Rng } from '../random/rng.js';
import { type ActivationLike, resolveActivation } from '../theory/activation-moments.js';
import * as check from '../validate.js';

/**
 * A plain dense network drawn afresh for every replicate: x_l = φ(z_l), z_l = x_{l−1}·W_lᵀ, no bias,
 * W_l of shape (n_l, n_{l−1}) as in `mlp` (PyTorch layout).
 */
export interface ReplicateNetSpec {
  /** [n₀, n₁, …, n_L]. */
  widths: readonly number[];
  /** φ after every layer (`'linear'` for a linear network). */
  activation: ActivationLike;
  /**
   * Gaussian weights with Var(W_l) = c_l/n_{l−1} (fan-in; c = 2 is PyTorch's kaiming_normal_, c = 1
   * its nonlinearity='linear' form — the untruncated "LeCun normal" N(0, 1/n) of Klambauer et al.;
   * Keras' lecun_normal is truncated — and c = g² a gain): one c for every layer or one per layer.
   * Ignored when `init` is given.
   */
  weightScale?: number | readonly number[];
  /** Draw the weights with this initializer instead (called with [n_l, n_{l−1}]), e.g. `orthogonal()`. */
  init?: Initializer;
  /** Rows (samples) of the input batch of every replicate. */
  rows: number;
  /** Also backpropagate ∂L/∂x_L drawn i.i.d. N(0, 1) (default false). */
  backward?: boolean;
}

/** What one replicate network did. Arrays are reused by the next `run`: copy what you keep. */
export interface NetRecord {
  /** ‖x₀,r‖² per input row r. */
  readonly inputNorms: Float64Array;
  /** preNorms[l − 1][r] = ‖z_l,r‖², l = 1…L. */
  readonly preNorms: readonly Float64Array[];
  /** norms[l − 1][r] = ‖x_l,r‖² (after φ), l = 1…L. */
  readonly norms: readonly Float64Array[];
  /** sums[l − 1] = Σ over rows and units of x_l (for means). */
  readonly sums: Float64Array;
  /** gradNorms[l] = Σ_r ‖∂L/∂x_l,r‖², l = 0…L (l = L is the output gradient); zeros without `backward`. */
  readonly gradNorms: Float64Array;
}

/** A reusable simulator of independent replicate networks of one architecture. */
export interface NetSimulator {
  readonly depth: number;
  readonly widths: readonly number[];
  readonly activation: Activation;
  /**
   * Draw one network's weights from `rng`, run `input` (rows × n₀, row-major; default i.i.d. N(0, 1)
   * rows from `rng`) through it, and record per-row squared norms and gradient second moments.
   * Weights (layer by layer), then the input, then the output gradient are drawn from `rng` in
   * that order, so successive calls on one stream give independent replicates and a seed replays
   * them all.
   */
  run(rng: Rng, input?: Float64Array): NetRecord;
  /**
   * The weights W_l (n_l × n_{l−1}, row-major, a copy) of layer l = 1…L as the last `run` drew
   * them; zeros before the first run. RangeError for a layer outside 1…L.
   */
  weights(layer: number): Float64Array;
}

function rowNorms(x: Float64Array, rows: number, width: number, out: Float64Array): void {
  for (let r = 0, p = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < width; j++, p++) s += x[p] * x[p];
    out[r] = s;
  }
}

/**
 * Build a simulator of independent replicate networks (see `ReplicateNetSpec`). This is the lean
 * loop the finite-width, mean-field, gain and isometry claims need: tens of thousands of small
 * networks, each an independent observation (units of one network share the layer below, so they
 * are not). It allocates its buffers once. Gaussian weights are drawn straight into the GEMM's
 * packed layout (`fillPacked` of `wixi/nn`: W_lᵀ as the panels `gemmPacked` reads), i.i.d.
 * N(0, c/n_{l−1}) — the law of `kaimingNormal()` (c = 2) or `kaimingNormal({nonlinearity:
 * 'linear'})` (c = 1), with the stream's draws assigned to the entries in packed order rather than
 * row by row; weights from `init` are packed once per replicate. Both passes read the panels: a
 * batch through `gemmPacked`, one row through `gemvPacked`/`gemvPackedT`; a batched backward pass
 * unpacks W_l once. It computes what `mlp` + `trace` compute on the same weights (checked against
 * them in replicate-nets.test.ts, through `weights`), without per-network allocation and validation.
 */
export function netSimulator(spec: ReplicateNetSpec): NetSimulator {
  const o = check.options<ReplicateNetSpec>('spec', spec);
  // the length first: a sparse widths array of length 2³² − 1 must not be walked hole by hole
  const given = check.list('widths', o.widths, { what: 'an array of layer widths' });
  if (given.length < 2) {
    throw new RangeError(`widths must list n₀ and at least one layer width, got ${check.show(given)}`);
  }
  const widths = check.listOf('widths', given, (name, w) => check.integer(name, w, 1));
  const L = widths.length - 1;
  const act = resolveActivation('activation', o.activation);
  const rows = check.integer('rows', o.rows, 1);
  const backward = o.backward ?? false;
  const init = o.init === undefined ? undefined : (check.func('init', o.init) as unknown as Initializer);
  let sds: number[] = [];
  if (init === undefined) {
    const scale = o.weightScale;
    if (scale === undefined) throw new TypeError('give weightScale (Gaussian weights) or init');
    const cs = typeof scale === 'number' ? new Array<number>(L).fill(scale) : Array.from(scale);
    if (cs.length !== L)
      throw new RangeError(`weightScale must have one entry per layer (${L}), got ${cs.length}`);
    sds = cs.map((c, l) => Math.sqrt(check.nonNegative(`weightScale[${l}]`, c) / widths[l]));
  }
  // W[l] holds W_lᵀ (n_{l−1} × n_l) in packed panels: the B of z_l = x_{l−1}·W_lᵀ
  const W: PackedMatrix[] = widths.slice(1).map((n, l) => packedMatrix(widths[l], n));
  // row-major W_l for a batched backward pass (dX = dZ·W_l reads W_l along its rows, not its panels)
  const rowMajor = backward && rows > 1 ? widths.slice(1).map((n, l) => new Float64Array(n * widths[l])) : [];
  const Z = widths.slice(1).map((n) => new Float64Array(rows * n));
  const X = widths.map((n) => new Float64Array(rows * n));
  const G = backward ? widths.map((n) => new Float64Array(rows * n)) : [];
  const D = backward ? widths.slice(1).map((n) => new Float64Array(rows * n)) : [];
  const record = {
    inputNorms: new Float64Array(rows),
    preNorms: widths.slice(1).map(() => new Float64Array(rows)),
    norms: widths.slice(1).map(() => new Float64Array(rows)),
    sums: new Float64Array(L),
    gradNorms: new Float64Array(L + 1),
  };
  return {
    depth: L,
    widths,
    activation: act,
    run(rng: Rng, input?: Float64Array): NetRecord {
      for (let l = 0; l < L; l++) {
        if (init) {
          const t = init([widths[l + 1], widths[l]], rng);
          packInto(W[l], t.data, 1, widths[l]);
        } else {
          const sd = sds[l];
          fillPacked(W[l], (v) => rng.fillNormal(v, 0, sd));
        }
        if (rowMajor.length > 0) unpackMatrix(W[l], rowMajor[l], 1, widths[l]);
      }
      if (input) {
        if (input.length !== rows * widths[0]) {
          throw new RangeError(`input must hold rows·n₀ = ${rows * widths[0]} values, got ${input.length}`);
        }
        X[0].set(input);
      } else rng.fillNormal(X[0]);
      rowNorms(X[0], rows, widths[0], record.inputNorms);
      for (let l = 0; l < L; l++) {
        const nIn = widths[l];
        const nOut = widths[l + 1];
        if (rows === 1) gemvPacked(W[l], X[l], Z[l]);
        else gemmPacked(rows, X[l], nIn, 1, W[l], Z[l]);
        act.apply(Z[l], X[l + 1]);
        rowNorms(Z[l], rows, nOut, record.preNorms[l]);
        rowNorms(X[l + 1], rows, nOut, record.norms[l]);
        let s = 0;
        const x = X[l + 1];
        for (let i = 0; i < x.length; i++) s += x[i];
        record.sums[l] = s;
      }
      record.gradNorms.fill(0);
      if (backward) {
        const gL = G[L];
        rng.fillNormal(gL);
        let s = 0;
        for (let i = 0; i < gL.length; i++) s += gL[i] * gL[i];
        record.gradNorms[L] = s;
        for (let l = L - 1; l >= 0; l--) {
          const nIn = widths[l];
          const nOut = widths[l + 1];
          const d = D[l];
          act.applyDerivative(Z[l], d);
          const g = G[l + 1];
          for (let i = 0; i < d.length; i++) d[i] *= g[i];
          if (rows === 1) gemvPackedT(W[l], d, G[l]);
          else gemm(rows, nIn, nOut, d, nOut, 1, rowMajor[l], nIn, 1, G[l]);
          let t = 0;
          const gl = G[l];
          for (let i = 0; i < gl.length; i++) t += gl[i] * gl[i];
          record.gradNorms[l] = t;
        }
      }
      return record;
    },
    weights(layer: number): Float64Array {
      check.integer('layer', layer, 1, L);
      const nIn = widths[layer - 1];
      return unpackMatrix(W[layer - 1], new Float64Array(widths[layer] * nIn), 1, nIn) as Float64Array;
    },
  };
}
