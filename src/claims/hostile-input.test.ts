/**
 * Regressions of properties/fuzz: the claims' public boundary refuses malformed input with a
 * TypeError/RangeError naming the argument (formerly engine errors or NaN evidence).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hugeSparse, throwsBeforeWalking } from '../../properties/support/hostile.js';
import { normal } from '../random/distributions.js';
import { createRng } from '../random/rng.js';
import {
  blockSdBound,
  branchGain,
  branchInits,
  cancellationRare,
  claims,
  compareTraces,
  evidenceFrom,
  fanLaw,
  getClaim,
  meanSigmoidSlope,
  normalizedMeans,
  plannedRatios,
  planReplicates,
  planStudentized,
  runClaim,
  schemeNetwork,
  studentizedSe,
  sumReplicates,
  testGeometricBand,
  testGeometricLaw,
  traceRatios,
  twoSampleT,
  wixiTraces,
} from './index.js';
import { netSimulator } from './replicate-nets.js';

const anyFn = (f: unknown) => f as (...a: unknown[]) => unknown;
const ctx = () => ({ rng: createRng(1), alpha: 0.05, power: 0.5, size: 'quick' as const });

describe('Claim.check/predict/telling check params and ctx', () => {
  it('predict(undefined) is a TypeError naming params', () => {
    expect(() => getClaim('product-law').predict(undefined)).toThrow(TypeError);
    expect(() => getClaim('product-law').predict(undefined)).toThrow(/params/);
  });
  it('a forged distribution is refused, not turned into NaN evidence', () => {
    const p = { w: { mean: Number.NaN, variance: 1 }, x: normal() };
    expect(() => getClaim('product-law').check(p, ctx())).toThrow(/params\.w/);
    expect(() => getClaim('product-law').predict(p)).toThrow(TypeError);
    const { secondMoment: _, ...rest } = normal();
    expect(() => getClaim('small-products-refuted').predict({ n: 16, w: normal(), x: rest })).toThrow(
      /params\.x\.secondMoment/,
    );
  });
  it('sizes must be integers in range', () => {
    const c = getClaim('xavier-relu-refuted');
    expect(() => c.predict({ width: 2 ** 32, depth: 4 })).toThrow(/params\.width.*4294967296/);
    expect(() => c.predict({ width: 64, depth: 0.5 })).toThrow(RangeError);
    expect(() => c.telling?.({ width: -1, depth: 4 })).toThrow(/counterexample\.width/);
    expect(() =>
      cancellationRare.predict({ ...cancellationRare.representative, epsilon: Number.NaN }),
    ).toThrow(/params\.epsilon/);
  });
  it('null-prototype records (fast-check makes them) pass the guard', () => {
    const p = Object.assign(Object.create(null), { width: 64, depth: 10 });
    expect(() => getClaim('xavier-relu-refuted').predict(p)).not.toThrow();
  });
  it('names are checked against their lists', () => {
    expect(() => getClaim('torch-traces-agree').predict({ scheme: 'toString' })).toThrow(/params\.scheme/);
    expect(() => getClaim('fan-forward-law').predict({ widths: [64, 64], mode: 'bogus' })).toThrow(
      /params\.mode/,
    );
  });
  it('ctx must be a CheckContext', () => {
    const c = getClaim('product-law');
    expect(() => c.check(c.representative, undefined as never)).toThrow(/ctx/);
    expect(() => c.check(c.representative, { ...ctx(), rng: {} as never })).toThrow(/ctx\.rng/);
    expect(() => c.check(c.representative, { ...ctx(), alpha: Number.NaN })).toThrow(/ctx\.alpha/);
    expect(() => c.check(c.representative, { ...ctx(), size: 'bogus' as never })).toThrow(/ctx\.size/);
  });
  it('every representative case (and a sample of each arbitrary) still passes the guard', () => {
    for (const c of claims) {
      expect(() => c.predict(c.representative), c.id).not.toThrow();
      for (const p of fc.sample(c.parameters as fc.Arbitrary<unknown>, { seed: 7, numRuns: 50 })) {
        expect(() => c.predict(p), `${c.id} ${JSON.stringify(p)}`).not.toThrow();
      }
    }
  });
});

describe('the catalog functions check their arguments', () => {
  it('getClaim(id) needs a string', () => {
    expect(() => getClaim(new Array(2 ** 32 - 1) as never)).toThrow(TypeError);
    expect(() => getClaim(new Array(2 ** 32 - 1) as never)).toThrow(/id/);
    expect(() => getClaim('bogus')).toThrow(RangeError);
  });
  it('runClaim(claim) needs a claim', () => {
    expect(() => runClaim({} as never, { seed: 1 })).toThrow(TypeError);
    expect(() => runClaim({ mean: Number.NaN, variance: 1 } as never, { seed: 1 })).toThrow(/claim\.check/);
    expect(() => runClaim(null as never, { seed: 1 })).toThrow(/claim/);
  });
  it('meanSigmoidSlope(v) needs v >= 0', () => {
    expect(() => meanSigmoidSlope(Symbol('x') as never)).toThrow(TypeError);
    expect(() => meanSigmoidSlope(Object.create(null))).toThrow(/v must be a number/);
    expect(() => meanSigmoidSlope(-1)).toThrow(RangeError);
    expect(meanSigmoidSlope(0)).toBeCloseTo(0.25, 12);
  });
  it('evidenceFrom checks its result', () => {
    expect(() => anyFn(evidenceFrom)()).toThrow(/claim/);
    const r = {
      decision: 'pass',
      measured: Number.NaN,
      predicted: 1,
      interval: [0, 2],
      alpha: 0.05,
      n: 10,
    };
    expect(() => anyFn(evidenceFrom)('c', 'q', r, {})).toThrow(/result\.measured/);
    expect(() => anyFn(evidenceFrom)('c', 'q', { ...r, measured: 1, interval: [0] }, {})).toThrow(
      /result\.interval/,
    );
    expect(anyFn(evidenceFrom)('c', 'q', { ...r, measured: 1 }, {})).toMatchObject({
      pass: true,
      samples: 10,
    });
    // params are copied into the evidence: a typed array or a NaN parameter is refused (the fuzzer,
    // WIXI_SEED=3431805297, found Float64Array.of(NaN, 1) copied as the params record)
    const ok = { ...r, measured: 1 };
    expect(() => anyFn(evidenceFrom)('c', 'q', ok, Float64Array.of(Number.NaN, 1))).toThrow(TypeError);
    expect(() => anyFn(evidenceFrom)('c', 'q', ok, { width: Number.NaN })).toThrow(/params\.width is NaN/);
    expect(anyFn(evidenceFrom)('c', 'q', ok, undefined)).toMatchObject({ pass: true });
  });
  it('sumReplicates checks n, w, x, replicates and rng', () => {
    expect(() => anyFn(sumReplicates)()).toThrow(/n must be a number/);
    expect(() => sumReplicates(2 ** 32, normal(), normal(), 1, createRng(1))).toThrow(/n must be/);
    expect(() => sumReplicates(4, normal(), normal(), 2 ** 32, createRng(1))).toThrow(/replicates/);
    expect(() => sumReplicates(4, normal(), normal(), 3, {} as never)).toThrow(/rng/);
    expect(sumReplicates(4, normal(), normal(), 3, createRng(1)).z).toHaveLength(3);
  });
});

describe('the catalog helpers check their arguments', () => {
  const rates = { alpha: 0.05, power: 0.5 };
  it('residual helpers', () => {
    expect(() => anyFn(blockSdBound)()).toThrow(/width must be a number/);
    expect(() => blockSdBound(64, -1)).toThrow(/u must be >= 0/);
    expect(() => blockSdBound(5e-324, -0)).toThrow(/width/);
    expect(() => blockSdBound(64, 1e300)).toThrow(/u must be <= 1e150/);
    expect(blockSdBound(64, 1e150)).toBeGreaterThan(0);
    expect(() => anyFn(branchGain)()).toThrow(/p must be/);
    expect(() => branchGain({ c1: Number.NaN, c2: 1 })).toThrow(/p\.c1/);
    expect(branchGain({ c1: 2, c2: 1 })).toBe(1);
    expect(() => branchInits(1e12, 2, 1)).toThrow(/depth/);
  });
  it('fanLaw', () => {
    expect(() => anyFn(fanLaw)()).toThrow(/p must be/);
    expect(() => fanLaw({ widths: new Array(2 ** 32 - 1), mode: 'fanIn' })).toThrow(/p\.widths/);
  });
  it('layer-ratio helpers', () => {
    expect(() => anyFn(planStudentized)()).toThrow(/ctx/);
    expect(() => anyFn(planReplicates)(0.5, 0.5)).toThrow(/ctx/);
    expect(() => studentizedSe(Number.NaN, 10, 0.05)).toThrow(/s must be finite/);
    // α = 5e-324: α/2 underflows, t and z are ∞ and their ratio was ∞/∞ = NaN (found by fuzz:deep)
    expect(studentizedSe(1e12, 1e12, Number.MIN_VALUE)).toBe(Number.POSITIVE_INFINITY);
    expect(studentizedSe(0, 1e12, Number.MIN_VALUE)).toBe(0);
    expect(() => studentizedSe(0, 10, 0)).toThrow(/^alpha must be/);
    expect(() => planStudentized(1, 0.1, { ...rates, alpha: 2 } as never)).toThrow(/ctx\.alpha/);
    expect(planStudentized(0.1, 0.1, rates as never)).toBeGreaterThanOrEqual(40);
    expect(() => anyFn(plannedRatios)()).toThrow(/plan/);
    expect(() => anyFn(normalizedMeans)(new Array(2 ** 32 - 1), [1])).toThrow(/ratios/);
    expect(() => normalizedMeans([Float64Array.of(1)], [0])).toThrow(/law\[0\]/);
    expect(() => normalizedMeans([Float64Array.of(Number.NaN)], [1])).toThrow(/ratios\[0\]\[0\]/);
    expect(() => anyFn(testGeometricLaw)()).toThrow(/t must be/);
    expect(() => anyFn(testGeometricBand)()).toThrow(/t must be/);
    const t = {
      claim: 'c',
      quantity: 'q',
      ratios: [Float64Array.of(1), Float64Array.of(1.1)],
      law: [1],
      predicted: 1,
      logTolerance: 0.1,
      ctx: rates,
      params: {},
    };
    expect(() => anyFn(testGeometricLaw)({ ...t, logTolerance: Number.NaN })).toThrow(/t\.logTolerance/);
    expect(() => anyFn(testGeometricBand)({ ...t, lower: -1 })).toThrow(/t\.lower/);
    expect(() => anyFn(traceRatios)()).toThrow(/widths/);
    expect(() => anyFn(traceRatios)({}, [4, 4])).toThrow(/t\.blocks/);
  });
  it('trace helpers', () => {
    expect(() => anyFn(twoSampleT)()).toThrow(/a must be/);
    expect(() => twoSampleT([1, 2], [1, Number.NaN])).toThrow(/b\[1\]/);
    // constant samples: Welch's df was 0/0 (found by the fuzzer, WIXI_SEED=26689081)
    const flat = twoSampleT([1e12, 1e12], [1e12, 1e12]);
    expect([flat.t, flat.df, flat.pValue]).toEqual([0, 2, 1]);
    // subnormal variances: va² underflowed to 0/0; the df only depends on the variances' share
    const tiny = twoSampleT([0, 1e-160], [0, 2e-160]);
    const big = twoSampleT([0, 1], [0, 2]);
    expect(tiny.df).toBeCloseTo(big.df, 12);
    // Welch–Satterthwaite by hand: va = 1/2·½, vb = 2·½ → df = (0.25 + 1)² / (0.25²/1 + 1²/1)
    expect(big.df).toBeCloseTo(1.25 ** 2 / (0.0625 + 1), 12);
    expect(twoSampleT([1, 2], [1, 2]).t).toBe(0);
    expect(() => anyFn(compareTraces)()).toThrow(/alpha/);
    expect(() => anyFn(compareTraces)({}, {}, 0.05)).toThrow(/wixi\.inputMeanSquare/);
    expect(() => schemeNetwork(new Array(2 ** 32 - 1) as never, 64)).toThrow(TypeError);
    expect(() => schemeNetwork('he', Number.NaN)).toThrow(/width/);
    expect(() => anyFn(wixiTraces)()).toThrow(/net must be/);
    expect(() => anyFn(wixiTraces)({ init: () => 0 }, { replicates: 2 ** 32 }, createRng(1))).toThrow(
      /options\.replicates/,
    );
  });
});

describe('netSimulator checks its widths by length first', () => {
  it('a sparse widths array of length 2³² − 1 is refused without walking it', () => {
    throwsBeforeWalking(
      () => netSimulator({ widths: hugeSparse(), activation: 'relu', rows: 1 } as never),
      RangeError,
    );
    expect(() => netSimulator({ widths: [4], activation: 'relu', rows: 1 } as never)).toThrow(
      /at least one layer/,
    );
  });
});
