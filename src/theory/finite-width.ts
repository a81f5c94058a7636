import gammaln from '@stdlib/math-base-special-gammaln';
import * as check from '../validate.js';
import { compositeRule } from './numeric.js';
import { digamma, logBinomialPmf, regularizedGammaP, trigamma } from './special.js';

/**
 * The exact law of one layer's norm ratio at finite width (Hanin & Rolnick 2018, "How to start
 * training: the effect of initialization and architecture", §3; Hanin 2018, "Which neural net
 * architectures give rise to exploding and vanishing gradients?").
 *
 * Setting: a dense layer z = W·x, W of shape (n, m) with i.i.d. N(0, 2/((1 + a²)·m)) entries
 * (He/Kaiming normal, fan-in, for leaky ReLU with slope a; a = 0 is ReLU), no bias, y = φ(z) with
 * φ(t) = t for t > 0 and a·t otherwise. For ANY fixed or random input x ≠ 0 independent of W,
 * the mean-square ratio
 *
 *   R = (‖y‖²/n) / (‖x‖²/m)
 *
 * has the law R = 2/((1 + a²)·n) · (χ²_K + a²·χ²′_{n−K}), K ~ Binomial(n, ½), the χ² independent
 * given K (χ²₀ := 0). Derivation: given x, the zᵢ are i.i.d. N(0, s²) with s² = 2‖x‖²/((1+a²)m)
 * (rotation invariance of Gaussian W); K counts the positive zᵢ; given the signs, the squares of
 * the positive ones are s²·χ²₁ each and the negative ones contribute a²·s²·χ²₁ each. For ReLU
 * this is R = (2/n)·χ²_K. Because the law does not depend on x, R is independent of x — hence of
 * every earlier layer: in a deep network the log-ratios of successive layers are independent and
 * their means and variances add (`depthNormRatioLaw`). The raw ratio ‖y‖²/‖x‖² is (n/m)·R.
 */

/** The exact law of one layer's mean-square ratio R (see the module notes). */
export interface NormRatioLaw {
  /** n, the layer's output width. */
  readonly width: number;
  /** a, the negative slope (0 = ReLU). */
  readonly slope: number;
  /** E[R] = 1 exactly (He initialization preserves the mean square). */
  readonly mean: number;
  /** Var R = (κ − 1)/n exactly, κ = E[φ⁴]/E[φ²]² = 6(1 + a⁴)/(1 + a²)² (ReLU: 5/n). */
  readonly variance: number;
  /** E[R²] = 1 + Var R. */
  readonly secondMoment: number;
  /** P(R = 0) = P(K = 0) = 2⁻ⁿ for ReLU, 0 for a ≠ 0. */
  readonly probabilityZero: number;
  /**
   * True for ReLU: R = 0 with probability 2⁻ⁿ, where log R = −∞, so the log moments below are
   * those of the law CONDITIONED ON K ≥ 1 (R > 0). False for a ≠ 0 (R > 0 almost surely).
   */
  readonly conditioned: boolean;
  /** E[log R] (given R > 0), exact. */
  readonly logMean: number;
  /** Var[log R] (given R > 0), exact. */
  readonly logVariance: number;
}

function readSlope(options: unknown): number {
  const o = check.options<{ slope: number }>('options', options);
  return check.finite('slope', o.slope ?? 0);
}

/**
 * The slope the laws are computed at: R is invariant under a → 1/a (leaky_{1/a}(z)² =
 * a⁻²·leaky_a(−z)², and z is symmetric, so the normalized ratio has the same law), so |a| > 1 is
 * computed at 1/a, where a², a⁴, a⁶ cannot overflow (a = 1e300 used to give ∞/∞ = NaN). A slope
 * whose square underflows (|a| < 1e-154, or |a| > 1e154 through 1/a) is computed as ReLU.
 */
function lawSlope(a: number): number {
  return Math.abs(a) > 1 ? 1 / a : a;
}

/** κ − 1 = E[φ(Z)⁴]/E[φ(Z)²]² − 1 for leaky ReLU with slope a: 6(1 + a⁴)/(1 + a²)² − 1. */
function excessFourthRatio(a: number): number {
  const a2 = a * a;
  return (6 * (1 + a2 * a2)) / ((1 + a2) * (1 + a2)) - 1;
}

/**
 * Binomial(n, ½) weights normalized over the k that matter (log-weight within 80 of the largest,
 * i.e. relative weight above e⁻⁸⁰ ≈ 2e-35), optionally excluding k = 0.
 */
