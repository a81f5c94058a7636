import * as check from '../validate.js';
import type { Decision } from './decide.js';

/**
 * What a check found: the claim, the measured and predicted values of one quantity, the interval,
 * the false-alarm rate and sample size behind the verdict, and the parameters to reproduce it.
 */
export interface Evidence {
  /** The claim's id or title. */
  claim: string;
  /** What was measured, in words, e.g. "Var(W·X)". */
  quantity: string;
  measured: number;
  predicted: number;
  /** Two-sided 1 − α interval for the measured quantity. */
  interval: [number, number];
  /** The false-alarm probability of this decision. */
  alpha: number;
  /** Number of independent observations (replicates) behind the estimate. */
  samples: number;
  /** True when the decision is not `fail`. */
  pass: boolean;
  decision?: Decision;
  /** The parameters of the check (shapes, seeds, families …). */
  params: Record<string, unknown>;
  /** Optional free text: why a verdict was forced, what the counterexample teaches … */
  note?: string;
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e6) return Number(x.toPrecision(6)).toString();
  return x.toExponential(4).replace(/\.?0+e/, 'e');
}

function fmtParams(params: Record<string, unknown> = {}): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? fmt(v) : check.show(v)}`)
    .join(', ');
}

/**
 * Throw a TypeError (RangeError for a NaN) unless `e` has the fields of an Evidence record
 * (numbers may be any other double); `name` is how messages call it (default `e`).
 */
export function checkEvidence(e: unknown, name = 'e'): Evidence {
  const v = e as Evidence;
  if (v === null || typeof v !== 'object')
    throw new TypeError(`${name} must be an Evidence object, got ${check.show(e)}`);
  for (const key of ['claim', 'quantity'] as const) {
    if (typeof v[key] !== 'string')
      throw new TypeError(`${name}.${key} must be a string, got ${check.show(v[key])}`);
  }
  for (const key of ['measured', 'predicted', 'alpha', 'samples'] as const) {
    if (typeof v[key] !== 'number')
      throw new TypeError(`${name}.${key} must be a number, got ${check.show(v[key])}`);
    if (Number.isNaN(v[key])) throw new RangeError(`${name}.${key} must not be NaN`);
  }
  if (
    !Array.isArray(v.interval) ||
    v.interval.length !== 2 ||
    v.interval.some((b) => typeof b !== 'number')
  ) {
    throw new TypeError(`${name}.interval must be [lo, hi], two numbers, got ${check.show(v.interval)}`);
  }
  if (v.interval.some(Number.isNaN))
    throw new RangeError(`${name}.interval must not hold NaN, got ${check.show(v.interval)}`);
  if (typeof v.pass !== 'boolean')
    throw new TypeError(`${name}.pass must be a boolean, got ${check.show(v.pass)}`);
  check.options(`${name}.params`, v.params);
  if (v.note !== undefined && typeof v.note !== 'string') {
    throw new TypeError(`${name}.note must be a string, got ${check.show(v.note)}`);
  }
  return v;
}

/** One readable paragraph: the claim, its parameters, measured vs predicted with interval, α, N. */
export function formatEvidence(e: Evidence): string {
  checkEvidence(e);
  const verdict = e.pass ? 'holds' : 'FAILED';
  const rel = e.predicted !== 0 ? ` (${fmt((e.measured / e.predicted - 1) * 100)}% off)` : '';
  return (
    `Claim "${e.claim}" ${verdict}: ${e.quantity} measured ${fmt(e.measured)}, predicted ${fmt(e.predicted)}${rel}; ` +
    `${e.alpha >= 1e-3 ? `${fmt((1 - e.alpha) * 100)}%` : `(1 − ${fmt(e.alpha)})`} interval ` +
    `[${fmt(e.interval[0])}, ${fmt(e.interval[1])}] ` +
    `at false-alarm rate α = ${fmt(e.alpha)} from N = ${e.samples} independent samples. ` +
    `Parameters: ${fmtParams(e.params)}.${e.note ? ` ${e.note}` : ''}`
  );
}

/** The error `assertEvidence` throws: its message is the evidence paragraph; `.evidence` keeps the data. */
export class EvidenceError extends Error {
  constructor(readonly evidence: Evidence) {
    super(formatEvidence(evidence));
    this.name = 'EvidenceError';
  }
}

/** Throw an EvidenceError unless `e.pass`. Returns `e` so it can be chained. */
export function assertEvidence(e: Evidence): Evidence {
  checkEvidence(e);
  if (!e.pass) throw new EvidenceError(e);
  return e;
}
