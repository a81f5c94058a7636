import type { Activation } from '../nn/activations.js';
import { gaussianExpectation } from '../stats/quadrature.js';
import * as check from '../validate.js';
import {
  type ActivationLike,
  activationSecondMoment,
  derivativeSecondMoment,
  resolveActivation,
} from './activation-moments.js';
import { brent } from './numeric.js';

/**
 * Signal propagation in the mean-field (infinite-width) limit: Poole, Lahiri, Raghu,
 * Sohl-Dickstein & Ganguli (2016), "Exponential expressivity in deep neural networks through
 * transient chaos"; Schoenholz, Gilmer, Ganguli & Sohl-Dickstein (2017), "Deep information
 * propagation". Layers z_l = W_l·φ(z_{l−1}) + b_l with W ~ N(0, σw²/n), b ~ N(0, σb²); at
 * infinite width each pre-activation is Gaussian with variance q_l.
 */

function readVariances(weightVariance: unknown, biasVariance: unknown): { sw2: number; sb2: number } {
  return {
    sw2: check.nonNegative('weightVariance', weightVariance),
    sb2: check.nonNegative('biasVariance', biasVariance),
  };
}

/**
 * The length map q ↦ σw²·E[φ(√q·Z)²] + σb², Z ~ N(0, 1) (Poole et al. 2016, eq. 3): the variance
 * of the next layer's pre-activation given this layer's. σw² = `weightVariance` is n·Var(W).
 * Assumptions: infinite width (Gaussian pre-activations), i.i.d. zero-mean weights and biases.
 */
export function lengthMap(
  activation: ActivationLike,
  weightVariance: number,
  biasVariance: number,
  q: number,
): number {
  const act = resolveActivation('activation', activation);
  const { sw2, sb2 } = readVariances(weightVariance, biasVariance);
  const v = check.nonNegative('q', q);
  return sw2 * activationSecondMoment(act, v) + sb2;
}

/** Options of `fixedPoint`. */
export interface FixedPointOptions {
  /** Starting variance q₀ (default 1). */
  q0?: number;
  /** Relative accuracy of the root (default 1e-13); q* is resolved to ≈ tol/(1 − L′(q*)) at worst. */
  tol?: number;
}

/**
 * Decreasing searches that reach ZERO_FLOOR·q₀ without a sign change report the fixed point 0:
 * exact when σb² = 0 and φ(0) = 0 (then 0 is a fixed point), and otherwise an absolute error
 * below 1e-9·q₀ (every fixed point is ≥ σb²).
 */
const ZERO_FLOOR = 1e-9;
/** Halvings from q₀ to below ZERO_FLOOR·q₀: the least k with 2⁻ᵏ < 1e-9 is 30. */
const ZERO_FLOOR_HALVINGS = Math.ceil(-Math.log2(ZERO_FLOOR));

/**
 * A sign change of h(q) = L(q) − q counts only beyond NOISE·q, well above the quadrature's rounding
 * (≈1e-15·q): otherwise a linearly growing length (ReLU at σw² = 2, σb² > 0: h ≡ σb²) would show a
 * spurious root near q ≈ σb²/1e-16.
 */
const NOISE = 1e-12;

/** Increasing searches that pass this without a sign change report q* = ∞. */
const DIVERGED = 1e100;

/**
 * The fixed point q* = lengthMap(q*) that the length map's iteration q_{l+1} = L(q_l) reaches from
 * q₀ (Poole et al. 2016, §3): the variance a deep mean-field network settles to. Because L is
 * increasing in q (true for every built-in activation: E[φ(√q·Z)²] grows with q), the iteration is
 * monotone and converges to the nearest root of h(q) = L(q) − q in the direction of h(q₀). That
 * root is bracketed by halving (h(q₀) < 0) or doubling (h(q₀) > 0) from q₀ and polished by
 * Brent's method — robust where plain or Steffensen-accelerated iteration crawls (tanh near
 * σw² = 1, σb² = 0, where L′(q*) → 1 and q_l ~ 1/(2l)). Assumes no pair of roots between two
 * successive bracketing points (a factor of 2 apart).
 *
 * Returns q₀ when it is already fixed (|h(q₀)| ≤ tol·q₀; e.g. ReLU at σw² = 2, σb² = 0, where
 * every q is fixed), 0 when the halving reaches 1e-9·q₀ without a sign change (see above), and
 * `Infinity` when the doubling passes 1e100 (the length diverges: e.g. ReLU with σw² > 2, or
 * σw² = 2 with σb² > 0).
 */
