import fc from 'fast-check';
import { orthogonal } from '../init/orthogonal.js';
import type { Distribution } from '../random/distributions.js';
import { normal, scaled } from '../random/distributions.js';
import { samplesFor, testEstimate, testVariance } from '../stats/decide.js';
import { estimateMean } from '../stats/estimate.js';
import { fastStandardFamily } from '../testing/arbitraries.js';
import { depthNormRatioLaw } from '../theory/finite-width.js';
import { trigamma } from '../theory/special.js';
import { evidenceFrom } from './evidence.js';
import { depthLogKurtosis } from './log-ratio.js';
import { netSimulator } from './replicate-nets.js';
import type { Claim } from './types.js';

/**
 * Claim family 13, dynamical isometry (Saxe, McClelland & Ganguli 2014; Pennington, Schoenholz &
 * Ganguli 2017): a linear network with orthogonal weights is an exact isometry — every input keeps
 * its norm at every depth — while Gaussian weights of the same variance preserve the norm only on
 * average: ‖x_L‖²/‖x₀‖² = ∏_l χ²_{n_l}/n_l, whose log has variance Σ_l ψ'(n_l/2) ≈ 2·Σ1/n_l (the
 * finite-width law with the ReLU's "5" replaced by E[Z⁴]/E[Z²]² − 1 = 2).
 */

/** A linear network with non-decreasing widths n₀ ≤ n₁ ≤ … ≤ n_L and orthogonal weights (out, in). */
export interface OrthogonalParams {
  widths: number[];
  /** The input rows' law (any scale): isometry holds for every input. */
  input: Distribution;
}

/** A linear network of equal widths with Gaussian LeCun-normal weights (Var(W) = 1/n). */
export interface GaussianLinearParams {
  width: number;
  depth: number;
}

/** Networks and rows per network of the exact orthogonal check. */
const ORTHO_NETWORKS = 3;
const ORTHO_ROWS = 4;
/** The exact check's tolerance on |‖x_L‖²/‖x₀‖² − predicted| (float64 rounding across ≤ 12 layers of ≤ 64 units). */
const ISOMETRY_TOL = 1e-12;

/** Claim 13a: orthogonal weights make a linear network an exact isometry. */
export const orthogonalIsometry: Claim<OrthogonalParams> = {
  id: 'orthogonal-isometry',
  title:
    'orthogonal weights preserve every norm of a linear net exactly: ‖x_L‖ = ‖x₀‖ for every input, at any depth',
  statement:
    'A weight matrix with orthonormal columns (orthogonal init, fan-out ≥ fan-in) satisfies WᵀW = I, so ' +
    '‖Wx‖ = ‖x‖ for EVERY x: a linear network of such layers is an isometry, with no spread between inputs ' +
    'or networks at any depth (checked to 1e-12 relative, per input row). Expanding layers keep the norm, ' +
    'so the mean square per unit falls by n₀/n_L.',
  source:
    'Saxe, McClelland & Ganguli 2014 (ICLR); Pennington, Schoenholz & Ganguli 2017 (dynamical isometry)',
  kind: 'law',
  family: 'isometry',
  parameters: fc
    .record({
      n0: fc.integer({ min: 1, max: 48 }),
      steps: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 12 }),
      family: fastStandardFamily,
      logScale: fc.double({ min: -3, max: 3, noNaN: true }),
    })
    .map(({ n0, steps, family, logScale }) => {
      const widths = [n0];
      for (const s of steps) widths.push(widths[widths.length - 1] + s);
      return { widths, input: scaled(family, 10 ** logScale) };
    }),
  representative: { widths: [16, 16, 24, 24, 32, 32, 32, 48, 48], input: normal() },
  check(p, ctx) {
    const init = orthogonal();
    const sim = netSimulator({ widths: p.widths, activation: 'linear', init, rows: ORTHO_ROWS });
    const n0 = p.widths[0];
    const L = p.widths.length - 1;
    const predicted = this.predict(p);
    const x0 = new Float64Array(ORTHO_ROWS * n0);
    let worst = predicted;
    for (let k = 0; k < ORTHO_NETWORKS; k++) {
      p.input.sample(ctx.rng, x0);
      const rec = sim.run(ctx.rng, x0);
      for (let r = 0; r < ORTHO_ROWS; r++) {
        const ratio = rec.norms[L - 1][r] / rec.inputNorms[r];
        if (!(Math.abs(ratio - predicted) <= Math.abs(worst - predicted))) worst = ratio;
      }
    }
    const pass = Math.abs(worst - predicted) <= ISOMETRY_TOL * Math.max(1, predicted);
    return {
      claim: this.title,
      quantity: '‖x_L‖²/‖x₀‖² of the input row furthest from the prediction',
      measured: worst,
      predicted,
      interval: [predicted - ISOMETRY_TOL, predicted + ISOMETRY_TOL],
      alpha: 0,
      samples: ORTHO_NETWORKS * ORTHO_ROWS,
      pass,
      decision: pass ? 'pass' : 'fail',
      params: { widths: p.widths.join('→'), input: p.input.name },
      note: `an exact check in float64: ${ORTHO_NETWORKS} networks × ${ORTHO_ROWS} input rows, deviation ${Math.abs(worst - predicted).toExponential(2)}; the mean square per unit changes by n₀/n_L = ${(n0 / p.widths[L]).toPrecision(4)}`,
    };
  },
  predict: () => 1,
};

