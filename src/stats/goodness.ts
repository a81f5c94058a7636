import * as check from '../validate.js';
import { badElement } from './moments.js';

/**
 * The Dvoretzky–Kiefer–Wolfowitz bound with Massart's (1990) tight constant:
 * P(sup_x |Fₙ(x) − F(x)| > ε) ≤ 2·exp(−2nε²) for every n and every F, so
 * ε(n, α) = √(ln(2/α)/(2n)) is a distribution-free critical value with false-alarm rate at most α
 * (the same bound TensorFlow Probability's statistical_testing uses). No asymptotics, no tables:
 * valid at the tiny α of a suite budget.
 */
export function dkwEpsilon(n: number, alpha: number): number {
  check.integer('n', n, 1);
  check.probability('alpha', alpha);
  return Math.sqrt(Math.log(2 / alpha) / (2 * n));
}

function sortedCopy(name: string, x: ArrayLike<number>): Float64Array {
  if (!(check.isNumberArrayView(x) || Array.isArray(x))) {
    throw new TypeError(`${name} must be an array or typed array of numbers, got ${check.show(x)}`);
  }
  if (x.length === 0) throw new RangeError(`${name} must not be empty, got length 0`);
  if (Array.isArray(x)) check.sample(name, x); // holes, strings: fail at the first, before copying
  const s = Float64Array.from(x as ArrayLike<number>);
  for (let i = 0; i < s.length; i++) if (!Number.isFinite(s[i])) throw badElement(x, name);
  return s.sort();
}

const BELOW_F64 = new Float64Array(1);
const BELOW_I64 = new BigInt64Array(BELOW_F64.buffer);

/**
 * The largest double below a finite x (for left limits F(x−) of a CDF with atoms), by its bit
 * pattern: x − |x|·2.3e-16, used before, is two doubles below x for about half of all x (1, 1.5,
 * 0.75 …), so an atom one double below a sample was skipped and counted as missing.
 */
function below(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  BELOW_F64[0] = x;
  BELOW_I64[0] += x > 0 ? -1n : 1n;
  return BELOW_F64[0];
}

/**
 * Kolmogorov–Smirnov distance sup_x |Fₙ(x) − F(x)| between the empirical CDF of `x` and `cdf`.
 * Exact for continuous and discrete F (ties and atoms are handled by comparing both sides of
 * every jump).
 */
export function ksDistance(x: ArrayLike<number>, cdf: (x: number) => number): number {
  check.func('cdf', cdf);
  const s = sortedCopy('x', x);
  const n = s.length;
  let d = 0;
  let i = 0;
  let fPrev = 0; // F at the previous distinct sample value (0 before the first)
  while (i < n) {
    const v = s[i];
    let j = i;
    while (j < n && s[j] === v) j++;
    const fRight = checkedCdf(cdf, v);
    d = Math.max(d, Math.abs(j / n - fRight));
    // F(v−) lies in [fPrev, fRight] (monotone F); evaluate it only if it could raise d. For a
    // continuous F it never changes d, but atoms (discrete laws) need it.
    if (Math.max(Math.abs(fPrev - i / n), Math.abs(fRight - i / n)) > d) {
      d = Math.max(d, Math.abs(checkedCdf(cdf, below(v)) - i / n));
    }
    fPrev = fRight;
    i = j;
  }
  return d;
}

function checkedCdf(cdf: (x: number) => number, x: number): number {
  const f = cdf(x);
  if (!(f >= 0 && f <= 1))
    throw new RangeError(`cdf must return a probability in [0, 1], got cdf(${x}) = ${check.show(f)}`);
  return f;
}

/** Two-sample KS distance sup_x |Fₙ(x) − Gₘ(x)|. */
export function ksDistance2(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const a = sortedCopy('x', x);
  const b = sortedCopy('y', y);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const v = Math.min(a[i], b[j]);
    while (i < a.length && a[i] === v) i++;
    while (j < b.length && b[j] === v) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}

/** The result of a goodness-of-fit test. */
export interface FitResult {
  decision: 'pass' | 'fail';
  /** The KS distance. */
  distance: number;
  /** The critical distance: fail iff distance > critical. */
  critical: number;
  alpha: number;
  n: number;
}

/**
 * One-sample KS test with the DKW critical value: fail iff D > ε(n, α). P(fail | x ~ F) ≤ α for
 * any F, exactly (not asymptotically). It detects, with probability ≥ 1 − β, any alternative whose
 * CDF is at sup-distance ≥ ε(n, α) + ε(n, 2β) from F.
 */
export function testDistribution(
  x: ArrayLike<number>,
  cdf: (x: number) => number,
  options: { alpha?: number } = {},
): FitResult {
  const alpha = check.probability(
    'alpha',
    check.options<{ alpha: number }>('options', options).alpha ?? 0.05,
  );
  const distance = ksDistance(x, cdf);
  const critical = dkwEpsilon(x.length, alpha);
  return { decision: distance > critical ? 'fail' : 'pass', distance, critical, alpha, n: x.length };
}

/**
 * Two-sample test that x and y come from one distribution: fail iff D > ε(n, α/2) + ε(m, α/2)
 * (DKW on each sample and the triangle inequality), so P(fail | same law) ≤ α exactly.
 */
export function testSameDistribution(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: { alpha?: number } = {},
): FitResult {
  const alpha = check.probability(
    'alpha',
    check.options<{ alpha: number }>('options', options).alpha ?? 0.05,
  );
  const distance = ksDistance2(x, y);
  const critical = dkwEpsilon(x.length, alpha / 2) + dkwEpsilon(y.length, alpha / 2);
  return {
    decision: distance > critical ? 'fail' : 'pass',
    distance,
    critical,
    alpha,
    n: x.length + y.length,
  };
}

/**
 * Sample size for the one-sample DKW test to detect a sup-distance `distance` with probability
 * `power` at rate `alpha`: the smallest n with ε(n, α) + ε(n, 2(1 − power)) ≤ distance.
 */
export function ksSamplesFor(options: { distance: number; alpha: number; power: number }): number {
  const o = check.options<{ distance: number; alpha: number; power: number }>('options', options);
  const distance = check.positive('distance', o.distance);
  if (distance >= 1) throw new RangeError(`distance must be < 1, got ${distance}`);
  const alpha = check.probability('alpha', o.alpha);
  const power = check.probability('power', o.power);
  const root = Math.sqrt(Math.log(2 / alpha) / 2) + Math.sqrt(Math.log(1 / (1 - power)) / 2);
  return Math.ceil((root / distance) ** 2);
}
