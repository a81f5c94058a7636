import gammaln from '@stdlib/math-base-special-gammaln';
import { describe, expect, it } from 'vitest';
import { reluNormRatioCdf, reluNormRatioLaw } from '../theory/finite-width.js';
import {
  depthLogKurtosis,
  layerLogMoments,
  pentagamma,
  reluRatioCdfTable,
  scaleErrorResolved,
  tetragamma,
} from './log-ratio.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);
const ZETA3 = 1.2020569031595942;

/** E[(log χ²_k − m)^j] by Simpson's rule on the density of Y = log X, f(y) = f_χ²(e^y)·e^y. */
function logChiSquareMoments(k: number): { mean: number; m2: number; m4: number } {
  const logNorm = -(k / 2) * Math.LN2 - gammaln(k / 2);
  const f = (y: number) => Math.exp(logNorm + (k / 2) * y - Math.exp(y) / 2);
  const lo = -60;
  const hi = 6;
  const steps = 200000;
  const h = (hi - lo) / steps;
  const integrate = (g: (y: number) => number) => {
    let s = g(lo) * f(lo) + g(hi) * f(hi);
    for (let i = 1; i < steps; i++) {
      const y = lo + i * h;
      s += (i % 2 === 1 ? 4 : 2) * g(y) * f(y);
    }
    return (s * h) / 3;
  };
  const mean = integrate((y) => y);
  return { mean, m2: integrate((y) => (y - mean) ** 2), m4: integrate((y) => (y - mean) ** 4) };
}

describe('polygamma functions', () => {
  it('ψ″ and ψ‴ at 1 and ½ match the zeta closed forms', () => {
    expect(rel(tetragamma(1), -2 * ZETA3)).toBeLessThan(1e-12);
    expect(rel(tetragamma(0.5), -14 * ZETA3)).toBeLessThan(1e-12);
    expect(rel(pentagamma(1), Math.PI ** 4 / 15)).toBeLessThan(1e-12);
    expect(rel(pentagamma(0.5), Math.PI ** 4)).toBeLessThan(1e-12);
  });
  it('obey the recurrences ψ″(x + 1) = ψ″(x) + 2/x³ and ψ‴(x + 1) = ψ‴(x) − 6/x⁴', () => {
    for (const x of [0.7, 3.3, 9.5, 12.25]) {
      expect(Math.abs(tetragamma(x + 1) - tetragamma(x) - 2 / x ** 3)).toBeLessThan(1e-12);
      expect(Math.abs(pentagamma(x + 1) - pentagamma(x) + 6 / x ** 4)).toBeLessThan(1e-11);
    }
  });
});

describe('exact log moments of one layer', () => {
  it('the cumulant formulas agree with numerical integration of the log-χ² density', () => {
    for (const k of [1, 3, 8]) {
      const q = logChiSquareMoments(k);
      const m = layerLogMoments(k, 'linear'); // log(χ²_k/k): same central moments as log χ²_k
      expect(Math.abs(m.mean + Math.log(k) - q.mean)).toBeLessThan(1e-9);
      expect(rel(m.variance, q.m2)).toBeLessThan(1e-9);
      expect(rel(m.fourth, q.m4)).toBeLessThan(1e-8);
    }
  });
  it('ReLU: mean and variance agree with reluNormRatioLaw (the theory module)', () => {
    for (const n of [4, 8, 16, 32, 128]) {
      const m = layerLogMoments(n, 'relu');
      const law = reluNormRatioLaw(n);
      expect(Math.abs(m.mean - law.logMean)).toBeLessThan(1e-12);
      expect(rel(m.variance, law.logVariance)).toBeLessThan(1e-12);
    }
  });
  it('linear: agrees with the leaky-ReLU law at slope 1', () => {
    for (const n of [8, 24]) {
      const m = layerLogMoments(n, 'linear');
      const law = reluNormRatioLaw(n, { slope: 1 });
      expect(Math.abs(m.mean - law.logMean)).toBeLessThan(1e-12);
      expect(rel(m.variance, law.logVariance)).toBeLessThan(1e-12);
    }
  });
  it('depth kurtosis falls like 1/L towards 3 and is large for narrow ReLU layers', () => {
    const one = depthLogKurtosis([8], 'relu');
    const four = depthLogKurtosis([8, 8, 8, 8], 'relu');
    expect(Math.abs(four - 3 - (one - 3) / 4)).toBeLessThan(1e-12);
    expect(one).toBeGreaterThan(10); // 13.3 by simulation of 400 000 draws
    expect(depthLogKurtosis([32, 32], 'relu')).toBeGreaterThan(3.2);
    expect(depthLogKurtosis([32, 32], 'relu')).toBeLessThan(3.5); // 3.37 by simulation
  });
});

describe('the tabulated ReLU ratio CDF', () => {
  for (const n of [8, 16, 32]) {
    it(`n = ${n}: within its stated bound of the exact CDF, bound ≤ 0.002`, () => {
      const t = reluRatioCdfTable(n);
      const F = reluNormRatioCdf(n);
      expect(t.delta).toBeLessThanOrEqual(0.002);
      for (const x of [-1, 0, 1e-9, 0.05, 0.3, 0.77, 1, 1.41, 2.5, 4, 9, 40]) {
        expect(Math.abs(t.cdf(x) - F(x))).toBeLessThanOrEqual(t.delta + 1e-15);
      }
      expect(t.cdf(-1e-300)).toBe(0);
      expect(t.cdf(0)).toBeCloseTo(2 ** -n, 15);
    });
  }
  it('a larger resolvable distance means a larger scale error', () => {
    const t = reluRatioCdfTable(16);
    const a = scaleErrorResolved(t, 0.04);
    const b = scaleErrorResolved(t, 0.08);
    expect(a).toBeGreaterThan(0.02);
    expect(b).toBeGreaterThan(a);
  });
});
