/**
 * How often one draw alone decides a variance test, and the sample size that makes it negligible.
 * Internal to wixi's spec and claims (not a public export).
 *
 * A variance decision compares log s² with log σ² using the fourth-moment standard error
 * se = √((κ − 1)/N) and the normal critical value z = Φ⁻¹(1 − α/2). At the spec's α (≈ 1e-10 per
 * decision) that normal approximation needs more than a finite kurtosis: for a power or stretched
 * exponential tail a single draw v with (v − μ)² ≥ σ²·(1 + z·√((κ − 1)·N)) raises s² past the
 * critical value by itself (s² moves by ≈ (v − μ)²/N), so the test fires at least with probability
 * N·P(|V − μ| > t*), whatever the other N − 1 draws do. When that is not small against α/2, the
 * decision's stated false-alarm rate is wrong, and a sample size planned from κ alone cannot see
 * it. Two Laplace factors (P(|WX| > t) ≈ e^(−2√(2t)) at unit variances) do it 2–5× more often
 * than α/2 at the spec's sizes, two t₁₂ factors 130–500×.
 *
 * `singleDrawRatio` is N·P(|V − μ| > t*)/(α/2) for V one variable, the product W·X of independent
 * factors (Var(WX), Goodman 1960), or one of the fan terms of a sum of fan products (a replicate
 * z = ΣWᵢXᵢ, which one huge term can push past t*). It grows slower than N falls only for tails
 * heavier than t₄, so `tailSafeSamples` doubles a planned N until the ratio is at most
 * SINGLE_DRAW_MAX (5% of α/2): for the spec's families at most a few doublings, for light tails
 * none. The ratio is a lower bound on the test's excess (the other draws' fluctuation adds to the
 * jump), so a small ratio is necessary, and for these tails sufficient in practice.
 *
 * Numerics: factors are centred first (a mean only dilutes the heavy part: for Laplace factors
 * shifted by up to one sd the ratio stays within 1.0–0.7× of the centred one, measured). For a
 * symmetric law (third central moment 0) P(|W| > a) = 2·F_W(−a) is read from the left tail, where
 * the CDF keeps its relative precision far beyond 1 − 10⁻¹⁶; an asymmetric law must be bounded
 * (the spec's betas), where the right tail's 1 − F is exactly 0 past the support and its rounding
 * near the edge multiplies tail probabilities that are already tiny. The product's tail
 * P(|WX| > t) = E[P(|W| > t/|X|)] is a Stieltjes sum over |X| on a log grid (10⁻³σ to 10⁶σ, 1000
 * cells), X's mass per cell read the same way, with the symmetric factor (if one is) as W.
 */
import type { Distribution } from '../random/distributions.js';
import { shifted } from '../random/distributions.js';
import * as check from '../validate.js';
import { zTwoSided } from './estimate.js';

/** The largest single-draw ratio a variance decision of the spec may have: 5% of α/2. */
export const SINGLE_DRAW_MAX = 0.05;

/** At most this many doublings of a planned N (×1024); past it the tails are too heavy. */
const MAX_DOUBLINGS = 10;

/** P(|W| > a) for a zero-mean W: from the left tail if W is symmetric, else both tails (bounded W). */
function absTail(w: Distribution, a: number): number {
  if (w.thirdCentralMoment === 0) return Math.min(1, 2 * w.cdf(-a));
  return Math.min(1, w.cdf(-a) + (1 - w.cdf(a)));
}

/** P(lo < |X| ≤ hi) for a zero-mean X, read as absTail reads it. */
function absMass(x: Distribution, lo: number, hi: number): number {
  const left = x.cdf(-lo) - x.cdf(-hi);
  return x.thirdCentralMoment === 0 ? 2 * left : left + (x.cdf(hi) - x.cdf(lo));
}

function centred(d: Distribution): Distribution {
  return d.mean === 0 ? d : shifted(d, -d.mean);
}

/**
 * P(|W·X| > t) for independent W and X, both centred first: a Stieltjes sum over |X| on a log grid
 * (see the module comment). `t` must be positive.
 */