function binomialWeights(n: number, fromK: number): { k: Int32Array; p: Float64Array } {
  const half = n / 2;
  const spread = Math.ceil(14 * Math.sqrt(n) + 20);
  const lo = Math.max(fromK, Math.floor(half - spread));
  const hi = Math.min(n, Math.ceil(half + spread));
  const ks: number[] = [];
  const logs: number[] = [];
  let max = Number.NEGATIVE_INFINITY;
  for (let k = lo; k <= hi; k++) {
    const lp = logBinomialPmf(k, n, 0.5);
    ks.push(k);
    logs.push(lp);
    if (lp > max) max = lp;
  }
  const keepK: number[] = [];
  const keepP: number[] = [];
  let total = 0;
  for (let i = 0; i < ks.length; i++) {
    if (logs[i] < max - 80) continue;
    const w = Math.exp(logs[i] - max);
    keepK.push(ks[i]);
    keepP.push(w);
    total += w;
  }
  return { k: Int32Array.from(keepK), p: Float64Array.from(keepP, (w) => w / total) };
}

/**
 * Mean and variance of log(χ²_k + a²·χ²′_{n−k}) for independent χ² (internal; exported for tests).
 *
 * With S = χ²_k + χ²′_{n−k} ~ χ²_n and U = χ²_k/S ~ Beta(k/2, (n−k)/2) independent of S
 * (Lukacs 1955), the variable is S·(a² + (1 − a²)U), so
 *   E log = ψ(n/2) + ln 2 + E[g(U)],   Var log = ψ'(n/2) + Var[g(U)],   g(u) = ln(a² + (1 − a²)u).
 * For a = 0 this is ψ(k/2) + ln 2 and ψ'(k/2) in closed form; otherwise E[g(U)] and Var[g(U)] are
 * one-dimensional integrals, done on u = sin²θ (which removes the Beta density's endpoint
 * singularities) by composite 24-point Gauss–Legendre, with panels of width ≲ 1/(2√n) around the
 * density's peak and geometric panels at θ ≈ |a|·2ʲ where g changes fast.
 */
export function logMomentsGivenK(n: number, k: number, a: number): { mean: number; variance: number } {
  const a2 = a * a;
  const ln2 = Math.LN2;
  if (a2 === 0) {
    if (k === 0) throw new RangeError('log χ²₀ = −∞: the ReLU law needs k >= 1');
    return { mean: digamma(k / 2) + ln2, variance: trigamma(k / 2) };
  }
  const base = { mean: digamma(n / 2) + ln2, variance: trigamma(n / 2) };
  if (k === n || a2 === 1) return base;
  if (k === 0) return { mean: base.mean + Math.log(a2), variance: base.variance };
  const p = k / 2;
  const q = (n - k) / 2;
  const logNorm = Math.LN2 - (gammaln(p) + gammaln(q) - gammaln(p + q));
  const top = Math.PI / 2;
  const breaks: number[] = [];
  const absA = Math.abs(a);
  for (let t = absA / 64; t < top; t *= 2) breaks.push(t);
  const rule = compositeRule(0, top, breaks, top / (16 + Math.ceil(2 * Math.sqrt(n))));
  const m = rule.x.length;
  const g = new Float64Array(m);
  const w = new Float64Array(m);
  let mass = 0;
  let mean = 0;
  for (let i = 0; i < m; i++) {
    const th = rule.x[i];
    const s = Math.sin(th);
    const c = Math.cos(th);
    const dens = Math.exp(logNorm + (2 * p - 1) * Math.log(s) + (2 * q - 1) * Math.log(c));
    const u = s * s;
    g[i] = Math.log(a2 + (1 - a2) * u);
    w[i] = rule.w[i] * dens;
    mass += w[i];
    mean += w[i] * g[i];
  }
  mean /= mass;
  let v = 0;
  for (let i = 0; i < m; i++) v += w[i] * (g[i] - mean) ** 2;
  v /= mass;
  return { mean: base.mean + mean, variance: base.variance + v };
}

/**
 * The exact law of the mean-square ratio R of one He-initialized (Gaussian, fan-in) ReLU or leaky
 * ReLU layer of output width n = `width` (Hanin & Rolnick 2018; Hanin 2018):
 *
 *   R = 2/((1 + a²)n)·(χ²_K + a²χ²′_{n−K}),  K ~ Binomial(n, ½);  ReLU (a = 0): R = (2/n)·χ²_K.
 *
 *   E[R] = 1,  Var R = (6(1 + a⁴)/(1 + a²)² − 1)/n  (ReLU 5/n, exactly — R is a mean of n i.i.d.
 *   terms φ(zᵢ)²/E[φ²] whose variance is E[φ⁴]/E[φ²]² − 1).
 *
 *   E[log R], Var[log R] exactly, by the law of total variance over K:
 *   ReLU: E[log R | K] = ln(4/n) + ψ(K/2),  Var[log R | K] = ψ'(K/2),  K ≥ 1;
 *   leaky: through the Beta decomposition of `logMomentsGivenK`.
 *
 * For ReLU, R = 0 with probability 2⁻ⁿ (every unit off), so log R = −∞ there and the log moments
 * are those of the law conditioned on K ≥ 1 (`conditioned: true`); this is the convention that
 * gives Var log R = 0.177498 at n = 32 (unconditioned, log R has no finite moments). For
 * comparison, the series 5/n + 37/(2n²) gives 0.174316 there (`normRatioExpansion`).
 *
 * The law is the same at slopes a and 1/a (see `lawSlope`): |a| > 1 is computed at 1/a, and a
 * slope whose square underflows gives ReLU's (conditioned) law.
 *
 * Assumptions: Gaussian weights (exactly; other families only approximately), zero bias, x ≠ 0
 * independent of W. Cost O(√n) digamma/trigamma calls (ReLU) or O(√n) one-dimensional
 * quadratures (leaky).
 */
