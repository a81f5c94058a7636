/**
 * What the published tarball must hold and must not: every module of `src` compiled (`dist/…js`
 * and its `.d.ts`), every target of package.json's `exports` and `bin`, the README and the
 * Fashion-MNIST fixtures that `wixi/data` reads; no tests, no sources, no stale outputs, nothing
 * from node_modules, reports or coverage.
 */

/** The package.json fields that decide the tarball's contents. */
export interface PackageManifest {
  exports: Record<string, string | Record<string, string>>;
  bin?: Record<string, string>;
  main?: string;
  types?: string;
}

/** Files every tarball must contain besides the compiled modules. */
export const REQUIRED_FILES = [
  'package.json',
  'README.md',
  'fixtures/fashion-mnist/t10k-images-subset.idx3-ubyte',
  'fixtures/fashion-mnist/t10k-labels-subset.idx1-ubyte',
];

/** Top-level places a packed file may come from. */
const ALLOWED = [
  /^dist\//,
  /^fixtures\/fashion-mnist\//,
  /^README\.md$/,
  /^package\.json$/,
  /^LICENSE(\.\w+)?$/,
];

/** Paths that must never be packed, whatever `files` says. */
const FORBIDDEN = [
  /(^|\/)node_modules\//,
  /\.test\.(js|d\.ts|js\.map|ts)$/,
  /\.property\.(js|ts)$/,
  /^(src|properties|bench|scripts|reports|coverage|docs)\//,
];

function targets(manifest: PackageManifest): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(manifest.exports)) {
    if (key === './package.json') continue;
    for (const t of typeof value === 'string' ? [value] : Object.values(value)) out.push(t);
  }
  for (const t of Object.values(manifest.bin ?? {})) out.push(t);
  if (manifest.main) out.push(manifest.main);
  if (manifest.types) out.push(manifest.types);
  return [...new Set(out.map((t) => t.replace(/^\.\//, '')))];
}

/**
 * The problems of a packed file list (empty when the tarball is right). `srcModules` are the
 * library's modules relative to `src` without extension (`random/rng`), tests excluded.
 */
export function packProblems(
  files: readonly string[],
  manifest: PackageManifest,
  srcModules: readonly string[],
): string[] {
  const have = new Set(files);
  const problems: string[] = [];
  for (const f of REQUIRED_FILES) if (!have.has(f)) problems.push(`missing ${f}`);
  for (const t of targets(manifest))
    if (!have.has(t)) problems.push(`missing ${t} (a target of package.json)`);
  const modules = new Set(srcModules);
  for (const m of srcModules) {
    for (const ext of ['.js', '.d.ts']) {
      if (!have.has(`dist/${m}${ext}`)) problems.push(`missing dist/${m}${ext} (src/${m}.ts is not built)`);
    }
  }
  for (const f of files) {
    if (FORBIDDEN.some((re) => re.test(f))) problems.push(`must not be packed: ${f}`);
    else if (!ALLOWED.some((re) => re.test(f))) problems.push(`unexpected file: ${f}`);
    const built = /^dist\/(.+?)(\.d\.ts|\.js|\.js\.map|\.d\.ts\.map)$/.exec(f);
    if (built && !modules.has(built[1])) problems.push(`stale output: ${f} (no src/${built[1]}.ts)`);
  }
  return problems;
}