/** Var log(‖x_L‖²/‖x₀‖²) = Σ ψ'(n/2) and E log = Σ [ψ(n/2) + ln(2/n)] for a Gaussian linear net. */
const linearLaw = (p: GaussianLinearParams) =>
  depthNormRatioLaw(new Array<number>(p.depth + 1).fill(p.width), { slope: 1 });

/** Relative error resolved in Var log (full / --quick). */
const SPREAD_REL_TOL = { full: 0.15, quick: 0.3 };

/** Claim 13b: Gaussian weights preserve only the mean. */
export const gaussianLinearSpread: Claim<GaussianLinearParams> = {
  id: 'gaussian-linear-spread',
  title:
    "Gaussian weights preserve only the mean: E[R_l] = 1 per layer, but Var log(‖x_L‖²/‖x₀‖²) = Σψ'(n/2) ≈ 2·Σ1/n",
  statement:
    'With LeCun-normal weights (Var(W) = 1/n) a linear layer scales ‖x‖² by R = χ²_n/n: E[R] = 1, so the ' +
    'mean is preserved, but R varies, independently from layer to layer, and log-norms spread with ' +
    "variance Σ_l ψ'(n_l/2) ≈ 2·Σ1/n_l — the finite-width law of ReLU networks with 2 in place of 5.",
  source: 'Saxe et al. 2014; Pennington et al. 2017; Hanin & Rolnick 2018 (the 5 → 2 of linear layers)',
  kind: 'law',
  family: 'isometry',
  parameters: fc.record({ width: fc.integer({ min: 8, max: 24 }), depth: fc.integer({ min: 2, max: 6 }) }),
  representative: { width: 16, depth: 4 },
  check(p, ctx) {
    const relTol = ctx.size === 'quick' ? SPREAD_REL_TOL.quick : SPREAD_REL_TOL.full;
    const L = p.depth;
    const kurtosis = depthLogKurtosis(new Array<number>(L).fill(p.width), 'linear');
    const count = samplesFor({ relTol, alpha: ctx.alpha / 2, power: ctx.power, kurtosis });
    const sim = netSimulator({
      widths: new Array<number>(L + 1).fill(p.width),
      activation: 'linear',
      weightScale: 1,
      rows: 1,
    });
    const S = new Float64Array(count);
    const R = new Float64Array(count * L);
    for (let i = 0; i < count; i++) {
      const rec = sim.run(ctx.rng);
      let prev = rec.inputNorms[0];
      for (let l = 0; l < L; l++) {
        R[i * L + l] = rec.norms[l][0] / prev;
        prev = rec.norms[l][0];
      }
      S[i] = Math.log(prev / rec.inputNorms[0]);
    }
    const rv = testVariance(S, this.predict(p), {
      alpha: ctx.alpha / 2,
      beta: 1 - ctx.power,
      relTol,
      kurtosis,
    });
    // the per-layer mean: R = χ²_n/n, light-tailed, independent across layers and networks
    const rm = testEstimate(estimateMean(R), 1, { alpha: ctx.alpha / 2, beta: 1 - ctx.power, absTol: 0.05 });
    const law = linearLaw(p);
    const ev = evidenceFrom(this.title, 'Var log(‖x_L‖²/‖x₀‖²)', rv, { ...p, networks: count });
    const ok = ev.pass && rm.decision !== 'fail';
    return {
      ...ev,
      alpha: ctx.alpha,
      pass: ok,
      decision: ok ? rv.decision : 'fail',
      note:
        `Exact Var log ${law.logVariance.toPrecision(4)} = ${L}·ψ'(${p.width / 2}) (2Σ1/n = ${((2 * L) / p.width).toPrecision(4)}, ` +
        `orthogonal: 0). Mean per-layer ratio ${rm.measured.toPrecision(5)} over ${R.length} layers (exact 1; ${rm.decision === 'fail' ? 'REJECTED' : 'consistent'}). ` +
        `Typical (median-like) network: e^{E log} = ${Math.exp(law.logMean).toPrecision(4)} of its norm²; ψ'(n/2) = ${trigamma(p.width / 2).toPrecision(4)} per layer.`,
    };
  },
  predict: (p) => linearLaw(p).logVariance,
};

