import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { testEstimate } from '../stats/decide.js';
import { estimateMean } from '../stats/estimate.js';
import {
  finiteWidthAllowance,
  PILOT_REPLICATES,
  replicatesWithAllowance,
  testWithAllowance,
  twoStageReplicates,
} from './allowance.js';

describe('finite-width allowances', () => {
  it('are zero for positively homogeneous activations (exact at every width) and L/n-proportional otherwise', () => {
    for (const a of ['relu', 'leakyRelu', 'linear'] as const) expect(finiteWidthAllowance(a, 10, 16)).toBe(0);
    expect(finiteWidthAllowance('tanh', 4, 100)).toBeCloseTo(0.016, 15);
    expect(finiteWidthAllowance('tanh', 4, 100, 0.1)).toBeCloseTo(0.004, 15);
  });
  it('leave room for the tolerance or say why not', () => {
    expect(() =>
      replicatesWithAllowance({ relTol: 0.1, alpha: 1e-6, power: 0.99, cv: 0.2, allowance: 0.05 }),
    ).toThrow(/no room/);
    const a = replicatesWithAllowance({ relTol: 0.1, alpha: 1e-6, power: 0.99, cv: 0.2, allowance: 0 });
    const b = replicatesWithAllowance({ relTol: 0.1, alpha: 1e-6, power: 0.99, cv: 0.2, allowance: 0.02 });
    expect(b).toBeGreaterThan(a);
  });
});

describe('testWithAllowance', () => {
  it('with no allowance, decides like testEstimate on the log scale', () => {
    const rng = createRng(5);
    for (let k = 0; k < 50; k++) {
      const x = rng.fillNormal(new Float64Array(40), 1 + 0.02 * rng.normal(), 0.1);
      const e = estimateMean(x);
      const a = testWithAllowance(e, 1, { alpha: 0.01, beta: 0.05, relTol: 0.05, allowance: 0 });
      const b = testEstimate(e, 1, { alpha: 0.01, beta: 0.05, relTol: 0.05, scale: 'log' });
      expect(a.decision).toBe(b.decision);
    }
  });
  it('does not fail a deviation within the allowance, however precise the estimate', () => {
    const e = { value: Math.exp(0.019), se: 1e-9, n: 1000 };
    expect(testWithAllowance(e, 1, { alpha: 1e-6, beta: 1e-6, relTol: 0.1, allowance: 0.02 }).decision).toBe(
      'pass',
    );
    expect(testWithAllowance(e, 1, { alpha: 1e-6, beta: 1e-6, relTol: 0.1, allowance: 0.018 }).decision).toBe(
      'fail',
    );
  });
  it('keeps its false-alarm rate when the bias equals the allowance (calibration, α = 0.05)', () => {
    const rng = createRng(17);
    const b = 0.03;
    let fails = 0;
    const runs = 4000;
    for (let k = 0; k < runs; k++) {
      const x = rng.fillNormal(new Float64Array(30), Math.exp(b), 0.1);
      if (
        testWithAllowance(estimateMean(x), 1, { alpha: 0.05, beta: 0.05, relTol: 0.2, allowance: b })
          .decision === 'fail'
      )
        fails++;
    }
    // P(fail) ≤ α = 0.05 (one tail only, since the bias sits at the edge): about 0.025 expected
    expect(fails / runs).toBeLessThan(0.05);
  });
});

describe('twoStageReplicates', () => {
  it('plans the main stage from the pilot and returns only fresh draws', () => {
    let calls = 0;
    const draw = () => {
      calls++;
      return calls;
    };
    let cvSeen = 0;
    const { values } = twoStageReplicates(draw, (cv) => {
      cvSeen = cv;
      return 10;
    });
    expect(cvSeen).toBeGreaterThan(0);
    expect(values.length).toBe(10);
    expect(values[0]).toBe(PILOT_REPLICATES + 1);
    expect(calls).toBe(PILOT_REPLICATES + 10);
  });
});
