/**
 * `npm run calibrate`: how often the spec cries wolf, and how its decision rules behave at large R.
 *
 * 1. Suite runs: runs the whole vitest suite K times (`--runs K`, default 200), each with a fresh
 *    WIXI_SEED from the operating system, and appends one JSON line per run (date, commit, seed, exit
 *    code, seconds, failing tests) to docs/calibration/runs.jsonl, so runs add up across sessions and
 *    machines. A failing run is a false failure unless its replay shows a real bug; either way the
 *    seed replays it: `WIXI_SEED=<seed> npm test`. With 0 failures in K runs the exact one-sided 95%
 *    upper bound on the per-run failure probability is 1 − 0.05^(1/K) (≈ 3/K): runs detect a grossly
 *    miscalibrated suite, they cannot show the budgeted 1e-6.
 * 2. Rules: runs every check of properties/calibration-rules.ts R times (`--replicates R`, default
 *    100000) and reports each rule's firing rate with a 95% Wilson interval and an exact binomial
 *    test against its planned rate (size α = 0.05, power 0.8, pass rate ≤ β).
 *
 * Writes docs/calibration.md (a dated table of both) and prints it. Options: --runs K (0 skips the
 * suite runs), --replicates R (0 skips the rules), --log <path>, --out <path>, --workers N (vitest's
 * maxWorkers for the suite runs, default the config's 2: 1 leaves a core to other jobs; the verdicts
 * do not depend on it, every test's draws derive from WIXI_SEED and its own name).
 */
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import { calibrationChecks, countFirings } from '../properties/calibration-rules.js';
import { freshSeed } from '../src/random/rng.js';
import { testProportion } from '../src/stats/index.js';
import * as check from '../src/validate.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** One full suite run, as logged. */
export interface SuiteRun {
  date: string;
  commit: string;
  seed: number;
  exitCode: number;
  seconds: number;
  tests: number;
  failed: string[];
}

interface Options {
  runs: number;
  replicates: number;
  log: string;
  out: string;
  workers: number | undefined;
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = {
    runs: 200,
    replicates: 100_000,
    log: join(ROOT, 'docs/calibration/runs.jsonl'),
    out: join(ROOT, 'docs/calibration.md'),
    workers: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new TypeError(`${flag} needs a value`);
    if (flag === '--runs') o.runs = check.integer('--runs', Number(value), 0);
    else if (flag === '--replicates') o.replicates = check.integer('--replicates', Number(value), 0);
    else if (flag === '--log') o.log = value;
    else if (flag === '--out') o.out = value;
    else if (flag === '--workers') o.workers = check.integer('--workers', Number(value), 1);
    else throw new TypeError(`unknown option ${flag} (known: --runs, --replicates, --log, --out, --workers)`);
    i++;
  }
  return o;
}

function git(...args: string[]): string {
  const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'unknown';
}

/**
 * Run the vitest suite once with `seed` (on `workers` vitest workers, default the config's); its
 * exit code, duration and failing tests' full names.
 */
