import * as check from '../validate.js';

/**
 * A false-alarm budget: a total probability α split over named parts by weight (Bonferroni).
 * By the union bound, if every part keeps its own false-alarm rate at or below its share, the whole
 * suite raises a false alarm with probability at most α — whatever the dependence between parts.
 */
export interface AlphaBudget {
  readonly total: number;
  /** Each part's share: total·weight/Σweights. */
  readonly shares: Readonly<Record<string, number>>;
  /** The share of `part`; throws RangeError for a part that was not declared. */
  of(part: string): number;
  /** The share of `part` divided over `checks` independent decisions (e.g. fast-check runs). */
  perCheck(part: string, checks: number): number;
}

/**
 * Split `total` over `parts` (name → weight, weights > 0). The shares sum to `total` exactly up to
 * rounding, which is made conservative (each share is rounded down).
 */
export function alphaBudget(total: number, parts: Record<string, number>): AlphaBudget {
  check.probability('total', total);
  const p = check.options<Record<string, number>>('parts', parts);
  const names = Object.keys(p);
  if (names.length === 0) throw new RangeError('parts must name at least one part');
  let sum = 0;
  for (const name of names) sum += check.positive(`parts.${name}`, p[name]);
  const shares: Record<string, number> = {};
  for (const name of names) shares[name] = ((total * (p[name] as number)) / sum) * (1 - 1e-12);
  Object.freeze(shares);
  const of = (part: string): number => {
    if (typeof part !== 'string') throw new TypeError(`part must be a string, got ${check.show(part)}`);
    const share = Object.hasOwn(shares, part) ? shares[part] : undefined;
    if (share === undefined) {
      throw new RangeError(
        `unknown part ${check.show(part)}; the budget declares ${names.map(check.show).join(', ')}`,
      );
    }
    return share;
  };
  return Object.freeze({
    total,
    shares,
    of,
    perCheck(part: string, checks: number) {
      return of(part) / check.integer('checks', checks, 1);
    },
  });
}

/**
 * Holm's (1979) step-down procedure: reject the hypotheses whose p-values are below the sorted
 * thresholds α/m, α/(m−1), …, stopping at the first that is not. Controls the family-wise error
 * rate at α like Bonferroni, with more power. Returns, for each p-value, whether it is rejected.
 */
export function holm(pValues: readonly number[], alpha: number): boolean[] {
  check.probability('alpha', alpha);
  if (!Array.isArray(pValues) || pValues.length === 0) {
    throw new RangeError(`pValues must be a non-empty array, got ${check.show(pValues)}`);
  }
  // a plain loop: forEach would visit all 2³² − 1 holes of a sparse array before failing
  for (let i = 0; i < pValues.length; i++) {
    const v = check.finite(`pValues[${i}]`, pValues[i]);
    if (v < 0 || v > 1) throw new RangeError(`pValues[${i}] must be in [0, 1], got ${v}`);
  }
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a] - pValues[b]);
  const rejected = new Array<boolean>(m).fill(false);
  for (let k = 0; k < m; k++) {
    const i = order[k];
    if (pValues[i] <= alpha / (m - k)) rejected[i] = true;
    else break;
  }
  return rejected;
}
