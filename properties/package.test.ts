/**
 * The rules `npm run test:consumer` applies to the packed tarball (scripts/package-files.ts), and
 * the consumer project it generates, checked on synthetic file lists: a correct list passes, and
 * each kind of wrong file is named.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { consumerJs, consumerTs, specifiers, typeErrors } from '../scripts/consumer.js';
import { type PackageManifest, packProblems, REQUIRED_FILES } from '../scripts/package-files.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageManifest & {
  name: string;
};

function modules(dir = join(root, 'src'), prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return modules(path, `${prefix}${name}/`);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')
      ? [`${prefix}${name.slice(0, -3)}`]
      : [];
  });
}

const src = modules();
/** What a correct tarball holds. */
const good = [
  ...REQUIRED_FILES,
  'fixtures/fashion-mnist/README.md',
  ...src.flatMap((m) => [`dist/${m}.js`, `dist/${m}.d.ts`, `dist/${m}.js.map`]),
];

describe('package contents (npm pack)', () => {
  it('accepts the tarball of every built module, the README, package.json and the fixtures', () => {
    expect(packProblems(good, manifest, src)).toEqual([]);
  });

  it('names what is missing: a module, an export target, the fixtures', () => {
    const without = (f: string) => good.filter((g) => g !== f);
    expect(packProblems(without('dist/random/rng.js'), manifest, src)).toContain(
      'missing dist/random/rng.js (src/random/rng.ts is not built)',
    );
    expect(packProblems(without('dist/nn/index.d.ts'), manifest, src)).toContain(
      'missing dist/nn/index.d.ts (a target of package.json)',
    );
    expect(packProblems(without(REQUIRED_FILES[2]), manifest, src)).toContain(`missing ${REQUIRED_FILES[2]}`);
  });

  it('refuses tests, sources, node_modules, reports, coverage and stale outputs', () => {
    const bad = [
      'dist/stats/moments.test.js',
      'src/index.ts',
      'properties/fuzz.property.ts',
      'node_modules/fast-check/package.json',
      'reports/wixi-report.html',
      'coverage/index.html',
      'dist/removed-module.js',
      'notes.txt',
    ];
    const problems = packProblems([...good, ...bad], manifest, src);
    for (const f of bad.slice(0, 6)) expect(problems).toContain(`must not be packed: ${f}`);
    expect(problems).toContain('stale output: dist/removed-module.js (no src/removed-module.ts)');
    expect(problems).toContain('unexpected file: notes.txt');
  });
});

describe('the consumer project (npm run test:consumer)', () => {
  const specs = specifiers(manifest);

  it('imports every subpath of package.json exports', () => {
    expect(specs[0]).toBe('wixi');
    expect(specs).toContain('wixi/random');
    expect(specs).not.toContain('wixi/package.json');
    const ts = consumerTs(specs);
    for (const s of specs) expect(ts).toContain(`from '${s}';`);
    expect(ts).toContain('@ts-expect-error');
    expect(consumerJs(specs, { uniform: 0.5, variance: 1 })).toContain(JSON.stringify(specs));
  });

  it("fails on errors in the consumer or in wixi's declarations, not in TF.js's", () => {
    const out = [
      "node_modules/@tensorflow/tfjs-core/dist/hash_util.d.ts(2,49): error TS2304: Cannot find name 'Long'.",
      "node_modules/wixi/dist/init/index.d.ts(1,1): error TS2307: Cannot find module './x.js'.",
      "consumer.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.",
    ].join('\n');
    const e = typeErrors(out);
    expect(e.theirs).toBe(1);
    expect(e.ours).toHaveLength(2);
  });
});
