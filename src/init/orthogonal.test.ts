import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { orthogonal } from './orthogonal.js';

/** max |G − g²I| with G = QᵀQ (rows ≥ cols) or QQᵀ, Q the row-major rows×cols matrix. */
function deviation(q: ArrayLike<number>, rows: number, cols: number, g: number): number {
  const tall = rows >= cols;
  const k = tall ? cols : rows;
  let worst = 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let s = 0;
      if (tall) for (let i = 0; i < rows; i++) s += q[i * cols + a] * q[i * cols + b];
      else for (let j = 0; j < cols; j++) s += q[a * cols + j] * q[b * cols + j];
      worst = Math.max(worst, Math.abs(s - (a === b ? g * g : 0)));
    }
  }
  return worst;
}

describe('orthogonal', () => {
  it.each([
    [[5, 5], 5, 5],
    [[7, 3], 7, 3],
    [[3, 7], 3, 7],
    [[4, 2, 3, 3], 4, 18],
    [[32, 4, 2], 32, 8],
    [[1, 9], 1, 9],
    [[9, 1], 9, 1],
  ])('%j viewed as %i×%i (PyTorch flattening) is g-orthogonal to 1e-12', (shape, rows, cols) => {
    for (const gain of [1, 2.5]) {
      const init = orthogonal({ gain });
      expect(init.matrix(shape)).toEqual({ rows, cols });
      const q = init(shape, createRng(rows * 100 + cols)).data;
      expect(deviation(q, rows, cols, gain)).toBeLessThan(1e-12 * gain * gain);
      expect(init.variance(shape)).toBe((gain * gain) / Math.max(rows, cols));
    }
  });
  it('flattens as Keras/JAX with layout keras: cols = shape[-1]', () => {
    const init = orthogonal({ layout: 'keras' });
    expect(init.matrix([3, 3, 4, 8])).toEqual({ rows: 36, cols: 8 });
    expect(deviation(init([3, 3, 4, 8], createRng(1)).data, 36, 8, 1)).toBeLessThan(1e-12);
  });
  it('float32 output is orthogonal to float32 precision: |ΔG| ≤ g²(2u + u²) + 1e-12·g², u = 2⁻²⁴', () => {
    const g = 1.7;
    const q = orthogonal({ gain: g })([20, 12], createRng(3), { dtype: 'float32' }).data;
    expect(q).toBeInstanceOf(Float32Array);
    const u = 2 ** -24;
    expect(deviation(q, 20, 12, g)).toBeLessThan(g * g * (2 * u + u * u + 1e-12));
  });
  it('is deterministic per seed and differs across seeds', () => {
    const init = orthogonal();
    expect(init([6, 4], createRng(8)).data).toEqual(init([6, 4], createRng(8)).data);
    expect(init([6, 4], createRng(8)).data).not.toEqual(init([6, 4], createRng(9)).data);
  });
  it('applies the sign fix: diag(R) > 0, so the first column is not sign-biased', () => {
    // Without the fix Householder QR gives q₁₁ = −|a₁₁|/‖a₁‖ ≤ 0 always; with it, q₁₁ = a₁₁/‖a₁‖.
    const init = orthogonal();
    const rng = createRng(11);
    let positive = 0;
    for (let r = 0; r < 200; r++) if (init([5, 3], rng).data[0] > 0) positive++;
    // Binomial(200, ½): P(≤ 60 or ≥ 140) < 1e-8
    expect(positive).toBeGreaterThan(60);
    expect(positive).toBeLessThan(140);
  });
  it('matches a = QR: the first column of Q is the first column of the Gaussian draw, normalised', () => {
    const rng = createRng(21);
    const q = orthogonal()([6, 3], createRng(21)).data;
    const a = rng.fillNormal(new Float64Array(18)); // column-major 6×3, as orthogonal draws it
    const norm = Math.hypot(...a.subarray(0, 6));
    for (let i = 0; i < 6; i++) expect(Math.abs(q[i * 3] - a[i] / norm)).toBeLessThan(1e-14);
  });
  it('rejects rank < 2 and bad options; empty tensors stay empty', () => {
    expect(() => orthogonal()([5], createRng(1))).toThrow(/rank >= 2/);
    expect(() => orthogonal()([], createRng(1))).toThrow(RangeError);
    expect(() => orthogonal({ gain: 0 })).toThrow(/gain must be > 0/);
    expect(() => orthogonal({ layout: 'x' as 'torch' })).toThrow(/unknown layout/);
    expect(orthogonal()([0, 5], createRng(1)).data.length).toBe(0);
    expect(orthogonal()([5, 0], createRng(1)).data.length).toBe(0);
    expect(() => orthogonal().variance([0, 0])).toThrow(/empty/);
  });
});
