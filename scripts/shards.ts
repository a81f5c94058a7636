/**
 * `npx tsx scripts/shards.ts [--shards n] [--seed s] [--at rev] [--keep] [--commands] [-- <vitest filters>]`:
 * checks that the spec split over n CI machines with vitest's own sharding gives the verdicts of one
 * run. With one fixed seed it runs the suite as n shards (`vitest run --shard=i/n`, blob reporter,
 * one after the other, as n machines would in parallel), merges the blobs with `--merge-reports`
 * (json reporter), runs the same suite once unsharded with the same seed (json reporter), and
 * compares every test's verdict (file, full name, status). It also checks that each shard ran with
 * the seed it was given, that every file ran in exactly one shard, and that the merged report is the
 * union of the shards' own reports. Prints a table; exits 1 on any difference, 2 on a usage error.
 * `--at <rev>` runs a snapshot of a commit (`git archive`, in the temporary directory, sharing this
 * checkout's node_modules) instead of the working tree, so that edits made meanwhile in a shared
 * working tree cannot make the runs test different code; without it, the script checks that the
 * code under test did not change during the runs and fails if it did.
 * Temporary outputs go to a temporary directory (kept with --keep). Not part of `npm test`: it runs
 * the suite twice (about 2× its time). `--commands` only prints the CI commands for machine i of n.
 *
 * Why the false-alarm budget holds per shard: properties/budget.ts. Why the verdicts cannot depend
 * on the sharding: vitest shards whole files (sorted by a hash of their path), a file's tests run in
 * one process in their order whichever shard it falls in, and every random draw derives from
 * WIXI_SEED and a name (src/testing/seed.ts), never from which files ran before in the process
 * (files share worker processes, `isolate: false`; properties/support/isolation-guard.ts fails a
 * file that leaves process-wide state changed).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');

/** The parts of vitest's json reporter output that the comparison reads. */
interface JsonReport {
  success: boolean;
  numTotalTests: number;
  testResults: {
    name: string;
    status: string;
    message: string;
    startTime: number;
    endTime: number;
    assertionResults: { ancestorTitles: string[]; title: string; status: string }[];
  }[];
}

/** A run's verdicts: test key (file › describe › … › title) → status, plus file-level results. */
interface Verdicts {
  tests: Map<string, string>;
  /** file → 'passed' | 'failed', with ' (error: …)' when the file itself failed (e.g. to load) */
  files: Map<string, string>;
  success: boolean;
}

interface Run {
  label: string;
  code: number | null;
  seconds: number;
  log: string;
  verdicts?: Verdicts;
}

function usage(message: string): never {
  console.error(`shards: ${message}`);
  console.error(
    'usage: npx tsx scripts/shards.ts [--shards n] [--seed s] [--at rev] [--keep] [--commands] [-- filters]',
  );
  process.exit(2);
}

function parseArgs(argv: string[]): {
  shards: number;
  seed: number;
  keep: boolean;
  commands: boolean;
  at: string | undefined;
  filters: string[];
} {
  let at: string | undefined;
  let shards = 2;
  let seed: number | undefined;
  let keep = false;
  let commands = false;
  const filters: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    if (a === '--') {
      filters.push(...argv.slice(i + 1));
      break;
    }
    if (a === '--shards') shards = Number(value());
    else if (a === '--seed') seed = Number(value());
    else if (a === '--at') at = value();
    else if (a === '--keep') keep = true;
    else if (a === '--commands') commands = true;
    else usage(`unknown argument ${a}`);
  }
  if (!Number.isInteger(shards) || shards < 1) usage('--shards must be an integer ≥ 1');
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0)) {
    usage('--seed must be an integer in [0, 2^53)');
  }
  seed ??= globalThis.crypto.getRandomValues(new Uint32Array(1))[0];
  return { shards, seed, keep, commands, at, filters };
}

