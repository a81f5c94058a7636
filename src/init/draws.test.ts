/**
 * What the initializers draw, not only what they declare: every elementwise initializer's draws
 * lie in its support and follow its declared law (Kolmogorov–Smirnov distance within the
 * Dvoretzky–Kiefer–Wolfowitz bound at α = 1e-9, so a fixed seed is not what makes them pass).
 * Sizes above 8192 elements exercise the chunked rejection sampler across chunk boundaries.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { dkwEpsilon, ksDistance } from '../stats/goodness.js';
import { normal, truncatedNormal, uniform } from './basic.js';
import {
  glorotNormal,
  glorotUniform,
  heNormal,
  kaimingNormal,
  kaimingUniform,
  lecunUniform,
  torchBiasDefault,
  torchLinearDefault,
  xavierNormal,
  xavierUniform,
} from './presets.js';
import type { Dtype, ElementwiseInitializer } from './types.js';
import { fillTruncated, fillTruncatedByRejection, varianceScaling } from './variance-scaling.js';

const N = 20_000;
const EPS = dkwEpsilon(N, 1e-9);

function expectDrawsFollowLaw(
  init: ElementwiseInitializer,
  shape: number[],
  dtype: Dtype,
  seed: number,
): void {
  const x = init(shape, createRng(seed), { dtype }).data;
  const [lo, hi] = init.support(shape).map((b) => (dtype === 'float32' ? Math.fround(b) : b));
  let below = 0;
  let above = 0;
  for (const v of x) {
    if (v < lo) below++;
    if (v > hi) above++;
  }
  expect({ below, above }).toEqual({ below: 0, above: 0 });
  const law = init.distribution(shape);
  expect(ksDistance(x, (t) => law.cdf(t))).toBeLessThan(EPS + (dtype === 'float32' ? 1e-6 : 0));
}

describe('every elementwise initializer draws from the law it declares', () => {
  const cases: [string, ElementwiseInitializer, number[]][] = [
    ['uniform(−0.5, 1.5)', uniform({ lo: -0.5, hi: 1.5 }), [N]],
    ['normal(0.3, 2)', normal({ mean: 0.3, std: 2 }), [100, 200]],
    ['truncatedNormal ±2σ around 1 (rejection sampler)', truncatedNormal({ mean: 1, std: 0.5 }), [N]],
    [
      'truncatedNormal, absolute bounds holding < ½ the mass (exact tail sampler)',
      truncatedNormal({ mean: 5, std: 1, bounds: { lo: 6, hi: 8, units: 'absolute' } }),
      [N],
    ],
    ['varianceScaling truncated', varianceScaling({ scale: 2 }), [N / 100, 100]],
    ['varianceScaling uniform', varianceScaling({ scale: 3, distribution: 'uniform' }), [N / 100, 100]],
    [
      'varianceScaling untruncated',
      varianceScaling({ scale: 0.5, distribution: 'untruncatedNormal', mode: 'fanOut' }),
      [100, N / 100],
    ],
    ['glorotUniform', glorotUniform(), [100, N / 100]],
    ['glorotNormal', glorotNormal(), [100, N / 100]],
    ['heNormal', heNormal(), [4, 50, N / 200]],
    ['lecunUniform', lecunUniform(), [N / 50, 50]],
    ['kaimingUniform', kaimingUniform({ a: 0.2 }), [N / 50, 50]],
    ['kaimingNormal fan_out', kaimingNormal({ mode: 'fan_out' }), [N / 50, 50]],
    ['xavierUniform', xavierUniform({ gain: 1.5 }), [N / 50, 50]],
    ['xavierNormal', xavierNormal({ gain: 0.5 }), [N / 50, 50]],
    ['torchLinearDefault', torchLinearDefault(), [N / 50, 50]],
    ['torchBiasDefault(fan_in = 7)', torchBiasDefault(7), [N]],
  ];
  for (const [name, init, shape] of cases) {
    it(`${name}: in its support, KS distance to its law within the DKW bound (float64 and float32)`, () => {
      expectDrawsFollowLaw(init, shape, 'float64', 11);
      expectDrawsFollowLaw(init, shape, 'float32', 12);
    });
  }
});

describe('the truncated-normal samplers', () => {
  it('the rejection sampler keeps every chunk in [lo, hi] and draws N(mean, sd²) cut there', () => {
    for (const [mean, sd, a, b] of [
      [2, 3, -1, 0.5],
      [-1, 0.25, -2, 2],
    ]) {
      const out = new Float64Array(3 * 8192 + 17);
      fillTruncatedByRejection(createRng(5), out, mean, sd, a, b);
      const lo = mean + sd * a;
      const hi = mean + sd * b;
      expect(out.every((v) => v >= lo && v <= hi)).toBe(true);
      // each chunk on its own follows the law (a chunk left undrawn or drawn twice would not)
      const law = truncatedNormal({ mean, std: sd, bounds: { lo: a, hi: b, units: 'sigma' } }).distribution([
        1,
      ]);
      for (let k = 0; k < out.length; k += 8192) {
        const chunk = out.subarray(k, Math.min(out.length, k + 8192));
        expect(ksDistance(chunk, (t) => law.cdf(t))).toBeLessThan(dkwEpsilon(chunk.length, 1e-9));
      }
    }
  });

  it('fillTruncated picks rejection when [a, b] holds ≥ ½ of the mass, else the exact sampler: same law', () => {
    // [0.7, 5] holds 0.242 of the mass, [−0.7, 5] holds 0.758; both must give the truncated law
    for (const [a, b] of [
      [0.7, 5],
      [-0.7, 5],
      [-0.6744897501960817, 0.6744897501960817], // exactly ½ of the mass
    ]) {
      const out = new Float64Array(N);
      fillTruncated(createRng(8), out, 1, 2, a, b);
      const law = truncatedNormal({ mean: 1, std: 2, bounds: { lo: a, hi: b, units: 'sigma' } }).distribution(
        [1],
      );
      expect(out.every((v) => v >= 1 + 2 * a && v <= 1 + 2 * b)).toBe(true);
      expect(ksDistance(out, (t) => law.cdf(t))).toBeLessThan(EPS);
    }
  });

  it('a far tail ([8σ, 9σ], mass 6e-16) is drawn by the exact sampler, at once (rejection would never end)', () => {
    // (a rejection sampler would hang until the test's timeout)
    const out = new Float64Array(1000);
    fillTruncated(createRng(9), out, 0, 1, 8, 9);
    expect(out.every((v) => v >= 8 && v <= 9)).toBe(true);
  });
});