export function runSuite(seed: number, workers?: number): SuiteRun {
  const dir = mkdtempSync(join(tmpdir(), 'wixi-calibrate-'));
  const json = join(dir, 'vitest.json');
  const started = performance.now();
  const r = spawnSync(
    'npx',
    [
      'vitest',
      'run',
      '--reporter=dot',
      '--reporter=json',
      `--outputFile.json=${json}`,
      ...(workers === undefined ? [] : [`--maxWorkers=${workers}`]),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, WIXI_SEED: String(seed) },
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  const seconds = (performance.now() - started) / 1000;
  let tests = 0;
  const failed: string[] = [];
  if (existsSync(json)) {
    const report = JSON.parse(readFileSync(json, 'utf8')) as {
      numTotalTests: number;
      testResults: {
        name: string;
        status: string;
        message?: string;
        assertionResults: { fullName: string; status: string }[];
      }[];
    };
    tests = report.numTotalTests;
    for (const file of report.testResults) {
      const rel = file.name.startsWith(ROOT) ? file.name.slice(ROOT.length) : file.name;
      for (const a of file.assertionResults) if (a.status === 'failed') failed.push(`${rel} > ${a.fullName}`);
      if (file.status === 'failed' && file.assertionResults.every((a) => a.status !== 'failed')) {
        failed.push(`${rel} (file failed: ${(file.message ?? '').split('\n')[0]})`);
      }
    }
  } else {
    failed.push(`no report (vitest exit ${r.status}): ${(r.stderr ?? '').split('\n').slice(0, 3).join(' ')}`);
  }
  rmSync(dir, { recursive: true, force: true });
  return {
    date: new Date().toISOString(),
    // the calibration log and table are written by this script: their changes do not make the code dirty
    commit:
      git('rev-parse', '--short', 'HEAD') +
      (git(
        'status',
        '--porcelain',
        '--untracked-files=no',
        '--',
        '.',
        ':!docs/calibration',
        ':!docs/calibration.md',
      )
        ? '+dirty'
        : ''),
    seed,
    exitCode: r.status ?? -1,
    seconds: Math.round(seconds * 10) / 10,
    tests,
    failed,
  };
}

/** 95% Wilson score interval for k successes in n trials. */
export function wilson(k: number, n: number): [number, number] {
  const z = 1.959963984540054;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

function readLog(path: string): SuiteRun[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as SuiteRun);
}

/**
 * The exact (Clopper–Pearson) one-sided 95% upper bound on a failure probability after x failures in
 * k runs: the p with P(X ≤ x) = 0.05 for X ~ Binomial(k, p), by bisection (P(X ≤ x) falls in p);
 * 1 − 0.05^(1/k) when x = 0.
 */
function upperBound95(x: number, k: number): number {
  if (x === 0) return 1 - 0.05 ** (1 / k);
  if (x >= k) return 1;
  let [lo, hi] = [0, 1];
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (binomialCdf(x, k, mid) > 0.05) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The suite-runs table: per commit, runs, failing runs, the 95% upper bound, seconds. */
function runsTable(runs: readonly SuiteRun[]): string {
  const byCommit = new Map<string, SuiteRun[]>();
  for (const r of runs) byCommit.set(r.commit, [...(byCommit.get(r.commit) ?? []), r]);
  const rows = [...byCommit].map(([commit, rs]) => {
    const bad = rs.filter((r) => r.exitCode !== 0);
    const k = rs.length;
    const bound = upperBound95(bad.length, k);
    const secs = rs.map((r) => r.seconds).sort((a, b) => a - b);
    const dates = `${rs[0]?.date.slice(0, 10)} – ${rs[k - 1]?.date.slice(0, 10)}`;
    return `| ${commit} | ${dates} | ${k} | ${bad.length} | ${bound.toFixed(3)} | ${secs[0]}–${secs[k - 1]} |`;
  });
  const failures = runs
    .filter((r) => r.exitCode !== 0)
    .map(
      (r) => `- ${r.date} ${r.commit} WIXI_SEED=${r.seed}: ${r.failed.join('; ') || `exit ${r.exitCode}`}`,
    );
  const total = runs.length;
  const totalBad = runs.filter((r) => r.exitCode !== 0).length;
  return [
    '| commit | dates | runs | failing runs | 95% upper bound on P(fail) | seconds per run |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    `All commits: ${total} runs, ${totalBad} failing.`,
    ...(failures.length > 0
      ? ['', 'Failing runs (replay with `WIXI_SEED=<seed> npm test`):', ...failures]
      : []),
  ].join('\n');
}

/** The rules table: each check's rate over R replicates with its Wilson interval and exact test. */
function rulesTable(replicates: number): string {
  const rows = calibrationChecks.map((c) => {
    const k = countFirings(c, replicates, freshSeed() >>> 0);
    const [lo, hi] = wilson(k, replicates);
    const t = testProportion(k, replicates, c.expected, { alpha: 1e-3 });
    const wrongSide =
      c.direction === 'equal' ||
      (c.direction === 'at most' ? k > replicates * c.expected : k < replicates * c.expected);
    const verdict =
      t.decision === 'fail' && wrongSide ? `**off** (p = ${t.pValue.toExponential(2)})` : 'as planned';
    process.stderr.write(`  ${c.title}: ${(k / replicates).toFixed(4)}\n`);
    return `| ${c.title} | ${c.kind} | ${c.n} | ${c.direction} ${c.expected} | ${(k / replicates).toFixed(4)} | [${lo.toFixed(4)}, ${hi.toFixed(4)}] | ${verdict} |`;
  });
  return [
    `R = ${replicates} replicates per rule; verdict: exact binomial test against the planned rate at 1e-3, on the side that matters.`,
    '',
    '| check | kind | n | planned rate | measured rate | 95% interval | verdict |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  mkdirSync(dirname(o.log), { recursive: true });
  for (let i = 0; i < o.runs; i++) {
    const run = runSuite(freshSeed(), o.workers);
    appendFileSync(o.log, `${JSON.stringify(run)}\n`);
    process.stderr.write(
      `run ${i + 1}/${o.runs}: WIXI_SEED=${run.seed} exit ${run.exitCode} ${run.seconds} s, ${run.tests} tests` +
        `${run.failed.length > 0 ? `, FAILED: ${run.failed.join('; ')}` : ''}\n`,
    );
  }
  const sections = [
    `# Calibration (generated by \`npm run calibrate\`, ${new Date().toISOString().slice(0, 10)})`,
  ];
  sections.push('', '## Full suite runs with fresh seeds', '', runsTable(readLog(o.log)));
  // the hand-written account of the failing runs (what each was and where it was fixed), kept
  // next to the log so that regenerating this file does not drop it
  const notes = join(dirname(o.log), 'notes.md');
  if (existsSync(notes)) sections.push('', readFileSync(notes, 'utf8').trimEnd());
  if (o.replicates > 0) {
    process.stderr.write(`rules at R = ${o.replicates}:\n`);
    sections.push('', '## Decision rules at large R', '', rulesTable(o.replicates));
  } else if (existsSync(o.out)) {
    // keep the last rules table when only suite runs were asked for
    const previous = readFileSync(o.out, 'utf8');
    const at = previous.indexOf('## Decision rules at large R');
    if (at >= 0) sections.push('', previous.slice(at).trimEnd());
  }
  const text = `${sections.join('\n')}\n`;
  writeFileSync(o.out, text);
  process.stdout.write(text);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
