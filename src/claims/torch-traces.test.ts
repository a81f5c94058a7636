import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import {
  compareTraces,
  loadTorchTraces,
  schemeNetwork,
  TORCH_SCHEMES,
  TRACE_QUANTITIES,
  torchTracesAgree,
  twoSampleT,
  wixiTraces,
} from './torch-traces.js';

const fixture = loadTorchTraces();

describe('two-sample t-tests', () => {
  const a = [1.0, 2.5, 3.1, 4.7, 2.2];
  const b = [2.0, 3.3, 4.1, 5.9, 6.2, 3.8];
  it('Welch: t, Satterthwaite df and p match SciPy 1.10 (ttest_ind(b, a, equal_var=False))', () => {
    const w = twoSampleT(a, b);
    expect(w.t).toBeCloseTo(1.705723705518318, 12);
    expect(w.df).toBeCloseTo(8.98579971882072, 11);
    expect(w.pValue).toBeCloseTo(0.1223016618919815, 10);
  });
  it('pooled: t and p match SciPy 1.10 (ttest_ind(b, a, equal_var=True))', () => {
    const s = twoSampleT(a, b, true);
    expect(s.t).toBeCloseTo(1.6781722840039648, 12);
    expect(s.df).toBe(9);
    expect(s.pValue).toBeCloseTo(0.12762320979544514, 10);
  });
  it('needs two observations per sample', () => {
    expect(() => twoSampleT([1], [1, 2])).toThrow(RangeError);
  });
});

describe('wixi counterparts of the PyTorch schemes', () => {
  it('He: Var 2/256 and no bias; Xavier: 1/256; nn.Linear default: weights and biases U(±1/16), Var 1/768', () => {
    expect(schemeNetwork('he', 256).init.variance([256, 256])).toBeCloseTo(2 / 256, 15);
    expect(schemeNetwork('he', 256).bias).toBe(false);
    expect(schemeNetwork('xavier', 256).init.variance([256, 256])).toBeCloseTo(1 / 256, 15);
    const ld = schemeNetwork('linearDefault', 256);
    expect(ld.init.variance([256, 256])).toBeCloseTo(1 / 768, 15);
    expect(typeof ld.bias === 'function' && ld.bias.variance([256])).toBeCloseTo(1 / 768, 15);
    expect(() => schemeNetwork('orthogonal' as never, 256)).toThrow(RangeError);
  });

  it('a small wixi trace has the fixture’s shape and the theory’s first layer (q₁ = n·Var(W)·E[x₀²] + Var(b))', () => {
    const w = wixiTraces(
      schemeNetwork('linearDefault', 64),
      { replicates: 2, width: 64, depth: 3, batch: 128, backwardBatch: 16 },
      createRng(1),
    );
    expect(w.q).toHaveLength(2);
    expect(w.q[0]).toHaveLength(3);
    expect(w.gradIn[1]).toHaveLength(3);
    expect(w.q[0][0] / w.inputMeanSquare[0]).toBeCloseTo(1 / 3 + 1 / (3 * 64), 1);
  });

  it('identical samples are not rejected; a shifted one is', () => {
    const s = {
      inputMeanSquare: [1, 1, 1, 1],
      gradOutMeanSquare: [1, 1, 1, 1],
      q: [[1], [1.1], [0.9], [1.05]].map((r) => Array(10).fill(r[0])),
      post: [[1], [1.1], [0.9], [1.05]].map((r) => Array(10).fill(r[0])),
      gradIn: [[1], [1.1], [0.9], [1.05]].map((r) => Array(10).fill(r[0])),
    };
    expect(compareTraces(s, s, 1e-6).some((c) => c.rejected)).toBe(false);
    const shifted = { ...s, q: s.q.map((r) => r.map((v) => v * 3)) };
    expect(compareTraces(s, shifted, 1e-3).find((c) => c.name.startsWith('log(q'))?.rejected).toBe(true);
  });
});

describe.skipIf(!fixture)('the PyTorch fixture’s traces', () => {
  it('hold 20 replicates × 10 layers per scheme and the five compared quantities', () => {
    const f = fixture as NonNullable<typeof fixture>;
    expect([f.width, f.depth, f.batch, f.replicates]).toEqual([256, 10, 512, 20]);
    for (const s of TORCH_SCHEMES) {
      expect(f.schemes[s].q).toHaveLength(20);
      expect(f.schemes[s].gradIn[0]).toHaveLength(10);
      for (const q of TRACE_QUANTITIES) expect(q.values(f.schemes[s]).every(Number.isFinite)).toBe(true);
    }
    // PyTorch's he net keeps the signal; xavier halves it per layer: post₁₀ ≈ 1 and ≈ 2^-10
    expect(torchTracesAgree.predict({ scheme: 'he' })).toBeGreaterThan(0.8);
    expect(torchTracesAgree.predict({ scheme: 'xavier' }) * 1024).toBeGreaterThan(0.8);
  });
});
