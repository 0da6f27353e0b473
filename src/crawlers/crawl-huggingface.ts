// A resumable Hugging Face crawl in three steps, each resumable on its own:
// 1. listings: every model-tree listing is a unit whose next-page link is committed with its page;
// 2. details: file hashes and the card for candidate repos seen in this run, walked by model id;
// 3. after a finished full run, repos the listings no longer found are re-read one by one and
//    marked removed (404/401) or kept; repos that turned gated or disabled are marked as seen.
import { createHash } from 'node:crypto';
import type { Store } from '../db/open.js';
import type { ItemErrorRecord, ModelRecord } from '../db/ingest.js';
import { HubDetailsQueue, type DetailRow } from '../db/hub-details.js';
import { HubWriter } from '../db/hub-writer.js';
import { withRun, type ActiveRun, type RunSummary } from '../db/runs.js';
import { unseenBatches } from '../db/unseen.js';
import type { Logger, PageCounts } from '../log.js';
import { redact } from '../secrets.js';
import type { HttpClient } from './http.js';
import { ApiError, AuthError } from './http-errors.js';
import { judgeLookupFailure, type LookupContext } from './lookup-failure.js';
import { apiRoot } from './origin.js';
import { hubListings, hubModelFilesUrl, hubModelUrl, hubReadmeUrl, hubWhoamiUrl, MAX_CARD_BYTES, parseHubItem, toHubVersion, type HubListing, type HubScope } from './huggingface.js';
import { huggingfaceListing } from './huggingface-listing.js';
import { looksLikePersonModel, type CandidateFilter } from './huggingface-candidates.js';
import { walkListing } from './listing-walk.js';
// Archive repos (issue 12): variants, sidecars and headers live in their own modules.
import { archiveVariants, isArchive, looksLikeArchiveRepo } from './hub-archive.js';
import { fetchArchiveEvidence, type ArchiveFetchOptions, type VariantEvidence } from './hub-archive-fetch.js';
import { toVariantRow } from './hub-variant-row.js';

export interface HuggingfaceCrawlOptions {
  store: Store;
  http: HttpClient;
  logger: Logger;
  baseUrl: string;
  scope: HubScope;
  /** Asked of the API; the server may return fewer. */
  pageSize: number;
  /** Listings walked at the same time (each is a sequential cursor walk). */
  parallelListings: number;
  /** Stop each listing after this many pages (a sample); such a run never marks anything removed. */
  maxPages?: number;
  fresh: boolean;
  /** Which repos get file hashes and card text (default: the person pre-filter). */
  isCandidate?: CandidateFilter;
  /** Re-read unseen repos by id after a full run (on by default). */
  verifyRemovals: boolean;
  /** Options to record with the run (already free of secrets). */
  recordedOptions: Record<string, unknown>;
  /** Archive repos: the resolvers client for sidecars and headers; without it variants carry file facts only. */
  archives?: Omit<ArchiveFetchOptions, 'baseUrl'>;
  now?: () => Date;
  /** Called after each committed listing page with the run's totals so far (progress, ETA). */
  onPage?: (counts: PageCounts) => void;
}

const DETAILS_UNIT = 'details';
const DETAILS_BATCH = 50;
const VERIFY_BATCH = 50;

export function listingUnit(listing: HubListing): string {
  return `list:${listing.key}`;
}

/** The run's scope: the set of listings, hashed (the options recorded with the run spell them out). */
export function huggingfaceScope(listings: readonly HubListing[]): string {
  const keys = listings.map((listing) => listing.key).sort();
  return `models?listings=${keys.length}&set=${createHash('sha1').update(keys.join('\n')).digest('hex').slice(0, 12)}`;
}

