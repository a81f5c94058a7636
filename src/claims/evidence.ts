import type { TestResult } from '../stats/decide.js';
import type { Evidence } from '../stats/evidence.js';

/**
 * Turn a decision into Evidence: the claim's title, the quantity measured, the decision's numbers
 * and the parameters that reproduce it. `pass` is true unless the decision is `fail`
 * (an `inconclusive` law check is reported as holding, with the decision recorded).
 */
export function evidenceFrom(
  claim: string,
  quantity: string,
  result: TestResult,
  params: Record<string, unknown>,
  note?: string,
): Evidence {
  return {
    claim,
    quantity,
    measured: result.measured,
    predicted: result.predicted,
    interval: result.interval,
    alpha: result.alpha,
    samples: result.n,
    pass: result.decision !== 'fail',
    decision: result.decision,
    params,
    ...(note ? { note } : {}),
  };
}

/** Relative tolerance every law check must resolve: a 5% error in the checked quantity. */
export const REL_TOL = 0.05;

/** The coarser tolerance of the report's --quick mode. */
export const QUICK_REL_TOL = 0.15;
