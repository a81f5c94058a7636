import type { Rng } from '../random/rng.js';
import { dkwEpsilon, ksDistance } from '../stats/goodness.js';
import { reluNormRatioCdf } from '../theory/finite-width.js';
import { digamma, logBinomialPmf, trigamma } from '../theory/special.js';
import * as check from '../validate.js';
import { netSimulator } from './replicate-nets.js';

/**
 * Helpers of the finite-width and isometry claims: higher moments of the exact per-layer log
 * norm ratio (for planning sample sizes), a tabulated exact CDF with a rigorous error bound (for
 * fast DKW tests), and independent replicate networks' log norm ratios.
 */

/** ψ''(x) for x > 0: recurrence up to x ≥ 10, then the asymptotic series (error < 1e-13). */
export function tetragamma(x: number): number {
  let v = check.positive('x', x);
  let acc = 0;
  while (v < 10) {
    acc -= 2 / (v * v * v);
    v += 1;
  }
  const i = 1 / v;
  const i2 = i * i;
  return acc - i2 * (1 + i * (1 + i * (0.5 + i2 * (-1 / 6 + i2 * (1 / 6 + i2 * (-3 / 10 + i2 * (5 / 6)))))));
}

/** ψ'''(x) for x > 0: recurrence up to x ≥ 10, then the asymptotic series (error < 1e-13). */
export function pentagamma(x: number): number {
  let v = check.positive('x', x);
  let acc = 0;
  while (v < 10) {
    acc += 6 / (v * v * v * v);
    v += 1;
  }
  const i = 1 / v;
  const i2 = i * i;
  return acc + i2 * i * (2 + i * (3 + i * (2 + i2 * (-1 + i2 * (4 / 3 + i2 * (-3 + i2 * 10))))));
}

/** Mean, variance and fourth central moment of one layer's log R. */
export interface LogMoments {
  mean: number;
  variance: number;
  fourth: number;
}

/** Central moments of Y = c + log χ²_k from its cumulants ψ⁽ʲ⁾(k/2), about the point m. */
function chiSquareLogMomentsAbout(k: number, c: number, m: number): { m2: number; m4: number } {
  const h = k / 2;
  const k2 = trigamma(h);
  const k3 = tetragamma(h);
  const k4 = pentagamma(h);
  const d = c + digamma(h) + Math.LN2 - m;
  return { m2: k2 + d * d, m4: k4 + 3 * k2 * k2 + 4 * k3 * d + 6 * k2 * d * d + d ** 4 };
}

/**
 * Exact mean, variance and fourth central moment of log R for one Gaussian layer of width n:
 * ReLU (He, Var(W) = 2/fan_in): R = (2/n)·χ²_K, K ~ Binomial(n, ½), conditioned on K ≥ 1 (as
 * `reluNormRatioLaw`); linear (Var(W) = 1/fan_in): R = χ²_n/n. From the cumulants of
 * log χ²_k (ψ(k/2) + ln 2, ψ'(k/2), ψ''(k/2), ψ'''(k/2)) and, for ReLU, the mixture over K.
 */
export function layerLogMoments(width: number, activation: 'relu' | 'linear'): LogMoments {
  const n = check.integer('width', width, 1, 1e6);
  if (activation === 'linear') {
    const c = -Math.log(n);
    const mean = c + digamma(n / 2) + Math.LN2;
    const { m2, m4 } = chiSquareLogMomentsAbout(n, c, mean);
    return { mean, variance: m2, fourth: m4 };
  }
  const c = Math.log(2 / n);
  const ks: number[] = [];
  const ws: number[] = [];
  let total = 0;
  for (let k = 1; k <= n; k++) {
    const lw = logBinomialPmf(k, n, 0.5);
    if (lw < -80) continue;
    const w = Math.exp(lw);
    ks.push(k);
    ws.push(w);
    total += w;
  }
  let mean = 0;
  for (let i = 0; i < ks.length; i++) mean += (ws[i] / total) * (c + digamma(ks[i] / 2) + Math.LN2);
  let variance = 0;
  let fourth = 0;
  for (let i = 0; i < ks.length; i++) {
    const { m2, m4 } = chiSquareLogMomentsAbout(ks[i], c, mean);
    variance += (ws[i] / total) * m2;
    fourth += (ws[i] / total) * m4;
  }
  return { mean, variance, fourth };
}

/**
 * Kurtosis of S = Σ_l log R_l over independent layers of the given widths:
 * κ = 3 + Σ_l (μ₄,l − 3σ_l⁴)/(Σ_l σ_l²)². For planning the replicates of a variance test.
 */
export function depthLogKurtosis(widths: readonly number[], activation: 'relu' | 'linear'): number {
  let v = 0;
  let excess = 0;
  for (const n of widths) {
    const m = layerLogMoments(n, activation);
    v += m.variance;
    excess += m.fourth - 3 * m.variance * m.variance;
  }
  return 3 + excess / (v * v);
}

/** An exact CDF tabulated for fast evaluation, with a rigorous bound on the interpolation error. */
export interface CdfTable {
  /** Linear interpolation of F between grid points; F(x) = 0 below the support's left end. */
  cdf(x: number): number;
  /** sup_x |cdf(x) − F(x)| ≤ delta: the largest increment of F between neighbouring grid points (F is monotone). */
  readonly delta: number;
}