export async function crawlHuggingface(options: HuggingfaceCrawlOptions): Promise<RunSummary> {
  const { store, http, logger } = options;
  const now = options.now ?? (() => new Date());
  const listings = hubListings(options.scope);
  const isFull = options.maxPages === undefined;
  // Refuses a base URL that is not http(s) or carries a user or password, before any request.
  apiRoot(options.baseUrl);
  // Before any run is started or resumed: a refused token stops here, with nothing marked removed.
  if (http.hasCredentials) await checkToken(options);
  const start = {
    platform: 'huggingface' as const,
    kind: 'crawl' as const,
    scope: huggingfaceScope(listings),
    isFull,
    asOf: now().toISOString(),
    options: { ...options.recordedOptions, listings: listings.map((listing) => listing.key) },
    fresh: options.fresh,
    logger,
    logFields: { listings: listings.length },
    traffic: http.stats,
  };
  return withRun(store, start, async (active) => {
    const writer = new HubWriter(store, { runId: active.run.id, asOf: active.run.asOf });
    if (active.run.status === 'running') {
      const progress = { pages: 0, items: 0, started: Date.now() };
      const pending = [...listings];
      const walk = async () => {
        for (let listing = pending.shift(); listing; listing = pending.shift()) {
          await walkHubListing(options, writer, active, listing, progress);
          active.recordTraffic();
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, options.parallelListings) }, walk));
      logger.done();
      await fetchDetails(options, writer, active);
      active.recordTraffic();
    }
    const isEveryListingDone = listings.every((listing) => active.unit(listingUnit(listing)).isDone);
    if (isFull && isEveryListingDone && options.verifyRemovals) {
      active.setStatus('verifying');
      await verifyUnseen(options, writer, active.run.id);
    }
  });
}

/** One listing walked from its checkpoint, each page committed with the link to the next one. */
async function walkHubListing(options: HuggingfaceCrawlOptions, writer: HubWriter, active: ActiveRun, listing: HubListing, progress: { pages: number; items: number; started: number }): Promise<void> {
  const { http, logger } = options;
  const unit = listingUnit(listing);
  await walkListing({
    unit,
    state: active.unit(unit),
    listing: (cursor) => huggingfaceListing({ http, baseUrl: options.baseUrl, listing, pageSize: options.pageSize }, cursor),
    maxPages: options.maxPages,
    commit: (page, checkpoint) => writer.writePage(page.items, page.errors, checkpoint),
    onCommitted: (page, state) => {
      progress.pages++;
      progress.items += page.items.length;
      options.onPage?.({ pages: progress.pages, items: progress.items });
      for (const error of page.errors) logger.log('warn', 'malformed item kept as error row', { platformId: error.platformId, message: error.message });
      logger.log('debug', 'page', { run: active.run.id, listing: listing.key, page: state.pages, items: page.items.length });
      const seconds = Math.max((Date.now() - progress.started) / 1000, 0.001);
      logger.progress(`huggingface: ${progress.pages} pages · ${progress.items.toLocaleString('en')} repos · ${(progress.items / seconds).toFixed(0)}/s · retries ${http.stats.retries}`);
    },
  });
}

type DetailOutcome = { kind: 'found'; record: ModelRecord; variants?: VariantEvidence[] } | { kind: 'gone'; platformId: string } | { kind: 'error'; error: ItemErrorRecord };

/**
 * File hashes and card text for the candidates among the repos this run saw, skipping any whose
 * details are already stored for its current commit. Walked by model id, checkpointed per batch.
 */