export function fixedPoint(
  activation: ActivationLike,
  weightVariance: number,
  biasVariance: number,
  options: FixedPointOptions = {},
): number {
  const act = resolveActivation('activation', activation);
  const { sw2, sb2 } = readVariances(weightVariance, biasVariance);
  const o = check.options<FixedPointOptions>('options', options);
  const q0 = check.positive('q0', o.q0 ?? 1);
  const tol = check.positive('tol', o.tol ?? 1e-13);
  const h = (q: number) => sw2 * activationSecondMoment(act, q) + sb2 - q;
  const h0 = h(q0);
  if (Math.abs(h0) <= tol * q0) return q0;
  let a = q0;
  let b = q0;
  if (h0 < 0) {
    // Count the halvings rather than compare a with ZERO_FLOOR·q₀: for a subnormal q₀ that product
    // underflows to 0, a halves to 0 and stays there, and the comparison never ends the loop.
    // Without underflow the two stop at the same halving.
    let halvings = 0;
    for (;;) {
      b = a;
      a /= 2;
      if (++halvings >= ZERO_FLOOR_HALVINGS) return 0;
      if (h(a) > NOISE * a) break;
    }
  } else {
    for (;;) {
      a = b;
      b *= 2;
      if (b > DIVERGED) return Number.POSITIVE_INFINITY;
      if (h(b) < -NOISE * b) break;
    }
  }
  // The previous bracketing point may sit on the root itself, with |h| at rounding level and
  // either sign (sigmoid, SELU or softplus at their exact gains, from q₀ = 0.5 or 2): that point
  // is the fixed point.
  // (An exact zero at either end needs no test here: brent returns that end.)
  const ha = h(a);
  const hb = h(b);
  if (Math.sign(ha) === Math.sign(hb)) return Math.abs(ha) / a <= Math.abs(hb) / b ? a : b;
  return brent(h, a, b, tol);
}

/**
 * χ₁ = σw²·E[φ'(√q*·Z)²] (Poole et al. 2016, eq. 8; Schoenholz et al. 2017, eq. 5): the slope of
 * the correlation map at c = 1 and the per-layer factor of gradient second moments. χ₁ < 1:
 * ordered phase (inputs' correlations → 1, gradients vanish); χ₁ > 1: chaotic phase (gradients
 * explode); χ₁ = 1: the edge of chaos. `q` defaults to the fixed point q* of
 * (σw², σb²); if that is infinite (the length diverges), χ₁ is taken at q = 1e100, its large-q limit; q = 0 is read as the limit
 * q → 0⁺ (so ReLU's χ₁ is σw²/2 there too, not σw²·relu'(0)²).
 * Assumptions: infinite width, gradients independent of the forward weights.
 */
export function chi1(
  activation: ActivationLike,
  weightVariance: number,
  biasVariance: number,
  q?: number,
): number {
  const act = resolveActivation('activation', activation);
  const { sw2, sb2 } = readVariances(weightVariance, biasVariance);
  const v = q === undefined ? fixedPoint(act, sw2, sb2) : check.nonNegative('q', q);
  return chiAt(act, sw2, v);
}

/** Smallest variance used for q → 0⁺ (so a kink at 0 is averaged over both sides, not read at 0). */
const TINY_Q = 1e-300;

/** σw²·E[φ'(√q·Z)²] with q = 0 read as q → 0⁺ and q = ∞ as q = 1e100. */
function chiAt(act: Activation, sw2: number, q: number): number {
  const v = Math.min(DIVERGED, Math.max(TINY_Q, q));
  return sw2 * derivativeSecondMoment(act, v);
}

/**
 * The critical weight variance σw² at which χ₁ = 1 at the fixed point q*(σw², σb²): the edge of
 * chaos (Schoenholz et al. 2017, Fig. 1; Poole et al. 2016). tanh at σb² = 0: exactly 1 (q* = 0,
 * χ₁ = σw²·tanh'(0)²); ReLU: 2 for every σb² (χ₁ = σw²/2 for every q — He initialization is
 * ReLU's critical point). Found by Brent's method on σw² ↦ χ₁ − 1 over a bracket grown by
 * doubling from [0.5, 2]; where the length diverges (q* = ∞) χ₁ is taken at its large-q limit, which keeps σw² ↦ χ₁ continuous for ReLU-like φ.
 *
 * Precision: ≈1e-12 where χ₁ − 1 crosses zero linearly; on the σb² = 0 line of odd activations
 * such as tanh, χ₁ − 1 rises only quadratically on the chaotic side (≈0.33(σw² − 1)² for tanh), so
 * the root is found only to ≈1e-7 (1.00000004 for tanh; SciPy's brentq gives 1.00000003,
 * fixtures/scipy). Throws RangeError if
 * no sign change is found in [2⁻³¹, 2³¹] (30 halvings from 0.5, 30 doublings from 2).
 */
