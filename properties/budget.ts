import { alphaBudget } from '../src/stats/budget.js';

/**
 * The suite's false-alarm budget: the probability that one full `npm test` run fails although
 * every law it tests is true. It is split over the property families below by weight
 * (Bonferroni, valid under any dependence); each family divides its share over its fast-check
 * runs and decisions. A family added to the spec must be added here, which shrinks the others'
 * shares and keeps the total.
 *
 * Sharded runs (`vitest run --shard=i/n` on n machines, merged with `--merge-reports`; see
 * scripts/shards.ts): the bound holds per shard and for the merged run. A false alarm of the suite is
 * the union of the false alarms of its decisions, so P(suite fails | all laws true) ≤ Σ αᵢ ≤
 * SUITE_ALPHA (Boole's inequality, any dependence). vitest shards whole files, so a shard makes a
 * subset of the suite's decisions, each at the same αᵢ (the shares below are constants of this
 * module, computed the same in every process, never from a count of the files or tests that ran):
 * each shard's false-alarm probability is ≤ its subset's Σ αᵢ ≤ SUITE_ALPHA, and the merged run,
 * whose decisions are those of one full run, is ≤ SUITE_ALPHA as well — whether the shards share
 * one WIXI_SEED (then the merged verdicts are exactly one run's) or each draws its own, since the
 * union bound needs no independence. Nothing here is a running counter shared across files.
 */
export const SUITE_ALPHA = 1e-6;

export const budget = alphaBudget(SUITE_ALPHA, {
  /** properties/random.property.ts: samplers vs exact moments, KS and @stdlib. */
  random: 1,
  /** properties/calibration.property.ts: the decision rules' size and power. */
  calibration: 1,
  /** properties/init*.property.ts: initializers' variance, family, mean, orthogonality. */
  init: 1,
  /** properties/nn*.property.ts: network statistics. */
  nn: 1,
  /** properties/theory*.property.ts: theory vs simulation. */
  theory: 1,
  /** The claims of the discussion, one family per file (properties/<family>.property.ts). */
  product: 1,
  sum: 1,
  cancellation: 1,
  sigmoid: 1,
  depth: 1,
  residual: 1,
  fanInOut: 1,
  finiteWidth: 1,
  realInputs: 1,
  gains: 1,
  isometry: 1,
  meanField: 1,
  /** properties/tfjs-*.property.ts: the pinned findings of the TF.js audit and the adapter. */
  tfjs: 1,
});
