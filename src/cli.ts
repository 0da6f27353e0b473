// The dfwatch command tree. Each subcommand lives in src/commands/<noun>.ts and registers itself;
// this file only wires them up and turns boundary errors into one line and an exit code.
//
// Start-up is kept short by loading only the command that runs: every other command is a stub that
// carries its name and summary for the root help, so `dfwatch --help` loads commander and nothing else.
import { Command, CommanderError } from '@commander-js/extra-typings';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ExitCode } from './exit-codes.js';
import { UserError, LockHeldError } from './errors.js';
import { redact } from './secrets.js';
import { fileErrorReason } from './commands/options.js';

/** The root command: its one global option is --db. */
export type Program = Command<[], { db?: string }, {}>;
type Register = (program: Program) => void;

interface CommandEntry {
  name: string;
  /** One line for the root help; the command's own --help has the full description. */
  summary: string;
  load: () => Promise<Register>;
}

const COMMANDS: CommandEntry[] = [
  { name: 'crawl', summary: 'crawl model metadata from Civitai and Hugging Face into the database', load: async () => (await import('./commands/crawl.js')).registerCrawl },
  { name: 'import', summary: 'load archived API responses (JSONL, JSON, API pages; .gz or plain)', load: async () => (await import('./commands/import.js')).registerImport },
  { name: 'export', summary: 'write one record per model as JSON lines or CSV', load: async () => (await import('./commands/export.js')).registerExport },
  { name: 'triage', summary: 'list flagged models to review; filters combine', load: async () => (await import('./commands/triage.js')).registerTriage },
  { name: 'show', summary: 'one model: evidence, versions, files, snapshots, re-uploads, reviews', load: async () => (await import('./commands/show.js')).registerShow },
  { name: 'review', summary: 'record a review decision for a model', load: async () => (await import('./commands/review.js')).registerReview },
  { name: 'serve', summary: 'web console for triage and reviews (127.0.0.1 only unless --host and a token)', load: async () => (await import('./commands/serve.js')).registerServe },
  { name: 'stats', summary: "the study's statistics from the database, as tables or JSON", load: async () => (await import('./commands/stats.js')).registerStats },
  { name: 'report', summary: 'write the report: report.html, report.md, stats.json, CSVs', load: async () => (await import('./commands/report.js')).registerReport },
  { name: 'classify', summary: 'decide for each stored model whether it targets a real person, with evidence', load: async () => (await import('./commands/classify.js')).registerClassify },
  { name: 'eval', summary: 'score the classifier against a hand-labelled gold set', load: async () => (await import('./commands/eval.js')).registerEval },
  { name: 'agreement', summary: "Cohen's kappa between two labellers' gold files", load: async () => (await import('./commands/agreement.js')).registerAgreement },
  { name: 'link', summary: 'look up target names on Wikidata (optional, online) and merge targets by person', load: async () => (await import('./commands/link.js')).registerLink },
  { name: 'run', summary: 'the main job for cron: crawl, classify new or changed models, report', load: async () => (await import('./commands/run.js')).registerRun },
  { name: 'demo', summary: 'the main job offline in under a minute, on a bundled replay (synthetic data)', load: async () => (await import('./commands/demo.js')).registerDemo },
];

/** Options of the root command that take a value, so their value is not mistaken for a command name. */
const ROOT_OPTIONS_WITH_VALUE = new Set(['--db']);

/** The command a command line runs (`help X` asks for X), or undefined for the root. */
export function commandNameOf(argv: readonly string[]): string | undefined {
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (ROOT_OPTIONS_WITH_VALUE.has(arg)) {
      index++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    return arg === 'help' ? argv[index + 1] : arg;
  }
  return undefined;
}

/** Commander's wording for a value its parser refused: "option '--port <n>' argument '70000' is invalid. <reason>". */
const INVALID_VALUE = /^option '(-[^ ']+)[^']*' argument '(.*)' is invalid\. /s;

/** Commander's own errors in dfwatch's one style: "dfwatch: …" and where to look, on one line. */
function oneLineError(text: string): string {
  const message = text
    .trim()
    .replace(/^error: /, '')
    .replace(INVALID_VALUE, "$1 '$2': ")
    .replace(/\s*\n\s*/g, ' ')
    // A URL argument may carry a user name and password: the message repeats the argument, never them.
    .replace(/\/\/[^/\s@']*@/g, '//[REDACTED]@');
  return `dfwatch: ${message} (see --help)\n`;
}

/** The program with the named command loaded (every other command a stub for the help listing). */
export async function buildProgram(commandName?: string): Promise<Program> {
  const program: Program = new Command('dfwatch')
    .description('Measure how openly deepfake model variants are shared on Civitai and Hugging Face.')
    .version('0.1.0')
    .option('--db <path>', 'SQLite database (default: $DFWATCH_DB or data/dfwatch.db)')
    .configureOutput({ outputError: (text, write) => write(oneLineError(text)) })
    .exitOverride();
  for (const entry of COMMANDS) {
    if (entry.name === commandName) (await entry.load())(program);
    else program.command(entry.name).summary(entry.summary);
  }
  return program;
}

/** Maps an error that reached the top to what the user sees and the exit code. */
export async function exitCodeFor(error: unknown): Promise<{ code: number; message: string | null }> {
  if (error instanceof CommanderError) {
    // Commander already printed its message (or the help text).
    const isHelp = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
    return { code: isHelp ? ExitCode.ok : ExitCode.userError, message: null };
  }
  if (error instanceof UserError) return { code: ExitCode.userError, message: error.message };
  if (error instanceof LockHeldError) return { code: ExitCode.lockHeld, message: error.message };
  // Loaded only on this path, so a start-up never pays for the HTTP client or the database driver.
  const { damagedStoreMessage } = await import('./db/open.js');
  const storeError = damagedStoreMessage(error);
  if (storeError) return { code: ExitCode.userError, message: storeError };
  const { crawlFailure } = await import('./crawlers/http-errors.js');
  const crawl = crawlFailure(error);
  if (crawl) return crawl;
  const fileProblem = fileSystemProblem(error);
  if (fileProblem) return { code: ExitCode.userError, message: fileProblem };
  return { code: ExitCode.internal, message: null };
}

/** The system refusing a path the user named (missing, not writable, a directory) is theirs to fix, not a bug. */
function fileSystemProblem(error: unknown): string | null {
  const reason = fileErrorReason(error);
  if (reason === null) return null;
  const target = error instanceof Error && 'path' in error && typeof error.path === 'string' ? error.path : null;
  return target ? `${target}: ${reason}` : reason;
}

/** Runs one dfwatch command line (without `node` and the script) and returns its exit code. */
export async function main(argv: string[]): Promise<number> {
  const previousExitCode = process.exitCode;
  process.exitCode = undefined;
  try {
    const commandName = commandNameOf(argv);
    const program = await buildProgram(commandName);
    if (argv.length === 0) {
      // `dfwatch` alone is a request for help, not a mistake.
      process.stdout.write(program.helpInformation());
      return ExitCode.ok;
    }
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    const { code, message } = await exitCodeFor(error);
    if (code === ExitCode.internal) process.stderr.write(redact(String((error as Error)?.stack ?? error)) + '\n');
    else if (message) process.stderr.write(`dfwatch: ${redact(message)}\n`);
    return code;
  } finally {
    process.exitCode = previousExitCode;
  }
}

function isExecutedDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isExecutedDirectly()) process.exitCode = await main(process.argv.slice(2));
