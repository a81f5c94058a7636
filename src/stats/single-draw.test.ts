/**
 * The single-draw check of variance decisions (single-draw.ts): the tail of a product against
 * closed forms and an independent quadrature, the ratio's own formula on a law with a closed-form
 * tail, the doubling of tailSafeSamples (minimal, unchanged for light tails, an error for tails too
 * heavy), and bad input.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { describe, expect, it } from 'vitest';
import { beta, laplace, normal, rademacher, shifted, studentT, uniform } from '../random/distributions.js';
import { zTwoSided } from './estimate.js';
import { productTail, SINGLE_DRAW_MAX, singleDrawRatio, tailSafeSamples } from './single-draw.js';

/** The spec's per-decision α is of this order (1e-6 split over 18 families and ≈ 100 decisions). */
const ALPHA = 5e-10;

describe('productTail', () => {
  it('is P(|W| > t) for a Rademacher X, to the grid: e^(−t/b) for a Laplace W', () => {
    for (const t of [0.5, 2, 10]) {
      const want = Math.exp(-t); // Laplace scale b = 1
      // the mass at |X| = 1 is read at its cell's midpoint, within e^(±0.0104) of 1
      const got = productTail(laplace(), rademacher(), t);
      expect(Math.abs(Math.log(got / want)), `t = ${t}`).toBeLessThan(0.0104 * t + 1e-12);
      // both symmetric: W stays the first, and |X| = Laplace is integrated on the grid instead
      const swapped = productTail(rademacher(), laplace(), t);
      expect(Math.abs(Math.log(swapped / want)), `t = ${t}, swapped`).toBeLessThan(0.0104 * t + 1e-12);
    }
  });

  it('agrees with an independent quadrature for a normal W and a uniform X: ∫₀¹ 2Φ(−t/x) dx', () => {
    for (const t of [0.3, 1, 3, 6]) {
      // Simpson's rule on [0, 1], 20 000 intervals
      const m = 20000;
      let s = 0;
      for (let i = 0; i <= m; i++) {
        const x = i / m;
        const f = x === 0 ? 0 : 2 * normalCdf(-t / x, 0, 1);
        s += f * (i === 0 || i === m ? 1 : i % 2 === 1 ? 4 : 2);
      }
      const want = s / (3 * m);
      // the midpoint rule in log|x| on the Gaussian tail e^(−t²/2x²) is off by O((t·h)²) with cells
      // of h = 0.0207: 0.9% at t = 6
      const err = Math.abs(productTail(normal(), uniform({ lo: -1, hi: 1 }), t) / want - 1);
      expect(err, `t = ${t}`).toBeLessThan(2e-3 * Math.max(1, (t * t) / 7));
    }
  });

  it('reads a bounded asymmetric law from both tails, with the symmetric factor as W', () => {
    // X = B − E[B] for B ~ beta(2, 5), density 30·b·(1 − b)⁴; P(|WX| > t) = E[2Φ(−t/|X|)], Simpson
    const x = shifted(beta({ alpha: 2, beta: 5 }), -2 / 7);
    const t = 0.8;
    const m = 20000;
    let sum = 0;
    for (let i = 0; i <= m; i++) {
      const b = i / m;
      const v = Math.abs(b - 2 / 7);
      const f = v === 0 ? 0 : 30 * b * (1 - b) ** 4 * 2 * normalCdf(-t / v, 0, 1);
      sum += f * (i === 0 || i === m ? 1 : i % 2 === 1 ? 4 : 2);
    }
    const want = sum / (3 * m);
    expect(Math.abs(productTail(normal(), x, t) / want - 1)).toBeLessThan(5e-3);
    expect(productTail(x, normal(), t)).toBe(productTail(normal(), x, t));
  });

  it('centres both factors first, and rejects a threshold that is not positive', () => {
    const centred = productTail(laplace(), normal(), 4);
    expect(productTail(shifted(laplace(), 2), shifted(normal(), -1), 4)).toBe(centred);
    for (const t of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => productTail(normal(), normal(), t)).toThrow(RangeError);
    }
    expect(() => productTail(normal(), normal(), 0)).toThrow(/^t must be > 0, got 0$/);
  });
});

