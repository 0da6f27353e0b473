// `dfwatch crawl huggingface`: its options and the job `crawl all` and `run` share.
import type { Command, OptionValues } from '@commander-js/extra-typings';
import { crawlHuggingface } from '../crawlers/crawl-huggingface.js';
import { classifyModel } from '../classify/index.js';
import { anyOf, everyModel, looksLikePersonModel, type CandidateFilter } from '../crawlers/huggingface-candidates.js';
import { BUILTIN_BASES, DEFAULT_PAGE_SIZE, HUGGINGFACE_BASE_URL } from '../crawlers/huggingface.js';
import { huggingfaceRateLimitPolicy } from '../crawlers/huggingface-rate-limit.js';
import type { Store } from '../db/open.js';
import type { RunSummary } from '../db/runs.js';
import { UserError } from '../errors.js';
import type { Logger } from '../log.js';
import { addBaseUrlOption, addCommonCrawlOptions, createClient, crawlProgress, recordedOptions, type CommonCrawlOptions } from './crawl-options.js';
import { checkBaseUrl, parseIntInRange } from './options.js';
// Archive repos (issue 12): words searched by default, the archive name filter, the resolvers bucket.
import { ARCHIVE_SEARCH_WORDS } from '../crawlers/hub-archive.js';
import { bucketRateLimitPolicy, RESOLVERS_ANONYMOUS_RPS, RESOLVERS_BUCKET, RESOLVERS_TOKEN_RPS } from '../crawlers/hub-resolvers-rate-limit.js';
import { hubCdnFromEnv } from './hub-cdn-client.js';
import { civitaiByHashJob } from './civitai-by-hash.js';

/** What only the Hub crawl takes; `crawl all` accepts these too. */
export interface HuggingfaceScopeOptions {
  base: string[];
  search: string[];
  details?: boolean;
  headers?: boolean;
  civitaiByHash?: boolean;
  /** Where --civitai-by-hash asks (`run --civitai-base-url`); else $CIVITAI_BASE_URL, else civitai.com. */
  civitaiBaseUrl?: string;
}

export interface HuggingfaceCommandOptions extends CommonCrawlOptions, HuggingfaceScopeOptions {
  limit: number;
  verifyRemovals: boolean;
}

/**
 * Pacing below the Hub's 5-minute API quota (~500 requests anonymous, ~1000 with a free token),
 * so the RateLimit window is never spent in normal running.
 */
const ANONYMOUS_RPS = 1.5;
const TOKEN_RPS = 3;

const REPO_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

const collectList = (value: string, previous: string[]) => [
  ...previous,
  ...value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean),
];
const collect = (value: string, previous: string[]) => [...previous, value];

export function addHuggingfaceScopeOptions<Args extends unknown[], Opts extends OptionValues, Globals extends OptionValues>(command: Command<Args, Opts, Globals>) {
  return command
    .option('--base <repos>', `also crawl the model tree of these base repos (repeatable or comma-separated; ${BUILTIN_BASES.length} built in)`, collectList, [] as string[])
    .option('--search <text>', 'also crawl text-to-image repos whose id contains this text (repeatable)', collect, [] as string[])
    .option('--details', 'fetch file hashes and card text for every repo, not only person-like candidates')
    .option('--headers', "in archive repos, also read each .safetensors file's header (training metadata) with Range requests capped at 1 MB; never the weights")
    .option('--civitai-by-hash', "then ask Civitai's by-hash API once about each archive file no stored Civitai model accounts for (1 request/s; answers cached)");
}

export function addHuggingfaceOptions<Args extends unknown[], Opts extends OptionValues, Globals extends OptionValues>(command: Command<Args, Opts, Globals>) {
  return addHuggingfaceScopeOptions(addCommonCrawlOptions(addBaseUrlOption(command)))
    .option('--limit <n>', 'page size asked for (1-1000; the Hub may answer with fewer)', parseIntInRange(1, 1000), DEFAULT_PAGE_SIZE)
    .option('--no-verify-removals', 'skip re-reading unseen repos by id after a full run');
}

/** The classifier's person decision on what the listing gave (no card yet), widened by the word filter. */
const classifierSaysPerson: CandidateFilter = (model) =>
  classifyModel({ platform: 'huggingface', ...model, cardText: null, trainedWords: [], nsfwLevel: null, poi: null, minor: null, images: [] }).personTargetNoPoi;

export const personCandidates: CandidateFilter = anyOf(looksLikePersonModel, classifierSaysPerson);

function checkScope(options: HuggingfaceScopeOptions): void {
  for (const base of options.base) if (!REPO_ID.test(base)) throw new UserError(`--base expects a repo id like owner/name, got: ${base}`);
  for (const search of options.search) if (search.trim() === '') throw new UserError('--search needs some text');
}

/** Crawls the Hub with resolved options: the job `crawl huggingface`, `crawl all` and `run` share. */
export async function huggingfaceJob(store: Store, options: HuggingfaceCommandOptions, logger: Logger): Promise<RunSummary> {
  const baseUrl = options.baseUrl ?? (process.env.HF_BASE_URL ? checkBaseUrl(process.env.HF_BASE_URL, '$HF_BASE_URL') : HUGGINGFACE_BASE_URL);
  checkScope(options);
  const hasToken = Boolean(process.env.HF_TOKEN?.trim());
  const { http } = createClient({
    options,
    baseUrl,
    defaultRps: hasToken ? TOKEN_RPS : ANONYMOUS_RPS,
    tokenEnv: 'HF_TOKEN',
    rateLimitPolicy: huggingfaceRateLimitPolicy({ concurrency: options.concurrency }),
    logger,
  });
  // Sidecars and headers count against the Hub's separate "resolvers" quota: their own client and pacer.
  const { http: resolvers } = createClient({
    options,
    baseUrl,
    defaultRps: hasToken ? RESOLVERS_TOKEN_RPS : RESOLVERS_ANONYMOUS_RPS,
    tokenEnv: 'HF_TOKEN',
    rateLimitPolicy: bucketRateLimitPolicy(RESOLVERS_BUCKET, { concurrency: options.concurrency }),
    logger,
  });
  // Redirects from the resolve path go to the CDN through a client with no credentials at all.
  const cdn = hubCdnFromEnv(options, hasToken ? RESOLVERS_TOKEN_RPS : RESOLVERS_ANONYMOUS_RPS);
  const progress = crawlProgress(store, 'huggingface', options, logger);
  try {
    const summary = await crawlHuggingface({
      store,
      http,
      logger: progress.logger,
      onPage: progress.onPage,
      baseUrl,
      scope: { bases: [...BUILTIN_BASES, ...options.base], searches: options.search, archiveSearches: [...ARCHIVE_SEARCH_WORDS, ...options.search] },
      pageSize: options.limit,
      parallelListings: options.concurrency,
      maxPages: options.maxPages,
      fresh: options.fresh ?? false,
      isCandidate: options.details ? everyModel : personCandidates,
      verifyRemovals: options.verifyRemovals,
      recordedOptions: recordedOptions(options, { bases: options.base, searches: options.search, details: options.details ?? false, headers: options.headers ?? false, civitaiByHash: options.civitaiByHash ?? false, limit: options.limit, hasToken }),
      archives: { resolvers, cdn, readHeaders: options.headers ?? false },
    });
    if (options.civitaiByHash) await civitaiByHashJob(store, options, progress.logger);
    return summary;
  } finally {
    await Promise.all([http.close(), resolvers.close(), cdn.client.close()]);
  }
}
