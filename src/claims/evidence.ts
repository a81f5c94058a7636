import type { TestResult } from '../stats/decide.js';
import type { Evidence } from '../stats/evidence.js';
import * as check from '../validate.js';

const notNaN = (name: string, v: unknown): number => {
  if (typeof v !== 'number') throw new TypeError(`${name} must be a number, got ${check.show(v)}`);
  if (Number.isNaN(v)) throw new RangeError(`${name} must not be NaN, got NaN`);
  return v;
};

function checkString(name: string, v: unknown): string {
  if (typeof v !== 'string') throw new TypeError(`${name} must be a string, got ${check.show(v)}`);
  return v;
}

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
  checkString('claim', claim);
  checkString('quantity', quantity);
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    throw new TypeError(`result must be a TestResult object, got ${check.show(result)}`);
  }
  check.oneOf('result.decision', result.decision, ['pass', 'fail', 'inconclusive'] as const);
  notNaN('result.measured', result.measured);
  notNaN('result.predicted', result.predicted);
  check.listOf('result.interval', result.interval, notNaN, { min: 2, max: 2 });
  check.probability('result.alpha', result.alpha);
  check.integer('result.n', result.n, 0);
  const record = check.options<Record<string, unknown>>('params', params);
  if (ArrayBuffer.isView(record))
    throw new TypeError(`params must be a record of parameters, got ${check.show(params)}`);
  // parameters are copied into the evidence: a NaN among them would be a silent NaN in the record
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'number' && Number.isNaN(value)) throw new RangeError(`params.${key} is NaN`);
  }
  if (note !== undefined) checkString('note', note);
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
