/**
 * `npm run --silent dcc -- <command>`: verify HC1 strings, issue one, or print the
 * trust list. Keys live in `<SALUS_DATA_DIR>/keys/` (development keys are created
 * on first use).
 */
import { loadConfig } from '../config.ts';
import { parseCommand, UsageError, USAGE } from './cli-args.ts';
import { IssueError, runIssue, runTrustList, runVerify } from './cli-commands.ts';

async function main(argv: readonly string[]): Promise<number> {
  try {
    const command = parseCommand(argv);
    const { dataDir } = loadConfig();
    if (command.name === 'verify') await runVerify(command.args, dataDir, process.stdin, process.stdout);
    else if (command.name === 'issue') await runIssue(dataDir, process.stdin, process.stdout);
    else await runTrustList(dataDir, process.stdout);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`dcc: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof IssueError) {
      process.stderr.write(`dcc issue: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
