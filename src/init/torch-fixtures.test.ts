/**
 * wixi's initializers against real PyTorch (fixtures/torch/torch-reference.json, written by
 * fixtures/torch/generate.py with Debian's python3-torch; see its README for the schema).
 *
 * Exact quantities are compared exactly: gains to 1e-15, fans equal, errors analogous.
 * Sampled quantities are compared statistically with a fixed α = 1e-9 per decision. The fixture is
 * fixed data, so these tests are deterministic and cannot flake; α is the probability that a fresh
 * fixture drawn by a PyTorch that follows the formula we declare would fail a decision. With about
 * 100 decisions, regenerating the fixture falsely fails with probability ≤ 1e-7, while a wrong
 * formula is caught: at n = 300 000 a 1% variance error is 6σ away.
 */
import { existsSync, readFileSync } from 'node:fs';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { testEstimate } from '../stats/decide.js';
import { dkwEpsilon } from '../stats/goodness.js';
import { normal, truncatedNormal, uniform } from './basic.js';
import { computeFans } from './fans.js';
import { calculateGain, type GainName } from './gains.js';
import { orthogonal } from './orthogonal.js';
import {
  kaimingNormal,
  kaimingUniform,
  torchBiasDefault,
  torchLinearDefault,
  xavierNormal,
  xavierUniform,
} from './presets.js';
import type { ElementwiseInitializer, Initializer } from './types.js';

const FILE = new URL('../../fixtures/torch/torch-reference.json', import.meta.url);
const HAVE = existsSync(FILE);
/** False-alarm rate of each statistical decision on the fixed fixture data (see the header). */
const ALPHA = 1e-9;

interface SampleRow {
  fn: string;
  args: Record<string, number | string>;
  shape: number[];
  dtype: 'float64' | 'float32';
  n: number;
  mean: number;
  variance: number;
  kurtosis: number;
  min: number;
  max: number;
  expectedMean: number;
  expectedVariance: number;
  quantileProbs: number[];
  quantiles: number[];
  fanIn?: number;
  bound?: number;
}

interface Fixture {
  meta: { torch: string };
  gains: { nonlinearity: string; param: number | null; gain: number }[];
  gainErrors: {
    nonlinearity: string;
    param: unknown;
    error: string | null;
    message: string | null;
    result: number | null;
  }[];
  fans: { shape: number[]; fanIn: number; fanOut: number }[];
  fanErrors: { shape: number[]; error: string; message: string }[];
  zeroSizeInit: { fn: string; shape: number[]; error: string | null }[];
  orthogonal: {
    shape: number[];
    gain: number;
    rows: number;
    cols: number;
    identity: 'rows' | 'cols' | 'both';
    maxAbsDeviation: number;
  }[];
  samples: SampleRow[];
}

const fixture: Fixture | undefined = HAVE ? JSON.parse(readFileSync(FILE, 'utf8')) : undefined;

/** The wixi initializer that reproduces a torch.nn.init call of the fixture. */
function wixiFor(fn: string, args: Record<string, number | string>): Initializer {
  const num = (k: string) => args[k] as number;
  const mode = (args.mode as string | undefined) === 'fan_out' ? 'fanOut' : 'fanIn';
  switch (fn) {
    case 'xavier_uniform_':
      return xavierUniform({ gain: num('gain') });
    case 'xavier_normal_':
      return xavierNormal({ gain: num('gain') });
    case 'kaiming_uniform_':
      return kaimingUniform({ a: num('a'), mode, nonlinearity: args.nonlinearity as GainName });
    case 'kaiming_normal_':
      return kaimingNormal({ a: num('a'), mode, nonlinearity: args.nonlinearity as GainName });
    case 'trunc_normal_':
      return truncatedNormal({
        mean: num('mean'),
        std: num('std'),
        bounds: { lo: num('a'), hi: num('b'), units: 'absolute' },
      });
    case 'uniform_':
      return uniform({ lo: num('a'), hi: num('b') });
    case 'normal_':
      return normal({ mean: num('mean'), std: num('std') });
    case 'orthogonal_':
      return orthogonal({ gain: num('gain') });
    case 'nn.Linear(512, 256).weight':
    case 'nn.Conv2d(16, 32, 3).weight':
      return torchLinearDefault();
    case 'nn.Linear(512, 256).bias':
      return torchBiasDefault(512);
    case 'nn.Conv2d(16, 32, 3).bias':
      return torchBiasDefault(16 * 3 * 3);
    default:
      throw new Error(`no wixi counterpart known for fixture function ${fn}`);
  }
}

/** True for initializers with i.i.d. elements (all but orthogonal and the constants). */
function isElementwise(init: Initializer): init is ElementwiseInitializer {
  return typeof (init as ElementwiseInitializer).distribution === 'function';
}

describe('PyTorch fixtures', () => {
  // the fixture is committed: its absence is a broken checkout, not a reason to skip the comparisons
  it('fixtures/torch/torch-reference.json is present', () => {
    expect(
      HAVE,
      'fixtures/torch/torch-reference.json is missing; regenerate it with /usr/bin/python3 fixtures/torch/generate.py (Debian python3-torch)',
    ).toBe(true);
  });
});

