import { describe, expect, it } from 'vitest';
import { normal, rademacher, shifted, uniform } from '../random/index.js';
import { productMoments, productVariance, sumMoments, sumVariance } from './product.js';

describe('productVariance (Goodman 1960)', () => {
  it('hand example: W ~ (mean 2, var 3), X ~ (mean −1, var 5) gives 15 + 3·1 + 5·4 = 38 = E[W²]E[X²] − μw²μx²', () => {
    expect(productVariance({ mean: 2, variance: 3 }, { mean: -1, variance: 5 })).toBe(38);
    expect((3 + 4) * (5 + 1) - 4 * 1).toBe(38);
  });

  it('enumerated example: W uniform on {1, 3}, X uniform on {0, 2}: WX ∈ {0, 0, 2, 6}, Var 6, κ 2', () => {
    // E[WX] = 2, E[(WX)²] = (0 + 0 + 4 + 36)/4 = 10 → Var 6; E[(WX − 2)⁴] = (16 + 16 + 0 + 256)/4 = 72 → κ = 2
    const twoPoint = (mean: number) => shifted(rademacher(), mean); // ±1 around the mean
    const w = twoPoint(2);
    const x = twoPoint(1);
    expect(productVariance(w, x)).toBe(6);
    const m = productMoments(w, x);
    expect(m.mean).toBe(2);
    expect(m.variance).toBe(6);
    expect(m.secondMoment).toBe(10);
    expect(m.fourthCentralMoment).toBeCloseTo(72, 12);
    expect(m.kurtosis).toBeCloseTo(2, 12);
  });

  it('is Var(W)·Var(X) only when both means are zero', () => {
    expect(productVariance(normal({ sd: 2 }), uniform({ lo: -1, hi: 1 }))).toBeCloseTo(4 / 3, 15);
    expect(productVariance(normal({ sd: 2 }), uniform({ lo: 0, hi: 1 }))).toBeCloseTo(4 / 12 + 4 * 0.25, 15);
  });

  it('zero-mean normals: κ(WX) = E[W⁴]E[X⁴]/(E[W²]E[X²])² = 9', () => {
    const m = productMoments(normal({ sd: 0.3 }), normal({ sd: 7 }));
    expect(m.kurtosis).toBeCloseTo(9, 12);
    expect(m.variance).toBeCloseTo(0.09 * 49, 12);
  });

  it('rejects bad moments with named errors', () => {
    expect(() => productVariance(null as never, { variance: 1 })).toThrow(TypeError);
    expect(() => productVariance({ variance: -1 }, { variance: 1 })).toThrow(/w.variance must be >= 0/);
    expect(() => productVariance({ variance: 1, mean: Number.NaN }, { variance: 1 })).toThrow(/w.mean/);
    expect(() => productMoments({ variance: 1, fourthCentralMoment: 0.5 }, { variance: 1 })).toThrow(
      /κ >= 1/,
    );
  });
});

describe('sumVariance (He et al. 2015, eq. 7)', () => {
  it('zero-mean weights: n·Var(W)·E[X²] — the second moment of X, not its variance', () => {
    // pixels in [0, 1]: X ~ U(0, 1), E[X²] = 1/3, Var X = 1/12
    const v = sumVariance(100, { variance: 0.01 }, uniform({ lo: 0, hi: 1 }));
    expect(v).toBeCloseTo(100 * 0.01 * (1 / 3), 15);
    expect(v).not.toBeCloseTo(100 * 0.01 * (1 / 12), 3);
  });

  it('nonzero-mean weights with correlated inputs grow like n²', () => {
    // W ≡ 1, Var X = 1, Cov(Xi, Xj) = 0.5: Var(X₁ + X₂ + X₃) = 3 + 6·0.5 = 6
    expect(sumVariance(3, { mean: 1, variance: 0 }, { variance: 1 }, { inputCovariance: 0.5 })).toBe(6);
    // zero-mean weights: the covariance does not matter
    expect(sumVariance(3, { variance: 2 }, { mean: 1, variance: 1 }, { inputCovariance: 0.5 })).toBe(12);
  });

  it('sumMoments: excess kurtosis divides by n', () => {
    const m = sumMoments(4, normal(), normal());
    expect(m.variance).toBeCloseTo(4, 14);
    expect(m.kurtosis).toBeCloseTo(3 + 6 / 4, 12);
    const one = sumMoments(1, normal({ mean: 1 }), uniform());
    const p = productMoments(normal({ mean: 1 }), uniform());
    expect(one.kurtosis).toBeCloseTo(p.kurtosis, 14);
  });

  it('rejects bad arguments', () => {
    expect(() => sumVariance(0, { variance: 1 }, { variance: 1 })).toThrow(/n must be an integer in \[1/);
    expect(() => sumVariance(2.5, { variance: 1 }, { variance: 1 })).toThrow(RangeError);
    expect(() => sumVariance(2, { variance: 1 }, { variance: 1 }, { inputCovariance: 3 })).toThrow(
      /inputCovariance/,
    );
  });
});
