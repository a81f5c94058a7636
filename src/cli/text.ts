import * as asciichart from 'asciichart';
import type { ClaimResult } from '../claims/run.js';
import type { Figures } from './figures.js';

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(2);
  return Number(x.toPrecision(4)).toString();
}

/** The verdict of a claim in one word: a law HOLDS or FAILED; a naive claim is REFUTED or NOT REFUTED. */
export function verdict(r: ClaimResult): string {
  if (r.claim.kind === 'law') return r.ok ? 'HOLDS' : 'FAILED';
  return r.ok ? 'REFUTED' : 'NOT REFUTED';
}

function pad(s: string, n: number): string {
  return s.length >= n ? `${s.slice(0, n - 1)}…` : s.padEnd(n);
}

/** The verdict table: claim, verdict, measured vs predicted with interval, N. */
export function verdictTable(results: ClaimResult[]): string {
  const lines = [
    `${pad('claim', 34)} ${pad('verdict', 12)} ${pad('measured', 11)} ${pad('predicted', 11)} ${pad('interval', 25)} N`,
    '─'.repeat(104),
  ];
  for (const r of results) {
    const e = r.evidence;
    lines.push(
      `${pad(r.claim.id, 34)} ${pad(verdict(r), 12)} ${pad(fmt(e.measured), 11)} ${pad(fmt(e.predicted), 11)} ` +
        `${pad(`[${fmt(e.interval[0])}, ${fmt(e.interval[1])}]`, 25)} ${e.samples}`,
    );
  }
  return lines.join('\n');
}

/** Each refutation's shrunk counterexample and lesson. */
export function counterexamples(results: ClaimResult[]): string {
  return results
    .filter((r) => r.refutation)
    .map((r) => {
      const f = r.refutation!;
      return (
        `• ${r.claim.title}\n  counterexample after ${f.numShrinks} shrinks: ${f.feature}\n` +
        `  measured ${fmt(r.evidence.measured)} vs the naive ${fmt(r.evidence.predicted)} (α = ${r.evidence.alpha}, N = ${r.evidence.samples})\n` +
        `  ${r.claim.lesson ?? ''}`
      );
    })
    .join('\n\n');
}

const COLORS = [asciichart.green, asciichart.blue, asciichart.magenta, asciichart.red];

/** Widen a short series for the terminal: `k` columns per step, linearly interpolated. */
function stretch(values: number[], k = 3): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < values.length; i++) {
    for (let j = 0; j < k; j++) out.push(values[i] + ((values[i + 1] - values[i]) * j) / k);
  }
  if (values.length > 0) out.push(values[values.length - 1]);
  return out;
}

/** A log₂ chart of several series with a legend. */
function logChart(
  title: string,
  series: { name: string; values: number[] }[],
  color: boolean,
  height = 14,
): string {
  const data = series.map((s) => stretch(s.values.map((v) => Math.log2(Math.max(v, 1e-300)))));
  const chart = asciichart.plot(data, {
    height,
    colors: color ? COLORS.slice(0, data.length) : undefined,
    format: (x) => `2^${x.toFixed(0)}`.padStart(6),
  });
  const legend = series
    .map((s, i) => `${color ? COLORS[i] : ''}── ${s.name}${color ? asciichart.reset : ''}`)
    .join('   ');
  return `${title}\n${chart}\n${legend}`;
}

/** The report's terminal charts. */
export function charts(f: Figures, color: boolean): string {
  const fwd = logChart(
    `E[x_l²]/E[x₀²] across depth l = 1…${f.depth} (ReLU, width ${f.width}, ${f.replicates} networks each, log₂ scale)`,
    f.schemes.map((s) => ({ name: s.name, values: s.forward })),
    color,
  );
  const bwd = logChart(
    `E[(∂L/∂x_l)²]/E[(∂L/∂x_L)²] backward, l = 0…${f.depth - 1} (gradients grow or vanish the same way)`,
    f.schemes.map((s) => ({ name: s.name, values: s.backward })),
    color,
  );
  const fan = asciichart.plot([stretch(f.fan.q90), stretch(f.fan.q50), stretch(f.fan.q10)], {
    height: 10,
    colors: color ? [asciichart.blue, asciichart.green, asciichart.blue] : undefined,
    format: (x) => x.toFixed(1).padStart(6),
  });
  const sig = asciichart.plot(stretch(f.sigmoid.meanSlope, 2), {
    height: 8,
    format: (x) => x.toFixed(3).padStart(6),
  });
  return [
    fwd,
    bwd,
    `Finite width: log₂(‖x_l‖²/‖x₀‖²) across ${f.fan.networks} He networks of width ${f.fan.width} (10%, 50%, 90% quantiles).\n` +
      `The mean is preserved, but single networks fan out and the median drifts down (Hanin & Rolnick 2018).\n${fan}`,
    `Mean sigmoid slope E[σ'(z)] as sd(z) grows from 0.25 to 256 (×2^(1/3) per step): large |z| saturates the unit.\n${sig}`,
  ].join('\n\n');
}
