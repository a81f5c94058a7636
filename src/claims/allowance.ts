import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import type { TestResult } from '../stats/decide.js';
import { type Estimate, zOneSided, zTwoSided } from '../stats/estimate.js';
import type { ActivationLike } from '../theory/activation-moments.js';
import { homogeneousMoments } from '../theory/activation-moments.js';

/**
 * Mean-field (infinite-width) predictions tested on finite networks.
 *
 * The length map and the gradient recursion of Poole et al. (2016) and Schoenholz et al. (2017)
 * are exact only as n → ∞; at width n a network's expected second moments differ from them by
 * O(L/n) (the per-layer variance q̂ fluctuates by O(1/√n) and the maps are curved). For positively
 * homogeneous φ (ReLU, leaky ReLU, linear) the forward and backward laws are exact at every width
 * (He et al. 2015), so there is no such bias. The claims below do not pretend the bias away: their
 * decisions allow a deviation of `finiteWidthAllowance` on the log scale on top of the sampling
 * error, which keeps the false-alarm rate at α while the bias stays below the allowance, and they
 * plan their sample sizes so that the tolerance still exceeds twice the allowance.
 */

/**
 * Relative finite-width bias allowed for a mean-field prediction after `depth` layers of width
 * `width`: 0 for positively homogeneous φ (exact at any width), else `perLayer`·L/n.
 *
 * Calibration (measured with `netSimulator`, 10⁴–10⁵ replicate networks per point, widths 32
 * and 64, depth 8–20): the relative bias of E[z_L²] under the exact gain was at most
 * 0.23·L/n (ELU; tanh 0.06, SELU 0.14, sigmoid and softplus 0.02), and that of the gradient gain
 * E[g₀²]/E[g_L²] of tanh networks at most 0.35·L/n over σw² ∈ [0.5, 3]; both scaled like L/n from
 * n = 32 to 64. The defaults (0.4 forward, 0.5 backward) leave a margin of about 1.5–2 over them.
 * GELU and SiLU are excluded: with their exact gains q* = 1 is a repelling fixed point
 * (L'(1) = 1.14, 1.17), so finite-width fluctuations are amplified (bias +19% and +52% at n = 64,
 * L = 8) and no O(L/n) allowance applies.
 */
export function finiteWidthAllowance(
  activation: ActivationLike,
  depth: number,
  width: number,
  perLayer = 0.4,
): number {
  if (homogeneousMoments(activation)) return 0;
  return (perLayer * depth) / width;
}

/**
 * Replicates needed so that `test` (below) detects a relative deviation `relTol` with probability
 * `power` at rate `alpha`, given the coefficient of variation `cv` of one replicate and the
 * allowance: the log-scale tolerance log(1 + relTol) must cover 2·allowance + (z_{α/2} + z_{1−power})·se.
 * Throws RangeError when the allowance leaves no room (tolerance ≤ 2·allowance).
 */
export function replicatesWithAllowance(o: {
  relTol: number;
  alpha: number;
  power: number;
  cv: number;
  allowance: number;
}): number {
  const room = Math.log1p(o.relTol) - 2 * o.allowance;
  if (!(room > 0)) {
    throw new RangeError(
      `the finite-width allowance ${o.allowance.toPrecision(3)} leaves no room within log(1 + ${o.relTol}): use wider layers or fewer of them`,
    );
  }
  const z = zTwoSided(o.alpha) + zOneSided(1 - o.power);
  return Math.max(8, Math.ceil(((z * o.cv) / room) ** 2));
}

/**
 * Compare a positive estimate with a prediction on the log scale, allowing a known bound on the
 * systematic error: d = log(measured/predicted), se = se(measured)/measured;
 * fail ⇔ |d| > z_{α/2}·se + allowance; pass ⇔ |d| + z_β·se + allowance < log(1 + relTol);
 * otherwise inconclusive. With allowance 0 this is `testEstimate(…, {scale: 'log'})`.
 * The interval is measured·exp(±(z_{α/2}·se + allowance)).
 */
export function testWithAllowance(
  estimate: Estimate,
  predicted: number,
  o: { alpha: number; beta: number; relTol: number; allowance: number },
): TestResult {
  if (!(estimate.value > 0) || !(predicted > 0)) {
    throw new RangeError(
      `a log-scale test needs positive values, got measured=${estimate.value}, predicted=${predicted}`,
    );
  }
  const d = Math.log(estimate.value / predicted);
  const se = estimate.se / estimate.value;
  const zCrit = zTwoSided(o.alpha);
  const tolerance = Math.log1p(o.relTol);
  const z = se > 0 ? d / se : d === 0 ? 0 : Math.sign(d) * Number.POSITIVE_INFINITY;
  const excess = Math.max(0, Math.abs(d) - o.allowance);
  const decision =
    excess > zCrit * se
      ? 'fail'
      : Math.abs(d) + zOneSided(o.beta) * se + o.allowance < tolerance
        ? 'pass'
        : 'inconclusive';
  const half = zCrit * se + o.allowance;
  return {
    decision,
    measured: estimate.value,
    predicted,
    interval: [estimate.value * Math.exp(-half), estimate.value * Math.exp(half)],
    z,
    pValue: se > 0 ? Math.min(1, 2 * normalCdf(-excess / se, 0, 1)) : excess === 0 ? 1 : 0,
    alpha: o.alpha,
    beta: o.beta,
    tolerance,
    scale: 'log',
    n: estimate.n,
  };
}

/** Replicates of the pilot stage of `twoStageReplicates`. */
export const PILOT_REPLICATES = 32;
/** Safety factor on the pilot's coefficient of variation when planning the main stage. */
export const PILOT_CV_MARGIN = 1.4;

/**
 * A two-stage design (Stein 1945): a pilot of `PILOT_REPLICATES` replicates estimates the
 * coefficient of variation of one replicate, the main stage's size is planned from it (times
 * `PILOT_CV_MARGIN`) by `plan`, and the decision uses only the main stage's FRESH replicates, so
 * its false-alarm rate is exactly that of a fixed-size test (the size depends on the pilot only).
 * Used where theory gives only a loose bound on the spread between networks.
 * Returns the main stage's values and the pilot's cv.
 */
export function twoStageReplicates(
  draw: () => number,
  plan: (cv: number) => number,
  max = 200_000,
): { values: Float64Array; pilotCv: number } {
  let s = 0;
  let ss = 0;
  const pilot = new Float64Array(PILOT_REPLICATES);
  for (let i = 0; i < PILOT_REPLICATES; i++) {
    pilot[i] = draw();
    s += pilot[i];
  }
  const m = s / PILOT_REPLICATES;
  for (const v of pilot) ss += (v - m) ** 2;
  const pilotCv = Math.sqrt(ss / (PILOT_REPLICATES - 1)) / Math.abs(m);
  const N = Math.min(max, plan(PILOT_CV_MARGIN * pilotCv));
  const values = new Float64Array(N);
  for (let i = 0; i < N; i++) values[i] = draw();
  return { values, pilotCv };
}
