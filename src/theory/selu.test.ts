import { describe, expect, it } from 'vitest';
import { SELU_ALPHA, SELU_LAMBDA, selu } from '../nn/activations.js';
import { gaussianExpectation } from '../stats/quadrature.js';
import { seluConstants, seluJacobian, seluMomentMap } from './selu.js';

describe('SELU (Klambauer et al. 2017)', () => {
  it('λ and α solved from E[selu(Z)] = 0, E[selu(Z)²] = 1 reproduce the published 1.0507009873554804934…, 1.6732632423543772848…', () => {
    const { lambda, alpha } = seluConstants();
    expect(Math.abs(lambda / 1.0507009873554805 - 1)).toBeLessThan(1e-15);
    expect(Math.abs(alpha / 1.6732632423543772 - 1)).toBeLessThan(1e-15);
    expect(Math.abs(lambda / SELU_LAMBDA - 1)).toBeLessThan(1e-15);
    expect(Math.abs(alpha / SELU_ALPHA - 1)).toBeLessThan(1e-15);
  });

  it('(0, 1) is a fixed point of the moment map with LeCun-normal weights (ω = 0, τ = 1)', () => {
    const m = seluMomentMap(0, 1);
    expect(Math.abs(m.mean)).toBeLessThan(1e-15);
    expect(Math.abs(m.variance - 1)).toBeLessThan(1e-15);
  });

  it('the closed form equals Gaussian quadrature of selu at other points', () => {
    for (const [mu, nu, omega, tau] of [
      [0.3, 1.4, 0.5, 1.2],
      [-1, 0.2, 2, 0.7],
      [5, 3, 1, 1],
      [-40, 1, 1, 1],
      [0.1, 25, 1, 1],
    ]) {
      const r = seluMomentMap(mu, nu, { omega, tau });
      const mean = mu * omega;
      const v = nu * tau;
      const e1 = gaussianExpectation(selu.value, v, { mean, breakpoints: [0] });
      const e2 = gaussianExpectation((x) => selu.value(x) ** 2, v, { mean, breakpoints: [0] });
      expect(Math.abs(r.mean - e1)).toBeLessThan(1e-13 * Math.max(1, Math.abs(e1)));
      expect(Math.abs(r.variance - (e2 - e1 * e1))).toBeLessThan(1e-12 * Math.max(1, e2));
    }
  });

  it('the fixed point attracts: Jacobian [[0, 0.0888], [0, 0.7826]], spectral norm 0.7877 < 1 (Theorem 1)', () => {
    const j = seluJacobian();
    expect(Math.abs(j.matrix[0][0])).toBeLessThan(1e-9); // ω = 0: the input mean does not reach z
    expect(Math.abs(j.matrix[1][0])).toBeLessThan(1e-9);
    expect(j.matrix[0][1]).toBeCloseTo(0.088834, 5);
    expect(j.matrix[1][1]).toBeCloseTo(0.782648, 5);
    expect(j.spectralNorm).toBeCloseTo(0.7877, 4);
  });

  it('rejects bad arguments', () => {
    expect(() => seluMomentMap(0, -1)).toThrow(/variance must be >= 0/);
    expect(() => seluJacobian(0, 0)).toThrow(/variance must be > 0/);
  });
});
