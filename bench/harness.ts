/**
 * A tiny benchmark harness: time a function until a minimum wall time has passed (after a warm-up
 * that lets V8 optimise it), report the rate, and print rows as ratios to a baseline.
 */
export interface BenchRow {
  /** What was measured, e.g. "wixi fillNormal (Float64Array)". */
  name: string;
  /** Work units per second (e.g. numbers per second, FLOP/s). */
  rate: number;
  /** The unit of `rate`, e.g. "normals/s". */
  unit: string;
  /** Rows with the same group are compared with each other. */
  group: string;
  /** Extra text, e.g. "skipped: numpy not installed". */
  note?: string;
}

/** Run `fn` (doing `work` units per call) repeatedly for at least `minMs`; return units per second. */
export function measure(fn: () => void, work: number, { warmupMs = 200, minMs = 800 } = {}): number {
  let start = performance.now();
  while (performance.now() - start < warmupMs) fn();
  let calls = 0;
  start = performance.now();
  let elapsed = 0;
  do {
    fn();
    calls++;
    elapsed = performance.now() - start;
  } while (elapsed < minMs);
  return (calls * work) / (elapsed / 1000);
}

function human(rate: number): string {
  if (rate >= 1e9) return `${(rate / 1e9).toFixed(2)} G`;
  if (rate >= 1e6) return `${(rate / 1e6).toFixed(1)} M`;
  if (rate >= 1e3) return `${(rate / 1e3).toFixed(1)} k`;
  return rate.toFixed(1);
}

/** Print rows grouped, each with its ratio to the first row of its group. */
export function printTable(rows: BenchRow[]): void {
  const groups = [...new Set(rows.map((r) => r.group))];
  for (const g of groups) {
    const rs = rows.filter((r) => r.group === g);
    const base = rs.find((r) => r.rate > 0);
    console.log(`\n## ${g}`);
    for (const r of rs) {
      const ratio = base && r.rate > 0 ? `${(r.rate / base.rate).toFixed(2)}×` : '—';
      const rate = r.rate > 0 ? `${human(r.rate)}${r.unit}` : '—';
      console.log(
        `  ${r.name.padEnd(52)} ${rate.padStart(16)}  ${ratio.padStart(7)} vs ${base?.name ?? '—'}${r.note ? `  (${r.note})` : ''}`,
      );
    }
  }
}
