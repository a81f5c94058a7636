/**
 * Pins every finding of `wixi audit tfjs`: for each divergence from Keras's contract, a test that
 * TF.js still diverges, and still for the tested cause; for each conformance, a test that it still
 * conforms. The day TF.js changes (fixes a bug, or breaks something that worked), the matching test
 * fails with "TF.js changed: … — update the audit" and the evidence. The audit is one run of
 * `auditTfjs` (the default, full plan): its statistical decisions share this file's α by
 * Bonferroni and each has power 1 − α_d at its planned deviation (5% in variance, 0.05σ in mean,
 * KS distance 0.03), so a pin fails by chance with probability at most this file's share of the
 * suite budget. Exact observations (seeds, errors, dtypes, fixed values) cannot fail by chance.
 * Seeds come from WIXI_SEED: every run audits fresh TF.js streams, and a failure replays exactly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type AuditResult, auditTfjs, CAUSES, type CauseId, type Finding } from '../src/audit/tfjs.js';
import { formatEvidence } from '../src/stats/evidence.js';
import { seedFor, suiteSeed } from '../src/testing/seed.js';
import { budget } from './budget.js';

/**
 * The false-alarm share of TF.js interop (this file and tfjs-adapter.property.ts): the budget's
 * 'tfjs' part once it is declared in budget.ts; until then the 'init' part's share.
 */
const TFJS_SHARE = 'tfjs' in budget.shares ? budget.of('tfjs') : budget.perCheck('init', 1);
/** Family-wise α of the audit run below (half the share; the adapter property has the other half). */
const AUDIT_ALPHA = TFJS_SHARE / 2;

type Pin = readonly [id: string, verdict: 'conforms' | 'diverges', cause?: CauseId];