const tables = new Map<number, CdfTable>();

/**
 * The exact CDF of one He ReLU layer's ratio R = (2/n)·χ²_K (`reluNormRatioCdf`, atom 2⁻ⁿ at 0),
 * tabulated on [0, r_max] so a DKW test over tens of thousands of ratios costs a table look-up per
 * ratio rather than O(√n) incomplete gamma functions. Because F is monotone, linear interpolation
 * between grid points a < b is within F(b) − F(a) of F; `delta` is the largest such increment
 * (and 1 − F(r_max), the mass beyond the grid). A test that fails when D̃ > ε + delta keeps its
 * false-alarm rate. Tables are cached per width.
 */
export function reluRatioCdfTable(width: number): CdfTable {
  const n = check.integer('width', width, 1, 4096);
  const cached = tables.get(n);
  if (cached) return cached;
  const F = reluNormRatioCdf(n);
  const sd = Math.sqrt(5 / n);
  let hi = 1 + 12 * sd + 40 / n;
  while (1 - F(hi) > 1e-6) hi *= 1.5;
  let points = 1024;
  let table: CdfTable;
  for (;;) {
    const h = hi / points;
    const grid = new Float64Array(points + 1);
    for (let i = 0; i <= points; i++) grid[i] = F(i * h);
    let delta = 1 - grid[points];
    for (let i = 0; i < points; i++) delta = Math.max(delta, grid[i + 1] - grid[i]);
    table = {
      delta,
      cdf(x: number) {
        if (x < 0) return 0;
        const t = x / h;
        const i = Math.floor(t);
        if (i >= points) return 1;
        return grid[i] + (t - i) * (grid[i + 1] - grid[i]);
      },
    };
    if (delta <= 0.002 || points >= 65536) break;
    points *= 2;
  }
  tables.set(n, table);
  return table;
}

/**
 * The smallest relative scale error s for which the law of (1 + s)·R is at KS distance
 * `distance` from the law of R (sup over r of |F(r) − F(r/(1 + s))|, on a grid), by bisection:
 * translates a test's resolvable KS distance into "an s·100% error in the scale of R".
 */
export function scaleErrorResolved(table: CdfTable, distance: number, hi = 8): number {
  const sup = (s: number) => {
    let d = 0;
    for (let i = 1; i <= 2000; i++) {
      const r = (hi * i) / 2000;
      d = Math.max(d, Math.abs(table.cdf(r) - table.cdf(r / (1 + s))));
    }
    return d;
  };
  let lo = 0;
  let up = 1;
  for (let it = 0; it < 40; it++) {
    const mid = (lo + up) / 2;
    if (sup(mid) < distance) lo = mid;
    else up = mid;
  }
  return up;
}

/** A DKW goodness-of-fit decision against a tabulated CDF. */
export interface TableFit {
  /** KS distance to the tabulated CDF. */
  distance: number;
  /** ε(N, α) + delta: fail iff distance > critical (then the true KS distance exceeds ε). */
  critical: number;
  pass: boolean;
}

/** DKW test of `x` against a `CdfTable` at rate α (see `reluRatioCdfTable`). */
export function fitTable(x: Float64Array, table: CdfTable, alpha: number): TableFit {
  const distance = ksDistance(x, table.cdf);
  const critical = dkwEpsilon(x.length, alpha) + table.delta;
  return { distance, critical, pass: distance <= critical };
}

/** Log norm ratios of independent replicate networks. */
export interface DepthLogRatios {
  /** Sᵣ = log((‖x_L‖²/n_L)/(‖x₀‖²/n₀)) of each network in which no layer went entirely dark. */
  logRatio: Float64Array;
  /** Networks drawn in all (including those with a dead layer, ‖x_l‖ = 0, where Sᵣ = −∞). */
  drawn: number;
}

/**
 * Draw networks with Gaussian weights (Var(W) = c/fan_in; ReLU with c = 2 is He normal, linear
 * with c = 1 the untruncated N(0, 1/n)) of equal widths n, one N(0, 1) input row each, until `count` of them
 * have no dead layer, and return their depth log ratios. Each network is an independent
 * observation; conditioning on "no dead layer" gives i.i.d. draws from the conditioned law that
 * `depthNormRatioLaw` describes.
 */
export function depthLogRatios(
  options: { width: number; depth: number; activation: 'relu' | 'linear'; count: number },
  rng: Rng,
): DepthLogRatios {
  const { width: n, depth: L, activation, count } = options;
  const sim = netSimulator({
    widths: new Array<number>(L + 1).fill(n),
    activation,
    weightScale: activation === 'relu' ? 2 : 1,
    rows: 1,
  });
  const logRatio = new Float64Array(count);
  let drawn = 0;
  for (let i = 0; i < count; ) {
    const r = sim.run(rng);
    drawn++;
    const last = r.norms[L - 1][0];
    if (!(last > 0)) continue;
    logRatio[i++] = Math.log(last / r.inputNorms[0]);
  }
  return { logRatio, drawn };
}
