/**
 * The audit as a program: its findings are well formed and consistent with their evidence, its
 * plan reserves every statistical decision it makes, it replays exactly from a seed, and it leaves
 * TF.js, Math.random and tf.Tensor as it found them. (What TF.js does is pinned, finding by finding,
 * in properties/tfjs-audit.property.ts.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTfjs, type TfjsModules } from '../tfjs/load.js';
import { divergencesByCause, evidenceLine, formatAudit } from './format.js';
import { type AuditResult, auditTfjs, CAUSES, chanceCoincidences, SECTIONS } from './tfjs.js';

let m: TfjsModules;
let result: AuditResult;
let tensorsBefore: number;
let tensorsAfter: number;
let randomBefore: () => number;
let flattenBefore: unknown;

beforeAll(async () => {
  m = await loadTfjs({ quiet: true });
  tensorsBefore = m.tf.memory().numTensors;
  randomBefore = Math.random;
  flattenBefore = (m.tf.Tensor.prototype as unknown as Record<string, unknown>).flatten;
  result = await auditTfjs({ seed: 12345, quick: true, modules: m });
  tensorsAfter = m.tf.memory().numTensors;
});

describe('auditTfjs', () => {
  it('returns well-formed findings with unique ids in known sections', () => {
    expect(result.findings.length).toBeGreaterThan(100);
    const ids = result.findings.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of result.findings) {
      expect(SECTIONS).toContain(f.section);
      expect(['conforms', 'diverges', 'inconclusive']).toContain(f.verdict);
      expect(f.measured.length).toBeGreaterThan(0);
      expect(f.contract.length).toBeGreaterThan(0);
      expect(f.reproduce).toMatch(/tf\.(initializers|layers)\./);
      if (f.explanation) expect(Object.keys(CAUSES)).toContain(f.explanation.cause);
    }
  });

  it('verdicts agree with their evidence, and every divergence is explained by a tested cause', () => {
    for (const f of result.findings) {
      expect(f.evidence.pass, f.id).toBe(f.verdict !== 'diverges');
      if (f.verdict === 'diverges') expect(f.explanation?.holds, f.id).toBe(true);
      if (f.evidence.alpha > 0) expect(f.evidence.alpha).toBe(result.alphaPerDecision);
    }
  });

  it('makes no more statistical decisions than its plan reserved (so the family-wise α holds)', () => {
    let made = 0;
    for (const f of result.findings) {
      if (f.evidence.alpha > 0) made++;
      if (f.explanation && f.explanation.evidence !== f.evidence && f.explanation.evidence.alpha > 0) made++;
    }
    expect(made).toBeLessThanOrEqual(result.decisions);
    expect(result.alphaPerDecision * result.decisions).toBeCloseTo(result.alpha, 15);
  });

  it('leaves no tensors behind, and restores Math.random and tf.Tensor', () => {
    expect(tensorsAfter).toBe(tensorsBefore);
    expect(Math.random).toBe(randomBefore);
    expect((m.tf.Tensor.prototype as unknown as Record<string, unknown>).flatten).toBe(flattenBefore);
  });

  it('replays exactly from its seed', async () => {
    const again = await auditTfjs({ seed: 12345, quick: true, modules: m });
    const strip = (r: AuditResult) => JSON.stringify({ ...r, seconds: 0 });
    expect(strip(again)).toBe(strip(result));
  });

  it('rejects bad options with a named RangeError', async () => {
    await expect(auditTfjs({ seed: -1, modules: m })).rejects.toThrow(/seed/);
    await expect(auditTfjs({ seed: 1, alpha: 2, modules: m })).rejects.toThrow(/alpha/);
  });
});

describe('audit text', () => {
  it('prints every section, verdict and cause, with counterexamples', () => {
    const text = formatAudit(result);
    for (const s of new Set(result.findings.map((f) => f.section))) expect(text).toContain(s);
    expect(text).toContain('DIVERGES');
    expect(text).toContain('conforms');
    expect(text).toMatch(/checks: \d+ conform, \d+ diverge/);
    const causes = new Set(
      result.findings.filter((f) => f.verdict === 'diverges').map((f) => f.explanation?.cause),
    );
    const byCause = divergencesByCause(result.findings);
    const flat = byCause.replace(/\s+/g, ' ');
    for (const c of causes) expect(flat).toContain(CAUSES[c!]);
    for (const line of byCause.split('\n')) expect(line.length).toBeLessThanOrEqual(118);
    expect(byCause).toContain('counterexample: tf.');
  });

  it('states interval, α and N of a statistical decision and marks exact observations', () => {
    const stat = result.findings.find((f) => f.evidence.alpha > 0)!;
    expect(evidenceLine(stat.evidence)).toMatch(/interval \[.*\]; α = .*, N = \d+/);
    const exact = result.findings.find((f) => f.evidence.alpha === 0)!;
    expect(evidenceLine(exact.evidence)).toMatch(/^exact observation/);
  });
});

describe('chanceCoincidences (equal values two independent seeds may show)', () => {
  it("allows a few equal values in 57 344 float32 draws at the audit's α, never a repeated stream", () => {
    // P(X = Y) ≤ 2⁻²² per index: the mean count is 0.0137, so at α = 1e-10 the bound is 4
    // (P(Poisson(0.0137) ≥ 5) ≈ 4e-12, ≥ 4 ≈ 1.5e-9)
    expect(chanceCoincidences(57344, 1e-10)).toBe(4);
    expect(chanceCoincidences(57344, 0.5)).toBe(0);
    // a larger α never allows more, a larger tensor never allows fewer
    expect(chanceCoincidences(57344, 1e-3)).toBeLessThanOrEqual(chanceCoincidences(57344, 1e-10));
    expect(chanceCoincidences(10 * 57344, 1e-10)).toBeGreaterThanOrEqual(4);
    // the one coincidence a calibration run met (WIXI_SEED=2113116486576004) is within it
    expect(chanceCoincidences(256 * 224, 1e-10)).toBeGreaterThanOrEqual(1);
  });
});
