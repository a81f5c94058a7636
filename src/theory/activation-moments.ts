import { type Activation, type ActivationName, getActivation } from '../nn/activations.js';
import { gaussianExpectation } from '../stats/quadrature.js';
import * as check from '../validate.js';

/** An activation given by name (`'relu'`, `'tanh'`, …) or as an `Activation` object. */
export type ActivationLike = ActivationName | Activation;

/** Resolve an activation argument, naming the argument in any error. */
export function resolveActivation(name: string, value: unknown): Activation {
  // a name's own error (an unknown name lists the known ones) is the useful one; for anything else
  // getActivation throws (it returns only for an Activation object), and the error names `name`
  if (typeof value === 'string') return getActivation(value as ActivationName);
  try {
    return getActivation(value as Activation);
  } catch {
    // fall through to the named error below
  }
  throw new TypeError(`${name} must be an activation name or an Activation object, got ${check.show(value)}`);
}

/** E[g(√q·Z)] for Z ~ N(0, 1), split at the activation's kinks; q = 0 gives g(0). */
function expectAt(act: Activation, g: (x: number) => number, q: number): number {
  return gaussianExpectation(g, q, { breakpoints: act.kinks });
}

/**
 * E[φ(√q·Z)²], Z ~ N(0, 1): the second moment of an activation whose pre-activation is
 * N(0, q) (the "length" integral of Poole et al. 2016), by `gaussianExpectation`.
 */
export function activationSecondMoment(activation: ActivationLike, q = 1): number {
  const act = resolveActivation('activation', activation);
  const v = check.nonNegative('q', q);
  return expectAt(
    act,
    (x) => {
      const y = act.value(x);
      return y * y;
    },
    v,
  );
}

/** E[φ'(√q·Z)²], Z ~ N(0, 1): the backward analogue (what χ₁ integrates). */
export function derivativeSecondMoment(activation: ActivationLike, q = 1): number {
  const act = resolveActivation('activation', activation);
  const v = check.nonNegative('q', q);
  return expectAt(
    act,
    (x) => {
      const y = act.derivative(x);
      return y * y;
    },
    v,
  );
}

/** Test points of the homogeneity check: both signs, several magnitudes. */
const PROBE_X = [-3.7, -1.3, -0.61, 0.61, 1.3, 3.7];
const PROBE_LAMBDA = [0.37, 2.9];

/**
 * For a positively homogeneous activation, φ(λx) = λφ(x) for every λ > 0 (linear, ReLU, leaky
 * ReLU, |x|), the per-layer factors that make depth laws exact at any width:
 * `forward` = E[φ(Z)²] = (φ(1)² + φ(−1)²)/2 and `backward` = E[φ'(Z)²] = (φ'(1)² + φ'(−1)²)/2,
 * which for such φ are equal (φ is linear on each half-line). The pre-activation only needs to be
 * symmetric, not Gaussian: E[φ(z)²] = forward·E[z²] (He et al. 2015, §2.2). Returns `null` when
 * φ is not positively homogeneous (checked at 12 probe pairs (x, λx) to
 * |φ(λx) − λφ(x)| ≤ 1e-12·max(|λφ(x)|, |λx|), and φ(0) = 0).
 */
export function homogeneousMoments(activation: ActivationLike): { forward: number; backward: number } | null {
  const act = resolveActivation('activation', activation);
  if (act.value(0) !== 0) return null;
  for (const x of PROBE_X) {
    const fx = act.value(x);
    for (const l of PROBE_LAMBDA) {
      const flx = act.value(l * x);
      if (!(Math.abs(flx - l * fx) <= 1e-12 * Math.max(Math.abs(l * fx), Math.abs(l * x)))) return null;
    }
  }
  const p = act.value(1);
  const m = act.value(-1);
  const dp = act.derivative(1);
  const dm = act.derivative(-1);
  return { forward: (p * p + m * m) / 2, backward: (dp * dp + dm * dm) / 2 };
}
