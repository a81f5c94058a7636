/** Regressions found by properties/fuzz.property.ts: bad input to wixi/audit is refused, by name. */
import { describe, expect, it } from 'vitest';
import { hugeSparse, throwsBeforeWalking } from '../../properties/support/hostile.js';
import { normal } from '../random/distributions.js';
import type { Evidence } from '../stats/evidence.js';
import {
  correlation,
  divergencesByCause,
  evidenceLine,
  findingsTable,
  formatAudit,
  haarEntryCdf,
  kerasFans,
  testExtremes,
  testUncorrelated,
} from './index.js';

const INF = Number.POSITIVE_INFINITY;

describe('wixi/audit refuses bad input', () => {
  it('testExtremes checks every argument (a sparse or array-like x used to hang)', () => {
    throwsBeforeWalking(() => testExtremes(hugeSparse(), normal(), 0, INF, 0.1), TypeError);
    throwsBeforeWalking(() => testExtremes({ length: 1e12 } as never, normal(), 0, INF, 0.1), TypeError);
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

  it('correlation, testUncorrelated and kerasFans check their arguments', () => {
    const call = (f: unknown, ...a: unknown[]) => (f as (...x: unknown[]) => unknown)(...a);
    expect(() => call(correlation, undefined, [1, 2])).toThrow(/^x must be/);
    expect(() => correlation([1, 2], [1, Number.NaN])).toThrow(/y\[1\]/);
    expect(() => correlation([1, 2], [1, 2, 3])).toThrow(RangeError);
    expect(correlation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(() => call(testUncorrelated, [1, 2], [2, 1])).toThrow(/^options must be/);
    expect(() => call(kerasFans)).toThrow(/^shape must be/);
    expect(() => kerasFans([3, Number.NaN])).toThrow(/shape\[1\]/);
    throwsBeforeWalking(() => kerasFans(hugeSparse()), RangeError);
    expect(kerasFans([3, 3, 4, 8])).toEqual({ fanIn: 36, fanOut: 72 });
  });

  it('the formatters check their findings and evidence', () => {
    const evidence: Evidence = {
      claim: 'c',
      quantity: 'Var(W)',
      measured: 1,
      predicted: 1,
      interval: [0.9, 1.1],
      alpha: 0.01,
      samples: 10,
      pass: true,
      params: {},
    };
    const finding = {
      id: 'heNormal/variance',
      section: 'Variance-scaling presets',
      initializer: 'tf.initializers.heNormal',
      option: '{}',
      check: 'variance',
      verdict: 'diverges',
      measured: 'Var = 0.77',
      contract: 'Var = 1',
      evidence,
      reproduce: 'x',
    };
    const call = (f: unknown, ...a: unknown[]) => (f as (...x: unknown[]) => unknown)(...a);
    expect(() => call(evidenceLine)).toThrow(/^e must be an Evidence/);
    expect(evidenceLine(evidence)).toMatch(/^Var\(W\): measured/);
    expect(() => call(findingsTable, Number.NaN)).toThrow(/^findings must be/);
    throwsBeforeWalking(() => call(findingsTable, hugeSparse()), RangeError);
    expect(() => call(findingsTable, [{ ...finding, verdict: 'maybe' }])).toThrow(/findings\[0\]\.verdict/);
    expect(() => call(findingsTable, [finding], 'yes')).toThrow(/^color must be a boolean/);
    expect(() => call(divergencesByCause)).toThrow(TypeError);
    expect(() =>
      call(divergencesByCause, [{ ...finding, evidence: { ...evidence, measured: Number.NaN } }]),
    ).toThrow(/findings\[0\]\.evidence\.measured/);
    expect(divergencesByCause([finding as never])).toMatch(/1 findings/);
    const result = {
      tfjs: { core: '4', layers: '4', backend: 'cpu' },
      seed: 1,
      quick: true,
      alpha: 1e-3,
      decisions: 1,
      alphaPerDecision: 1e-3,
      power: 0.99,
      plan: { relTol: 0.05, meanTol: '0.05σ', ksDistance: 0.03, orthogonalKsDistance: 0.03 },
      findings: [finding],
      seconds: 1,
    };
    expect(() => call(formatAudit, { ...result, alpha: undefined })).toThrow(/^r\.alpha must be a number/);
    expect(() => call(formatAudit, result, { color: 1 })).toThrow(/options\.color/);
    const plan = { ...result.plan, ksDistance: hugeSparse() };
    expect(() => call(formatAudit, { ...result, plan })).toThrow(/^r\.plan\.ksDistance must be a number/);
    expect(formatAudit(result as never)).toMatch(/1 checks: 0 conform, 1 diverge/);
  });
});