export function productTail(w: Distribution, x: Distribution, t: number): number {
  const tt = check.positive('t', t);
  let a = centred(w);
  let b = centred(x);
  if (a.thirdCentralMoment !== 0 && b.thirdCentralMoment === 0) [a, b] = [b, a];
  const sx = Math.sqrt(b.variance);
  const cells = 1000;
  const lo = Math.log(1e-3 * sx);
  const hi = Math.log(1e6 * sx);
  const h = (hi - lo) / cells;
  // |X| ≤ 10⁻³σ: W must exceed t/(10⁻³σ)
  let p = absMass(b, 0, Math.exp(lo)) * absTail(a, tt / Math.exp(lo));
  for (let i = 0; i < cells; i++) {
    const mass = absMass(b, Math.exp(lo + i * h), Math.exp(lo + (i + 1) * h));
    if (mass > 0) p += mass * absTail(a, tt / Math.exp(lo + (i + 0.5) * h));
  }
  // |X| beyond the grid: bounded by its mass
  return Math.min(1, p + absTail(b, Math.exp(hi)));
}

/** What a variance decision is about: one variable, a product, or one term of a sum of `fan` products. */
export type SingleDrawCase =
  | { kind: 'variable'; v: Distribution }
  | { kind: 'product'; w: Distribution; x: Distribution }
  | { kind: 'sum'; w: Distribution; x: Distribution; fan: number };

/**
 * N·P(one draw alone crosses the critical value)/(α/2) for a variance test at `alpha` on `n`
 * observations of the case's variable, with the kurtosis and variance of the centred laws
 * (κ_W·κ_X for a product, 3 + (κ_WX − 3)/fan for a sum of fan terms; a sum's N replicates hold
 * N·fan terms). 0 for a two-point ±σ variable (κ = 1), whose s² about the mean cannot move.
 */
export function singleDrawRatio(c: SingleDrawCase, alpha: number, n: number): number {
  const a = check.probability('alpha', alpha);
  const N = check.integer('n', n, 2);
  const z = zTwoSided(a);
  let variance: number;
  let kurtosis: number;
  let terms = 1;
  if (c.kind === 'variable') {
    const v = centred(c.v);
    variance = v.variance;
    kurtosis = v.kurtosis;
    if (kurtosis - 1 < 1e-9) return 0;
    const t = Math.sqrt(variance * (1 + z * Math.sqrt((kurtosis - 1) * N)));
    return (N * absTail(v, t)) / (a / 2);
  }
  const w = centred(c.w);
  const x = centred(c.x);
  const productKurtosis = w.kurtosis * x.kurtosis;
  if (productKurtosis - 1 < 1e-9) return 0; // |W·X| constant (Rademacher × Rademacher)
  variance = w.variance * x.variance;
  kurtosis = productKurtosis;
  if (c.kind === 'sum') {
    terms = check.integer('fan', c.fan, 1);
    kurtosis = 3 + (productKurtosis - 3) / terms;
    variance *= terms;
  }
  const t = Math.sqrt(variance * (1 + z * Math.sqrt((kurtosis - 1) * N)));
  return (N * terms * productTail(w, x, t)) / (a / 2);
}

/**
 * The smallest N = planned·2^k (k ≥ 0) whose single-draw ratio at `alpha` is at most
 * SINGLE_DRAW_MAX: the planned size unchanged for light tails, a few doublings for heavy ones.
 * Throws a RangeError naming the laws when 2¹⁰·planned is not enough (a tail too heavy for a
 * variance test at this α: use lighter tails or a larger α).
 */
export function tailSafeSamples(c: SingleDrawCase, planned: number, alpha: number): number {
  let n = check.integer('planned', planned, 2);
  for (let k = 0; k <= MAX_DOUBLINGS; k++, n *= 2) {
    if (singleDrawRatio(c, alpha, n) <= SINGLE_DRAW_MAX) return n;
  }
  const laws = c.kind === 'variable' ? c.v.name : `${c.w.name} × ${c.x.name}`;
  throw new RangeError(
    `one draw alone would decide a variance test of ${laws} at alpha = ${alpha} even with ` +
      `2^${MAX_DOUBLINGS}·${planned} samples: the tails are too heavy for this alpha`,
  );
}
