/**
 * The `wixi` command line: `report` (what `npm start` runs) tests the discussion's claims and prints
 * the evidence. Exit codes: 0 ok, 1 a claim failed, 2 bad usage.
 */
import { AUDIT_USAGE, runAudit } from './audit.js';
import { EXPLORE_USAGE, runExplore } from './explore.js';
import { GAIN_USAGE, runGain } from './gain.js';
import { REPORT_USAGE, runReport } from './report.js';

const USAGE = `usage: wixi <command> [options]

commands:
  report    run every claim and print the evidence (the main job; npm start)
  explore   propagate one network and compare every layer with the theory
  gain      compare PyTorch's gain, the exact gain and the critical weight variance
  audit     measure another library's initializers against their documented contract (wixi audit tfjs)
  help      show this help

Run "wixi <command> --help" for a command's options.
exit codes: 0 every claim as stated, 1 a claim failed, 2 bad usage`;

const COMMANDS: Record<string, { usage: string; run: (args: string[]) => Promise<number> }> = {
  report: { usage: REPORT_USAGE, run: runReport },
  gain: { usage: GAIN_USAGE, run: runGain },
  explore: { usage: EXPLORE_USAGE, run: runExplore },
  audit: { usage: AUDIT_USAGE, run: runAudit },
};

/** Run the CLI on `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  const cmd = COMMANDS[command];
  if (!cmd) {
    console.error(`wixi: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await cmd.run(rest);
  } catch (e) {
    // user mistakes (bad flags, bad values) are one clear line, not a stack trace
    if (e instanceof RangeError || e instanceof TypeError) {
      console.error(`wixi ${command}: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
