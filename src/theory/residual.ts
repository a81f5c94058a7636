import * as check from '../validate.js';

/**
 * The growth E‖x_L‖²/‖x₀‖² of a residual stack x_{l+1} = x_l + α_l·F_l(x_l), where each branch
 * satisfies E[F_l(x) | x] = 0 (e.g. its last layer has zero-mean weights independent of x) and
 * E‖F_l(x)‖² = g_l·‖x‖² (g_l = `branchGain`, 1 for a variance-preserving branch): the cross term
 * vanishes, so E‖x_{l+1}‖² = (1 + α_l²·g_l)·E‖x_l‖² and
 *
 *   growth = ∏_l (1 + α_l²·g_l)     (= 2^L for unit branches with α = 1: doubling per block).
 *
 * With α = 1/√L and g = 1 it is (1 + 1/L)^L < e for every L (`residualGrowthBound`): the
 * rescaling behind Fixup (Zhang, Dauphin & Ma 2019), SkipInit (De & Smith 2020) and the sum
 * condition of Hanin & Rolnick (2018, §3.2). `alpha` and `branchGain` may be numbers (every block)
 * or arrays of length `depth`.
 */
export function residualGrowth(
  depth: number,
  options: { alpha?: number | readonly number[]; branchGain?: number | readonly number[] } = {},
): number {
  const L = check.integer('depth', depth, 0, 1e9);
  const o = check.options<{ alpha: number | number[]; branchGain: number | number[] }>('options', options);
  const at = (name: string, v: number | readonly number[] | undefined, l: number, dflt: number): number => {
    if (v === undefined) return dflt;
    if (typeof v === 'number') return check.finite(name, v);
    if (!Array.isArray(v)) throw new TypeError(`${name} must be a number or an array, got ${check.show(v)}`);
    if (v.length !== L) throw new RangeError(`${name} must have length depth=${L}, got ${v.length}`);
    return check.finite(`${name}[${l}]`, v[l]);
  };
  let growth = 1;
  for (let l = 0; l < L; l++) {
    const a = at('alpha', o.alpha, l, 1);
    const g = at('branchGain', o.branchGain, l, 1);
    if (g < 0) throw new RangeError(`branchGain must be >= 0, got ${g}`);
    // a·(a·g), not a²·g: a² overflows to ∞ for |a| > 1e154, and ∞·0 = NaN when g = 0
    growth *= 1 + a * (a * g);
  }
  return growth;
}

/**
 * sup_L (1 + g/L)^L = e^g: the bound on residual growth with α = 1/√L and branch gain g
 * (e for g = 1), approached from below as L → ∞ (since (1 + g/L)^L increases to e^g).
 */
export function residualGrowthBound(branchGain = 1): number {
  return Math.exp(check.nonNegative('branchGain', branchGain));
}
