import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { claims } from '../claims/index.js';
import { type ClaimResult, runClaim } from '../claims/run.js';
import { createRng, freshSeed } from '../random/rng.js';
import * as check from '../validate.js';
import { computeFigures, type Figures } from './figures.js';
import { renderHtml } from './html.js';
import { charts, counterexamples, verdict, verdictTable } from './text.js';

/** Options of `wixi report`. */
export interface ReportOptions {
  seed: number;
  quick: boolean;
  json: boolean;
  html: string | null;
}

export const REPORT_USAGE = `usage: wixi report [--seed N] [--quick] [--json] [--html FILE]

Runs every claim of the catalog, prints a verdict table (measured vs predicted, interval, N),
the refutations' counterexamples and charts of second moments and gradients across depth.
  --seed N     replay a run (default: a fresh seed, printed)
  --quick      coarser tolerances and smaller figures (about 10 s)
  --json       print the results as JSON instead of text
  --html FILE  also write a self-contained HTML page with SVG charts`;

/** Parse the report's arguments; throws RangeError on anything unknown. */
export function parseReportArgs(args: string[]): ReportOptions {
  let seed: number | undefined;
  let quick = false;
  let json = false;
  let html: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--quick') quick = true;
    else if (a === '--json') json = true;
    else if (a === '--seed') {
      const v = args[++i];
      if (v === undefined) throw new RangeError('--seed needs a value');
      seed = check.integer('--seed', Number(v), 0, Number.MAX_SAFE_INTEGER);
    } else if (a === '--html') {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new RangeError('--html needs a file name');
      html = v;
    } else throw new RangeError(`unknown option ${check.show(a)} for report (see wixi report --help)`);
  }
  return { seed: seed ?? freshSeed(), quick, json, html };
}

/** The report's false-alarm rate per claim decision. */
export const REPORT_ALPHA = 1e-6;

/** Run every claim and compute the figures, with a progress bar on stderr when it is a terminal. */
export function collect(options: ReportOptions): { results: ClaimResult[]; figures: Figures } {
  const rng = createRng(options.seed);
  const tty = Boolean(process.stderr.isTTY) && !options.json;
  const bar = tty
    ? new cliProgress.SingleBar(
        {
          format: 'wixi report [{bar}] {value}/{total} {task}',
          stream: process.stderr,
          clearOnComplete: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  const figureSteps = 5;
  bar?.start(claims.length + figureSteps, 0, { task: '' });
  const results: ClaimResult[] = [];
  for (const claim of claims) {
    bar?.update({ task: claim.id });
    results.push(
      runClaim(claim, {
        seed: rng.fork().uint32(),
        alpha: REPORT_ALPHA,
        size: options.quick ? 'quick' : 'full',
        // a refutation's search stops at its first counterexample; the slowest to find one (tanh
        // gradients) refutes in ≈ 0.15 of runs at the report's α, so 40 runs missed ≈ 0.15% of the time
        numRuns: 200,
      }),
    );
    bar?.increment();
  }
  bar?.update({ task: 'figures' });
  const figures = computeFigures(rng.fork(), options.quick, () => bar?.increment());
  bar?.stop();
  return { results, figures };
}

/** `wixi report`: returns the exit code (0 every claim as expected, 1 otherwise). */
export async function runReport(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(REPORT_USAGE);
    return 0;
  }
  const options = parseReportArgs(args);
  const started = performance.now();
  const { results, figures } = collect(options);
  const failed = results.filter((r) => !r.ok);
  if (options.json) {
    console.log(
      JSON.stringify(
        {
          seed: options.seed,
          alpha: REPORT_ALPHA,
          size: options.quick ? 'quick' : 'full',
          claims: results.map((r) => ({
            id: r.claim.id,
            title: r.claim.title,
            kind: r.claim.kind,
            verdict: verdict(r),
            ok: r.ok,
            evidence: r.evidence,
            refutation: r.refutation
              ? { ...r.refutation, counterexample: String(r.refutation.counterexample) }
              : undefined,
          })),
          figures,
        },
        (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v),
        2,
      ),
    );
  } else {
    const color = Boolean(process.stdout.isTTY);
    console.log(
      `wixi report: ${claims.length} claims, seed ${options.seed} (replay: wixi report --seed ${options.seed}${options.quick ? ' --quick' : ''})`,
    );
    console.log(
      `Each decision has false-alarm rate α = ${REPORT_ALPHA}; N is the number of independent samples.\n`,
    );
    console.log(verdictTable(results));
    console.log(`\nNaive claims, refuted by shrunk counterexamples:\n\n${counterexamples(results)}\n`);
    console.log(charts(figures, color));
    console.log(
      `\n${failed.length === 0 ? 'Every claim came out as stated.' : `${failed.length} claim(s) did NOT: ${failed.map((r) => r.claim.id).join(', ')}`} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
  }
  if (options.html) {
    const file = resolve(options.html);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, await renderHtml(results, figures, options.seed));
    console.error(`HTML report written to ${file}`);
  }
  return failed.length === 0 ? 0 : 1;
}
