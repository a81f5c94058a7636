/**
 * Lazy loading of TensorFlow.js for `wixi/tfjs` and `wixi audit tfjs`. wixi does not depend on
 * TensorFlow.js: its packages are imported with a dynamic `import()` the first time they are needed,
 * so wixi runs (and every other entry point imports) without them installed.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type * as TfLayers from '@tensorflow/tfjs-layers';
import * as check from '../validate.js';

/** The TensorFlow.js modules wixi uses: tfjs-core (with the CPU backend registered) and tfjs-layers. */
export interface TfjsModules {
  readonly tf: typeof TfCore;
  readonly tfl: typeof TfLayers;
}

/** The command that installs what `wixi/tfjs` and `wixi audit tfjs` need. */
export const TFJS_INSTALL =
  'npm install --save-dev @tensorflow/tfjs-core @tensorflow/tfjs-backend-cpu @tensorflow/tfjs-layers';

/** Thrown when a TensorFlow.js package cannot be imported; its message says how to install them. */
export class TfjsMissingError extends Error {
  readonly packageName: string;
  /** `packageName` must be a non-empty string (a TypeError otherwise); `cause` is the import's error. */
  constructor(packageName: string, cause: unknown) {
    if (typeof packageName !== 'string' || packageName === '')
      throw new TypeError(`packageName must be a non-empty string, got ${check.show(packageName)}`);
    super(
      `${packageName} is not installed (TensorFlow.js is an optional peer of wixi); install it with: ${TFJS_INSTALL}`,
      { cause },
    );
    this.packageName = packageName;
    this.name = 'TfjsMissingError';
  }
}

/** How a package is imported; replaceable in tests to simulate a missing package. */
export type Importer = (specifier: string) => Promise<unknown>;

const defaultImporter: Importer = (specifier) => import(specifier);

let cached: Promise<TfjsModules> | undefined;

function isModuleNotFound(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

async function importOrExplain(importer: Importer, name: string): Promise<unknown> {
  try {
    return await importer(name);
  } catch (e) {
    if (isModuleNotFound(e)) throw new TfjsMissingError(name, e);
    throw e;
  }
}

/**
 * Import tfjs-core, the CPU backend and tfjs-layers (once; later calls share the result) and return
 * the modules; the backend is left as tfjs chooses it (the CPU backend when no other is
 * registered). Rejects with a `TfjsMissingError` naming the install command when a package is
 * missing.
 *
 * With `quiet: true` the one-time "looks like you are running TensorFlow.js in Node.js" notice of
 * the CPU backend (printed through tfjs's own `warn`, on stderr, at the first tensor it stores) is
 * consumed silently: the `PROD` flag, which mutes tfjs's `warn`/`log` and nothing else in tfjs-core
 * 4.x, is set around one tiny allocation and then restored to its previous value.
 */
export function loadTfjs(options: { quiet?: boolean; importer?: Importer } = {}): Promise<TfjsModules> {
  const o = check.options<{ quiet: boolean; importer: Importer }>('options', options);
  if (o.quiet !== undefined && typeof o.quiet !== 'boolean') {
    throw new TypeError(`options.quiet must be a boolean, got ${check.show(o.quiet)}`);
  }
  if (o.importer !== undefined)
    return load(check.func('options.importer', o.importer) as Importer, o.quiet ?? false);
  const importer = defaultImporter;
  cached ??= load(importer, false).catch((e) => {
    cached = undefined;
    throw e;
  });
  return o.quiet ? cached.then(quiet) : cached;
}

async function load(importer: Importer, beQuiet: boolean): Promise<TfjsModules> {
  const tf = (await importOrExplain(importer, '@tensorflow/tfjs-core')) as typeof TfCore;
  await importOrExplain(importer, '@tensorflow/tfjs-backend-cpu');
  const tfl = (await importOrExplain(importer, '@tensorflow/tfjs-layers')) as typeof TfLayers;
  const modules: TfjsModules = { tf, tfl };
  return beQuiet ? quiet(modules) : modules;
}

let quieted = false;

async function quiet(m: TfjsModules): Promise<TfjsModules> {
  if (quieted) return m;
  const env = m.tf.env();
  const prod = env.getBool('PROD');
  env.set('PROD', true);
  try {
    await m.tf.ready();
    m.tf.tidy(() => m.tf.scalar(0).dataSync());
  } finally {
    env.set('PROD', prod);
  }
  quieted = true;
  return m;
}