/** What TF.js 4.22.0 (tfjs-layers, tfjs-core, tfjs-backend-cpu) does, finding by finding. */
const PINS: readonly Pin[] = [
  // Variance-scaling presets
  ['heNormal/variance', 'diverges', 'uncorrectedTruncation'],
  ['heNormal/family', 'diverges', 'uncorrectedTruncation'],
  ['heNormal/bounds', 'diverges', 'uncorrectedTruncation'],
  ['heNormal/mean', 'conforms'],
  ['heUniform/variance', 'conforms'],
  ['heUniform/family', 'conforms'],
  ['heUniform/bounds', 'conforms'],
  ['heUniform/mean', 'conforms'],
  ['glorotNormal/variance', 'diverges', 'uncorrectedTruncation'],
  ['glorotNormal/family', 'diverges', 'uncorrectedTruncation'],
  ['glorotNormal/bounds', 'diverges', 'uncorrectedTruncation'],
  ['glorotNormal/mean', 'conforms'],
  ['glorotUniform/variance', 'conforms'],
  ['glorotUniform/family', 'conforms'],
  ['glorotUniform/bounds', 'conforms'],
  ['glorotUniform/mean', 'conforms'],
  ['leCunNormal/variance', 'diverges', 'uncorrectedTruncation'],
  ['leCunNormal/family', 'diverges', 'uncorrectedTruncation'],
  ['leCunNormal/bounds', 'diverges', 'uncorrectedTruncation'],
  ['leCunNormal/mean', 'conforms'],
  ['leCunUniform/variance', 'conforms'],
  ['leCunUniform/family', 'conforms'],
  ['leCunUniform/bounds', 'conforms'],
  ['leCunUniform/mean', 'conforms'],
  // varianceScaling options
  ['varianceScaling(defaults {})/variance', 'diverges', 'uncorrectedTruncation'],
  ['varianceScaling(defaults {})/family', 'diverges', 'uncorrectedTruncation'],
  ['varianceScaling(defaults {})/bounds', 'diverges', 'uncorrectedTruncation'],
  ['varianceScaling(defaults {})/mean', 'conforms'],
  ["varianceScaling(scale 0.5, fanIn, 'normal')/variance", 'diverges', 'uncorrectedTruncation'],
  ["varianceScaling(scale 0.5, fanIn, 'normal')/family", 'diverges', 'uncorrectedTruncation'],
  ["varianceScaling(scale 0.5, fanIn, 'normal')/bounds", 'diverges', 'uncorrectedTruncation'],
  ["varianceScaling(scale 0.5, fanIn, 'normal')/mean", 'conforms'],
  ["varianceScaling(scale 3, fanOut, 'normal')/variance", 'diverges', 'uncorrectedTruncation'],
  ["varianceScaling(scale 3, fanOut, 'normal')/family", 'diverges', 'uncorrectedTruncation'],
  ["varianceScaling(scale 3, fanOut, 'normal')/bounds", 'diverges', 'uncorrectedTruncation'],
  ["varianceScaling(scale 3, fanOut, 'normal')/mean", 'conforms'],
  ["varianceScaling(scale 1.7, fanAvg, 'normal')/variance", 'diverges', 'uncorrectedTruncation'],
  ["varianceScaling(scale 1.7, fanAvg, 'normal')/family", 'diverges', 'uncorrectedTruncation'],
  ["varianceScaling(scale 1.7, fanAvg, 'normal')/bounds", 'diverges', 'uncorrectedTruncation'],
  ["varianceScaling(scale 1.7, fanAvg, 'normal')/mean", 'conforms'],
  ["varianceScaling(scale 0.5, fanIn, 'uniform')/variance", 'conforms'],
  ["varianceScaling(scale 0.5, fanIn, 'uniform')/family", 'conforms'],
  ["varianceScaling(scale 0.5, fanIn, 'uniform')/bounds", 'conforms'],
  ["varianceScaling(scale 0.5, fanIn, 'uniform')/mean", 'conforms'],
  ["varianceScaling(scale 3, fanOut, 'uniform')/variance", 'conforms'],
  ["varianceScaling(scale 3, fanOut, 'uniform')/family", 'conforms'],
  ["varianceScaling(scale 3, fanOut, 'uniform')/bounds", 'conforms'],
  ["varianceScaling(scale 3, fanOut, 'uniform')/mean", 'conforms'],
  ["varianceScaling(scale 1.7, fanAvg, 'uniform')/variance", 'conforms'],
  ["varianceScaling(scale 1.7, fanAvg, 'uniform')/family", 'conforms'],
  ["varianceScaling(scale 1.7, fanAvg, 'uniform')/bounds", 'conforms'],
  ["varianceScaling(scale 1.7, fanAvg, 'uniform')/mean", 'conforms'],
  ["varianceScaling(scale 0.5, fanIn, 'truncatedNormal')/variance", 'conforms'],
  ["varianceScaling(scale 0.5, fanIn, 'truncatedNormal')/family", 'diverges', 'truncatedNormalIsUniform'],
  ["varianceScaling(scale 0.5, fanIn, 'truncatedNormal')/bounds", 'diverges', 'truncatedNormalIsUniform'],
  ["varianceScaling(scale 0.5, fanIn, 'truncatedNormal')/mean", 'conforms'],
  ["varianceScaling(scale 3, fanOut, 'truncatedNormal')/variance", 'conforms'],
  ["varianceScaling(scale 3, fanOut, 'truncatedNormal')/family", 'diverges', 'truncatedNormalIsUniform'],
  ["varianceScaling(scale 3, fanOut, 'truncatedNormal')/bounds", 'diverges', 'truncatedNormalIsUniform'],
  ["varianceScaling(scale 3, fanOut, 'truncatedNormal')/mean", 'conforms'],
  ["varianceScaling(scale 1.7, fanAvg, 'truncatedNormal')/variance", 'conforms'],
  ["varianceScaling(scale 1.7, fanAvg, 'truncatedNormal')/family", 'diverges', 'truncatedNormalIsUniform'],
  ["varianceScaling(scale 1.7, fanAvg, 'truncatedNormal')/bounds", 'diverges', 'truncatedNormalIsUniform'],
  ["varianceScaling(scale 1.7, fanAvg, 'truncatedNormal')/mean", 'conforms'],
  // Random laws
  ['randomNormal({mean: 0.5, stddev: 2})/variance', 'conforms'],
  ['randomNormal({mean: 0.5, stddev: 2})/family', 'conforms'],
  ['randomNormal({mean: 0.5, stddev: 2})/bounds', 'conforms'],
  ['randomNormal({mean: 0.5, stddev: 2})/mean', 'conforms'],
  ['randomNormal(defaults {})/variance', 'conforms'],
  ['randomNormal(defaults {})/family', 'conforms'],
  ['randomNormal(defaults {})/bounds', 'conforms'],
  ['randomNormal(defaults {})/mean', 'conforms'],
  ['randomUniform({minval: -0.3, maxval: 0.7})/variance', 'conforms'],
  ['randomUniform({minval: -0.3, maxval: 0.7})/family', 'conforms'],
  ['randomUniform({minval: -0.3, maxval: 0.7})/bounds', 'conforms'],
  ['randomUniform({minval: -0.3, maxval: 0.7})/mean', 'conforms'],
  ['randomUniform(defaults {})/variance', 'conforms'],
  ['randomUniform(defaults {})/family', 'conforms'],
  ['randomUniform(defaults {})/bounds', 'conforms'],
  ['randomUniform(defaults {})/mean', 'conforms'],
  ['randomUniform({minval: 0, maxval: 1})/variance', 'diverges', 'falsyArguments'],
  ['randomUniform({minval: 0, maxval: 1})/family', 'diverges', 'falsyArguments'],
  ['randomUniform({minval: 0, maxval: 1})/bounds', 'diverges', 'falsyArguments'],
  ['randomUniform({minval: 0, maxval: 1})/mean', 'diverges', 'falsyArguments'],
  ['randomUniform({minval: -1, maxval: 0})/variance', 'diverges', 'falsyArguments'],
  ['randomUniform({minval: -1, maxval: 0})/family', 'diverges', 'falsyArguments'],
  ['randomUniform({minval: -1, maxval: 0})/bounds', 'diverges', 'falsyArguments'],
  ['randomUniform({minval: -1, maxval: 0})/mean', 'diverges', 'falsyArguments'],
  ['truncatedNormal({mean: 1, stddev: 0.5})/variance', 'conforms'],
  ['truncatedNormal({mean: 1, stddev: 0.5})/family', 'conforms'],
  ['truncatedNormal({mean: 1, stddev: 0.5})/bounds', 'conforms'],
  ['truncatedNormal({mean: 1, stddev: 0.5})/mean', 'conforms'],
  ['truncatedNormal(defaults {})/variance', 'conforms'],
  ['truncatedNormal(defaults {})/family', 'conforms'],
  ['truncatedNormal(defaults {})/bounds', 'conforms'],
  ['truncatedNormal(defaults {})/mean', 'conforms'],
  // Layer defaults
  ['layers.dense/default kernel [256, 224]/variance', 'diverges', 'layerDefault'],
  ['layers.dense/default kernel [256, 224]/family', 'diverges', 'layerDefault'],
  ['layers.dense/default kernel [256, 224]/bounds', 'diverges', 'layerDefault'],
  ['layers.dense/default kernel [256, 224]/mean', 'conforms'],
  ['layers.conv2d/default kernel [3, 3, 32, 48]/variance', 'diverges', 'layerDefault'],
  ['layers.conv2d/default kernel [3, 3, 32, 48]/family', 'diverges', 'layerDefault'],
  ['layers.conv2d/default kernel [3, 3, 32, 48]/bounds', 'diverges', 'layerDefault'],
  ['layers.conv2d/default kernel [3, 3, 32, 48]/mean', 'conforms'],
  ['layers.embedding/default embeddings [256, 224]/variance', 'conforms'],
  ['layers.embedding/default embeddings [256, 224]/family', 'conforms'],
  ['layers.embedding/default embeddings [256, 224]/bounds', 'conforms'],
  ['layers.embedding/default embeddings [256, 224]/mean', 'conforms'],
  ['layers.dense/bias', 'conforms'],
  ['layers.conv2d/bias', 'conforms'],
  // Fans by kernel rank
  ['fans/rank1/fanIn', 'diverges', 'sqrtFans'],
  ['fans/rank1/fanOut', 'diverges', 'sqrtFans'],
  ['fans/rank2/fanIn', 'conforms'],
  ['fans/rank2/fanOut', 'conforms'],
  ['fans/rank3/fanIn', 'conforms'],
  ['fans/rank3/fanOut', 'conforms'],
  ['fans/rank4/fanIn', 'conforms'],
  ['fans/rank4/fanOut', 'conforms'],
  ['fans/rank5/fanIn', 'conforms'],
  ['fans/rank5/fanOut', 'conforms'],
  ['fans/rank6/fanIn', 'diverges', 'sqrtFans'],
  ['fans/rank6/fanOut', 'diverges', 'sqrtFans'],
  // Seeds
  ['seed/heNormal/reproducible', 'conforms'],
  ['seed/heNormal/zero', 'diverges', 'seedZero'],
  ['seed/heNormal/adjacent', 'conforms'],
  ['seed/heNormal/wrap32', 'conforms'],
  ['seed/heNormal/unseeded', 'diverges', 'freshUnseeded'],
  ['seed/heUniform/reproducible', 'conforms'],
  ['seed/heUniform/zero', 'conforms'],
  ['seed/heUniform/adjacent', 'conforms'],
  ['seed/heUniform/wrap32', 'conforms'],
  ['seed/heUniform/unseeded', 'diverges', 'freshUnseeded'],
  ['seed/randomNormal/reproducible', 'conforms'],
  ['seed/randomNormal/zero', 'diverges', 'seedZero'],
  ['seed/randomNormal/adjacent', 'conforms'],
  ['seed/randomNormal/wrap32', 'conforms'],
  ['seed/randomNormal/unseeded', 'diverges', 'freshUnseeded'],
  ['seed/non-integer', 'diverges', 'seedNotInteger'],
  ['seed/shared/heUniform+glorotUniform', 'conforms'],
  ['seed/shared/heNormal+leCunNormal', 'conforms'],
  ['seed/orthogonal/reproducible', 'conforms'],
  ['seed/orthogonal/zero', 'diverges', 'seedZero'],
  ['seed/orthogonal/adjacent', 'conforms'],
  ['seed/orthogonal/wrap32', 'conforms'],
  ['seed/orthogonal/unseeded', 'diverges', 'freshUnseeded'],
  // Arguments
  ['arguments/scale-zero', 'diverges', 'scaleZero'],
  ['arguments/scale-negative', 'conforms'],
  ['arguments/mode-unknown', 'conforms'],
  ['arguments/distribution-unknown', 'conforms'],
  ['arguments/distribution-untruncated', 'diverges', 'noUntruncated'],
  ['arguments/no-options-object', 'diverges', 'noOptionsObject'],
  ['arguments/randomNormal-stddev-zero', 'diverges', 'falsyArguments'],
  ['arguments/truncatedNormal-stddev-zero', 'diverges', 'falsyArguments'],
  // Dtypes
  ['dtype/float32', 'conforms'],
  ['dtype/int32/heNormal', 'diverges', 'integerDtype'],
  ['dtype/int32/heUniform', 'diverges', 'integerDtype'],
  // Fixed values
  ['values/zeros', 'conforms'],
  ['values/ones', 'conforms'],
  ['values/constant', 'conforms'],
  ['values/identity-square', 'conforms'],
  ['values/identity-rectangular', 'diverges', 'squareIdentity'],
  ['values/identity-rank3', 'conforms'],
  // Orthogonal
  ['orthogonal/usable', 'diverges', 'chainedOps'],
  ['orthogonal/gram/40x48', 'conforms'],
  ['orthogonal/gram/48x40', 'conforms'],
  ['orthogonal/gram/3x3x8x24', 'conforms'],
  ['orthogonal/haar/Q[0][0]', 'conforms'],
  ['orthogonal/haar/Q[7][7]', 'conforms'],
  ['orthogonal/rank1', 'conforms'],
];

