// A resumable Civitai crawl: walk the cursor listing, commit each page with its checkpoint, then
// confirm every model the finished walk no longer saw before marking it removed.
import type { Store } from '../db/open.js';
import { Ingestor, type ItemErrorRecord, type ModelRecord, type PageResult } from '../db/ingest.js';
import { RemovalMarker, type RemovalReason } from '../db/removals.js';
import { withRun, type ActiveRun, type RunSummary } from '../db/runs.js';
import { countUnseen, unseenBatches } from '../db/unseen.js';
import { UserError } from '../errors.js';
import type { Logger, PageCounts } from '../log.js';
import { redact } from '../secrets.js';
import type { HttpClient } from './http.js';
import { civitaiModelUrl, isCivitaiCursor, parseCivitaiItem, type CivitaiListingQuery } from './civitai.js';
import { civitaiListing } from './civitai-listing.js';
import { walkListing } from './listing-walk.js';
import { judgeLookupFailure } from './lookup-failure.js';
import { apiRoot } from './origin.js';

export interface CivitaiCrawlOptions {
  store: Store;
  http: HttpClient;
  logger: Logger;
  baseUrl: string;
  listing: CivitaiListingQuery;
  /** Stop after this many pages (a sample); such a run never marks anything removed. */
  maxPages?: number;
  fresh: boolean;
  /** Confirm unseen models with GET /models/:id after a full walk (on by default). */
  verifyRemovals: boolean;
  /** Options to record with the run (already free of secrets). */
  recordedOptions: Record<string, unknown>;
  now?: () => Date;
  /** Called after each committed listing page with the run's totals so far (progress, ETA). */
  onPage?: (counts: PageCounts) => void;
}

const UNIT = 'models';
/** How many removal checks are committed together. */
const VERIFY_BATCH = 50;
/** Pages between two traffic records on the run (requests, retries). */
const TRAFFIC_EVERY = 20;

export function civitaiScope(listing: CivitaiListingQuery): string {
  const params = new URLSearchParams();
  params.set('types', [...listing.types].sort().join(','));
  params.set('sort', listing.sort);
  if (listing.query) params.set('query', listing.query);
  if (listing.username) params.set('username', listing.username);
  if (listing.baseModels?.length) params.set('baseModels', [...listing.baseModels].sort().join(','));
  return `models?${params.toString()}`;
}

export async function crawlCivitai(options: CivitaiCrawlOptions): Promise<RunSummary> {
  const { store, http } = options;
  const now = options.now ?? (() => new Date());
  const isFull = options.maxPages === undefined;
  const root = apiRoot(options.baseUrl);
  const start = {
    platform: 'civitai' as const,
    kind: 'crawl' as const,
    scope: civitaiScope(options.listing),
    isFull,
    asOf: now().toISOString(),
    options: options.recordedOptions,
    fresh: options.fresh,
    logger: options.logger,
    traffic: http.stats,
  };
  return withRun(store, start, async (active) => {
    const ingestor = new Ingestor(store);
    const isListed = await walkCivitai(options, root, active, ingestor);
    if (isFull && isListed && options.verifyRemovals) {
      active.setStatus('verifying');
      await verifyUnseen(options, root, active, ingestor);
    }
  });
}

