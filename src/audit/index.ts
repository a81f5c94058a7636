/**
 * Audits of other libraries' initializers against the contracts they document: `auditTfjs` checks
 * TensorFlow.js (tfjs-layers) against Keras's semantics, finding by finding, each with evidence.
 * @module wixi/audit
 */
export { divergencesByCause, evidenceLine, findingsTable, formatAudit } from './format.js';
export { correlation, type ExtremesResult, haarEntryCdf, testExtremes, testUncorrelated } from './stats.js';
export {
  type AuditOptions,
  type AuditResult,
  auditTfjs,
  CAUSES,
  type CauseId,
  type CheckKind,
  type Explanation,
  type Finding,
  KS_DISTANCE,
  kerasFans,
  MEAN_TOL,
  ORTHO_KS_DISTANCE,
  REL_TOL,
  SECTIONS,
  type Section,
  type Verdict,
} from './tfjs.js';
