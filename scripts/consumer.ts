/**
 * `npm run test:consumer`: the package as a user gets it. Builds, packs the tarball (checking its
 * file list), installs it into a fresh temporary project with npm, and there
 *  - type-checks a TypeScript file that imports every subpath (NodeNext resolution, strict, with
 *    the package's own declaration files checked too: skipLibCheck off), and
 *  - runs a plain JavaScript ES module that imports every subpath, checks a few results against
 *    this checkout's sources (same seed, same numbers), and runs the `wixi` binary.
 * Not part of `npm test` (it installs packages); `.ci/run` runs it after `npm test`.
 * Options: --no-build (use the existing dist/), --keep (leave the temporary project).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type PackageManifest, packProblems } from './package-files.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Manifest extends PackageManifest {
  name: string;
  version: string;
  devDependencies: Record<string, string>;
}

/** The subpaths of package.json `exports` as import specifiers (`wixi`, `wixi/random`, …). */
export function specifiers(manifest: Pick<Manifest, 'name' | 'exports'>): string[] {
  return Object.keys(manifest.exports)
    .filter((k) => k !== './package.json')
    .map((k) => (k === '.' ? manifest.name : `${manifest.name}/${k.slice(2)}`));
}

/**
 * The consumer's TypeScript: a namespace import of every subpath, and typed uses of the main ones
 * whose `@ts-expect-error` lines fail to compile if the declarations degrade to `any`.
 */
export function consumerTs(specs: readonly string[]): string {
  const namespaces = specs.map((s, i) => `import * as ns${i} from '${s}';`).join('\n');
  const counts = specs.map((_, i) => `Object.keys(ns${i}).length`).join(', ');
  return `${namespaces}
import { type Distribution, createRng, normal, type Rng } from 'wixi/random';
import { heNormal, kaimingNormal, type Tensor } from 'wixi/init';
import { type Moments, moments, testVariance } from 'wixi/stats';
import { forward, mlp, type Network } from 'wixi/nn';
import { productVariance } from 'wixi/theory';
import { type AnyClaim, claims } from 'wixi/claims';
import { wixiMatchers } from 'wixi/testing';
import { type IdxArray, parseIdx } from 'wixi/data';

export const exportCounts: number[] = [${counts}];
const rng: Rng = createRng(1);
const w: Tensor = heNormal()([4, 3], rng, { dtype: 'float32' });
const m: Moments = moments(w.data);
const d: Distribution = normal({ sd: 2 });
const net: Network = mlp({ widths: [3, 4, 2], activation: 'relu', init: kaimingNormal() }, rng);
const out: Float64Array | Float32Array = forward(net, new Float64Array(6)).output;
const v: number = productVariance(d, d) + m.variance + out.length;
const verdict: 'pass' | 'fail' | 'inconclusive' = testVariance(w.data, 2 / 4).decision;
const catalog: readonly AnyClaim[] = claims;
const matchers: object = wixiMatchers;
const parsed: (bytes: Uint8Array) => IdxArray = parseIdx;
export { catalog, matchers, parsed, v, verdict };

// @ts-expect-error a seed is a number, not a string
createRng('1');
// @ts-expect-error widths are required
mlp({ activation: 'relu', init: kaimingNormal() }, rng);
`;
}

/** The consumer's plain JavaScript: imports every subpath and compares results with `expected`. */
export function consumerJs(
  specs: readonly string[],
  expected: { uniform: number; variance: number },
): string {
  return `import assert from 'node:assert/strict';
import pkg from 'wixi/package.json' with { type: 'json' };

for (const spec of ${JSON.stringify(specs)}) {
  const ns = await import(spec);
  assert.ok(Object.keys(ns).length > 0, spec + ' exports nothing');
}
const { createRng } = await import('wixi/random');
const { heNormal } = await import('wixi/init');
const { fashionMnistSubset } = await import('wixi/data');
assert.equal(createRng(42).uniform(), ${expected.uniform}, 'the packed stream differs from the sources');
assert.equal(heNormal().variance([784, 256]), ${expected.variance});
const images = fashionMnistSubset();
assert.equal(images.count, 512, 'the Fashion-MNIST fixture ships with the package');
assert.equal(typeof pkg.version, 'string');
console.log('consumer.mjs: ' + ${specs.length} + ' subpaths imported, results as in the sources');
`;
}

/**
 * Split tsc's errors into ours (the consumer file, wixi's declarations) and those inside other
 * packages' declarations (TF.js's do not compile under strict with skipLibCheck off).
 */