/** The listing walk (skipped when a resumed run is past it); true once the listing is walked to its end. */
async function walkCivitai(options: CivitaiCrawlOptions, root: URL, active: ActiveRun, ingestor: Ingestor): Promise<boolean> {
  const { logger, http } = options;
  const { run } = active;
  const stored = active.unit(UNIT);
  if (stored.cursor !== null && !isCivitaiCursor(stored.cursor)) {
    throw new UserError(`run ${run.id} has a stored resume point that is not a Civitai cursor; start over with --fresh`);
  }
  if (run.status !== 'running') return stored.isDone;
  const context = { runId: run.id, asOf: run.asOf };
  const started = Date.now();
  let pagesThisProcess = 0;
  let itemsThisProcess = 0;
  let itemErrorsThisProcess = 0;
  let lastPage: PageResult | null = null;
  const state = await walkListing({
    unit: UNIT,
    state: stored,
    listing: (cursor) => civitaiListing({ http, root, query: options.listing }, cursor),
    maxPages: options.maxPages,
    commit: (page, checkpoint) => {
      lastPage = ingestor.ingestPage(context, page.items, page.errors, checkpoint);
    },
    onCommitted: (page, unit) => {
      pagesThisProcess++;
      itemsThisProcess += page.items.length;
      itemErrorsThisProcess += page.errors.length;
      for (const error of page.errors) logger.log('warn', 'malformed item kept as error row', { platformId: error.platformId, message: error.message });
      logger.log('debug', 'page', { run: run.id, page: unit.pages, items: page.items.length, new: lastPage?.newModels, changed: lastPage?.changedModels });
      const seconds = (Date.now() - started) / 1000;
      logger.progress(
        `civitai: page ${unit.pages} · ${unit.items.toLocaleString('en')} models · ${(itemsThisProcess / Math.max(seconds, 0.001)).toFixed(0)} models/s · retries ${http.stats.retries} · item errors ${itemErrorsThisProcess}`,
      );
      options.onPage?.({ pages: unit.pages, items: unit.items });
      if (pagesThisProcess % TRAFFIC_EVERY === 0) active.recordTraffic();
    },
  });
  active.recordTraffic();
  logger.done();
  return state.isDone;
}

/**
 * Cursor paging skips items now and then, and the list hides poi models, so a model the walk did not
 * see is re-read by id: 404 or TakenDown/Archived marks it removed; anything else is stored as seen.
 */
async function verifyUnseen(options: CivitaiCrawlOptions, root: URL, active: ActiveRun, ingestor: Ingestor): Promise<void> {
  const { store, logger } = options;
  const { id: runId, asOf } = active.run;
  const query = { platform: 'civitai' as const, runId, types: options.listing.types, batchSize: VERIFY_BATCH };
  const total = countUnseen(store, query);
  if (total === 0) return;
  logger.log('info', 'verifying unseen models', { run: runId, count: total });
  const removals = new RemovalMarker(store);
  let checked = 0;
  for (const batch of unseenBatches(store, query)) {
    const outcomes = await Promise.all(batch.map(({ platformId }) => checkModel(options, root, platformId)));
    store.sqlite.transaction(() => {
      for (const outcome of outcomes) {
        if (outcome.kind === 'present') ingestor.upsert({ runId, asOf }, outcome.record);
        else if (outcome.kind === 'removed') removals.mark({ runId, platform: 'civitai', platformId: outcome.platformId, reason: outcome.reason, at: asOf, mode: outcome.mode });
      }
      const errors = outcomes.flatMap((outcome) => (outcome.kind === 'error' ? [outcome.error] : []));
      if (errors.length > 0) ingestor.ingestPage({ runId, asOf }, [], errors);
    })();
    checked += batch.length;
    logger.progress(`civitai: verified ${Math.min(checked, total)}/${total} unseen models`);
  }
  logger.done();
}

type CheckOutcome =
  | { kind: 'present'; record: ModelRecord }
  | { kind: 'removed'; platformId: string; reason: RemovalReason; mode: string | null }
  | { kind: 'error'; error: ItemErrorRecord };

/** One unseen model re-read by id; an answer that says nothing about the model is an item error the next run retries. */
async function checkModel(options: CivitaiCrawlOptions, root: URL, platformId: string): Promise<CheckOutcome> {
  let url = `${root.origin}/api/v1/models/${platformId.slice(0, 40)}`;
  try {
    url = civitaiModelUrl(root, platformId);
    const response = await options.http.getJson(url);
    const parsed = parseCivitaiItem(response.body);
    if (!parsed.ok) return { kind: 'error', error: { platformId, source: redact(url), message: parsed.message, raw: redact(parsed.raw) } };
    const mode = parsed.record.mode;
    if (mode === 'TakenDown' || mode === 'Archived') {
      return { kind: 'removed', platformId, reason: mode === 'TakenDown' ? 'taken_down' : 'archived', mode };
    }
    return { kind: 'present', record: parsed.record };
  } catch (error) {
    const verdict = judgeLookupFailure(error, { platform: 'civitai', subject: 'record', hasToken: options.http.hasCredentials });
    if (verdict === 'gone') return { kind: 'removed', platformId, reason: 'not_found', mode: null };
    if (verdict === 'item-error') return { kind: 'error', error: { platformId, source: redact(url), message: redact((error as Error).message), raw: '' } };
    throw error;
  }
}
