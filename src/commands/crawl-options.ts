// Options every `dfwatch crawl <platform>` shares, and the HttpClient they describe.
import { Option, type Command, type OptionValues } from '@commander-js/extra-typings';
import { HttpClient, type HttpEvent, type RateLimitPolicy } from '../crawlers/http.js';
import { userAgent } from '../crawlers/user-agent.js';
import type { Store } from '../db/open.js';
import { lastFullCrawlItems } from '../db/run-history.js';
import type { Platform } from '../db/schema.js';
import { createLogger, pageProgress, type Logger } from '../log.js';
import { registerSecret } from '../secrets.js';
import { parseBaseUrl, parseIntInRange, parsePositiveInt, parseRps } from './options.js';

export interface CommonCrawlOptions {
  baseUrl?: string;
  concurrency: number;
  rps?: number;
  fresh?: boolean;
  maxPages?: number;
  contact?: string;
  retries: number;
  retryBaseDelay: number;
  timeout: number;
  log?: 'pretty' | 'json';
  /** With JSON logs, a progress event every this many listing pages (default: DEFAULT_PROGRESS_EVERY). */
  progressEvery?: number;
}

/** About every 10–30 s at the platforms' polite rates: a live crawl in a cron log without flooding it. */
export const DEFAULT_PROGRESS_EVERY = 10;

/** --base-url, for the commands that crawl one platform (`crawl all` and `run` take one per platform). */
export function addBaseUrlOption<Args extends unknown[], Opts extends OptionValues, Globals extends OptionValues>(command: Command<Args, Opts, Globals>) {
  return command.option('--base-url <url>', 'API root, http or https (a mirror or a test server)', parseBaseUrl);
}

export function addCommonCrawlOptions<Args extends unknown[], Opts extends OptionValues, Globals extends OptionValues>(command: Command<Args, Opts, Globals>) {
  return command
    .option('--concurrency <n>', 'requests in flight at most, per host', parseIntInRange(1, 64), 2)
    .option('--rps <n>', "requests started per second, per host: 0 (no limit) or ≥ 0.01 (default: the platform's polite rate)", parseRps)
    .option('--fresh', 'abandon an unfinished run of the same scope and start over (default: resume it)')
    .option('--max-pages <n>', 'stop after N listing pages (a sample: nothing is marked removed)', parsePositiveInt)
    .option('--contact <email-or-url>', 'contact put in the User-Agent (default: $DFWATCH_CONTACT)')
    .option('--retries <n>', 'retries per request on 429, 5xx, resets and invalid bodies (0-100)', parseIntInRange(0, 100), 8)
    .option('--retry-base-delay <ms>', 'first backoff step in milliseconds (doubles, with jitter, up to 30 s; at most 600000)', parseIntInRange(0, 600_000), 1000)
    .option('--timeout <ms>', 'per-request timeout in milliseconds (at most 3600000)', parseIntInRange(1, 3_600_000), 60_000)
    .addOption(logOption())
    .option('--progress-every <pages>', 'with --log json, a progress event (elapsed, rate, ETA) every N listing pages', parseIntInRange(1, 1_000_000), DEFAULT_PROGRESS_EVERY);
}

/**
 * The progress a crawl shows: elapsed time, rate, and an ETA from the models the platform's last full
 * crawl saw; returns the logger and page hook to hand to the crawler.
 */
export function crawlProgress(store: Store, platform: Platform, options: CommonCrawlOptions, logger: Logger) {
  return pageProgress({ logger, label: platform, expectedItems: lastFullCrawlItems(store, platform), everyPages: options.progressEvery ?? DEFAULT_PROGRESS_EVERY });
}

export function logOption() {
  return new Option('--log <format>', 'log format (default: pretty on a TTY, JSON lines otherwise)').choices(['pretty', 'json'] as const);
}

export interface ClientSetup {
  options: CommonCrawlOptions;
  defaultRps: number;
  /** Environment variable holding the platform's API token. */
  tokenEnv: string;
  /** The platform's API root: the only origin requests (and the token) may go to. */
  baseUrl: string;
  rateLimitPolicy?: RateLimitPolicy;
  logger: Logger;
}

export function loggerFor(options: { log?: 'pretty' | 'json' }): Logger {
  return createLogger({ mode: options.log });
}

export function createClient(setup: ClientSetup): { http: HttpClient; hasToken: boolean } {
  const token = process.env[setup.tokenEnv]?.trim() || undefined;
  registerSecret(token);
  const { options, logger } = setup;
  const rps = options.rps ?? setup.defaultRps;
  const onEvent = (event: HttpEvent) => {
    if (event.type === 'retry') logger.log('warn', 'retry', { url: event.url, attempt: event.attempt, delayMs: Math.round(event.delayMs), reason: event.reason });
    else if (event.type === 'pause') logger.log('warn', 'rate limited: pausing host', { host: event.host, until: new Date(event.untilMs).toISOString(), reason: event.reason });
  };
  const http = new HttpClient({
    userAgent: userAgent(options.contact ?? process.env.DFWATCH_CONTACT),
    concurrency: options.concurrency,
    rps,
    origin: setup.baseUrl,
    credentials: token ? { headers: { authorization: `Bearer ${token}` }, name: setup.tokenEnv } : undefined,
    timeoutMs: options.timeout,
    retry: { limit: options.retries, baseDelayMs: options.retryBaseDelay, maxDelayMs: Math.max(options.retryBaseDelay, 30_000) },
    rateLimitPolicy: setup.rateLimitPolicy,
    onEvent,
  });
  return { http, hasToken: token !== undefined };
}

/** The options worth recording with a run (no tokens: those live only in the environment). */
export function recordedOptions(options: CommonCrawlOptions, extra: Record<string, unknown>): Record<string, unknown> {
  const { baseUrl, concurrency, rps, maxPages, retries } = options;
  return { baseUrl, concurrency, rps, maxPages, retries, ...extra };
}
