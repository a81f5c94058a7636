import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { ClaimResult } from '../claims/run.js';
import { formatEvidence } from '../stats/evidence.js';
import type { Figures } from './figures.js';
import { verdict } from './text.js';

type Spec = vl.TopLevelSpec;

/** Render a Vega-Lite spec to an SVG string in Node (no browser, no canvas). */
export async function toSvg(spec: Spec): Promise<string> {
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const WIDTH = 560;
const HEIGHT = 300;

function depthSpec(title: string, f: Figures, which: 'forward' | 'backward'): Spec {
  const values = f.schemes.flatMap((s) =>
    s[which].map((v, i) => ({
      layer: which === 'forward' ? i + 1 : i,
      value: v,
      scheme: s.name,
      predicted: which === 'forward' ? s.predicted[i] : (s.c / 2) ** (f.depth - i),
    })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    layer: [
      {
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'layer', type: 'quantitative', title: 'layer l' },
          y: {
            field: 'value',
            type: 'quantitative',
            scale: { type: 'log', base: 2 },
            title: 'second moment ratio (log₂)',
          },
          color: { field: 'scheme', type: 'nominal', title: 'initialization' },
        },
      },
      {
        mark: { type: 'line', strokeDash: [4, 4], opacity: 0.6 },
        encoding: {
          x: { field: 'layer', type: 'quantitative' },
          y: { field: 'predicted', type: 'quantitative', scale: { type: 'log', base: 2 } },
          color: { field: 'scheme', type: 'nominal' },
        },
      },
    ],
  };
}

function fanSpec(f: Figures): Spec {
  const values = f.fan.depth.map((d, i) => ({
    layer: d,
    q10: f.fan.q10[i],
    q50: f.fan.q50[i],
    q90: f.fan.q90[i],
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `Finite width: log₂(‖x_l‖²/‖x₀‖²) over ${f.fan.networks} He networks of width ${f.fan.width}`,
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    layer: [
      {
        mark: { type: 'area', opacity: 0.3 },
        encoding: {
          x: { field: 'layer', type: 'quantitative', title: 'layer l' },
          y: { field: 'q10', type: 'quantitative', title: 'log₂ norm ratio (10%–90% band, median)' },
          y2: { field: 'q90' },
        },
      },
      {
        mark: { type: 'line', point: true },
        encoding: { x: { field: 'layer', type: 'quantitative' }, y: { field: 'q50', type: 'quantitative' } },
      },
    ],
  };
}

function sigmoidSpec(f: Figures): Spec {
  const values = f.sigmoid.sd.map((s, i) => ({ sd: s, slope: f.sigmoid.meanSlope[i] }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: "Mean sigmoid slope E[σ'(z)] against sd(z)",
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'sd', type: 'quantitative', scale: { type: 'log', base: 2 }, title: 'sd(z)' },
      y: { field: 'slope', type: 'quantitative', title: "E[σ'(z)]" },
    },
  };
}

/** The report as one self-contained HTML page: the answer, the verdict table, the counterexamples, SVG charts. */
export async function renderHtml(results: ClaimResult[], figures: Figures, seed: number): Promise<string> {
  const svgs = await Promise.all([
    toSvg(
      depthSpec(
        `Forward: E[x_l²]/E[x₀²] across depth (ReLU, width ${figures.width}); dashed: (c/2)^l`,
        figures,
        'forward',
      ),
    ),
    toSvg(depthSpec('Backward: E[(∂L/∂x_l)²]/E[(∂L/∂x_L)²]; dashed: (c/2)^(L−l)', figures, 'backward')),
    toSvg(fanSpec(figures)),
    toSvg(sigmoidSpec(figures)),
  ]);
  const rows = results
    .map((r) => {
      const e = r.evidence;
      const cls = r.ok ? 'ok' : 'bad';
      return `<tr class="${cls}"><td title="${escapeHtml(r.claim.statement)}">${escapeHtml(r.claim.title)}</td><td>${verdict(r)}</td><td>${e.measured.toPrecision(4)}</td><td>${e.predicted.toPrecision(4)}</td><td>[${e.interval[0].toPrecision(4)}, ${e.interval[1].toPrecision(4)}]</td><td>${e.samples}</td></tr>`;
    })
    .join('\n');
  const refutations = results
    .filter((r) => r.refutation)
    .map(
      (r) =>
        `<li><b>${escapeHtml(r.claim.title)}</b><br>Counterexample: ${escapeHtml(r.refutation!.feature)}.<br>${escapeHtml(formatEvidence(r.evidence))}<br><i>${escapeHtml(r.claim.lesson ?? '')}</i></li>`,
    )
    .join('\n');
  const figuresHtml = svgs.map((s) => `<figure class="chart">${s}</figure>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>wixi report</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
td, th { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }
tr.ok td:nth-child(2) { color: #176317; font-weight: bold; }
tr.bad td:nth-child(2) { color: #b00020; font-weight: bold; }
figure.chart { margin: 1.5em 0; }
.answer { background: #f6f8fa; padding: 0.5em 1.2em; border-radius: 6px; }
</style></head><body>
<h1>Why Var(W) = 1/n or 2/n keeps deep networks stable</h1>
<p>Every claim below was tested on this run (seed ${seed}; replay with <code>wixi report --seed ${seed}</code>). Each decision states its false-alarm rate α and its sample size.</p>
<div class="answer">
<h2>1. "Terms can cancel, so why make each WᵢXᵢ small?"</h2>
<p>They do cancel, but only on average in exact balance with reinforcement: for zero-mean weights E[z²] = Σ E[(WᵢXᵢ)²] = n·Var(W)·E[X²], whatever the signs. Cancellation does not shrink z; it makes it Gaussian, with E|z| ≈ 0.80·sd(z). A near-total cancellation like −999.99 + 1000 − 100.99 + 101 is possible but has probability ≈ 0.8·ε of landing within ε standard deviations of zero. So the size of z is set by n·Var(W): to keep it O(1) as n grows, Var(W) must shrink like 1/n.</p>
<h2>2. "Two small numbers multiply to a tiny one: why no vanishing?"</h2>
<p>Each product is small, O(1/√n), but there are n of them: n terms of variance E[X²]/n add up to Var(z) = E[X²] exactly. What decides vanishing or exploding over depth is the factor per layer, c/2 for ReLU with Var(W) = c/n: He's c = 2 keeps the second moment (and, with fan_out, the gradients) at 1; Xavier's c = 1 halves it every layer; c = 4 doubles it. Gradients obey the same law backward, so ReLU gradients can explode too, as the reply in the discussion says.</p>
</div>
<h2>Verdicts</h2>
<table><thead><tr><th>claim</th><th>verdict</th><th>measured</th><th>predicted</th><th>interval</th><th>N</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Naive claims and their counterexamples</h2>
<ul>${refutations}</ul>
<h2>Charts</h2>
${figuresHtml}
<p><small>Generated by wixi. Figures: ${figures.replicates} independent networks per scheme, batch ${figures.batch}, depth ${figures.depth}.</small></p>
</body></html>
`;
}