describe('singleDrawRatio', () => {
  it('is n·P(|V| > t*)/(α/2) with t*² = σ²(1 + z·√((κ − 1)n)): a Laplace variable in closed form', () => {
    const n = 100000;
    const z = zTwoSided(ALPHA);
    const kappa = 6; // Laplace
    const t = Math.sqrt(2 * (1 + z * Math.sqrt((kappa - 1) * n))); // σ² = 2 at scale 1
    const want = (n * Math.exp(-t)) / (ALPHA / 2);
    expect(singleDrawRatio({ kind: 'variable', v: laplace() }, ALPHA, n) / want).toBeCloseTo(1, 12);
  });

  it('for a bounded asymmetric variable counts both tails: beta(0.5, 8) about its mean', () => {
    // P(|B − μ| > t) = F(μ − t) + 1 − F(μ + t) with t past the mean, so only the right tail counts
    const b = beta({ alpha: 0.5, beta: 8 });
    const n = 50; // t* ≈ 7σ, inside the support (which ends 12.3σ above the mean)
    const t = Math.sqrt(b.variance * (1 + zTwoSided(0.01) * Math.sqrt((b.kurtosis - 1) * n)));
    const want = (n * (b.cdf(b.mean - t) + 1 - b.cdf(b.mean + t))) / 0.005;
    expect(want).toBeGreaterThan(0);
    expect(singleDrawRatio({ kind: 'variable', v: b }, 0.01, n) / want).toBeCloseTo(1, 10);
  });

  it('for a sum of fan terms uses κ = 3 + (κ_WX − 3)/fan, variance fan·σ², and fan·N terms', () => {
    const [w, x, fan, n] = [laplace(), normal(), 4, 5000];
    const kappa = 3 + (6 * 3 - 3) / fan;
    const t = Math.sqrt(fan * 2 * (1 + zTwoSided(ALPHA) * Math.sqrt((kappa - 1) * n)));
    const want = (n * fan * productTail(w, x, t)) / (ALPHA / 2);
    expect(singleDrawRatio({ kind: 'sum', w, x, fan }, ALPHA, n) / want).toBeCloseTo(1, 10);
  });

  it('is 0 where no draw can move s²: a Rademacher variable and a Rademacher product', () => {
    expect(singleDrawRatio({ kind: 'variable', v: rademacher() }, ALPHA, 1000)).toBe(0);
    expect(singleDrawRatio({ kind: 'product', w: rademacher(), x: rademacher() }, ALPHA, 1000)).toBe(0);
  });

  it('falls with more terms per replicate and with more samples, for Laplace × Laplace', () => {
    const c = (fan: number) => ({ kind: 'sum' as const, w: laplace(), x: laplace(), fan });
    const r1 = singleDrawRatio(c(1), ALPHA, 200000);
    expect(singleDrawRatio({ kind: 'product', w: laplace(), x: laplace() }, ALPHA, 200000)).toBeCloseTo(
      r1,
      10,
    );
    expect(singleDrawRatio(c(16), ALPHA, 200000)).toBeLessThan(r1 / 10);
    expect(singleDrawRatio(c(1), ALPHA, 800000)).toBeLessThan(r1 / 10);
  });

  it('names a bad α, n or fan', () => {
    const c = { kind: 'product' as const, w: normal(), x: normal() };
    expect(() => singleDrawRatio(c, 0, 10)).toThrow(/^alpha must be in \(0, 1\), got 0$/);
    expect(() => singleDrawRatio(c, Number.NaN, 10)).toThrow(RangeError);
    expect(() => singleDrawRatio(c, 0.01, 1)).toThrow(/^n must be/);
    expect(() => singleDrawRatio(c, 0.01, 10.5)).toThrow(/^n must be an integer, got 10.5$/);
    expect(() => singleDrawRatio({ ...c, kind: 'sum', fan: 0 }, 0.01, 10)).toThrow(/^fan must be/);
  });
});

describe('tailSafeSamples', () => {
  it('keeps the planned size for light tails', () => {
    expect(tailSafeSamples({ kind: 'product', w: normal(), x: normal() }, 50000, ALPHA)).toBe(50000);
    expect(tailSafeSamples({ kind: 'sum', w: uniform(), x: normal(), fan: 3 }, 777, ALPHA)).toBe(777);
  });

  it('doubles it, minimally, for two heavy factors', () => {
    for (const c of [
      { kind: 'product' as const, w: laplace(), x: laplace() },
      { kind: 'product' as const, w: studentT({ nu: 20 }), x: studentT({ nu: 20 }) },
    ]) {
      const planned = 40000;
      expect(singleDrawRatio(c, ALPHA, planned)).toBeGreaterThan(SINGLE_DRAW_MAX);
      const n = tailSafeSamples(c, planned, ALPHA);
      expect(Number.isInteger(Math.log2(n / planned)) && n > planned).toBe(true);
      expect(singleDrawRatio(c, ALPHA, n)).toBeLessThanOrEqual(SINGLE_DRAW_MAX);
      expect(singleDrawRatio(c, ALPHA, n / 2)).toBeGreaterThan(SINGLE_DRAW_MAX);
    }
  });

  it('throws, naming the laws, when 2¹⁰ times the plan is not enough (t₅ × t₅)', () => {
    const c = { kind: 'product' as const, w: studentT({ nu: 5 }), x: studentT({ nu: 5 }) };
    expect(() => tailSafeSamples(c, 1000, ALPHA)).toThrow(RangeError);
    expect(() => tailSafeSamples(c, 1000, ALPHA)).toThrow(/studentT\(5\) × studentT\(5\) .* too heavy/);
    expect(() => tailSafeSamples(c, 0, ALPHA)).toThrow(/^planned must be/);
    // a single variable names its one law
    const v = { kind: 'variable' as const, v: studentT({ nu: 4.5 }) };
    expect(() => tailSafeSamples(v, 1000, ALPHA)).toThrow(/test of studentT\(4\.5\) at alpha/);
  });
});
