/** Regressions found by properties/fuzz.property.ts: bad input to wixi/audit is refused, by name. */
import { describe, expect, it } from 'vitest';
import { normal } from '../random/distributions.js';
import { haarEntryCdf, testExtremes } from './index.js';

/** Run f, expect it to throw `type` within 100 ms (no loop over 2³² − 1 holes). */
function throwsFast(f: () => unknown, type: typeof TypeError | typeof RangeError): void {
  const t0 = performance.now();
  expect(f).toThrow(type);
  expect(performance.now() - t0).toBeLessThan(100);
}

const INF = Number.POSITIVE_INFINITY;

describe('wixi/audit refuses bad input', () => {
  it('testExtremes checks every argument (a sparse or array-like x used to hang)', () => {
    throwsFast(() => testExtremes(new Array(2 ** 32 - 1), normal(), 0, INF, 0.1), TypeError);
    throwsFast(() => testExtremes({ length: 1e12 } as never, normal(), 0, INF, 0.1), TypeError);
    const x = Float64Array.of(0.5, -1);
    expect(() => testExtremes(x, Number.NaN as never, 0, INF, 0.1)).toThrow(/^law must be a Distribution/);
    expect(() => testExtremes(x, normal(), Number.NaN, INF, 0.1)).toThrow(/^center must be finite/);
    expect(() => testExtremes(x, normal(), 0, Number.NaN, 0.1)).toThrow(/^half must be > 0/);
    expect(() => testExtremes(x, normal(), 0, '1' as never, 0.1)).toThrow(TypeError);
    expect(() => testExtremes(Float64Array.of(Number.NaN), normal(), 0, INF, 0.1)).toThrow(/x\[0\]/);
    expect(testExtremes(x, normal(), 0, INF, 0.1).n).toBe(2);
  });

  it("haarEntryCdf's CDF refuses a non-number or NaN x", () => {
    const F = haarEntryCdf(2);
    expect(() => F(Number.NaN)).toThrow(RangeError);
    expect(() => F(undefined as never)).toThrow(/^x must be a number/);
    expect(F(0)).toBe(0.5);
    expect(F(Number.NEGATIVE_INFINITY)).toBe(0);
  });
});