function describeFinding(f: Finding): string {
  return `${f.initializer} ${f.option} ${f.check}: TF.js ${f.measured}; Keras ${f.contract}`;
}

function replay(): string {
  return `Replay: WIXI_SEED=${suiteSeed()} npx vitest run properties/tfjs-audit.property.ts`;
}

let audit: AuditResult;
const byId = new Map<string, Finding>();

beforeAll(async () => {
  audit = await auditTfjs({ seed: seedFor('tfjs-audit pins') >>> 0, alpha: AUDIT_ALPHA });
  for (const f of audit.findings) byId.set(f.id, f);
}, 60_000);

describe('wixi audit tfjs: every finding is pinned', () => {
  it('the audit reports exactly the pinned findings (a new or vanished check must be pinned here)', () => {
    const pinned = new Set(PINS.map((p) => p[0]));
    expect(pinned.size, 'duplicate pins').toBe(PINS.length);
    const unpinned = audit.findings.map((f) => f.id).filter((id) => !pinned.has(id));
    const vanished = [...pinned].filter((id) => !byId.has(id));
    expect(unpinned, 'findings without a pin').toEqual([]);
    expect(vanished, 'pins the audit no longer reports').toEqual([]);
  });
});

describe('wixi audit tfjs: TF.js still diverges from Keras where it did', () => {
  for (const [id, , cause] of PINS.filter((p) => p[1] === 'diverges')) {
    it(`diverges: ${id} (${cause})`, () => {
      const f = byId.get(id);
      expect(f, `finding ${id} is missing from the audit`).toBeDefined();
      if (!f) return;
      if (f.verdict !== 'diverges') {
        throw new Error(
          `TF.js changed: the divergence "${describeFinding(f)}" no longer holds (verdict ${f.verdict}) — update the audit.\n` +
            `${formatEvidence(f.evidence)}\n${replay()}`,
        );
      }
      if (!f.explanation || f.explanation.cause !== cause || !f.explanation.holds) {
        throw new Error(
          `TF.js changed: "${describeFinding(f)}" still diverges, but no longer because ${CAUSES[cause!]} ` +
            `(${f.explanation ? `${f.explanation.cause}: ${f.explanation.statement}, holds=${f.explanation.holds}` : 'no explanation'}) — update the audit.\n` +
            `${f.explanation ? formatEvidence(f.explanation.evidence) : ''}\n${replay()}`,
        );
      }
    });
  }
});

describe('wixi audit tfjs: TF.js still conforms to Keras where it did', () => {
  for (const [id] of PINS.filter((p) => p[1] === 'conforms')) {
    it(`conforms: ${id}`, () => {
      const f = byId.get(id);
      expect(f, `finding ${id} is missing from the audit`).toBeDefined();
      if (!f) return;
      if (f.verdict !== 'conforms') {
        throw new Error(
          `TF.js changed: the conformance "${describeFinding(f)}" no longer holds (verdict ${f.verdict}) — update the audit.\n` +
            `${formatEvidence(f.evidence)}\n${replay()}`,
        );
      }
    });
  }
});
