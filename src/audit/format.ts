/**
 * The audit as text for a terminal: a findings table per section (initializer and option, check,
 * verdict, what TF.js did, what Keras specifies, the evidence's size and α), then every divergence
 * grouped by root cause with one counterexample, its evidence and the tested explanation.
 */
import { checkEvidence, type Evidence } from '../stats/evidence.js';
import * as check from '../validate.js';
import {
  type AuditResult,
  CAUSES,
  type CauseId,
  type Explanation,
  type Finding,
  fmt,
  SECTIONS,
} from './tfjs.js';

const VERDICTS = ['conforms', 'diverges', 'inconclusive'] as const;

function str(name: string, v: unknown): string {
  if (typeof v !== 'string') throw new TypeError(`${name} must be a string, got ${check.show(v)}`);
  return v;
}

function bool(name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${check.show(v)}`);
  return v;
}

/** A number that is not NaN (±Infinity allowed: an unbounded interval). */
function num(name: string, v: unknown): number {
  if (typeof v !== 'number') throw new TypeError(`${name} must be a number, got ${check.show(v)}`);
  if (Number.isNaN(v)) throw new RangeError(`${name} must not be NaN`);
  return v;
}

function object(name: string, v: unknown): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new TypeError(`${name} must be an object, got ${check.show(v)}`);
  return v as Record<string, unknown>;
}

/** Throw a TypeError/RangeError naming the field unless `f` has the fields of a Finding. */
function checkFinding(name: string, f: unknown): Finding {
  const o = object(name, f);
  for (const key of ['id', 'section', 'initializer', 'option', 'check', 'measured', 'contract', 'reproduce'])
    str(`${name}.${key}`, o[key]);
  check.oneOf(`${name}.verdict`, o.verdict, VERDICTS);
  checkEvidence(o.evidence, `${name}.evidence`);
  if (o.explanation !== undefined) {
    const x = object(`${name}.explanation`, o.explanation);
    check.oneOf(`${name}.explanation.cause`, x.cause, Object.keys(CAUSES));
    str(`${name}.explanation.statement`, x.statement);
    bool(`${name}.explanation.holds`, x.holds);
    checkEvidence(x.evidence, `${name}.explanation.evidence`);
  }
  return f as Finding;
}

/** Check a list of findings (its length first, so a sparse array is refused at once). */
function checkFindings(name: string, findings: unknown): readonly Finding[] {
  return check.listOf(name, findings, checkFinding, { what: 'an array of Findings' });
}

const RED = '\u001b[31m';
const GREEN = '\u001b[32m';
const YELLOW = '\u001b[33m';
const BOLD = '\u001b[1m';
const RESET = '\u001b[0m';

function cut(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Word-wrap `text` at `width` columns; continuation lines get `indent`. */
export function wrap(text: string, width: number, indent: string): string {
  const lead = /^ */.exec(text)?.[0] ?? '';
  const words = text.slice(lead.length).split(' ');
  const lines: string[] = [];
  let line = lead;
  for (const w of words) {
    if (line.trim() !== '' && line.length + 1 + w.length > width) {
      lines.push(line);
      line = indent + w;
    } else line = line.trim() === '' ? line + w : `${line} ${w}`;
  }
  if (line.trim() !== '') lines.push(line);
  return lines.join('\n');
}

const WIDTH = 118;

/** α in a short form: 4e-7, 0.001. */
function alphaText(a: number): string {
  return a >= 1e-3 ? String(Number(a.toPrecision(3))) : a.toExponential(1).replace(/\.0e/, 'e');
}

function verdictWord(f: Finding): string {
  return f.verdict === 'diverges' ? 'DIVERGES' : f.verdict === 'conforms' ? 'conforms' : 'inconclusive';
}

function evidenceCell(e: Evidence): string {
  return e.alpha === 0 ? 'exact' : `N=${e.samples} α=${alphaText(e.alpha)}`;
}

/** One line with the evidence of a decision: measured, interval, α, N; or the exact observation. */
export function evidenceLine(e: Evidence): string {
  checkEvidence(e);
  if (e.alpha === 0) {
    return `exact observation: ${e.quantity} = ${fmt(e.measured)} where Keras gives ${fmt(e.predicted)}`;
  }
  const rel =
    e.predicted !== 0 && e.quantity.startsWith('Var')
      ? ` (${fmt((e.measured / e.predicted - 1) * 100)}%)`
      : '';
  return (
    `${e.quantity}: measured ${fmt(e.measured)} vs ${fmt(e.predicted)}${rel}; ` +
    `(1 − ${alphaText(e.alpha)}) interval [${fmt(e.interval[0])}, ${fmt(e.interval[1])}]; ` +
    `α = ${alphaText(e.alpha)}, N = ${e.samples}`
  );
}

/** The explanation's test in a few words. */
function explanationLine(x: Explanation): string {
  if (x.evidence.alpha === 0) return x.statement;
  const e = x.evidence;
  return (
    `${x.statement}: ${x.holds ? 'consistent' : 'REJECTED'} at α = ${alphaText(e.alpha)} ` +
    `(measured ${fmt(e.measured)}, interval [${fmt(e.interval[0])}, ${fmt(e.interval[1])}])`
  );
}

/** The findings table, one block per section. Bad findings or color: a TypeError/RangeError naming them. */
export function findingsTable(findings: readonly Finding[], color = false): string {
  checkFindings('findings', findings);
  bool('color', color);
  const rows = findings.map((f) => ({
    f,
    subject: `${f.initializer}  ${f.option}`,
    check: f.check,
    verdict: verdictWord(f),
    measured: cut(f.measured, 38),
    contract: cut(f.contract, 40),
    evidence: evidenceCell(f.evidence),
  }));
  const w = {
    subject: Math.min(40, Math.max(20, ...rows.map((r) => r.subject.length))),
    check: Math.max(5, ...rows.map((r) => r.check.length)),
    verdict: 10,
    measured: Math.max(8, ...rows.map((r) => r.measured.length)),
    contract: Math.max(14, ...rows.map((r) => r.contract.length)),
  };
  const paint = (s: string, v: string) =>
    !color
      ? s
      : v === 'DIVERGES'
        ? `${RED}${s}${RESET}`
        : v === 'conforms'
          ? `${GREEN}${s}${RESET}`
          : `${YELLOW}${s}${RESET}`;
  const lines: string[] = [];
  const head =
    `  ${'initializer  option'.padEnd(w.subject)}  ${'check'.padEnd(w.check)}  ${'verdict'.padEnd(w.verdict)}` +
    `${'TF.js measured'.padEnd(w.measured)}  ${'Keras contract'.padEnd(w.contract)}  evidence`;
  for (const section of SECTIONS) {
    const inSection = rows.filter((r) => r.f.section === section);
    if (inSection.length === 0) continue;
    lines.push('', color ? `${BOLD}${section}${RESET}` : section, head, `  ${'─'.repeat(head.length - 2)}`);
    let last = '';
    for (const r of inSection) {
      const subject = r.subject === last ? '' : cut(r.subject, w.subject);
      last = r.subject;
      lines.push(
        `  ${subject.padEnd(w.subject)}  ${r.check.padEnd(w.check)}  ${paint(r.verdict.padEnd(w.verdict), r.verdict)}` +
          `${r.measured.padEnd(w.measured)}  ${r.contract.padEnd(w.contract)}  ${r.evidence}`,
      );
    }
  }
  return lines.join('\n');
}

/** Every divergence, grouped by root cause, with one counterexample and its evidence per cause. */
export function divergencesByCause(findings: readonly Finding[]): string {
  checkFindings('findings', findings);
  const diverging = findings.filter((f) => f.verdict === 'diverges');
  const groups = new Map<CauseId | 'unexplained', Finding[]>();
  for (const f of diverging) {
    const key = f.explanation?.holds ? f.explanation.cause : 'unexplained';
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const out: string[] = [
    `Divergences by cause (${diverging.length} findings, ${[...groups.keys()].filter((k) => k !== 'unexplained').length} causes)`,
  ];
  let k = 0;
  for (const [cause, fs] of groups) {
    k++;
    const title = cause === 'unexplained' ? 'not explained by the audit’s hypotheses' : CAUSES[cause];
    const list = fs.map((f) => `${f.initializer} ${f.option} ${f.check}`);
    const shown = list.slice(0, 6).join(' · ') + (list.length > 6 ? ` · … (${list.length} in all)` : '');
    // the counterexample: prefer a statistical finding (it has an interval), else the first
    const f = fs.find((x) => x.evidence.alpha > 0) ?? fs[0];
    out.push(
      '',
      wrap(`${String(k).padStart(2)}. ${title}`, WIDTH, '    '),
      wrap(`    findings: ${shown}`, WIDTH, '      '),
      wrap(`    counterexample: ${f.reproduce}`, WIDTH, '      '),
      wrap(`      TF.js: ${f.measured}; Keras: ${f.contract}`, WIDTH, '        '),
      wrap(`      evidence: ${evidenceLine(f.evidence)}`, WIDTH, '        '),
    );
    if (f.explanation)
      out.push(wrap(`      explained: ${explanationLine(f.explanation)}`, WIDTH, '        '));
  }
  return out.join('\n');
}

/**
 * The whole text report of an audit. `r` must have the fields of an AuditResult (a TypeError or
 * RangeError naming the first bad one otherwise), `options.color` a boolean if given.
 */
export function formatAudit(r: AuditResult, options: { color?: boolean } = {}): string {
  const o = object('r', r);
  const tfjs = object('r.tfjs', o.tfjs);
  for (const key of ['core', 'layers', 'backend']) str(`r.tfjs.${key}`, tfjs[key]);
  for (const key of ['seed', 'alpha', 'decisions', 'alphaPerDecision', 'power']) num(`r.${key}`, o[key]);
  bool('r.quick', o.quick);
  const plan = object('r.plan', o.plan);
  num('r.plan.relTol', plan.relTol);
  num('r.plan.ksDistance', plan.ksDistance);
  if (typeof plan.meanTol !== 'string') num('r.plan.meanTol', plan.meanTol);
  checkFindings('r.findings', o.findings);
  const opts = check.options<{ color: boolean }>('options', options);
  if (opts.color !== undefined) bool('options.color', opts.color);
  const count = (v: string) => r.findings.filter((f) => f.verdict === v).length;
  const header = [
    `wixi audit tfjs: @tensorflow/tfjs-layers ${r.tfjs.layers} (tfjs-core ${r.tfjs.core}, backend ${r.tfjs.backend})`,
    "checked against the Keras 3 semantics it documents (with camelCase names: fanIn, 'normal', …).",
    `seed ${r.seed}${r.quick ? ' (quick)' : ''}; ${r.decisions} statistical decisions, each at α = ${alphaText(r.alphaPerDecision)} ` +
      `(family-wise ${alphaText(r.alpha)}, Bonferroni),`,
    `each with power 1 − ${alphaText(1 - r.power)} to catch a ${r.plan.relTol * 100}% variance error, a ${r.plan.meanTol} ` +
      `mean shift or a KS distance of ${r.plan.ksDistance}; 'exact' marks a deterministic observation.`,
  ];
  const summary =
    `${r.findings.length} checks: ${count('conforms')} conform, ${count('diverges')} diverge` +
    (count('inconclusive') > 0 ? `, ${count('inconclusive')} inconclusive` : '') +
    '. Full evidence of every check: wixi audit tfjs --json';
  return [
    header.join('\n'),
    findingsTable(r.findings, options.color ?? false),
    '',
    divergencesByCause(r.findings),
    '',
    summary,
  ].join('\n');
}
