// A resumable Civitai crawl: walk the cursor listing, commit each page with its checkpoint, then
// confirm every model the finished walk no longer saw before marking it removed.
import type { Store } from '../db/open.js';
import { Ingestor, type ItemErrorRecord, type ModelRecord } from '../db/ingest.js';
import { failRun, finishRun, runSummary, setRunStatus, startOrResumeRun, trafficRecorder, unitState, type RunSummary } from '../db/runs.js';
import { UserError } from '../errors.js';
import type { Logger, PageCounts } from '../log.js';
import { redact } from '../secrets.js';
import type { HttpClient } from './http.js';
import { InvalidResponseError } from './http-errors.js';
import { ApiCivitaiPage, civitaiListUrl, civitaiModelUrl, isCivitaiCursor, parseCivitaiItem, type CivitaiListingQuery } from './civitai.js';
import { judgeLookupFailure } from './lookup-failure.js';
import { apiRoot } from './origin.js';
import { markRemoved, type RemovalReason } from './removals.js';

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
  const { store, http, logger } = options;
  const now = options.now ?? (() => new Date());
  const isFull = options.maxPages === undefined;
  const root = apiRoot(options.baseUrl);
  const { run, isResumed } = startOrResumeRun(store, {
    platform: 'civitai',
    kind: 'crawl',
    scope: civitaiScope(options.listing),
    isFull,
    asOf: now().toISOString(),
    options: options.recordedOptions,
    fresh: options.fresh,
  });
  const ingestor = new Ingestor(store);
  const context = { runId: run.id, asOf: run.asOf };
  const flushTraffic = trafficRecorder(store, run.id, http.stats);
  logger.log('info', isResumed ? 'run resumed' : 'run started', { platform: 'civitai', run: run.id, scope: run.scope });

  try {
    let state = unitState(store, run.id, UNIT);
    if (state.cursor !== null && !isCivitaiCursor(state.cursor)) {
      throw new UserError(`run ${run.id} has a stored resume point that is not a Civitai cursor; start over with --fresh`);
    }
    let pagesThisProcess = 0;
    let itemsThisProcess = 0;
    let itemErrorsThisProcess = 0;
    let repeatedCursor = 0;
    const started = Date.now();
    while (run.status === 'running' && !state.isDone) {
      if (options.maxPages !== undefined && state.pages >= options.maxPages) break;
      const url = civitaiListUrl(root, options.listing, state.cursor);
      const response = await http.getJson(url);
      const page = ApiCivitaiPage.safeParse(response.body);
      if (!page.success) throw new InvalidResponseError(redact(url), 'not a model page (no items array)', JSON.stringify(response.body).slice(0, 2000));
      const records: ModelRecord[] = [];
      const errors: ItemErrorRecord[] = [];
      for (const raw of page.data.items) {
        const parsed = parseCivitaiItem(raw);
        if (parsed.ok) records.push(parsed.record);
        else errors.push({ platformId: parsed.platformId, source: redact(url), message: parsed.message, raw: redact(parsed.raw) });
      }
      const next = page.data.metadata?.nextCursor;
      const nextCursor = next === null || next === undefined || next === '' ? null : String(next);
      if (nextCursor !== null && !isCivitaiCursor(nextCursor)) throw new InvalidResponseError(redact(url), 'metadata.nextCursor is not a cursor', nextCursor.slice(0, 200));
      // A cursor that does not move would loop forever; Civitai has answered like that on empty tails.
      repeatedCursor = nextCursor !== null && nextCursor === state.cursor ? repeatedCursor + 1 : 0;
      const isDone = nextCursor === null || repeatedCursor >= 3;
      const result = ingestor.ingestPage(context, records, errors, { unit: UNIT, cursor: nextCursor ?? state.cursor, isDone });
      state = { cursor: nextCursor ?? state.cursor, isDone, pages: state.pages + 1, items: state.items + records.length };
      pagesThisProcess++;
      itemsThisProcess += records.length;
      itemErrorsThisProcess += errors.length;
      for (const error of errors) logger.log('warn', 'malformed item kept as error row', { platformId: error.platformId, message: error.message });
      logger.log('debug', 'page', { run: run.id, page: state.pages, items: records.length, new: result.newModels, changed: result.changedModels });
      const seconds = (Date.now() - started) / 1000;
      logger.progress(
        `civitai: page ${state.pages} · ${state.items.toLocaleString('en')} models · ${(itemsThisProcess / Math.max(seconds, 0.001)).toFixed(0)} models/s · retries ${http.stats.retries} · item errors ${itemErrorsThisProcess}`,
      );
      options.onPage?.({ pages: state.pages, items: state.items });
      if (pagesThisProcess % 20 === 0) flushTraffic();
    }
    flushTraffic();
    logger.done();
    if (isFull && state.isDone && options.verifyRemovals) {
      setRunStatus(store, run.id, 'verifying');
      await verifyUnseen(options, root, run.id, run.asOf, ingestor);
      flushTraffic();
    }
    finishRun(store, run.id);
  } catch (error) {
    logger.done();
    flushTraffic(redact((error as Error).message));
    failRun(store, run.id, (error as Error).message, isFull);
    throw error;
  }
  const summary = runSummary(store, run.id);
  logger.log('info', 'run finished', { ...summary });
  return summary;
}

/**
 * Cursor paging skips items now and then, and the list hides poi models, so a model the walk did not
 * see is re-read by id: 404 or TakenDown/Archived marks it removed; anything else is stored as seen.
 */
async function verifyUnseen(options: CivitaiCrawlOptions, root: URL, runId: number, asOf: string, ingestor: Ingestor): Promise<void> {
  const { store, logger } = options;
  const types = [...options.listing.types];
  const candidates = store.sqlite
    .prepare(
      `SELECT platform_id AS platformId FROM models
       WHERE platform = 'civitai' AND last_seen_run <> ? AND removed_at IS NULL
       AND type IN (SELECT value FROM json_each(?)) ORDER BY id`,
    )
    .all(runId, JSON.stringify(types)) as { platformId: string }[];
  if (candidates.length === 0) return;
  logger.log('info', 'verifying unseen models', { run: runId, count: candidates.length });
  for (let start = 0; start < candidates.length; start += VERIFY_BATCH) {
    const batch = candidates.slice(start, start + VERIFY_BATCH);
    const outcomes = await Promise.all(batch.map(({ platformId }) => checkModel(options, root, platformId)));
    store.sqlite.transaction(() => {
      for (const outcome of outcomes) {
        if (outcome.kind === 'present') ingestor.upsert({ runId, asOf }, outcome.record);
        else if (outcome.kind === 'removed') markRemoved(store, { runId, platform: 'civitai', platformId: outcome.platformId, reason: outcome.reason, at: asOf, mode: outcome.mode });
      }
      const errors = outcomes.flatMap((outcome) => (outcome.kind === 'error' ? [outcome.error] : []));
      if (errors.length > 0) ingestor.ingestPage({ runId, asOf }, [], errors);
    })();
    logger.progress(`civitai: verified ${Math.min(start + VERIFY_BATCH, candidates.length)}/${candidates.length} unseen models`);
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
