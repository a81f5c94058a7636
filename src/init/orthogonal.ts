import * as check from '../validate.js';
import { LAYOUTS } from './fans.js';
import { defineInitializer } from './tensor.js';
import type { Initializer, Layout } from './types.js';

/** How `orthogonal` views a tensor as a matrix. */
export interface MatrixView {
  /** Rows of the flattened matrix. */
  readonly rows: number;
  /** Columns of the flattened matrix. */
  readonly cols: number;
}

/** An orthogonal initializer: it also tells how it flattens a shape into a matrix. */
export interface OrthogonalInitializer extends Initializer {
  /** The gain g: the result Q satisfies QᵀQ = g²I (rows ≥ cols) or QQᵀ = g²I (rows < cols). */
  readonly gain: number;
  /** The matrix the tensor is viewed as (row-major flattening, as the frameworks do). */
  matrix(shape: readonly number[]): MatrixView;
}

/**
 * Householder QR of the m×n matrix `a` (m ≥ n), stored column-major (column j at a[j·m …]).
 * On return `a` holds the thin factor Q (m×n, orthonormal columns) with the signs fixed so that
 * diag(R) > 0, i.e. Q·sign(diag R). The reflections use `v` (length m) and `rdiag` (length n).
 */
function householderQ(a: Float64Array, m: number, n: number, work: Float64Array): void {
  const rdiag = work.subarray(0, n);
  const beta = work.subarray(n, 2 * n);
  // Factor: column k is reduced by H_k = I − β_k v_k v_kᵀ, v_k stored in a[k·m + k …].
  for (let k = 0; k < n; k++) {
    const ck = k * m;
    let norm2 = 0;
    for (let i = k; i < m; i++) norm2 += a[ck + i] * a[ck + i];
    const norm = Math.sqrt(norm2);
    const x0 = a[ck + k];
    const alpha = x0 >= 0 ? -norm : norm; // R_kk, of the sign that avoids cancellation in v0
    const v0 = x0 - alpha;
    const vnorm2 = norm2 - x0 * x0 + v0 * v0;
    rdiag[k] = alpha;
    if (vnorm2 === 0) {
      beta[k] = 0; // the column is already zero below the diagonal (probability 0 for Gaussian input)
      continue;
    }
    a[ck + k] = v0;
    const b = 2 / vnorm2;
    beta[k] = b;
    for (let j = k + 1; j < n; j++) {
      const cj = j * m;
      let s = 0;
      for (let i = k; i < m; i++) s += a[ck + i] * a[cj + i];
      s *= b;
      for (let i = k; i < m; i++) a[cj + i] -= s * a[ck + i];
    }
  }
  // Accumulate Q = H_0 H_1 … H_{n−1} applied to the first n columns of I, backwards, in place:
  // column k of `a` holds v_k in rows ≥ k; rows < k of column k are R's and become Q's.
  for (let k = n - 1; k >= 0; k--) {
    const ck = k * m;
    const b = beta[k];
    // Columns j > k already hold H_{k+1}…H_{n−1} e_j; apply H_k to them.
    for (let j = k + 1; j < n; j++) {
      const cj = j * m;
      let s = 0;
      for (let i = k; i < m; i++) s += a[ck + i] * a[cj + i];
      s *= b;
      for (let i = k; i < m; i++) a[cj + i] -= s * a[ck + i];
    }
    // Column k becomes H_k e_k = e_k − β v_k v_k[k] (zero above row k).
    const vk = a[ck + k];
    for (let i = k + 1; i < m; i++) a[ck + i] = -b * vk * a[ck + i];
    a[ck + k] = 1 - b * vk * vk;
    for (let i = 0; i < k; i++) a[ck + i] = 0;
  }
  // The sign fix: Q·sign(diag R) makes the factorisation unique and Q Haar-distributed (Mezzadri 2007).
  for (let k = 0; k < n; k++) {
    if (rdiag[k] < 0) {
      const ck = k * m;
      for (let i = 0; i < m; i++) a[ck + i] = -a[ck + i];
    }
  }
}

