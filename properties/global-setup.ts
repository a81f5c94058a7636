import type { TestProject } from 'vitest/node';

/**
 * Prints the suite seed once per run so any failure can be replayed with WIXI_SEED.
 *
 * Sharded runs (`vitest run --shard=i/n` on n CI machines, merged with `--merge-reports`): each
 * shard is its own vitest process, so without WIXI_SEED in the environment every shard picks its
 * own fresh seed (vitest.config.ts). That is still a valid run — the false-alarm budget is a union
 * bound over decisions and holds for any seeds, one per shard included (properties/budget.ts) — but
 * the merged report is then not one replayable run. The CI orchestrator should pick one seed and
 * give it to all n shards; then the merged verdicts are exactly those of `WIXI_SEED=<seed> npm test`
 * (scripts/shards.ts checks it). Each shard prints its seed and its shard, and says when it chose
 * the seed itself.
 */
export default function setup(project: TestProject): void {
  const seed = process.env.WIXI_SEED;
  const shard = project.globalConfig.shard;
  if (shard === undefined) {
    console.log(`wixi: WIXI_SEED=${seed} (replay this run with WIXI_SEED=${seed} npm test)`);
    return;
  }
  const which = `--shard=${shard.index}/${shard.count}`;
  console.log(
    `wixi: WIXI_SEED=${seed}, shard ${shard.index}/${shard.count} ` +
      `(replay this shard with WIXI_SEED=${seed} npx vitest run ${which}; ` +
      `all shards with WIXI_SEED=${seed} npm test)`,
  );
  if (process.env.WIXI_SEED_CHOSEN === 'fresh') {
    console.log(
      `wixi: this shard chose its own fresh seed; give all ${shard.count} shards one WIXI_SEED ` +
        `so that their merged report is one replayable run`,
    );
  }
}