export function reluNormRatioLaw(width: number, options: { slope?: number } = {}): NormRatioLaw {
  const n = check.integer('width', width, 1, 1e9);
  const slope = readSlope(options);
  const a = lawSlope(slope);
  const a2 = a * a;
  const relu = a2 === 0;
  const weights = binomialWeights(n, relu ? 1 : 0);
  const shift = Math.log(2 / ((1 + a2) * n));
  const means = new Float64Array(weights.k.length);
  let logMean = 0;
  let within = 0;
  for (let i = 0; i < weights.k.length; i++) {
    const mk = logMomentsGivenK(n, weights.k[i], a);
    means[i] = shift + mk.mean;
    logMean += weights.p[i] * means[i];
    within += weights.p[i] * mk.variance;
  }
  let between = 0;
  for (let i = 0; i < weights.k.length; i++) between += weights.p[i] * (means[i] - logMean) ** 2;
  const variance = excessFourthRatio(a) / n;
  return Object.freeze({
    width: n,
    slope,
    mean: 1,
    variance,
    secondMoment: 1 + variance,
    probabilityZero: relu ? 2 ** -n : 0,
    conditioned: relu,
    logMean,
    logVariance: within + between,
  });
}

/**
 * The CDF of the ReLU layer's mean-square ratio R = (2/n)·χ²_K, K ~ Binomial(n, ½), including its
 * atom P(R = 0) = 2⁻ⁿ:  F(r) = Σₖ C(n, k)2⁻ⁿ·P(k/2, n·r/4) for r ≥ 0 (P the regularized lower
 * incomplete gamma function, P(0, ·) := 1), 0 for r < 0. Returns F as a function of r (the
 * binomial weights are computed once). Source: the law of `reluNormRatioLaw`.
 */
export function reluNormRatioCdf(width: number): (r: number) => number {
  const n = check.integer('width', width, 1, 1e9);
  const w = binomialWeights(n, 0);
  return (r: number) => {
    const x = check.finite('r', r);
    if (x < 0) return 0;
    let f = 0;
    for (let i = 0; i < w.k.length; i++) {
      const k = w.k[i];
      f += w.p[i] * (k === 0 ? 1 : regularizedGammaP(k / 2, (n * x) / 4));
    }
    return Math.min(1, f);
  };
}

/** Large-width expansions of the per-layer law, for comparison with the exact values. */
export interface NormRatioExpansion {
  /** Var R = k₂/n (exact; k₂ = κ − 1 = 5 for ReLU). */
  readonly variance: number;
  /** E[log R] to first order, −k₂/(2n) (ReLU −5/(2n)). */
  readonly logMeanFirstOrder: number;
  /** E[log R] to second order, −k₂/(2n) + (k₃/3 − 3k₂²/4)/n² (ReLU −5/(2n) − 49/(12n²)). */
  readonly logMeanSecondOrder: number;
  /** Var[log R] to first order, k₂/n (ReLU 5/n). */
  readonly logVarianceFirstOrder: number;
  /** Var[log R] to second order, k₂/n + (5k₂²/2 − k₃)/n² (ReLU 5/n + 37/(2n²)). */
  readonly logVarianceSecondOrder: number;
}

/**
 * The 1/n and 1/n² expansions of E[log R] and Var[log R] for one He-initialized (leaky) ReLU
 * layer of width n, from the delta method on R = 1 + ε, ε a mean of n i.i.d. centred terms with
 * cumulants k₂/n, k₃/n²: E log(1 + ε) = −E[ε²]/2 + E[ε³]/3 − E[ε⁴]/4 + …. Here k₂ = E[T²] − 1 and
 * k₃ = E[T³] − 3E[T²] + 2 for T = φ(Z)²/E[φ(Z)²], E[Tʲ] = (2j − 1)!!·(1 + a²ʲ)/2 / ((1 + a²)/2)ʲ.
 * For ReLU, k₂ = 5 and k₃ = 44, giving the 5/n, 37/(2n²), −5/(2n), −49/(12n²) of Hanin & Rolnick
 * (2018) as quoted in ANCHORS.md (re-derived here). The exact values (`reluNormRatioLaw`) differ
 * at O(n⁻³) — and, for ReLU, by the conditioning on K ≥ 1, which no power series in 1/n sees.
 */