/** Tolerance of the naive claim refuted below. */
const NAIVE_TOL = 0.1;

/** Claim 13c (refutation): Gaussian weights are as good as orthogonal ones. */
export const gaussianIsometryRefuted: Claim<GaussianLinearParams> = {
  id: 'gaussian-isometry-refuted',
  title:
    'refuted: Gaussian weights preserve every norm of a linear net too (within 10%), like orthogonal ones',
  statement:
    'Naive: since E‖Wx‖² = ‖x‖² for Var(W) = 1/n, Gaussian weights preserve norms like orthogonal ones, ' +
    'so every network keeps ‖x_L‖²/‖x₀‖² within 10% of 1. False: ‖Wx‖²/‖x‖² = χ²_n/n varies (sd √(2/n) per ' +
    'layer), so some networks and inputs leave the band; only orthogonal weights make WᵀW = I. Four networks ' +
    'with four inputs each are drawn; one ratio outside the band is a counterexample, not an inference.',
  source: 'Saxe et al. 2014; Pennington et al. 2017',
  kind: 'refutation',
  family: 'isometry',
  parameters: fc.record({ width: fc.integer({ min: 8, max: 256 }), depth: fc.integer({ min: 1, max: 16 }) }),
  representative: { width: 128, depth: 4 },
  check(p, ctx) {
    const rows = 4;
    const sim = netSimulator({
      widths: new Array<number>(p.depth + 1).fill(p.width),
      activation: 'linear',
      weightScale: 1,
      rows,
    });
    let worst = 1;
    let seen = 0;
    for (let k = 0; k < 4 && Math.abs(worst - 1) <= NAIVE_TOL; k++) {
      const rec = sim.run(ctx.rng);
      for (let r = 0; r < rows; r++) {
        const ratio = rec.norms[p.depth - 1][r] / rec.inputNorms[r];
        seen++;
        if (Math.abs(ratio - 1) > Math.abs(worst - 1)) worst = ratio;
      }
    }
    const pass = Math.abs(worst - 1) <= NAIVE_TOL;
    return {
      claim: this.title,
      quantity: '‖x_L‖²/‖x₀‖² of the input furthest from 1',
      measured: worst,
      predicted: this.predict(p),
      interval: [1 - NAIVE_TOL, 1 + NAIVE_TOL],
      alpha: 0,
      samples: seen,
      pass,
      decision: pass ? 'pass' : 'fail',
      params: { ...p },
      note: 'an observed ratio outside [0.9, 1.1] falsifies "every norm" outright (no false alarms possible)',
    };
  },
  predict: () => 1,
  telling(p) {
    const law = linearLaw(p);
    const sd = Math.sqrt(law.logVariance);
    return {
      ok: sd >= Math.log1p(NAIVE_TOL) / 4,
      feature:
        `width ${p.width}, depth ${p.depth}: log(‖x_L‖²/‖x₀‖²) has sd √(Σψ'(n/2)) = ${sd.toPrecision(3)} ` +
        `(orthogonal: 0), so ±10% is only ${(Math.log1p(NAIVE_TOL) / sd).toPrecision(2)} sd wide`,
    };
  },
  lesson:
    'Matching the variance (E‖Wx‖² = ‖x‖²) is not isometry: Gaussian matrices have spread singular values, so ' +
    'norms fluctuate from input to input and compound over depth; orthogonal matrices have all singular values 1.',
};