describe.skipIf(!HAVE)('PyTorch fixtures: exact quantities', () => {
  if (!fixture) return;
  it(`records a torch version (${fixture.meta.torch})`, () => {
    expect(fixture.meta.torch).toMatch(/^\d+\.\d+/);
  });
  it('calculateGain equals torch.nn.init.calculate_gain for every recorded name and slope (to 1e-15)', () => {
    expect(fixture.gains.length).toBeGreaterThanOrEqual(12);
    for (const g of fixture.gains) {
      const ours = calculateGain(g.nonlinearity as GainName, g.param ?? undefined);
      expect(Math.abs(ours - g.gain), `${g.nonlinearity}(${g.param})`).toBeLessThanOrEqual(1e-15);
    }
  });
  it('calculateGain errors where PyTorch raises, and returns where it returns', () => {
    for (const e of fixture.gainErrors) {
      const call = () => calculateGain(e.nonlinearity as GainName, e.param as number);
      if (e.error === null) {
        expect(call()).toBe(e.result);
      } else if (/Unsupported nonlinearity/.test(e.message ?? '')) {
        expect(call, JSON.stringify(e)).toThrow(RangeError);
      } else {
        expect(call, JSON.stringify(e)).toThrow(TypeError); // "negative_slope … not a valid number"
      }
    }
  });
  it('computeFans equals _calculate_fan_in_and_fan_out, zero-size shapes included', () => {
    for (const f of fixture.fans) {
      const ours = computeFans(f.shape);
      expect([ours.fanIn, ours.fanOut], JSON.stringify(f.shape)).toEqual([f.fanIn, f.fanOut]);
    }
    for (const e of fixture.fanErrors) expect(() => computeFans(e.shape)).toThrow(RangeError);
  });
  it('zero-size and rank-1 tensors: an error where PyTorch raises ValueError, an empty tensor otherwise', () => {
    const rng = createRng(1);
    const ours: Record<string, Initializer> = {
      xavier_uniform_: xavierUniform(),
      xavier_normal_: xavierNormal(),
      kaiming_uniform_: kaimingUniform(),
      kaiming_normal_: kaimingNormal(),
      orthogonal_: orthogonal(),
      trunc_normal_: truncatedNormal({ bounds: { lo: -2, hi: 2, units: 'absolute' } }),
    };
    for (const z of fixture.zeroSizeInit) {
      const init = ours[z.fn];
      expect(init, z.fn).toBeDefined();
      if (z.error === 'ValueError') {
        expect(() => init(z.shape, rng), JSON.stringify(z)).toThrow(RangeError);
      } else {
        // PyTorch returns (a no-op), or — xavier on (0, 0) only — divides by a zero fan sum.
        // wixi's documented rule: an empty tensor is returned empty, without error.
        const t = init(z.shape, rng);
        expect(t.shape).toEqual(z.shape);
        expect(t.data.length).toBe(z.shape.reduce((a, b) => a * b, 1));
      }
    }
  });
  it('orthogonal_: same flattening, same product equal to g²I (to 1e-12·g², torch ≤ 1e-14)', () => {
    for (const o of fixture.orthogonal) {
      const init = orthogonal({ gain: o.gain });
      expect(init.matrix(o.shape)).toEqual({ rows: o.rows, cols: o.cols });
      expect(o.maxAbsDeviation).toBeLessThan(1e-12 * o.gain * o.gain);
      const q = init(o.shape, createRng(o.rows * 31 + o.cols)).data;
      const dev = (byRows: boolean) => {
        const k = byRows ? o.rows : o.cols;
        let worst = 0;
        for (let a = 0; a < k; a++) {
          for (let b = 0; b < k; b++) {
            let s = 0;
            if (byRows) for (let j = 0; j < o.cols; j++) s += q[a * o.cols + j] * q[b * o.cols + j];
            else for (let i = 0; i < o.rows; i++) s += q[i * o.cols + a] * q[i * o.cols + b];
            worst = Math.max(worst, Math.abs(s - (a === b ? o.gain * o.gain : 0)));
          }
        }
        return worst;
      };
      const tol = 1e-12 * o.gain * o.gain;
      expect(dev(true) < tol, `${o.shape} QQᵀ`).toBe(o.identity !== 'cols');
      expect(dev(false) < tol, `${o.shape} QᵀQ`).toBe(o.identity !== 'rows');
    }
  });
});

