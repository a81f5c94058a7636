/**
 * `npm run bench`: every benchmark in one run, printed as rates and ratios to the first row of each
 * group (the peer). Not part of `npm test`: speed targets live here, never in timed unit tests.
 * `npm run bench -- random init` runs only the named benches.
 */
import { existsSync } from 'node:fs';
import { type BenchRow, printTable } from './harness.js';

const ALL = ['random', 'init', 'forward', 'packed'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length > 0 ? wanted : ALL;

const rows: BenchRow[] = [];
for (const name of names) {
  const file = new URL(`./${name}.bench.ts`, import.meta.url);
  if (!existsSync(file)) {
    console.error(`bench: no bench named "${name}" (known: ${ALL.join(', ')})`);
    process.exitCode = 2;
    continue;
  }
  console.error(`running ${name} …`);
  const mod = (await import(file.href)) as { default: () => Promise<BenchRow[]> };
  rows.push(...(await mod.default()));
}
printTable(rows);