export function normRatioExpansion(width: number, options: { slope?: number } = {}): NormRatioExpansion {
  const n = check.integer('width', width, 1);
  const a = lawSlope(readSlope(options));
  const a2 = a * a;
  const h = (1 + a2) / 2;
  const t2 = (3 * (1 + a2 ** 2)) / 2 / h ** 2;
  const t3 = (15 * (1 + a2 ** 3)) / 2 / h ** 3;
  const k2 = t2 - 1;
  const k3 = t3 - 3 * t2 + 2;
  return {
    variance: k2 / n,
    logMeanFirstOrder: -k2 / (2 * n),
    logMeanSecondOrder: -k2 / (2 * n) + (k3 / 3 - (3 * k2 * k2) / 4) / (n * n),
    logVarianceFirstOrder: k2 / n,
    logVarianceSecondOrder: k2 / n + ((5 * k2 * k2) / 2 - k3) / (n * n),
  };
}

/** The law of log(E-normalized squared norm) through a whole depth. */
export interface DepthNormRatioLaw {
  /** L, the number of layers. */
  readonly depth: number;
  /** E[∏R_l] = 1. */
  readonly mean: number;
  /** Var ∏R_l = ∏(1 + Var R_l) − 1 (independent factors). */
  readonly variance: number;
  /** P(some layer is entirely off) = 1 − ∏(1 − 2^{−n_l}) for ReLU; 0 for leaky ReLU. */
  readonly probabilityZero: number;
  /** True for ReLU: the log moments are conditioned on every layer having K_l ≥ 1. */
  readonly conditioned: boolean;
  /** E[Σ log R_l] = Σ E[log R_l]. */
  readonly logMean: number;
  /** Var[Σ log R_l] = Σ Var[log R_l] (independence). */
  readonly logVariance: number;
  /** The per-layer laws, l = 1…L. */
  readonly layers: readonly NormRatioLaw[];
}

/**
 * The exact law of log(‖x_L‖²/n_L) − log(‖x₀‖²/n₀) = Σ_l log R_l for a deep He-initialized
 * (Gaussian, fan-in) ReLU or leaky-ReLU network with widths n₀ (input), n₁, …, n_L. Each R_l has
 * the one-layer law of `reluNormRatioLaw` at width n_l and, because that law does not depend on
 * the layer's input, the R_l are independent (Hanin & Rolnick 2018; Hanin 2018): the mean square
 * is preserved in expectation (E∏R_l = 1) while log-norms drift down by Σ E[log R_l] ≈ −(5/2)Σ1/n_l
 * and spread with variance Σ Var[log R_l] ≈ 5Σ1/n_l. For ReLU the log moments are conditioned on
 * no layer being entirely off (each K_l ≥ 1, independent events; `probabilityZero` is the
 * complement). The input width n₀ does not enter.
 */
export function depthNormRatioLaw(
  widths: readonly number[],
  options: { slope?: number } = {},
): DepthNormRatioLaw {
  if (!Array.isArray(widths)) {
    throw new TypeError(`widths must be an array [n₀, n₁, …, n_L], got ${check.show(widths)}`);
  }
  if (widths.length < 2) {
    throw new RangeError(`widths must list an input width and at least one layer, got ${check.show(widths)}`);
  }
  for (let i = 0; i < widths.length; i++) check.integer(`widths[${i}]`, widths[i], 1, 1e9);
  const slope = readSlope(options);
  const cache = new Map<number, NormRatioLaw>();
  const layers = widths.slice(1).map((n) => {
    let law = cache.get(n);
    if (!law) {
      law = reluNormRatioLaw(n, { slope });
      cache.set(n, law);
    }
    return law;
  });
  let logMean = 0;
  let logVariance = 0;
  let secondMoment = 1;
  let allOn = 1;
  for (const law of layers) {
    logMean += law.logMean;
    logVariance += law.logVariance;
    secondMoment *= law.secondMoment;
    allOn *= 1 - law.probabilityZero;
  }
  return Object.freeze({
    depth: layers.length,
    mean: 1,
    variance: secondMoment - 1,
    probabilityZero: 1 - allOn,
    conditioned: layers[0].conditioned,
    logMean,
    logVariance,
    layers: Object.freeze(layers),
  });
}
