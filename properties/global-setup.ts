/** Prints the suite seed once per run so any failure can be replayed with WIXI_SEED. */
export default function setup(): void {
  console.log(
    `wixi: WIXI_SEED=${process.env.WIXI_SEED} (replay this run with WIXI_SEED=${process.env.WIXI_SEED} npm test)`,
  );
}
