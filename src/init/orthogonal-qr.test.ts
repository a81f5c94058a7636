/**
 * orthogonal is the Q factor of a Gaussian draw (Mezzadri 2007): for the column-major m×n draw G
 * (m ≥ n) that the initializer reads from its stream, R = QᵀG must be upper triangular with a
 * positive diagonal. Any Q with orthonormal columns passes the orthogonality tests; only this one
 * pins Q to the QR factorisation (hence to the Haar law).
 */
import { describe, expect, it, vi } from 'vitest';
import { createRng } from '../random/rng.js';
import { orthogonal } from './orthogonal.js';

/** R = QᵀG for Q (m×n, entry (i, j) given by q(i, j)) and the column-major draw G. */
function rOf(q: (i: number, j: number) => number, g: Float64Array, m: number, n: number): number[][] {
  const r: number[][] = [];
  for (let a = 0; a < n; a++) {
    r.push([]);
    for (let b = 0; b < n; b++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += q(i, a) * g[b * m + i];
      r[a].push(s);
    }
  }
  return r;
}

describe('orthogonal draws the Q of a Householder QR of a Gaussian matrix, signs fixed', () => {
  it.each([
    [70, 66],
    [6, 3],
    [5, 5],
    [9, 1],
    [40, 40],
    [50, 37],
    [3, 8], // wide: the tensor is Qᵀ of the tall 8×3 draw
    [36, 45],
  ])('%i×%i: QᵀG is upper triangular with diag(R) > 0', (rows, cols) => {
    const m = Math.max(rows, cols);
    const n = Math.min(rows, cols);
    const seed = 1000 * rows + cols;
    const gain = 1.5;
    const w = orthogonal({ gain })([rows, cols], createRng(seed)).data;
    const g = createRng(seed).fillNormal(new Float64Array(m * n));
    // Q(i, j) of the tall factor, from the row-major tensor (transposed back when rows < cols)
    const q = (i: number, j: number) => (rows >= cols ? w[i * cols + j] : w[j * cols + i]) / gain;
    const r = rOf(q, g, m, n);
    let scale = 0;
    for (const x of g) scale = Math.max(scale, Math.abs(x));
    let minDiag = Number.POSITIVE_INFINITY;
    let maxBelow = 0;
    for (let a = 0; a < n; a++) {
      minDiag = Math.min(minDiag, r[a][a]);
      for (let b = 0; b < a; b++) maxBelow = Math.max(maxBelow, Math.abs(r[a][b]));
    }
    expect(minDiag).toBeGreaterThan(0);
    expect(maxBelow).toBeLessThan(1e-12 * m * scale);
    // |R₁₁| = ‖g₁‖, and Σ R_ab² over a = ‖g_b‖² (Q has orthonormal columns spanning G's)
    expect(Math.abs(r[0][0] - Math.hypot(...g.subarray(0, m)))).toBeLessThan(1e-12 * m * scale);
    for (let b = 0; b < n; b++) {
      let col = 0;
      for (let a = 0; a < n; a++) col += r[a][b] ** 2;
      const norm2 = g.subarray(b * m, (b + 1) * m).reduce((s, x) => s + x * x, 0);
      expect(Math.abs(col / norm2 - 1)).toBeLessThan(1e-12 * m);
    }
  });

  it('both ways the workspace grows give the draws of a grown one (fresh modules: the suite shares them)', async () => {
    // the module's workspace starts at 64 elements and keeps its size, so which branch of its growth
    // runs depends on the calls before: a fresh module per case makes the first call grow it
    const grown = orthogonal();
    grown([256, 256], createRng(0));
    for (const [rows, cols, why] of [
      [70, 66, 'asks for 2n = 132 > 2·64: grows to exactly 132'],
      [40, 40, 'asks for 2n = 80 ≤ 2·64: grows to 128 (doubling)'],
    ] as const) {
      vi.resetModules();
      const fresh = (await import('./orthogonal.js')).orthogonal();
      expect(fresh([rows, cols], createRng(rows)).data, why).toEqual(
        grown([rows, cols], createRng(rows)).data,
      );
    }
    vi.resetModules();
  });

  it('repeated calls with other shapes reuse no stale scratch: each equals a fresh computation', () => {
    const init = orthogonal();
    const big = init([40, 40], createRng(1)).data;
    const small = init([4, 3], createRng(2)).data;
    const again = init([40, 40], createRng(1)).data;
    expect(again).toEqual(big);
    expect(orthogonal()([4, 3], createRng(2)).data).toEqual(small);
  });

  it('Keras/JAX flattening: rows = Π shape[:−1] even for a zero last axis; bad options are named', () => {
    expect(orthogonal({ layout: 'keras' }).matrix([2, 3, 5])).toEqual({ rows: 6, cols: 5 });
    expect(orthogonal({ layout: 'keras' }).matrix([2, 3, 0])).toEqual({ rows: 0, cols: 0 });
    expect(orthogonal({ layout: 'torch' }).matrix([0, 3, 4])).toEqual({ rows: 0, cols: 0 });
    expect(() => orthogonal(3 as never)).toThrow(/^options must be an options object/);
    expect(() => orthogonal({ gain: Number.NaN })).toThrow(/^gain must be/);
    expect(orthogonal({ gain: 2 }).displayName).toMatch(/^orthogonal\(gain=2\) \(PyTorch orthogonal_/);
    expect(orthogonal({ layout: 'jax' }).displayName).toMatch(/Keras\/JAX Orthogonal: cols = shape\[-1\]/);
  });
});

/**
 * A stream whose normal draws are a given matrix (column-major, as orthogonal reads it): the
 * Householder QR must give an orthonormal Q for every matrix, not only for typical Gaussian ones.
 */
function drawing(g: readonly number[]) {
  const rng = Object.create(createRng(1));
  rng.fillNormal = (out: Float64Array) => {
    out.set(g);
    return out;
  };
  return rng as ReturnType<typeof createRng>;
}

describe('orthogonal on hard draws: Q stays orthonormal', () => {
  const second = [0.3, 0.7, -0.2, 0.5];
  it.each([
    ['close to +e₁', 1],
    ['close to −e₁', -1],
  ])(
    'a first column %s: each reflection takes the sign that avoids cancellation (|QᵀQ − I| < 1e-14)',
    (_, x0) => {
      // (x0, 1e-5, 2e-5, −1e-5): with the other sign, v₀ = x0 − (±‖x‖) loses 10 of its 16 digits and
      // QᵀQ is off by 3e-9
      const w = orthogonal()([4, 2], drawing([x0, 1e-5, 2e-5, -1e-5, ...second])).data;
      let worst = 0;
      for (let a = 0; a < 2; a++) {
        for (let b = 0; b < 2; b++) {
          let s = 0;
          for (let i = 0; i < 4; i++) s += w[i * 2 + a] * w[i * 2 + b];
          worst = Math.max(worst, Math.abs(s - (a === b ? 1 : 0)));
        }
      }
      expect(worst).toBeLessThan(1e-14);
      // and it is the Q of the QR: the first column is the draw's first column, normalised, sign kept
      const norm = Math.hypot(x0, 1e-5, 2e-5, -1e-5);
      expect(Math.abs(w[0] - x0 / norm)).toBeLessThan(1e-14);
    },
  );

  it('an exactly zero first column: no NaN, Q orthonormal, its first column e₁ (no reflection, sign(0) = +1)', () => {
    const w = orthogonal()([4, 2], drawing([0, 0, 0, 0, ...second])).data;
    // column 0 is e₁; column 1 is the second draw with its first entry removed, normalised
    const rest = Math.hypot(0.7, -0.2, 0.5);
    const expected = [1, 0, 0, 0.7 / rest, 0, -0.2 / rest, 0, 0.5 / rest];
    for (let k = 0; k < 8; k++) expect(Math.abs(w[k] - expected[k])).toBeLessThan(1e-14);
  });
});