async function fetchDetails(options: HuggingfaceCrawlOptions, writer: HubWriter, active: ActiveRun): Promise<void> {
  const { store, logger } = options;
  const runId = active.run.id;
  const isCandidate = options.isCandidate ?? looksLikePersonModel;
  const queue = new HubDetailsQueue(store);
  let state = active.unit(DETAILS_UNIT);
  let fetched = 0;
  while (!state.isDone) {
    const rows = queue.after(runId, Number(state.cursor ?? 0), DETAILS_BATCH);
    // Archive repos are read whenever met, whatever the candidate filter (issue 12).
    const candidates = rows.filter((row) => looksLikeArchiveRepo({ name: row.name, creator: row.creator }) || isCandidate(row));
    const outcomes = await Promise.all(candidates.map((row) => fetchRepoDetails(options, row)));
    const last = rows.at(-1);
    const cursor = last ? String(last.modelId) : (state.cursor ?? '0');
    const isDone = rows.length < DETAILS_BATCH;
    writer.writeDetails({
      records: outcomes.flatMap((outcome) => (outcome.kind === 'found' ? [outcome.record] : [])),
      removed: outcomes.flatMap((outcome) => (outcome.kind === 'gone' ? [outcome.platformId] : [])),
      errors: outcomes.flatMap((outcome) => (outcome.kind === 'error' ? [outcome.error] : [])),
      variants: new Map(outcomes.flatMap((outcome) => (outcome.kind === 'found' && outcome.variants ? [[outcome.record.platformId, outcome.variants.map(toVariantRow)] as const] : []))),
      checkpoint: { unit: DETAILS_UNIT, cursor, isDone },
    });
    state = { ...state, cursor, isDone };
    fetched += candidates.length;
    if (candidates.length > 0) logger.progress(`huggingface: details for ${fetched.toLocaleString('en')} repos`);
  }
  logger.done();
  if (fetched > 0) logger.log('info', 'details fetched', { run: runId, repos: fetched });
}

async function fetchRepoDetails(options: HuggingfaceCrawlOptions, row: DetailRow): Promise<DetailOutcome> {
  let url = `repo ${row.platformId.slice(0, 200)}`;
  try {
    url = hubModelFilesUrl(options.baseUrl, row.platformId);
    const response = await options.http.getJson(url);
    const parsed = parseHubItem(response.body);
    if (!parsed.ok) return { kind: 'error', error: { platformId: row.platformId, source: redact(url), message: parsed.message, raw: redact(parsed.raw) } };
    const cardText = await fetchCard(options, row.platformId);
    const record: ModelRecord = {
      ...parsed.record,
      cardText,
      versions: [toHubVersion(parsed.item)],
      // The repo endpoint has no lifetime count: keep this run's listing counters.
      counters: { ...parsed.record.counters, downloads: row.downloads, downloadsAllTime: row.downloadsAllTime, likes: row.likes },
    };
    const siblings = parsed.item.siblings ?? [];
    if (!isArchive(siblings)) return { kind: 'found', record };
    const variants = await archiveEvidence(options, parsed.item.id, parsed.item.sha ?? 'main', archiveVariants(siblings));
    return { kind: 'found', record, variants };
  } catch (error) {
    const cause = error instanceof CardLookupError ? error.cause : error;
    const verdict = judgeLookupFailure(cause, lookupContext(options, error instanceof CardLookupError ? 'card' : 'record'));
    if (verdict === 'gone') return { kind: 'gone', platformId: row.platformId };
    if (verdict === 'item-error') return { kind: 'error', error: { platformId: row.platformId, source: redact(url), message: redact((cause as Error).message), raw: '' } };
    throw cause;
  }
}

/** An archive's variants with their sidecars and headers (file facts only when no resolvers client is set). */
async function archiveEvidence(options: HuggingfaceCrawlOptions, repoId: string, revision: string, files: ReturnType<typeof archiveVariants>): Promise<VariantEvidence[]> {
  const evidence = options.archives
    ? await fetchArchiveEvidence({ ...options.archives, baseUrl: options.baseUrl }, repoId, revision, files)
    : files.map((file): VariantEvidence => ({ ...file, sidecarStatus: 'none', sidecar: null, headerStatus: 'none', header: null, problems: [] }));
  for (const variant of evidence) for (const problem of variant.problems) options.logger.log('warn', 'archive file not read', { repo: repoId, problem });
  return evidence;
}

