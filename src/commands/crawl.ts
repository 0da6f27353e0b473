// `dfwatch crawl civitai | huggingface | all`: options, and the Civitai job `crawl all` and `run` share.
import { Option, type Command, type OptionValues } from '@commander-js/extra-typings';
import { crawlCivitai } from '../crawlers/crawl-civitai.js';
import { CIVITAI_BASE_URL, DEFAULT_CIVITAI_TYPES } from '../crawlers/civitai.js';
import type { RunSummary } from '../db/runs.js';
import type { Store } from '../db/open.js';
import type { Logger } from '../log.js';
import { ExitCode } from '../exit-codes.js';
import { UserError } from '../errors.js';
import { addBaseUrlOption, addCommonCrawlOptions, createClient, crawlProgress, loggerFor, recordedOptions, type CommonCrawlOptions } from './crawl-options.js';
import { openForWriting, type CommandWithDb } from './store.js';
import { checkBaseUrl, parseIntInRange } from './options.js';
import { addHuggingfaceOptions, addHuggingfaceScopeOptions, huggingfaceJob } from './crawl-huggingface.js';
import { DEFAULT_PAGE_SIZE } from '../crawlers/huggingface.js';

export interface CivitaiCommandOptions extends CommonCrawlOptions {
  types: string[];
  sort: string;
  limit: number;
  query?: string;
  username?: string;
  baseModels?: string[];
  verifyRemovals: boolean;
}

const splitList = (value: string) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

export function addCivitaiOptions<Args extends unknown[], Opts extends OptionValues, Globals extends OptionValues>(command: Command<Args, Opts, Globals>) {
  return addCommonCrawlOptions(addBaseUrlOption(command))
    .option('--types <list>', 'model types, comma-separated', splitList, [...DEFAULT_CIVITAI_TYPES])
    .option('--sort <order>', 'listing order; Oldest keeps the keyset cursor stable while new models arrive at the end', 'Oldest')
    .option('--limit <n>', 'page size (1-100; the API caps it)', parseIntInRange(1, 100), 100)
    .option('--query <text>', 'search query (narrows the scope)')
    .option('--username <name>', 'only this creator (narrows the scope)')
    .option('--base-models <list>', 'only these base models, comma-separated', splitList)
    .option('--no-verify-removals', 'skip re-reading unseen models by id after a full run');
}

/** Crawls Civitai with resolved options: the job `crawl civitai`, `crawl all` and `run` share. */
export async function civitaiJob(store: Store, options: CivitaiCommandOptions, logger: Logger): Promise<RunSummary> {
  const baseUrl = options.baseUrl ?? (process.env.CIVITAI_BASE_URL ? checkBaseUrl(process.env.CIVITAI_BASE_URL, '$CIVITAI_BASE_URL') : CIVITAI_BASE_URL);
  const { http, hasToken } = createClient({ options, baseUrl, defaultRps: 1, tokenEnv: 'CIVITAI_API_KEY', logger });
  const progress = crawlProgress(store, 'civitai', options, logger);
  try {
    return await crawlCivitai({
      store,
      http,
      logger: progress.logger,
      onPage: progress.onPage,
      baseUrl,
      listing: { types: options.types, sort: options.sort, limit: options.limit, query: options.query, username: options.username, baseModels: options.baseModels },
      maxPages: options.maxPages,
      fresh: options.fresh ?? false,
      verifyRemovals: options.verifyRemovals && !options.query && !options.username && !options.baseModels?.length,
      recordedOptions: recordedOptions(options, { types: options.types, sort: options.sort, limit: options.limit, query: options.query, username: options.username, hasToken }),
    });
  } finally {
    await http.close();
  }
}

export function exitCodeForRuns(summaries: RunSummary[]): number {
  return summaries.some((summary) => summary.itemErrors > 0) ? ExitCode.itemErrors : ExitCode.ok;
}

export function printRunSummary(summary: RunSummary): void {
  process.stdout.write(
    `${summary.platform} run ${summary.id}: ${summary.items} models (${summary.modelsNew} new, ${summary.modelsChanged} changed, ${summary.modelsRemoved} removed), ` +
      `${summary.pages} pages, ${summary.requests} requests, ${summary.retries} retries, ${summary.itemErrors} item errors\n`,
  );
}

/** One platform's crawl under the write lock: its summary on stdout, its exit code. */
async function crawlOne<O extends CommonCrawlOptions>(command: CommandWithDb, options: O, job: (store: Store, options: O, logger: Logger) => Promise<RunSummary>): Promise<void> {
  const store = openForWriting(command);
  try {
    const summary = await job(store, options, loggerFor(options));
    printRunSummary(summary);
    process.exitCode = exitCodeForRuns([summary]);
  } finally {
    store.close();
  }
}

/** A --base-url that is not in the help, for commands that take one per platform: named, it gets a clear error rather than "unknown option". */
export function refusedBaseUrl() {
  return new Option('--base-url <url>').hideHelp();
}

export function registerCrawl(program: Command<[], { db?: string }>): void {
  const crawl = program.command('crawl').description('Crawl model metadata into the database (resumes an unfinished run of the same scope).');

  addCivitaiOptions(crawl.command('civitai').description('Crawl Civitai /api/v1/models (token: $CIVITAI_API_KEY, base URL: $CIVITAI_BASE_URL).'))
    .addHelpText('after', '\nExamples:\n  dfwatch crawl civitai --max-pages 2\n  dfwatch crawl civitai --base-url http://127.0.0.1:8080 --rps 0')
    .action((options, command) => crawlOne(command, options, civitaiJob));

  addHuggingfaceOptions(crawl.command('huggingface').description('Crawl the Hugging Face Hub model tree of text-to-image bases (token: $HF_TOKEN, base URL: $HF_BASE_URL).'))
    .addHelpText('after', '\nExamples:\n  dfwatch crawl huggingface --max-pages 2\n  HF_TOKEN=hf_… dfwatch crawl huggingface --search celebrity --details')
    .action((options, command) => crawlOne(command, options, huggingfaceJob));

  addHuggingfaceScopeOptions(addCommonCrawlOptions(crawl.command('all').description("Crawl Civitai, then Hugging Face, with each platform's defaults (base URLs: $CIVITAI_BASE_URL, $HF_BASE_URL).")))
    .addOption(refusedBaseUrl())
    .addHelpText('after', '\nExamples:\n  dfwatch crawl all\n  CIVITAI_BASE_URL=http://127.0.0.1:8080 HF_BASE_URL=http://127.0.0.1:8081 dfwatch crawl all --rps 0')
    .action(async (options, command) => {
      if (options.baseUrl !== undefined) throw new UserError('crawl all takes no --base-url (two platforms, two roots): set $CIVITAI_BASE_URL and $HF_BASE_URL');
      const store = openForWriting(command);
      const logger = loggerFor(options);
      const jobs = [
        () => civitaiJob(store, { ...options, types: [...DEFAULT_CIVITAI_TYPES], sort: 'Oldest', limit: 100, verifyRemovals: true }, logger),
        () => huggingfaceJob(store, { ...options, limit: DEFAULT_PAGE_SIZE, verifyRemovals: true }, logger),
      ];
      try {
        // One platform failing does not keep the other from running; the first failure decides the exit code.
        const summaries: RunSummary[] = [];
        let failure: unknown = null;
        for (const job of jobs) {
          try {
            const summary = await job();
            printRunSummary(summary);
            summaries.push(summary);
          } catch (error) {
            failure ??= error;
          }
        }
        if (failure) throw failure;
        process.exitCode = exitCodeForRuns(summaries);
      } finally {
        store.close();
      }
    });
}
