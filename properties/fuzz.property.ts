/**
 * Fuzzed bad input: every public export of wixi (found by walking the package root and every
 * subpath's namespace) is called with hostile arguments — NaN, ±Infinity, −0, huge sizes (1e12,
 * 2³², 2⁵³), negative and fractional sizes, empty and mismatched arrays, wrong types (strings,
 * symbols, bigints, objects, functions, null, undefined), unknown names — alone, and mixed one at
 * a time into otherwise valid calls (properties/fuzz/targets.ts holds the valid-argument
 * generators). Factories' products (initializers, distributions, activations, streams …) have
 * their methods called the same way.
 *
 * The oracle: each call must throw a TypeError or RangeError that wixi wrote (not an engine error
 * such as "Cannot read properties of undefined", which means the input reached unchecked code), or
 * return a result with no NaN in it; it must return within 15 s (a watchdog terminates the worker)
 * and must neither exhaust the worker's heap nor allocate a typed array sized from a hostile
 * number. The check is deterministic given WIXI_SEED and makes no statistical decision, so it
 * spends none of the suite's false-alarm budget.
 *
 * Replay one export: WIXI_SEED=<seed> WIXI_FUZZ=<name> npx vitest run properties/fuzz.property.ts
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { suiteSeed } from '../src/testing/seed.js';
import { type FuzzReport, supervise } from './fuzz/supervise.js';

const RUNS = 30;
/**
 * A call that has not returned after this much wall-clock time is a hang. The slowest target (all
 * its calls together) takes ≈ 0.2 s on an idle machine; the hangs this catches (an infinite loop, a
 * walk over the 2³² − 1 holes of a sparse array) take minutes. The clock is the wall clock (Node 20
 * has no per-thread CPU clock), so the limit leaves 75× headroom: a machine loaded by other jobs
 * (mutation runs, calibration runs, CI neighbours) must not turn a slow valid call into a failure.
 */
const HANG_MS = 15_000;
const filter = process.env.WIXI_FUZZ ?? '';
const seed = suiteSeed();
let report: FuzzReport;

beforeAll(async () => {
  report = await supervise({ seed, runs: RUNS, filter, hangMs: HANG_MS, heapMb: 1024 });
  const calls = report.targets.reduce((s, t) => s + t.calls, 0);
  const threw = report.targets.reduce((s, t) => s + t.threw, 0);
  const slowest = [...report.targets]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, Number(process.env.WIXI_FUZZ_TOP ?? 8))
    .map((t) => `${t.name} ${t.ms} ms`);
  console.log(
    `fuzz: slowest targets ${slowest.join(', ')}\n` +
      `fuzz: ${report.targets.length} targets, ${calls} calls (${threw} typed errors) in ${report.ms} ms` +
      (report.slow.length > 0
        ? `; slow calls (> 500 ms, not failures): ${report.slow.map((s) => `${s.call} ${s.ms} ms`).join('; ')}`
        : ''),
  );
}, 120_000);

function replay(target: string): string {
  return `WIXI_SEED=${seed} WIXI_FUZZ='${target}' npx vitest run properties/fuzz.property.ts`;
}

describe('fuzzed bad input', () => {
  it('covers every export: a valid-argument spec for each function, a kind for each object', () => {
    const r = report.ready;
    expect(r, 'the fuzz worker did not start').not.toBeNull();
    if (r === null) return;
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      exports: Record<string, unknown>;
    };
    const subpaths = Object.keys(pkg.exports)
      .filter((k) => k !== './package.json')
      .map((k) => (k === '.' ? 'wixi' : `wixi/${k.slice(2)}`));
    expect(r.namespaces.sort(), 'package.json exports vs NAMESPACES of properties/fuzz/targets.ts').toEqual(
      subpaths.sort(),
    );
    expect(
      r.unspecified,
      'exported functions with no entry in SPECS of properties/fuzz/targets.ts: add a generator of valid ' +
        'arguments (or `{}` for hostile arguments only)',
    ).toEqual([]);
    expect(r.unclassified, 'exported values the fuzzer does not know how to exercise').toEqual([]);
    expect(r.badConstants, 'exported constants that are NaN, infinite or empty').toEqual([]);
    expect(r.targets.length).toBeGreaterThan(150);
    // every target ran to its end, or stopped the worker (a hang or a crash, reported below)
    const stopped = new Set(report.violations.map((v) => v.target));
    const ran = new Set(report.targets.map((t) => t.name));
    if (filter === '') expect(r.targets.filter((t) => !ran.has(t) && !stopped.has(t))).toEqual([]);
  });

  it('every call throws a typed error or returns a NaN-free result, fast, within memory', () => {
    const lines = report.violations.map(
      (v) => `- ${v.rule}: ${v.call}\n    → ${v.detail}\n    replay: ${replay(v.target)}`,
    );
    expect(report.violations.length, `violations:\n${lines.join('\n')}`).toBe(0);
  });

  it('the known bugs of properties/fuzz/known.ts still reproduce (delete an entry once fixed)', () => {
    const fixed = report.known.filter((k) => !k.reproduced);
    expect(fixed.map((k) => `${k.what} (now: ${k.detail})`)).toEqual([]);
  });
});