/** The CI recipe: the commands an orchestrator and machine i of n run (printed by --commands). */
function ciCommands(n: number): string {
  return [
    '# 1. orchestrator: one seed for the whole CI run, given to every shard machine',
    'WIXI_SEED=$(node -e "console.log(crypto.getRandomValues(new Uint32Array(1))[0])")',
    '# once, on any machine (not per shard): npm run lint && npm run typecheck',
    `# 2. machine i of ${n} (i = 1..${n}), each with the same WIXI_SEED in its environment:`,
    `WIXI_SEED=$WIXI_SEED npx vitest run --shard=i/${n} --reporter=blob --reporter=default`,
    `#    writes .vitest-reports/blob-i-${n}.json; upload it as an artifact`,
    `# 3. one machine: download the ${n} blob-*.json files into .vitest-reports/, then`,
    'npx vitest run --merge-reports=.vitest-reports --reporter=default',
    '#    (exits 1 if any test failed; add --reporter=json --outputFile=report.json for a file)',
    '# replay a failure locally: WIXI_SEED=$WIXI_SEED npm test (or the -t line the failure prints)',
  ].join('\n');
}

function vitest(root: string, label: string, args: string[], seed: number, logFile: string): Run {
  const fd = openSync(logFile, 'w');
  const started = performance.now();
  const r = spawnSync(process.execPath, [VITEST, ...args], {
    cwd: root,
    env: { ...process.env, WIXI_SEED: String(seed) },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const seconds = (performance.now() - started) / 1000;
  if (r.error) throw r.error;
  return { label, code: r.status, seconds, log: logFile };
}

function readVerdicts(root: string, file: string): Verdicts | undefined {
  let report: JsonReport;
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as JsonReport;
  } catch {
    return undefined;
  }
  const tests = new Map<string, string>();
  const files = new Map<string, string>();
  for (const f of report.testResults) {
    const path = relative(root, f.name);
    files.set(path, f.message ? `${f.status} (error: ${f.message.split('\n')[0].slice(0, 80)})` : f.status);
    for (const t of f.assertionResults) {
      const base = [path, ...t.ancestorTitles, t.title].join(' › ');
      // tests with the same full name in one file (test.each with a fixed title): number them
      let key = base;
      for (let k = 2; tests.has(key); k++) key = `${base} #${k}`;
      tests.set(key, t.status);
    }
  }
  return { tests, files, success: report.success };
}

/** The seeds a run's log says it used (`wixi: WIXI_SEED=<seed>` from properties/global-setup.ts). */
function seedsIn(logFile: string): number[] {
  const text = readFileSync(logFile, 'utf8');
  return [...text.matchAll(/wixi: WIXI_SEED=(\d+)/g)].map((m) => Number(m[1]));
}

function counts(v: Verdicts | undefined): string[] {
  if (v === undefined) return ['–', '–', '–', '–', '–'];
  const by = (s: string) => [...v.tests.values()].filter((x) => x === s).length;
  const skipped = by('skipped') + by('pending') + by('todo');
  return [
    String(v.files.size),
    String(v.tests.size),
    String(by('passed')),
    String(by('failed')),
    String(skipped),
  ];
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '))
    .join('\n');
}

/** Differences between two verdict maps, as lines `key: a ≠ b` (a missing entry is 'absent'). */
function differences(a: Map<string, string>, b: Map<string, string>): string[] {
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys
    .filter((k) => a.get(k) !== b.get(k))
    .map((k) => `${k}: ${a.get(k) ?? 'absent'} ≠ ${b.get(k) ?? 'absent'}`);
}

/**
 * A digest of the code the suite runs (src/, properties/, fixtures/, vitest.config.ts): if it changes
 * while the script runs (another edit in a shared working tree), the runs tested different code and
 * their comparison means nothing.
 */
function codeDigest(root: string): string {
  const h = createHash('sha1');
  const visit = (dir: string): void => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, e.name);
      if (e.isDirectory()) visit(path);
      else if (e.isFile()) h.update(path).update(readFileSync(join(root, path)));
    }
  };
  for (const dir of ['src', 'properties', 'fixtures']) visit(dir);
  h.update(readFileSync(join(root, 'vitest.config.ts')));
  return h.digest('hex');
}

