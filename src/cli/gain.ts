import { calculateGain, exactGain, GAIN_NAMES, type GainName } from '../init/gains.js';
import { ACTIVATION_NAMES, type ActivationName, getActivation } from '../nn/activations.js';
import { chi1, criticalWeightVariance, fixedPoint } from '../theory/mean-field.js';
import * as check from '../validate.js';

export const GAIN_USAGE = `usage: wixi gain <activation> [--param A] [--bias-variance V] [--json]

Compares, for one activation, PyTorch's calculate_gain, the exact variance-preserving gain
1/√E[φ(Z)²], and the critical (edge-of-chaos, χ₁ = 1) weight variance, and shows where the
length map q ↦ σw²·E[φ(√q·Z)²] + σb² settles (q*) and what χ₁ is under each choice σw² = gain².
activations: ${ACTIVATION_NAMES.join(', ')}
  --param A           leakyRelu's negative slope or elu's α
  --bias-variance V   σb² of the mean-field analysis (default 0)`;

/** PyTorch's name for a wixi activation name, if calculate_gain knows it. */
function torchName(name: ActivationName): GainName | null {
  const map: Partial<Record<ActivationName, GainName>> = {
    linear: 'linear',
    relu: 'relu',
    leakyRelu: 'leaky_relu',
    leaky_relu: 'leaky_relu',
    tanh: 'tanh',
    sigmoid: 'sigmoid',
    selu: 'selu',
  };
  const n = map[name] ?? null;
  return n && (GAIN_NAMES as readonly string[]).includes(n) ? n : null;
}

/** One row of the comparison: a gain, σw² = gain², the fixed point and χ₁ there. */
export interface GainRow {
  choice: string;
  gain: number | null;
  weightVariance: number | null;
  fixedPoint: number | null;
  chi1: number | null;
  note: string;
}

function row(
  choice: string,
  act: ActivationName,
  param: number | undefined,
  sw2: number | null,
  sb2: number,
  note: string,
): GainRow {
  if (sw2 === null) return { choice, gain: null, weightVariance: null, fixedPoint: null, chi1: null, note };
  const a = getActivation(act, param);
  let q: number | null = null;
  let c: number | null = null;
  try {
    q = fixedPoint(a, sw2, sb2);
    c = chi1(a, sw2, sb2, q);
  } catch (e) {
    note = `${note}${note ? '; ' : ''}${(e as Error).message}`;
  }
  return { choice, gain: Math.sqrt(sw2), weightVariance: sw2, fixedPoint: q, chi1: c, note };
}

/** Compute the comparison for `activation`. */
export function gainTable(activation: ActivationName, param?: number, biasVariance = 0): GainRow[] {
  const act = check.oneOf('activation', activation, ACTIVATION_NAMES);
  const sb2 = check.nonNegative('--bias-variance', biasVariance);
  const tn = torchName(act);
  const torch = tn ? calculateGain(tn, tn === 'leaky_relu' ? (param ?? 0.01) : undefined) : null;
  const exact = exactGain(getActivation(act, param));
  let critical: number | null = null;
  let criticalNote = 'χ₁ = 1: gradients neither explode nor vanish with depth (Schoenholz et al. 2017)';
  try {
    critical = criticalWeightVariance(getActivation(act, param), sb2);
  } catch (e) {
    criticalNote = (e as Error).message;
  }
  return [
    row(
      'PyTorch calculate_gain',
      act,
      param,
      torch === null ? null : torch * torch,
      sb2,
      torch === null
        ? 'PyTorch has no gain for this activation'
        : act === 'tanh' || act === 'selu'
          ? 'an empirical choice'
          : '',
    ),
    row(
      'exact gain 1/√E[φ(Z)²]',
      act,
      param,
      exact * exact,
      sb2,
      'keeps E[φ(z)²] = E[z²] = 1 at unit variance',
    ),
    row('critical σw² (χ₁ = 1)', act, param, critical, sb2, criticalNote),
  ];
}

function fmt(x: number | null): string {
  return x === null ? '—' : Number.isFinite(x) ? Number(x.toPrecision(7)).toString() : String(x);
}

/** `wixi gain <activation>`. */
export async function runGain(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(GAIN_USAGE);
    return 0;
  }
  let activation: string | undefined;
  let param: number | undefined;
  let sb2 = 0;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--param') param = check.finite('--param', Number(args[++i]));
    else if (a === '--bias-variance') sb2 = check.nonNegative('--bias-variance', Number(args[++i]));
    else if (a === '--json') json = true;
    else if (a.startsWith('--'))
      throw new RangeError(`unknown option ${check.show(a)} for gain (see wixi gain --help)`);
    else if (activation === undefined) activation = a;
    else throw new RangeError(`gain takes one activation, got a second: ${check.show(a)}`);
  }
  if (activation === undefined) throw new RangeError(`gain needs an activation\n\n${GAIN_USAGE}`);
  const rows = gainTable(activation as ActivationName, param, sb2);
  if (json) {
    console.log(JSON.stringify({ activation, param: param ?? null, biasVariance: sb2, rows }, null, 2));
    return 0;
  }
  console.log(`${activation}${param === undefined ? '' : `(${param})`}, σb² = ${sb2}\n`);
  console.log(
    `${'choice'.padEnd(26)} ${'gain'.padEnd(11)} ${'σw²'.padEnd(11)} ${'q*'.padEnd(13)} ${'χ₁'.padEnd(11)} note`,
  );
  for (const r of rows) {
    console.log(
      `${r.choice.padEnd(26)} ${fmt(r.gain).padEnd(11)} ${fmt(r.weightVariance).padEnd(11)} ${fmt(r.fixedPoint).padEnd(13)} ${fmt(r.chi1).padEnd(11)} ${r.note}`,
    );
  }
  console.log(
    '\nq* is where E[z²] settles in a deep network at infinite width (Infinity: it grows without bound; ~0: it dies out);\n' +
      'χ₁ is the per-layer factor of gradient second moments there (> 1 explode, < 1 vanish).',
  );
  return 0;
}
