// `dfwatch run`: the main job, made for cron and systemd timers. Crawl each platform (resuming an
// unfinished run), classify what is new or changed, write the report, print one screen of figures.
// One platform failing does not stop the others, nor the classify and report steps: the database
// keeps what was committed, and the exit code says what went wrong.
import path from 'node:path';
import { InvalidArgumentError, type Command } from '@commander-js/extra-typings';
import { writeReport } from '../report/report.js';
import { goldSetScores, type GoldSource } from '../stats/gold-scores.js';
import type { ClassifySummary } from '../classify/run.js';
import { runClassifyParallel } from '../classify/parallel.js';
import { getClassifier } from '../classify/index.js';
import { classifyVariants } from '../classify/variants.js';
import { DEFAULT_CIVITAI_TYPES } from '../crawlers/civitai.js';
import { crawlFailure } from '../crawlers/http-errors.js';
import { DEFAULT_PAGE_SIZE } from '../crawlers/huggingface.js';
import type { Store } from '../db/open.js';
import type { RunSummary } from '../db/runs.js';
import type { Platform } from '../db/schema.js';
import { UserError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { Logger } from '../log.js';
import { redact } from '../secrets.js';
import { civitaiJob, refusedBaseUrl } from './crawl.js';
import { checkInputFile, ensureOutputDir, parseBaseUrl } from './options.js';
import { addHuggingfaceScopeOptions, huggingfaceJob, type HuggingfaceScopeOptions } from './crawl-huggingface.js';
import { addCommonCrawlOptions, loggerFor, type CommonCrawlOptions } from './crawl-options.js';
import { dbPathOf, defaultReportDir, openForWriting } from './store.js';

export const RUN_PLATFORMS = ['civitai', 'huggingface'] as const satisfies readonly Platform[];

export interface RunJobOptions extends CommonCrawlOptions, HuggingfaceScopeOptions {
  platforms: Platform[];
  /** Where the report goes; null: no report. */
  outDir: string | null;
  /** A gold set to score the classifier on, so the report's classifier-based counts get corrected intervals. */
  gold?: GoldSource;
  civitaiBaseUrl?: string;
  huggingfaceBaseUrl?: string;
}

export interface PlatformFailure {
  platform: Platform;
  /** The exit code this failure stands for (network unreachable or API failure). */
  code: number;
  message: string;
}

export interface RunJobResult {
  runs: RunSummary[];
  failures: PlatformFailure[];
  classified: ClassifySummary;
  /** Files written, relative to outDir; null when no report was asked for. */
  reportFiles: string[] | null;
  outDir: string | null;
  seconds: number;
  exitCode: number;
}

/** Crawl failures that end one platform's share of the job; anything else stops the whole job. */
function platformFailure(platform: Platform, error: unknown): PlatformFailure | null {
  const failure = crawlFailure(error);
  return failure && { platform, ...failure };
}

/** The worst outcome decides: unreachable, a refused token, a region block, then API failure, then item errors, then done. */
export function exitCodeForJob(runs: RunSummary[], failures: PlatformFailure[]): number {
  for (const code of [ExitCode.networkUnreachable, ExitCode.userError, ExitCode.accessRefused]) if (failures.some((failure) => failure.code === code)) return code;
  if (failures.length > 0) return ExitCode.apiFailure;
  return runs.some((run) => run.itemErrors > 0) ? ExitCode.itemErrors : ExitCode.ok;
}

function crawlPlatform(store: Store, platform: Platform, options: RunJobOptions, logger: Logger): Promise<RunSummary> {
  if (platform === 'civitai') {
    return civitaiJob(store, { ...options, baseUrl: options.civitaiBaseUrl, types: [...DEFAULT_CIVITAI_TYPES], sort: 'Oldest', limit: 100, verifyRemovals: true }, logger);
  }
  return huggingfaceJob(store, { ...options, baseUrl: options.huggingfaceBaseUrl, limit: DEFAULT_PAGE_SIZE, verifyRemovals: true }, logger);
}

export async function runJob(store: Store, options: RunJobOptions, logger: Logger): Promise<RunJobResult> {
  const started = performance.now();
  const runs: RunSummary[] = [];
  const failures: PlatformFailure[] = [];
  for (const platform of options.platforms) {
    try {
      runs.push(await crawlPlatform(store, platform, options, logger));
    } catch (error) {
      const failure = platformFailure(platform, error);
      if (!failure) throw error;
      logger.log('error', 'crawl failed', { platform, message: failure.message });
      failures.push(failure);
    }
  }
  // New or changed models are exactly those without a decision for this classifier version and content hash.
  const classified = await runClassifyParallel(store, { all: false });
  // Archive repos (issue 12): one decision per model file.
  classifyVariants(store, getClassifier(), { all: false });
  let reportFiles: string[] | null = null;
  if (options.outDir !== null) {
    const goldSet = options.gold ? await goldSetScores(store, options.gold) : null;
    reportFiles = (await writeReport(store, { outDir: options.outDir, goldSet })).files;
  }
  return {
    runs,
    failures,
    classified,
    reportFiles,
    outDir: options.outDir,
    seconds: (performance.now() - started) / 1000,
    exitCode: exitCodeForJob(runs, failures),
  };
}

const number = (value: number) => value.toLocaleString('en');

/** One screen: a line per platform, the classifier's catch, the report, and the totals. */
export function formatRunJobSummary(result: RunJobResult, dbPath: string): string {
  const lines = [`dfwatch run: ${result.exitCode === ExitCode.ok ? 'done' : result.exitCode === ExitCode.itemErrors ? 'done with item errors' : 'finished with failures'} in ${result.seconds.toFixed(1)} s (database ${dbPath})`];
  for (const run of result.runs) {
    lines.push(
      `  ${run.platform.padEnd(12)} run ${run.id} ${run.status}: ${number(run.items)} models seen, ${number(run.modelsNew)} new, ${number(run.modelsChanged)} changed, ` +
        `${number(run.modelsRemoved)} removed · ${number(run.pages)} pages, ${number(run.requests)} requests, ${number(run.retries)} retries, ${number(run.itemErrors)} item errors`,
    );
  }
  for (const failure of result.failures) lines.push(`  ${failure.platform.padEnd(12)} FAILED (exit ${failure.code}): ${redact(failure.message)}`);
  const classified = result.classified;
  lines.push(
    `  ${'classified'.padEnd(12)} ${number(classified.classified)} new or changed models (classifier ${classified.classifierVersion}): ` +
      `${number(classified.personTarget)} person-targeting (${number(classified.personTargetNoPoi)} without poi), ${number(classified.ncii)} NCII signals, ${number(classified.minorSignal)} minor signals`,
  );
  if (result.reportFiles !== null && result.outDir !== null) {
    const html = path.resolve(result.outDir, 'report.html');
    lines.push(`  ${'report'.padEnd(12)} ${html} (${result.reportFiles.length} files in ${path.resolve(result.outDir)})`);
  }
  const sum = (pick: (run: RunSummary) => number) => result.runs.reduce((total, run) => total + pick(run), 0);
  lines.push(
    `  ${'totals'.padEnd(12)} models ${number(sum((run) => run.modelsNew))} new, ${number(sum((run) => run.modelsChanged))} changed, ${number(sum((run) => run.modelsRemoved))} removed, ` +
      `${number(classified.personTarget)} flagged · ${number(sum((run) => run.requests))} requests, ${number(sum((run) => run.retries))} retries · ${result.seconds.toFixed(1)} s`,
  );
  return lines.join('\n') + '\n';
}

function parsePlatforms(value: string): Platform[] {
  const platforms = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  for (const platform of platforms) {
    if (!(RUN_PLATFORMS as readonly string[]).includes(platform)) throw new InvalidArgumentError(`unknown platform "${platform}" (expected ${RUN_PLATFORMS.join(', ')})`);
  }
  if (platforms.length === 0) throw new InvalidArgumentError('needs at least one platform');
  return [...new Set(platforms)] as Platform[];
}

export function registerRun(program: Command<[], { db?: string }>): void {
  const command = program
    .command('run')
    .description('The main job, for cron and systemd timers: crawl each platform (resuming an unfinished run), classify new or changed models, write the report.')
    .option('--platforms <list>', `platforms to crawl, comma-separated (default: ${RUN_PLATFORMS.join(',')})`, parsePlatforms)
    .option('--out <dir>', 'report directory (default: report/ beside the database)')
    .option('--no-report', 'crawl and classify only')
    .option('--gold <file>', 'score the classifier on this gold set (as dfwatch eval does), so the report gives corrected intervals')
    .option('--gold-records <file>', 'a Civitai JSON-lines archive holding the gold models that are not in the database')
    .option('--civitai-base-url <url>', 'Civitai API root (default: $CIVITAI_BASE_URL or https://civitai.com)', parseBaseUrl)
    .option('--huggingface-base-url <url>', 'Hugging Face API root (default: $HF_BASE_URL or https://huggingface.co)', parseBaseUrl);
  addHuggingfaceScopeOptions(addCommonCrawlOptions(command))
    .addOption(refusedBaseUrl())
    .addHelpText(
      'after',
      '\nExit codes: 0 done, 1 done with item errors, 2 user error, 3 network unreachable, 4 API failure, 5 another run holds the lock.\n' +
        '\nExamples:\n  dfwatch run\n  dfwatch run --platforms civitai --out reports/latest\n  DFWATCH_DB=/var/lib/dfwatch/dfwatch.db dfwatch run --contact you@example.org',
    )
    .action(async (options, command) => {
      if (options.baseUrl !== undefined) throw new UserError('run takes no --base-url: use --civitai-base-url and --huggingface-base-url');
      const dbPath = dbPathOf(command);
      const outDir = options.report ? ensureOutputDir(options.out ?? defaultReportDir(dbPath)) : null;
      if (options.goldRecords !== undefined && options.gold === undefined) throw new UserError('--gold-records needs --gold');
      // Checked before the crawl, so a typo costs a second, not a crawl.
      const gold = options.gold === undefined ? undefined : { goldPath: checkInputFile(options.gold, '--gold'), recordsPath: options.goldRecords === undefined ? undefined : checkInputFile(options.goldRecords, '--gold-records') };
      const store = openForWriting(command);
      try {
        const result = await runJob(store, { ...options, platforms: options.platforms ?? [...RUN_PLATFORMS], outDir, gold }, loggerFor(options));
        process.stdout.write(formatRunJobSummary(result, dbPath));
        process.exitCode = result.exitCode;
      } finally {
        store.close();
      }
    });
}
