import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import {
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  kaimingNormal,
  kaimingUniform,
  lecunNormal,
  lecunUniform,
  torchBiasDefault,
  torchLinearDefault,
  xavierNormal,
  xavierUniform,
} from './presets.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);
// Keras kernel (3, 3, in=8, out=16) ↔ torch weight (16, 8, 3, 3): fan_in 72, fan_out 144.
const K = [3, 3, 8, 16];
const T = [16, 8, 3, 3];

describe('Keras/JAX presets (keras layout by default)', () => {
  it.each([
    ['glorotUniform', glorotUniform, 2 / (72 + 144), 'uniform'],
    ['glorotNormal', glorotNormal, 2 / (72 + 144), 'truncated'],
    ['heUniform', heUniform, 2 / 72, 'uniform'],
    ['heNormal', heNormal, 2 / 72, 'truncated'],
    ['lecunUniform', lecunUniform, 1 / 72, 'uniform'],
    ['lecunNormal', lecunNormal, 1 / 72, 'truncated'],
  ] as const)('%s: Var = %d', (name, make, v, family) => {
    const init = make();
    expect(rel(init.variance(K), v)).toBeLessThan(1e-15);
    expect(rel(make({ layout: 'torch' }).variance(T), v)).toBeLessThan(1e-15);
    expect(init.displayName).toMatch(new RegExp(`^${name} \\(Keras/JAX`));
    const [lo, hi] = init.support(K);
    if (family === 'uniform') expect(rel(hi, Math.sqrt(3 * v))).toBeLessThan(1e-15);
    else expect(rel(hi, (2 * Math.sqrt(v)) / 0.87962566103423978)).toBeLessThan(1e-15);
    expect(lo).toBe(-hi);
  });
});

describe('Keras/JAX presets take JAX axes', () => {
  it('he_normal(in_axis=1, out_axis=0) on a PyTorch-layout kernel', () => {
    expect(rel(heNormal({ layout: 'jax', inAxis: 1, outAxis: 0 }).variance(T), 2 / 72)).toBeLessThan(1e-15);
    expect(rel(glorotUniform({ layout: 'jax', inAxis: 1, outAxis: 0 }).variance(T), 2 / 216)).toBeLessThan(
      1e-15,
    );
    expect(() => heNormal({ inAxis: 1 })).toThrow(/layout 'jax' only/);
  });
});

describe('PyTorch presets (torch layout by default)', () => {
  it('kaiming: Var = gain²/fan with PyTorch gains and modes', () => {
    expect(rel(kaimingNormal().variance(T), 2 / 72)).toBeLessThan(1e-15);
    expect(rel(kaimingUniform().variance(T), 2 / 72)).toBeLessThan(1e-15);
    expect(rel(kaimingNormal({ mode: 'fanOut' }).variance(T), 2 / 144)).toBeLessThan(1e-15);
    expect(rel(kaimingNormal({ mode: 'fan_out' }).variance(T), 2 / 144)).toBeLessThan(1e-15);
    expect(rel(kaimingNormal({ a: 0.2 }).variance(T), 2 / 1.04 / 72)).toBeLessThan(1e-15);
    expect(rel(kaimingNormal({ nonlinearity: 'tanh' }).variance(T), 25 / 9 / 72)).toBeLessThan(1e-15);
    expect(rel(kaimingUniform({ nonlinearity: 'linear' }).variance(T), 1 / 72)).toBeLessThan(1e-15);
    expect(rel(kaimingUniform({ nonlinearity: 'selu' }).variance(T), 0.5625 / 72)).toBeLessThan(1e-15);
    expect(kaimingNormal().support(T)).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
    // U(±√3·gain/√fan_in)
    expect(rel(kaimingUniform().support(T)[1], (Math.sqrt(3) * Math.SQRT2) / Math.sqrt(72))).toBeLessThan(
      1e-15,
    );
    expect(kaimingNormal().displayName).toMatch(/PyTorch.*untruncated/);
  });
  it('xavier: Var = gain²·2/(fan_in + fan_out), untruncated normal', () => {
    expect(rel(xavierUniform().variance(T), 2 / 216)).toBeLessThan(1e-15);
    expect(rel(xavierNormal({ gain: 3 }).variance(T), 18 / 216)).toBeLessThan(1e-15);
    expect(rel(xavierUniform({ gain: 2 }).support(T)[1], 2 * Math.sqrt(6 / 216))).toBeLessThan(1e-15);
    expect(xavierNormal().support(T)[1]).toBe(Number.POSITIVE_INFINITY);
  });
  it('torchLinearDefault: U(±1/√fan_in), Var = 1/(3·fan_in); torchBiasDefault the same bound', () => {
    expect(rel(torchLinearDefault().variance([256, 512]), 1 / 1536)).toBeLessThan(1e-15);
    expect(rel(torchLinearDefault().support([256, 512])[1], 1 / Math.sqrt(512))).toBeLessThan(1e-15);
    expect(rel(torchLinearDefault().variance([32, 16, 3, 3]), 1 / 432)).toBeLessThan(1e-15);
    const b = torchBiasDefault(512);
    expect(b.support([256])).toEqual([-1 / Math.sqrt(512), 1 / Math.sqrt(512)]);
    expect(rel(b.variance([256]), 1 / 1536)).toBeLessThan(1e-14);
    expect(() => torchBiasDefault(0)).toThrow(/fanIn/);
    expect(() => torchBiasDefault(2.5)).toThrow(RangeError);
  });
});

describe('aliases draw the same numbers (to the rounding of gain² = √2²)', () => {
  it('heUniform ≡ kaimingUniform(), lecunUniform ≡ kaiming linear, glorotUniform ≡ xavierUniform (same layout)', () => {
    const pairs = [
      [heUniform({ layout: 'torch' }), kaimingUniform()],
      [lecunUniform({ layout: 'torch' }), kaimingUniform({ nonlinearity: 'linear' })],
      [glorotUniform({ layout: 'torch' }), xavierUniform()],
      [heUniform(), kaimingUniform({ layout: 'keras' })],
    ] as const;
    for (const [a, b] of pairs) {
      const x = a([16, 8, 3, 3], createRng(9)).data;
      const y = b([16, 8, 3, 3], createRng(9)).data;
      const bound = a.support([16, 8, 3, 3])[1];
      let worst = 0;
      for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]) / bound);
      expect(worst).toBeLessThan(1e-15);
    }
  });
});

describe('preset bad input', () => {
  it('names the argument', () => {
    expect(() => kaimingNormal({ mode: 'fanAvg' as 'fanIn' })).toThrow(/unknown mode "fanAvg"/);
    expect(() => kaimingNormal({ nonlinearity: 'gelu' as 'relu' })).toThrow(/unknown nonlinearity "gelu"/);
    expect(() => kaimingNormal({ a: Number.NaN })).toThrow(/a must be finite/);
    expect(() => kaimingUniform({ layout: 'caffe' as 'torch' })).toThrow(/unknown layout/);
    expect(() => xavierNormal({ gain: 0 })).toThrow(/gain must be > 0/);
    expect(() => xavierUniform({ gain: -1 })).toThrow(RangeError);
    expect(() => heNormal({ layout: 'TORCH' as 'torch' })).toThrow(/unknown layout/);
    expect(() => heNormal(null as unknown as object)).toThrow(TypeError);
    expect(() => kaimingNormal()([5], createRng(1))).toThrow(/rank 1/);
  });
});