/** A card lookup that failed in a way that is not "no card": the repo's details wait for the next run. */
class CardLookupError extends Error {
  constructor(override readonly cause: unknown) {
    super((cause as Error).message);
  }
}

function lookupContext(options: HuggingfaceCrawlOptions, subject: LookupContext['subject']): LookupContext {
  return { platform: 'huggingface', subject, hasToken: options.http.hasCredentials };
}

/**
 * The README, capped; a repo without one (or a gated one that hides it) has no card text. A card
 * lost to exhausted retries is not "no card": it throws, and the repo's details are an item error.
 */
async function fetchCard(options: HuggingfaceCrawlOptions, platformId: string): Promise<string | null> {
  try {
    const response = await options.http.getText(hubReadmeUrl(options.baseUrl, platformId), MAX_CARD_BYTES);
    return response.body.length > 0 ? response.body : null;
  } catch (error) {
    if (judgeLookupFailure(error, lookupContext(options, 'card')) === 'gone') return null;
    throw new CardLookupError(error);
  }
}

/** GET /api/whoami-v2 once: a token the Hub refuses stops the crawl before anything is read or marked. */
async function checkToken(options: HuggingfaceCrawlOptions): Promise<void> {
  try {
    await options.http.getJson(hubWhoamiUrl(options.baseUrl));
  } catch (error) {
    if (error instanceof AuthError) throw error;
    if (error instanceof ApiError && error.status === 403) throw new AuthError(403, error.url, error.body, 'HF_TOKEN');
    // A mirror without whoami cannot vouch for the token; 401s later still stop the run.
    if (error instanceof ApiError && error.status === 404) {
      options.logger.log('warn', 'the Hub has no /api/whoami-v2 here: token not checked', { url: redact(error.url) });
      return;
    }
    throw error;
  }
}

type CheckOutcome = { kind: 'present'; record: ModelRecord } | { kind: 'removed'; platformId: string } | { kind: 'error'; error: ItemErrorRecord };

/** Re-reads every stored repo the finished walk did not see, in id batches (bounded memory). */
async function verifyUnseen(options: HuggingfaceCrawlOptions, writer: HubWriter, runId: number): Promise<void> {
  const { store, logger } = options;
  let checked = 0;
  for (const batch of unseenBatches(store, { platform: 'huggingface', runId, batchSize: VERIFY_BATCH })) {
    if (checked === 0) logger.log('info', 'verifying unseen repos', { run: runId });
    const outcomes = await Promise.all(batch.map(({ platformId }) => checkRepo(options, platformId)));
    writer.writeConfirmed(
      outcomes.flatMap((outcome) => (outcome.kind === 'present' ? [outcome.record] : [])),
      outcomes.flatMap((outcome) => (outcome.kind === 'removed' ? [{ platformId: outcome.platformId, reason: 'not_found' as const }] : [])),
      outcomes.flatMap((outcome) => (outcome.kind === 'error' ? [outcome.error] : [])),
    );
    checked += batch.length;
    logger.progress(`huggingface: verified ${checked.toLocaleString('en')} unseen repos`);
  }
  logger.done();
}

async function checkRepo(options: HuggingfaceCrawlOptions, platformId: string): Promise<CheckOutcome> {
  let url = `repo ${platformId.slice(0, 200)}`;
  try {
    url = hubModelUrl(options.baseUrl, platformId);
    const response = await options.http.getJson(url);
    const parsed = parseHubItem(response.body);
    if (!parsed.ok) return { kind: 'error', error: { platformId, source: redact(url), message: parsed.message, raw: redact(parsed.raw) } };
    return { kind: 'present', record: parsed.record };
  } catch (error) {
    const verdict = judgeLookupFailure(error, lookupContext(options, 'record'));
    if (verdict === 'gone') return { kind: 'removed', platformId };
    if (verdict === 'item-error') return { kind: 'error', error: { platformId, source: redact(url), message: redact((error as Error).message), raw: '' } };
    throw error;
  }
}
