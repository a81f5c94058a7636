import erf from '@stdlib/math-base-special-erf';
import { describe, expect, it } from 'vitest';
import {
  depthNormRatioLaw,
  logMomentsGivenK,
  normRatioExpansion,
  reluNormRatioCdf,
  reluNormRatioLaw,
} from './finite-width.js';
import { digamma, EULER_GAMMA, trigamma } from './special.js';

function rel(a: number, b: number): number {
  return Math.abs(a / b - 1);
}

/**
 * Exact ReLU values conditioned on K ≥ 1, computed independently with mpmath 1.3 at 30 digits
 * (psi, binomial: Σ over k ≥ 1 of the conditional log moments), agreeing with fixtures/scipy.
 */
const MPMATH: [number, number, number][] = [
  [4, -0.716572657498808, 2.92636247793152],
  [8, -0.398777269866757, 1.24698912776666],
  [16, -0.17639732440705, 0.419593394106779],
  [32, -0.0825402080962268, 0.177497787225961],
  [64, -0.0401085988357457, 0.0829973505564476],
  [128, -0.0197864018773212, 0.0402339926029128],
  [256, -0.00982865936380293, 0.0198187089097985],
];

describe('reluNormRatioLaw: the exact finite-width law (Hanin & Rolnick 2018)', () => {
  it('Var log R at n = 32 is 0.177498 (issue 4), with the log moments conditioned on K ≥ 1', () => {
    const law = reluNormRatioLaw(32);
    expect(law.conditioned).toBe(true);
    expect(law.logVariance.toFixed(6)).toBe('0.177498');
    expect(law.probabilityZero).toBe(2 ** -32);
    // the second-order series is 0.174316 there: the difference is the O(n⁻³) remainder
    expect(normRatioExpansion(32).logVarianceSecondOrder.toFixed(6)).toBe('0.174316');
  });

  it('E log R and Var log R match mpmath at n = 4 … 256 to 1e-12', () => {
    for (const [n, m, v] of MPMATH) {
      const law = reluNormRatioLaw(n);
      expect(rel(law.logMean, m)).toBeLessThan(1e-12);
      expect(rel(law.logVariance, v)).toBeLessThan(1e-12);
    }
  });

  it('n = 1 and n = 2 by hand: log R = log(2χ²₁) given K = 1, and a two-term mixture at n = 2', () => {
    const one = reluNormRatioLaw(1);
    expect(rel(one.logMean, Math.log(4) + digamma(0.5))).toBeLessThan(1e-14); // ln 2 + ψ(½) + ln 2
    expect(rel(one.logVariance, (Math.PI * Math.PI) / 2)).toBeLessThan(1e-14); // ψ′(½)
    // n = 2: K = 1 w.p. 2/3, K = 2 w.p. 1/3 given K ≥ 1; R = χ²_K
    const m1 = digamma(0.5) + Math.LN2;
    const m2 = digamma(1) + Math.LN2;
    const mean = (2 / 3) * m1 + (1 / 3) * m2;
    const variance =
      (2 / 3) * (trigamma(0.5) + (m1 - mean) ** 2) + (1 / 3) * (trigamma(1) + (m2 - mean) ** 2);
    const two = reluNormRatioLaw(2);
    expect(rel(two.logMean, mean)).toBeLessThan(1e-14);
    expect(rel(two.logVariance, variance)).toBeLessThan(1e-14);
  });

  it('E[R] = 1 and Var R = 5/n exactly; the log moments approach 5/n + 37/(2n²) and −5/(2n) − 49/(12n²) at rate n⁻³', () => {
    const diffs: number[] = [];
    for (const n of [64, 128, 256, 512, 1024]) {
      const law = reluNormRatioLaw(n);
      const e = normRatioExpansion(n);
      expect(law.mean).toBe(1);
      expect(law.variance).toBe(5 / n);
      expect(e.logVarianceFirstOrder).toBe(5 / n);
      expect(e.logVarianceSecondOrder).toBeCloseTo(5 / n + 37 / (2 * n * n), 15);
      expect(e.logMeanSecondOrder).toBeCloseTo(-5 / (2 * n) - 49 / (12 * n * n), 15);
      diffs.push(law.logVariance - e.logVarianceSecondOrder);
      expect(Math.abs(law.logMean - e.logMeanSecondOrder) * n ** 3).toBeLessThan(200);
    }
    // halving n⁻¹ divides the remainder by ≈ 8 (third order)
    for (let i = 1; i < diffs.length; i++) expect(diffs[i - 1] / diffs[i]).toBeGreaterThan(7);
    for (let i = 1; i < diffs.length; i++) expect(diffs[i - 1] / diffs[i]).toBeLessThan(9);
  });

  it('a large width stays cheap and accurate: n = 100000 against the series', () => {
    const law = reluNormRatioLaw(100_000);
    const e = normRatioExpansion(100_000);
    expect(rel(law.logVariance, e.logVarianceSecondOrder)).toBeLessThan(1e-8);
    expect(rel(law.logMean, e.logMeanSecondOrder)).toBeLessThan(1e-8);
    expect(law.probabilityZero).toBe(0);
  });

  it('rejects bad widths and slopes', () => {
    expect(() => reluNormRatioLaw(0)).toThrow(/width must be an integer in \[1/);
    expect(() => reluNormRatioLaw(2.5)).toThrow(/width must be an integer/);
    expect(() => reluNormRatioLaw(4, { slope: Number.NaN })).toThrow(/slope must be finite/);
    expect(() => reluNormRatioLaw(4, 'x' as never)).toThrow(TypeError);
  });
});

describe('the leaky-ReLU law R = 2/((1 + a²)n)·(χ²_K + a²χ²′_{n−K})', () => {
  it('a = ±1 is the linear layer: R = χ²_n/n, E log R = ψ(n/2) + ln(2/n), Var log R = ψ′(n/2), Var R = 2/n', () => {
    for (const n of [1, 3, 32, 300]) {
      for (const a of [1, -1]) {
        const law = reluNormRatioLaw(n, { slope: a });
        expect(law.conditioned).toBe(false);
        expect(law.probabilityZero).toBe(0);
        expect(rel(law.logMean, digamma(n / 2) + Math.log(2 / n))).toBeLessThan(1e-13);
        expect(rel(law.logVariance, trigamma(n / 2))).toBeLessThan(1e-13);
        expect(law.variance).toBeCloseTo(2 / n, 15);
      }
    }
  });

  it('n = 2, K = 1: E log(Z₁² + a²Z₂²) = ln 2 − γ + 2 ln((1 + a)/2), Var = π²/6 + 2·Li₂(ρ²), ρ = (1 − a)/(1 + a)', () => {
    // polar coordinates: r² ~ χ²₂ independent of the angle; (1/2π)∫ln(cos²t + a²sin²t)dt = 2ln((1+a)/2)
    // and its Fourier series 2Σ(−1)^{m+1}ρᵐcos(2mt)/m has variance 2Σρ^{2m}/m² = 2Li₂(ρ²)
    for (const a of [0.01, 0.3, 0.9, 2.5]) {
      const rho = (1 - a) / (1 + a);
      let li2 = 0;
      for (let m = 1; m < 5000; m++) li2 += rho ** (2 * m) / (m * m);
      const got = logMomentsGivenK(2, 1, a);
      expect(Math.abs(got.mean - (Math.LN2 - EULER_GAMMA + 2 * Math.log((1 + a) / 2)))).toBeLessThan(1e-13);
      expect(Math.abs(got.variance - ((Math.PI * Math.PI) / 6 + 2 * li2))).toBeLessThan(1e-12);
    }
  });

  it('matches mpmath 2-D quadrature of the χ² mixture (n = 3, a = 0.2; n = 4, a = 0.5) to 1e-12', () => {
    // mpmath 1.3, dps 25: Σ_k C(n,k)2⁻ⁿ ∫∫ log(2(x + a²y)/((1+a²)n))ʲ f_k(x) f_{n−k}(y) dx dy
    const a = reluNormRatioLaw(3, { slope: 0.2 });
    expect(rel(a.logMean, -0.8600575396577317)).toBeLessThan(1e-12);
    expect(rel(a.logVariance, 2.347098912538345)).toBeLessThan(1e-12);
    const b = reluNormRatioLaw(4, { slope: 0.5 });
    expect(rel(b.logMean, -0.37639789109753)).toBeLessThan(1e-12);
    expect(rel(b.logVariance, 0.8763088247279496)).toBeLessThan(1e-12);
  });

  it('Var R = (6(1 + a⁴)/(1 + a²)² − 1)/n and the slope enters only through a²', () => {
    const law = reluNormRatioLaw(40, { slope: 0.3 });
    expect(law.variance).toBeCloseTo((6 * (1 + 0.3 ** 4)) / (1 + 0.09) ** 2 / 40 - 1 / 40, 15);
    const neg = reluNormRatioLaw(40, { slope: -0.3 });
    expect(neg.logMean).toBe(law.logMean);
    expect(neg.logVariance).toBe(law.logVariance);
  });

  it('as a → 0 the K ≥ 1 part tends to the ReLU law (n = 16, a = 1e-9)', () => {
    const leaky = reluNormRatioLaw(16, { slope: 1e-9 });
    const relu = reluNormRatioLaw(16);
    const p0 = 2 ** -16;
    // K = 0: log R = log(a²) + ψ(8) + ln 2 + ln(2/16)
    const k0 = Math.log(1e-18) + digamma(8) + Math.LN2 + Math.log(2 / 16);
    expect(Math.abs(leaky.logMean - ((1 - p0) * relu.logMean + p0 * k0))).toBeLessThan(1e-6);
  });
});

describe('reluNormRatioCdf', () => {
  it('n = 1: F(r) = ½ + ½·erf(√(r/4)); n = 2: ¼ + ½·erf(√(r/2)) + ¼(1 − e^{−r/2})', () => {
    const f1 = reluNormRatioCdf(1);
    const f2 = reluNormRatioCdf(2);
    for (const r of [0, 1e-4, 0.3, 1, 2.2, 9, 40]) {
      expect(Math.abs(f1(r) - (0.5 + 0.5 * erf(Math.sqrt(r / 4))))).toBeLessThan(1e-15);
      expect(Math.abs(f2(r) - (0.25 + 0.5 * erf(Math.sqrt(r / 2)) - 0.25 * Math.expm1(-r / 2)))).toBeLessThan(
        1e-15,
      );
    }
    expect(f1(-0.1)).toBe(0);
  });

  it('has the atom 2⁻ⁿ at 0, tends to 1, and is nondecreasing', () => {
    const f = reluNormRatioCdf(20);
    expect(f(0)).toBeCloseTo(2 ** -20, 20);
    expect(f(50)).toBeCloseTo(1, 14);
    let prev = 0;
    for (let r = 0; r < 5; r += 0.01) {
      const v = f(r);
      expect(v).toBeGreaterThanOrEqual(prev);
      prev = v;
    }
  });
});

describe('depthNormRatioLaw: log-ratios of independent layers add', () => {
  it('sums the layers’ log moments; E∏R = 1, Var ∏R = ∏(1 + 5/n_l) − 1; P(0) = 1 − ∏(1 − 2^{−n_l})', () => {
    const widths = [3, 8, 16, 8];
    const d = depthNormRatioLaw(widths);
    const l8 = reluNormRatioLaw(8);
    const l16 = reluNormRatioLaw(16);
    expect(d.depth).toBe(3);
    expect(d.logMean).toBeCloseTo(2 * l8.logMean + l16.logMean, 15);
    expect(d.logVariance).toBeCloseTo(2 * l8.logVariance + l16.logVariance, 15);
    expect(d.mean).toBe(1);
    expect(d.variance).toBeCloseTo((1 + 5 / 8) ** 2 * (1 + 5 / 16) - 1, 14);
    expect(d.probabilityZero).toBeCloseTo(1 - (1 - 2 ** -8) ** 2 * (1 - 2 ** -16), 15);
    expect(d.conditioned).toBe(true);
  });

  it('the typical norm drifts down like −(5/2)Σ1/n_l while the mean is preserved', () => {
    const d = depthNormRatioLaw(Array(51).fill(200));
    expect(rel(d.logMean, (-2.5 * 50) / 200)).toBeLessThan(0.02);
    expect(rel(d.logVariance, (5 * 50) / 200)).toBeLessThan(0.02);
  });

  it('rejects bad widths', () => {
    expect(() => depthNormRatioLaw([8])).toThrow(/at least one layer/);
    expect(() => depthNormRatioLaw([8, -1])).toThrow(/widths\[1\]/);
    expect(() => depthNormRatioLaw(8 as never)).toThrow(TypeError);
  });
});
