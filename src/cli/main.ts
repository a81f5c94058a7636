#!/usr/bin/env node
/**
 * The `wixi` command line. `wixi report` (what `npm start` runs) tests the discussion's claims
 * and prints the evidence.
 */
import { runReport } from './report.js';

const USAGE = `usage: wixi <command> [options]

commands:
  report [--seed N] [--quick]   run every available check and print the evidence
  help                          show this help

exit codes: 0 all checks hold, 1 a check failed, 2 bad usage`;

export function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  try {
    if (command === 'report') return runReport(rest);
    console.error(`wixi: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  } catch (e) {
    if (e instanceof RangeError || e instanceof TypeError) {
      console.error(`wixi: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = main(process.argv.slice(2));