describe.skipIf(!HAVE)('PyTorch fixtures: sampled statistics vs wixi declared laws (α = 1e-9 each)', () => {
  if (!fixture) return;
  it.each(
    fixture.samples.map((s) => [`${s.fn} ${JSON.stringify(s.args)} ${JSON.stringify(s.shape)}`, s] as const),
  )('%s', (_title, s) => {
    const init = wixiFor(s.fn, s.args);
    // 1. Our declared variance and mean equal the fixture generator's ANCHORS formula.
    expect(Math.abs(init.variance(s.shape) / s.expectedVariance - 1)).toBeLessThan(1e-12);
    expect(Math.abs(init.mean(s.shape) - s.expectedMean)).toBeLessThan(1e-12 * Math.sqrt(s.expectedVariance));

    if (s.fn === 'orthogonal_') {
      // Entries of one orthogonal matrix are dependent (Σq² = g²·min(rows, cols) exactly), so no
      // i.i.d. test applies; the exact identity does: s² = (N·g²/max − N·mean²)/(N − 1).
      const v = init.variance(s.shape);
      const predicted = (s.n * v - s.n * s.mean * s.mean) / (s.n - 1);
      expect(Math.abs(s.variance / predicted - 1)).toBeLessThan(1e-9);
      return;
    }
    if (!isElementwise(init)) throw new Error(`${s.fn} should map to an elementwise initializer`);
    const law = init.distribution(s.shape);

    // 2. Variance on the log scale, se = s²·√((κ − 1)/n) with torch's recorded kurtosis.
    const kappa = s.kurtosis;
    const v = testEstimate(
      { value: s.variance, se: s.variance * Math.sqrt((kappa - 1) / s.n), n: s.n },
      init.variance(s.shape),
      { alpha: ALPHA, scale: 'log', relTol: 0.05 },
    );
    expect(v.decision, `variance ${s.variance} vs ${v.predicted}: z = ${v.z}`).not.toBe('fail');

    // 3. Mean, se = s/√n.
    const m = testEstimate({ value: s.mean, se: Math.sqrt(s.variance / s.n), n: s.n }, init.mean(s.shape), {
      alpha: ALPHA,
      absTol: 0.05 * Math.sqrt(s.variance),
    });
    expect(m.decision, `mean ${s.mean} vs ${m.predicted}: z = ${m.z}`).not.toBe('fail');

    // 4. min/max inside our declared support (float32 rows against the rounded bounds) ...
    const [lo, hi] = init.support(s.shape);
    const round = s.dtype === 'float32' ? Math.fround : (x: number) => x;
    expect(s.min).toBeGreaterThanOrEqual(round(lo));
    expect(s.max).toBeLessThanOrEqual(round(hi));
    // ... and reaching its ends: under the law, P(max ≤ x) = F(x)ⁿ and P(min ≥ x) = (1 − F(x))ⁿ,
    // exact for i.i.d. draws, so a support wider than torch's draws would be caught.
    const logPMax = s.n * Math.log(law.cdf(s.max));
    const logPMin = s.n * Math.log1p(-law.cdf(s.min));
    expect(logPMax, `max ${s.max} too far inside ${hi}`).toBeGreaterThan(Math.log(ALPHA / 2));
    expect(logPMin, `min ${s.min} too far inside ${lo}`).toBeGreaterThan(Math.log(ALPHA / 2));

    // 5. Quantiles: by DKW (Massart), sup|Fₙ − F| ≤ ε(n, α) with probability ≥ 1 − α, and a
    // linearly interpolated sample quantile q̂_p has Fₙ(q̂_p) within 1/n of p, so
    // |F(q̂_p) − p| ≤ ε + 1/n for every recorded p at once.
    const eps = dkwEpsilon(s.n, ALPHA) + 1 / s.n;
    s.quantileProbs.forEach((p, i) => {
      const f = law.cdf(s.quantiles[i]);
      expect(Math.abs(f - p), `F(q̂_${p}) = ${f}`).toBeLessThanOrEqual(eps);
    });
  });
});

describe.skipIf(!HAVE)('PyTorch fixtures: the comparisons have power', () => {
  if (!fixture) return;
  it('a 5% variance error, a missing √3, or an untruncated law would be rejected on the same data', () => {
    const row = fixture.samples.find((s) => s.fn === 'kaiming_uniform_' && s.args.mode === 'fan_in');
    const t = fixture.samples.find((s) => s.fn === 'trunc_normal_' && s.args.std === 1);
    if (!row || !t) throw new Error('fixture lacks the kaiming_uniform_ fan_in or trunc_normal_ std 1 row');
    const se = row.variance * Math.sqrt((row.kurtosis - 1) / row.n);
    const wrong = testEstimate({ value: row.variance, se, n: row.n }, row.expectedVariance * 1.05, {
      alpha: ALPHA,
      scale: 'log',
    });
    expect(wrong.decision).toBe('fail');
    // U(±gain/√fan) instead of U(±√3·gain/√fan): Var a third; its support excludes torch's max.
    const bound = Math.SQRT2 / Math.sqrt(600);
    expect(row.max).toBeGreaterThan(bound);
    // trunc_normal_(std 1, ±2) is not N(0, 1): DKW rejects it at the recorded quantiles.
    const eps = dkwEpsilon(t.n, ALPHA) + 1 / t.n;
    const worst = Math.max(...t.quantileProbs.map((p, i) => Math.abs(normalCdf(t.quantiles[i], 0, 1) - p)));
    expect(worst).toBeGreaterThan(eps);
  });
});