let A = new Float64Array(0);
let WORK = new Float64Array(64);
/** A reusable buffer of exactly n elements: repeated calls with one shape allocate nothing. */
function scratch(n: number): Float64Array {
  if (A.length !== n) A = new Float64Array(n);
  return A;
}
/** A reusable buffer of at least n elements. */
function workspace(n: number): Float64Array {
  if (WORK.length < n) WORK = new Float64Array(Math.max(n, 2 * WORK.length));
  return WORK;
}

/**
 * A (semi-)orthogonal matrix scaled by `gain` (Saxe et al. 2014, "Exact solutions to the nonlinear
 * dynamics of learning in deep linear neural networks"): the tensor is viewed as a rows × cols
 * matrix, a Gaussian matrix (transposed to be tall when rows < cols) is factored by Householder QR,
 * Q is multiplied by sign(diag R) so it is Haar-distributed (Mezzadri 2007, "How to generate
 * random matrices from the classical compact groups"), transposed back, and scaled by gain. Then
 * QᵀQ = g²I when rows ≥ cols, QQᵀ = g²I otherwise; every entry has E[W] = 0 and
 * Var(W) = g²/max(rows, cols) (each row or column is uniform on a sphere), but entries are not
 * independent.
 *
 * Flattening (wixi's ANCHORS table): `layout: 'torch'` (default; `torch.nn.init.orthogonal_`):
 * rows = shape[0], cols = numel/rows, so a conv kernel (out, in, *k) is viewed as out × (in·Πk);
 * `'keras'`/`'jax'` (Keras 3 `Orthogonal`, JAX `orthogonal(column_axis=−1)`): rows = Π shape[:-1],
 * cols = shape[-1]. Rank < 2 throws RangeError (as in all three); an empty tensor is returned
 * empty. sign(0) is taken as +1 (PyTorch's sign would zero a column; probability 0). Cost
 * O(rows·cols·min(rows, cols)).
 */
export function orthogonal(options: { gain?: number; layout?: Layout } = {}): OrthogonalInitializer {
  const o = check.options<{ gain: number; layout: Layout }>('options', options);
  const gain = check.positive('gain', o.gain ?? 1);
  const layout = check.oneOf('layout', o.layout ?? 'torch', LAYOUTS);
  const view = (shape: readonly number[]): MatrixView => {
    let total = 1;
    for (const d of shape) total *= d;
    if (layout === 'torch') {
      const rows = shape[0];
      return { rows, cols: rows === 0 ? 0 : total / rows };
    }
    const cols = shape[shape.length - 1];
    return { rows: cols === 0 ? 0 : total / cols, cols };
  };
  return defineInitializer(
    `orthogonal(gain=${gain}) (${layout === 'torch' ? 'PyTorch orthogonal_: rows = shape[0]' : 'Keras/JAX Orthogonal: cols = shape[-1]'}; Householder QR with sign fix; Var = gain²/max(rows, cols))`,
    {
      accepts: (shape) => {
        if (shape.length < 2) {
          throw new RangeError(
            `orthogonal needs a tensor of rank >= 2, got shape ${check.show(shape)} of rank ${shape.length}`,
          );
        }
      },
      variance: (shape) => {
        const { rows, cols } = view(shape);
        const n = Math.max(rows, cols);
        if (n === 0)
          throw new RangeError(`shape ${check.show(shape)} is empty: Var(W) of no entries is undefined`);
        return (gain * gain) / n;
      },
      mean: () => 0,
      fill: (out, shape, rng) => {
        const { rows, cols } = view(shape);
        const m = Math.max(rows, cols);
        const n = Math.min(rows, cols);
        const a = scratch(m * n);
        rng.fillNormal(a);
        householderQ(a, m, n, workspace(2 * n));
        if (rows >= cols) {
          // Q is rows×cols, column-major: entry (i, j) at a[j·rows + i].
          for (let i = 0; i < rows; i++) {
            for (let j = 0; j < cols; j++) out[i * cols + j] = gain * a[j * rows + i];
          }
        } else {
          // Q is cols×rows (tall); the tensor is Qᵀ: entry (i, j) = Q(j, i) = a[i·cols + j].
          for (let k = 0; k < rows * cols; k++) out[k] = gain * a[k];
        }
      },
    },
    { gain, matrix: view },
  ) as unknown as OrthogonalInitializer;
}