function main(): number {
  const { shards: n, seed, keep, commands, at, filters } = parseArgs(process.argv.slice(2));
  if (commands) {
    console.log(ciCommands(n));
    return 0;
  }
  const dir = mkdtempSync(join(tmpdir(), 'wixi-shards-'));
  const blobs = join(dir, 'blobs');
  mkdirSync(blobs);
  console.log(
    `wixi shards: WIXI_SEED=${seed}, ${n} shards${filters.length ? `, filters ${filters.join(' ')}` : ''}`,
  );
  let root = ROOT;
  if (at !== undefined) {
    root = join(dir, 'tree');
    mkdirSync(root);
    const archive = spawnSync('git', ['-C', ROOT, 'archive', '--format=tar', at], { maxBuffer: 1 << 30 });
    if (archive.status !== 0) usage(`git archive ${at} failed: ${archive.stderr.toString().trim()}`);
    const tar = spawnSync('tar', ['-x', '-C', root], { input: archive.stdout });
    if (tar.status !== 0) usage(`tar failed: ${tar.stderr.toString().trim()}`);
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    const rev = spawnSync('git', ['-C', ROOT, 'rev-parse', '--short', at]).stdout.toString().trim();
    console.log(`code under test: ${at} (${rev}), a snapshot in ${root}`);
  } else {
    console.log(`code under test: the working tree ${ROOT}`);
  }
  console.log(`temporary directory ${dir}${keep ? ' (kept)' : ''}\n`);
  const problems: string[] = [];
  const runs: Run[] = [];
  const digest = codeDigest(root);
  try {
    for (let i = 1; i <= n; i++) {
      const json = join(dir, `shard-${i}-${n}.json`);
      const run = vitest(
        root,
        `shard ${i}/${n}`,
        [
          'run',
          ...filters,
          `--shard=${i}/${n}`,
          '--reporter=blob',
          '--reporter=json',
          '--reporter=dot',
          `--outputFile.blob=${join(blobs, `blob-${i}-${n}.json`)}`,
          `--outputFile.json=${json}`,
        ],
        seed,
        join(dir, `shard-${i}-${n}.log`),
      );
      run.verdicts = readVerdicts(root, json);
      runs.push(run);
      console.log(`  ${run.label}: exit ${run.code}, ${run.seconds.toFixed(1)} s`);
    }
    const merged = vitest(
      root,
      'merged (blob)',
      ['run', `--merge-reports=${blobs}`, '--reporter=json', `--outputFile.json=${join(dir, 'merged.json')}`],
      seed,
      join(dir, 'merged.log'),
    );
    merged.verdicts = readVerdicts(root, join(dir, 'merged.json'));
    console.log(`  ${merged.label}: exit ${merged.code}, ${merged.seconds.toFixed(1)} s`);
    const single = vitest(
      root,
      'single run',
      [
        'run',
        ...filters,
        '--reporter=json',
        '--reporter=dot',
        `--outputFile.json=${join(dir, 'single.json')}`,
      ],
      seed,
      join(dir, 'single.log'),
    );
    single.verdicts = readVerdicts(root, join(dir, 'single.json'));
    console.log(`  ${single.label}: exit ${single.code}, ${single.seconds.toFixed(1)} s\n`);

    if (codeDigest(root) !== digest) {
      problems.push(
        'the code under test (src/, properties/, fixtures/, vitest.config.ts) changed during the runs',
      );
    }
    // every run must have produced its report and used the seed it was given
    for (const r of [...runs, merged, single]) {
      if (r.verdicts === undefined) problems.push(`${r.label}: no json report (see ${r.log})`);
    }
    for (const r of [...runs, single]) {
      const seen = seedsIn(r.log);
      if (seen.length === 0) problems.push(`${r.label}: printed no WIXI_SEED line`);
      for (const s of seen) if (s !== seed) problems.push(`${r.label}: ran with WIXI_SEED=${s}, not ${seed}`);
    }

    // the shards partition the files, and the merged report is exactly their union
    const union: Verdicts = { tests: new Map(), files: new Map(), success: true };
    for (const r of runs) {
      if (r.verdicts === undefined) continue;
      for (const [f, s] of r.verdicts.files) {
        if (union.files.has(f)) problems.push(`${f} ran in more than one shard`);
        union.files.set(f, s);
      }
      for (const [k, s] of r.verdicts.tests) union.tests.set(k, s);
      union.success &&= r.verdicts.success;
    }
    const sv = single.verdicts;
    const mv = merged.verdicts;
    if (mv !== undefined) {
      for (const d of differences(union.tests, mv.tests)) problems.push(`shards vs merged: ${d}`);
      for (const d of differences(union.files, mv.files)) problems.push(`shards vs merged (file): ${d}`);
    }
    // the comparison asked for: merged verdicts vs the single run's, test by test and file by file
    const diffs =
      mv !== undefined && sv !== undefined
        ? [...differences(mv.tests, sv.tests), ...differences(mv.files, sv.files).map((d) => `(file) ${d}`)]
        : [];
    if (mv !== undefined && sv !== undefined && mv.success !== sv.success) {
      diffs.push(`overall: merged success ${mv.success} ≠ single success ${sv.success}`);
    }
    // vitest's exit code is the CI verdict: the merge must fail exactly when the single run fails
    if ((merged.code === 0) !== (single.code === 0)) {
      diffs.push(`exit code: merged ${merged.code} vs single ${single.code}`);
    }

    const rows = [['run', 'files', 'tests', 'passed', 'failed', 'skipped', 'exit', 'wall s']];
    for (const r of [...runs, merged, single]) {
      rows.push([r.label, ...counts(r.verdicts), String(r.code), r.seconds.toFixed(1)]);
    }
    console.log(table(rows));
    const shardSeconds = runs.map((r) => r.seconds);
    console.log(
      `\nshard wall times ${shardSeconds.map((s) => s.toFixed(1)).join(' + ')} s: on ${n} machines the ` +
        `slowest, ${Math.max(...shardSeconds).toFixed(1)} s (vs ${single.seconds.toFixed(1)} s unsharded), plus the merge`,
    );
    if (sv !== undefined && mv !== undefined) {
      console.log(
        `verdicts compared: ${sv.tests.size} tests in ${sv.files.size} files (single) vs ` +
          `${mv.tests.size} in ${mv.files.size} (merged); ${diffs.length} differ`,
      );
    }
    const failed = sv === undefined ? [] : [...sv.tests].filter(([, s]) => s === 'failed').map(([k]) => k);
    if (failed.length > 0) {
      console.log(`\nnote: ${failed.length} test(s) failed in the single run (same verdict compared):`);
      for (const k of failed) console.log(`  ${k}`);
    }
    for (const p of problems) console.log(`PROBLEM ${p}`);
    for (const d of diffs) console.log(`DIFFERS ${d}`);
    const ok = problems.length === 0 && diffs.length === 0;
    console.log(
      ok
        ? `\nOK: the ${n}-shard merged run has the single run's verdicts (WIXI_SEED=${seed})`
        : `\nFAIL: sharded and single runs differ (WIXI_SEED=${seed}; logs in ${dir})`,
    );
    if (!ok && !keep) console.log('(temporary directory kept for inspection)');
    if (ok && !keep) rmSync(dir, { recursive: true, force: true });
    return ok ? 0 : 1;
  } catch (e) {
    console.error(`shards: ${e instanceof Error ? e.message : String(e)} (outputs in ${dir})`);
    return 1;
  }
}

process.exit(main());
