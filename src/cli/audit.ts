import { formatAudit } from '../audit/format.js';
import { type AuditResult, auditTfjs } from '../audit/tfjs.js';
import { freshSeed } from '../random/rng.js';
import { TfjsMissingError } from '../tfjs/load.js';
import * as check from '../validate.js';

export const AUDIT_USAGE = `usage: wixi audit tfjs [--seed N] [--quick] [--json] [--alpha A]

Measures every initializer of TensorFlow.js (@tensorflow/tfjs-layers on @tensorflow/tfjs-backend-cpu)
against the Keras semantics it documents: variance, law (KS), bounds, mean, fans of kernels of rank
1 to 6, layer defaults, seeds, arguments, dtypes, orthogonality. Each divergence is printed as a
counterexample with its evidence (measured vs contract, interval, α, N) and its tested cause.
  --seed N    seeds every TF.js initializer the audit makes (default: fresh, printed); same seed,
              same report
  --quick     fewer varianceScaling configurations and fan modes (same α and power)
  --json      print the findings as JSON
  --alpha A   family-wise false-alarm rate of the whole audit (default 1e-4)
Needs TensorFlow.js: ${'npm install --save-dev @tensorflow/tfjs-core @tensorflow/tfjs-backend-cpu @tensorflow/tfjs-layers'}
exit codes: 0 the audit ran (whatever it found), 2 bad usage or TensorFlow.js missing`;

/** Options of `wixi audit`. */
export interface AuditCliOptions {
  target: 'tfjs';
  seed: number;
  quick: boolean;
  json: boolean;
  alpha: number;
}

/** Parse `wixi audit` arguments; throws RangeError on anything unknown or missing. */
export function parseAuditArgs(args: string[]): AuditCliOptions {
  let target: string | undefined;
  let seed: number | undefined;
  let quick = false;
  let json = false;
  let alpha = 1e-4;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--quick') quick = true;
    else if (a === '--json') json = true;
    else if (a === '--seed' || a === '--alpha') {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new RangeError(`${a} needs a value`);
      if (a === '--seed') seed = check.integer('--seed', Number(v), 0, Number.MAX_SAFE_INTEGER);
      else alpha = check.probability('--alpha', Number(v));
    } else if (a.startsWith('-'))
      throw new RangeError(`unknown option ${check.show(a)} for audit (see wixi audit --help)`);
    else if (target === undefined) target = a;
    else throw new RangeError(`audit takes one target, got a second: ${check.show(a)}`);
  }
  if (target === undefined) throw new RangeError('audit needs a target; the one available is: tfjs');
  if (target !== 'tfjs')
    throw new RangeError(`unknown audit target ${check.show(target)}; the one available is: tfjs`);
  return { target, seed: seed ?? freshSeed(), quick, json, alpha };
}

/** The audit as JSON: non-finite numbers (an unbounded support) become strings; no timing, so a seed replays it. */
export function auditJson(r: AuditResult): string {
  const { seconds: _, ...rest } = r;
  return JSON.stringify(rest, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2);
}

/**
 * `wixi audit tfjs`: run the audit and print it. Resolves to 0 when the audit ran (whatever it
 * found), 2 when TensorFlow.js is missing (one line saying how to install it); bad usage throws
 * a RangeError (the CLI prints it as one line and exits 2).
 */
export async function runAudit(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(AUDIT_USAGE);
    return 0;
  }
  const o = parseAuditArgs(args);
  let result: AuditResult;
  try {
    result = await auditTfjs({ seed: o.seed, quick: o.quick, alpha: o.alpha });
  } catch (e) {
    if (e instanceof TfjsMissingError) {
      console.error(`wixi audit: ${e.message}`);
      return 2;
    }
    throw e;
  }
  if (o.json) console.log(auditJson(result));
  else {
    const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
    console.log(formatAudit(result, { color }));
    if (process.stderr.isTTY) console.error(`(audit ran in ${result.seconds.toFixed(1)} s)`);
  }
  return 0;
}