export function criticalWeightVariance(activation: ActivationLike, biasVariance = 0): number {
  const act = resolveActivation('activation', activation);
  const sb2 = check.nonNegative('biasVariance', biasVariance);
  const f = (sw2: number) => {
    return chiAt(act, sw2, fixedPoint(act, sw2, sb2)) - 1;
  };
  let lo = 0.5;
  let hi = 2;
  let flo = f(lo);
  let fhi = f(hi);
  for (let i = 0; i < 30 && flo > 0; i++) {
    hi = lo;
    fhi = flo;
    lo /= 2;
    flo = f(lo);
  }
  for (let i = 0; i < 30 && fhi < 0; i++) {
    lo = hi;
    flo = fhi;
    hi *= 2;
    fhi = f(hi);
  }
  if (!(flo <= 0 && fhi >= 0)) {
    throw new RangeError(
      `no edge of chaos found for ${act.name} at biasVariance=${sb2}: χ₁ − 1 does not change sign in [2^-31, 2^31]`,
    );
  }
  return brent(f, lo, hi, 1e-14);
}

/**
 * The ReLU correlation map c ↦ (√(1 − c²) + (π − arccos c)·c)/π for He-initialized ReLU layers
 * (σw² = 2, σb² = 0), from the degree-1 arc-cosine kernel E[relu(u)relu(v)] =
 * (√(1 − c²) + (π − arccos c)·c)/(2π) for standard bivariate normal (u, v) with correlation c
 * (Cho & Saul 2009); the mean-field map of Poole et al. (2016). c'(1) = 1, c'(0) = 1/π,
 * c'(−1) = 0; its slope at c = 1 is χ₁ = 1, so correlations converge to 1 only polynomially.
 */
export function reluCorrelationMap(c: number): number {
  const v = check.finite('c', c);
  if (!(v >= -1 && v <= 1)) throw new RangeError(`c must be in [-1, 1], got ${c}`);
  return (Math.sqrt(1 - v * v) + (Math.PI - Math.acos(v)) * v) / Math.PI;
}

/**
 * The correlation map of the mean-field theory (Poole et al. 2016, eq. 5): for two inputs whose
 * pre-activations both have variance q and correlation c,
 *
 *   c' = (σw²·E[φ(u₁)φ(u₂)] + σb²)/q',   q' = lengthMap(q),   (u₁, u₂) ~ N(0, q·[[1, c], [c, 1]]),
 *
 * with the bivariate expectation computed as a nested `gaussianExpectation`:
 * E[φ(u₁)·E[φ(u₂) | u₁]], u₂ | u₁ ~ N(c·u₁, q(1 − c²)), split at the activation's kinks.
 * `q` defaults to the fixed point q*. Assumptions: infinite width, i.i.d. Gaussian weights/biases.
 */
export function correlationMap(
  activation: ActivationLike,
  weightVariance: number,
  biasVariance: number,
  c: number,
  options: { q?: number } = {},
): number {
  const act = resolveActivation('activation', activation);
  const { sw2, sb2 } = readVariances(weightVariance, biasVariance);
  const rho = check.finite('c', c);
  if (!(rho >= -1 && rho <= 1)) throw new RangeError(`c must be in [-1, 1], got ${c}`);
  const o = check.options<{ q: number }>('options', options);
  const q = o.q === undefined ? fixedPoint(act, sw2, sb2) : check.positive('q', o.q);
  if (!Number.isFinite(q)) {
    throw new RangeError(`the length map has no finite fixed point here; give options.q explicitly`);
  }
  const qNext = sw2 * activationSecondMoment(act, q) + sb2;
  if (!(qNext > 0)) throw new RangeError(`the next layer's variance is 0: the correlation is undefined`);
  const phi = (x: number) => act.value(x);
  const condVar = q * (1 - rho * rho);
  const cross =
    condVar <= 0
      ? gaussianExpectation((u) => phi(u) * phi(rho * u), q, { breakpoints: act.kinks })
      : gaussianExpectation(
          (u) => {
            const fu = phi(u);
            if (fu === 0) return 0;
            return fu * gaussianExpectation(phi, condVar, { mean: rho * u, breakpoints: act.kinks });
          },
          q,
          { breakpoints: act.kinks },
        );
  return (sw2 * cross + sb2) / qNext;
}
