/**
 * Regressions of properties/fuzz: the claims' public boundary refuses malformed input with a
 * TypeError/RangeError naming the argument (formerly engine errors or NaN evidence).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normal } from '../random/distributions.js';
import { createRng } from '../random/rng.js';
import {
  cancellationRare,
  claims,
  evidenceFrom,
  getClaim,
  meanSigmoidSlope,
  runClaim,
  sumReplicates,
} from './index.js';

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
  });
  it('sumReplicates checks n, w, x, replicates and rng', () => {
    expect(() => anyFn(sumReplicates)()).toThrow(/n must be a number/);
    expect(() => sumReplicates(2 ** 32, normal(), normal(), 1, createRng(1))).toThrow(/n must be/);
    expect(() => sumReplicates(4, normal(), normal(), 2 ** 32, createRng(1))).toThrow(/replicates/);
    expect(() => sumReplicates(4, normal(), normal(), 3, {} as never)).toThrow(/rng/);
    expect(sumReplicates(4, normal(), normal(), 3, createRng(1)).z).toHaveLength(3);
  });
});
