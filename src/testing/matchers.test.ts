import { describe, expect, it } from 'vitest';
import { kaimingNormal, xavierNormal } from '../init/index.js';
import { normal, uniform } from '../random/distributions.js';
import { createRng } from '../random/rng.js';
import { samplesFor } from '../stats/decide.js';
import { wixiMatchers } from './matchers.js';

expect.extend(wixiMatchers);

describe('wixi matchers', () => {
  const n = samplesFor({ relTol: 0.05, alpha: 1e-6, power: 1 - 1e-6, kurtosis: 3 });
  it('toHaveVariance passes at the planned size and rejects a 10% error', () => {
    const x = createRng(1).fillNormal(new Float64Array(n), 0, 2);
    expect(x).toHaveVariance(4, { kurtosis: 3 });
    expect(x).not.toHaveVariance(4.4, { kurtosis: 3 });
  });
  it('toHaveVariance refuses to pass on a sample too small to tell', () => {
    const x = createRng(2).fillNormal(new Float64Array(200), 0, 2);
    const r = wixiMatchers.toHaveVariance(x, 4, { kurtosis: 3 });
    expect(r.pass).toBe(false);
    expect(r.message()).toMatch(/inconclusive.*samples needed/);
  });
  it('toHaveMean and toFollowDistribution', () => {
    const x = createRng(3).fillNormal(new Float64Array(n), 1, 1);
    expect(x).toHaveMean(1);
    expect(x).not.toHaveMean(1.1);
    expect(x).toFollowDistribution(normal({ mean: 1 }));
    expect(x).not.toFollowDistribution(uniform({ lo: 1 - Math.sqrt(3), hi: 1 + Math.sqrt(3) }));
  });
  it('toPreserveSecondMoment: He passes for ReLU, Xavier does not', () => {
    expect(kaimingNormal({ nonlinearity: 'relu' })).toPreserveSecondMoment({ depth: 8, width: 64, seed: 4 });
    expect(xavierNormal()).not.toPreserveSecondMoment({ depth: 8, width: 64, seed: 5 });
  });
  it('rejects bad input with a clear error', () => {
    expect(() => wixiMatchers.toHaveVariance('x', 1)).toThrow(TypeError);
    expect(() => wixiMatchers.toPreserveSecondMoment({}, {})).toThrow(/Initializer/);
    expect(() => wixiMatchers.toHaveVariance([1, 2, 3], -1)).toThrow(/expected must be > 0/);
  });
});
