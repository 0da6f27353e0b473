// The dfwatch command tree. Each subcommand lives in src/commands/<noun>.ts and registers itself;
// this file only wires them up and turns boundary errors into one line and an exit code.
import { Command, CommanderError } from '@commander-js/extra-typings';
import { ExitCode } from './exit-codes.js';
import { UserError, LockHeldError } from './errors.js';
import { crawlFailure } from './crawlers/http-errors.js';
import { redact } from './secrets.js';
import { damagedStoreMessage } from './db/open.js';
import { registerCrawl } from './commands/crawl.js';
import { registerImport } from './commands/import.js';
import { registerExport } from './commands/export.js';
import { registerTriage } from './commands/triage.js';
import { registerShow } from './commands/show.js';
import { registerReview } from './commands/review.js';
import { registerServe } from './commands/serve.js';
import { registerStats } from './commands/stats.js';
import { registerReport } from './commands/report.js';
import { registerClassify } from './commands/classify.js';
import { registerEval } from './commands/eval.js';
import { registerRun } from './commands/run.js';
import { registerDemo } from './commands/demo.js';

export function buildProgram(): Command {
  const program = new Command('dfwatch')
    .description('Measure how openly deepfake model variants are shared on Civitai and Hugging Face.')
    .version('0.1.0')
    .option('--db <path>', 'SQLite database (default: $DFWATCH_DB or data/dfwatch.db)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerCrawl(program);
  registerImport(program);
  registerExport(program);
  registerTriage(program);
  registerShow(program);
  registerReview(program);
  registerServe(program);
  registerStats(program);
  registerReport(program);
  registerClassify(program);
  registerEval(program);
  registerRun(program);
  registerDemo(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Maps an error that reached the top to what the user sees and the exit code. */
export function exitCodeFor(error: unknown): { code: number; message: string | null } {
  if (error instanceof CommanderError) {
    // Commander already printed its message (or the help text).
    const isHelp = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
    return { code: isHelp ? ExitCode.ok : ExitCode.userError, message: null };
  }
  if (error instanceof UserError) return { code: ExitCode.userError, message: error.message };
  const storeError = damagedStoreMessage(error);
  if (storeError) return { code: ExitCode.userError, message: storeError };
  if (error instanceof LockHeldError) return { code: ExitCode.lockHeld, message: error.message };
  const crawl = crawlFailure(error);
  if (crawl) return crawl;
  return { code: ExitCode.internal, message: null };
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    const { code, message } = exitCodeFor(error);
    if (code === ExitCode.internal) process.stderr.write(redact(String((error as Error)?.stack ?? error)) + '\n');
    else if (message) process.stderr.write(`dfwatch: ${redact(message)}\n`);
    return code;
  }
}

process.exitCode = await main(process.argv.slice(2));