export function typeErrors(output: string): { ours: string[]; theirs: number } {
  const lines = output.split('\n').filter((l) => /error TS\d+/.test(l));
  const theirs = lines.filter((l) => l.startsWith('node_modules/') && !l.startsWith('node_modules/wixi/'));
  return { ours: lines.filter((l) => !theirs.includes(l)), theirs: theirs.length };
}

function run(
  cmd: string,
  args: readonly string[],
  cwd: string,
  capture = false,
): { stdout: string; stderr: string } {
  console.log(`$ ${cmd} ${args.join(' ')}   (in ${relative(ROOT, cwd) || '.'})`);
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: capture ? 'pipe' : 'inherit' });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  }
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** The library's modules, relative to src without extension (tests and .d.ts files excluded). */
function srcModules(dir = join(ROOT, 'src'), prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...srcModules(path, `${prefix}${name}/`));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) {
      out.push(`${prefix}${name.slice(0, -3)}`);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const argv = new Set(process.argv.slice(2));
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
  const specs = specifiers(manifest);
  if (!argv.has('--no-build')) run('npm', ['run', 'build'], ROOT);

  const tmp = mkdtempSync(join(tmpdir(), 'wixi-consumer-'));
  try {
    // 1. pack, and check what the tarball holds
    const packed = JSON.parse(
      run('npm', ['pack', '--json', '--pack-destination', tmp], ROOT, true).stdout,
    ) as {
      filename: string;
      files: { path: string }[];
    }[];
    const files = packed[0].files.map((f) => f.path);
    const problems = packProblems(files, manifest, srcModules());
    if (problems.length > 0) throw new Error(`the tarball is wrong:\n  ${problems.join('\n  ')}`);
    console.log(`tarball ${packed[0].filename}: ${files.length} files, as expected`);

    // 2. a fresh project that installs it (with the optional peers, so every subpath's types resolve)
    const app = join(tmp, 'app');
    mkdirSync(app);
    writeFileSync(
      join(app, 'package.json'),
      `${JSON.stringify({ name: 'wixi-consumer', private: true, type: 'module' }, null, 2)}\n`,
    );
    const dev = (name: string) => `${name}@${manifest.devDependencies[name]}`;
    run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        join(tmp, packed[0].filename),
        dev('typescript'),
        dev('@types/node'),
        dev('vitest'),
        dev('@tensorflow/tfjs-core'),
        dev('@tensorflow/tfjs-backend-cpu'),
        dev('@tensorflow/tfjs-layers'),
      ],
      app,
    );

    // 3. TypeScript, NodeNext, strict, the package's declarations checked too
    writeFileSync(
      join(app, 'tsconfig.json'),
      `${JSON.stringify(
        {
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            types: ['node'],
          },
          files: ['consumer.ts'],
        },
        null,
        2,
      )}\n`,
    );
    writeFileSync(join(app, 'consumer.ts'), consumerTs(specs));
    const tsc = join(app, 'node_modules', 'typescript', 'bin', 'tsc');
    console.log(`$ tsc -p .   (in ${app})`);
    const checked = spawnSync(process.execPath, [tsc, '-p', '.'], { cwd: app, encoding: 'utf8' });
    const errors = typeErrors(`${checked.stdout}${checked.stderr}`);
    if (errors.ours.length > 0 || (checked.status !== 0 && errors.ours.length + errors.theirs === 0)) {
      throw new Error(`consumer.ts does not type-check:\n${checked.stdout}${checked.stderr}`);
    }
    console.log(
      `consumer.ts: ${specs.length} subpaths type-check (NodeNext, strict, wixi's declarations checked)` +
        (errors.theirs > 0
          ? `; ${errors.theirs} errors inside third-party declarations (TF.js) ignored`
          : ''),
    );

    // 4. plain JavaScript, and the binary
    const { createRng } = await import(pathToFileURL(join(ROOT, 'src/random/index.ts')).href);
    const { heNormal } = await import(pathToFileURL(join(ROOT, 'src/init/index.ts')).href);
    writeFileSync(
      join(app, 'consumer.mjs'),
      consumerJs(specs, { uniform: createRng(42).uniform(), variance: heNormal().variance([784, 256]) }),
    );
    run(process.execPath, ['consumer.mjs'], app);
    run(process.execPath, [join(app, 'node_modules', '.bin', 'wixi'), '--help'], app, true);
    console.log('wixi --help: exit 0');
    console.log(
      'test:consumer: the packed package installs and imports cleanly in TypeScript and JavaScript',
    );
  } finally {
    if (argv.has('--keep')) console.log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
