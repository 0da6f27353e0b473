// A resumable Hugging Face crawl in three steps, each resumable on its own:
// 1. listings: every model-tree listing is a unit whose next-page link is committed with its page;
// 2. details: file hashes and the card for candidate repos seen in this run, walked by model id;
// 3. after a finished full run, repos the listings no longer found are re-read one by one and
//    marked removed (404/401) or kept; repos that turned gated or disabled are marked as seen.
import { createHash } from 'node:crypto';
import type { Store } from '../db/open.js';
import { contentHash, Ingestor, type Checkpoint, type ItemErrorRecord, type ModelRecord } from '../db/ingest.js';
import { failRun, finishRun, runSummary, setRunStatus, startOrResumeRun, trafficRecorder, unitState, type RunSummary } from '../db/runs.js';
import type { Logger, PageCounts } from '../log.js';
import { redact } from '../secrets.js';
import type { HttpClient } from './http.js';
import { ApiError, AuthError, InvalidResponseError } from './http-errors.js';
import { judgeLookupFailure, type LookupContext } from './lookup-failure.js';
import { apiRoot } from './origin.js';
import {
  ApiHubPage,
  hubListings,
  hubListUrl,
  hubModelFilesUrl,
  hubModelUrl,
  hubReadmeUrl,
  hubWhoamiUrl,
  isGated,
  MAX_CARD_BYTES,
  nextPageFromLink,
  parseHubItem,
  resolvePage,
  toHubVersion,
  type HubListing,
  type HubScope,
} from './huggingface.js';
import { looksLikePersonModel, type CandidateFilter } from './huggingface-candidates.js';
import { markRemoved, type RemovalReason } from './removals.js';
// Archive repos (issue 12): variants, sidecars and headers live in their own modules.
import { archiveVariants, isArchive, looksLikeArchiveRepo } from './hub-archive.js';
import { fetchArchiveEvidence, type ArchiveFetchOptions, type VariantEvidence } from './hub-archive-fetch.js';
import { toVariantRow } from './hub-variant-row.js';
import { writeRepoVariants } from '../db/hub-variants.js';

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

interface StoredState {
  sha: string | null;
  cardText: string | null;
  gated: string | null;
  removedAt: string | null;
  removedReason: string | null;
}

/** Writes Hub records: keeps the card text of unchanged repos and the removal marks of gated ones. */
class HubWriter {
  private readonly ingestor: Ingestor;

  constructor(
    private readonly store: Store,
    private readonly context: { runId: number; asOf: string },
  ) {
    this.ingestor = new Ingestor(store);
  }

  /** A listing page with its checkpoint, in one transaction. */
  writePage(records: ModelRecord[], errors: ItemErrorRecord[], checkpoint?: Checkpoint): void {
    this.store.sqlite.transaction(() => {
      const prior = this.storedState(records.map((record) => record.platformId));
      for (const record of records) this.carryCard(record, prior.get(record.platformId));
      this.ingestor.ingestPage(this.context, records, errors, checkpoint);
      for (const record of records) this.applyAvailability(record, prior.get(record.platformId));
    })();
  }

  /** Repos confirmed one by one (removal checks), without a listing checkpoint. */
  writeConfirmed(records: ModelRecord[], removed: { platformId: string; reason: RemovalReason }[], errors: ItemErrorRecord[]): void {
    this.store.sqlite.transaction(() => {
      const prior = this.storedState(records.map((record) => record.platformId));
      for (const record of records) {
        this.carryCard(record, prior.get(record.platformId));
        this.ingestor.upsert(this.context, record);
        this.applyAvailability(record, prior.get(record.platformId));
      }
      for (const gone of removed) markRemoved(this.store, { runId: this.context.runId, platform: 'huggingface', at: this.context.asOf, ...gone });
      if (errors.length > 0) this.ingestor.ingestPage(this.context, [], errors);
    })();
  }

  /** Repos with their files and card (and an archive's variants), and the details unit's checkpoint. */
  writeDetails(records: ModelRecord[], removed: string[], errors: ItemErrorRecord[], cursor: string, isDone: boolean, variants: Map<string, VariantEvidence[]> = new Map()): void {
    this.store.sqlite.transaction(() => {
      for (const record of records) {
        this.ingestor.upsert(this.context, record);
        // A repo that is no longer an archive keeps no variants.
        writeRepoVariants(this.store, { platformId: record.platformId, asOf: this.context.asOf }, (variants.get(record.platformId) ?? []).map(toVariantRow));
        // Store the hash the next listing will compute (it has no files, and carries this card),
        // so an unchanged repo reads as unchanged rather than flipping between two hashes.
        this.store.sqlite
          .prepare(`UPDATE models SET content_hash = ? WHERE platform = 'huggingface' AND platform_id = ?`)
          .run(contentHash({ ...record, versions: undefined }), record.platformId);
      }
      for (const platformId of removed) markRemoved(this.store, { runId: this.context.runId, platform: 'huggingface', platformId, reason: 'not_found', at: this.context.asOf });
      if (errors.length > 0) this.ingestor.ingestPage(this.context, [], errors);
      this.store.sqlite
        .prepare(
          `INSERT INTO crawl_units (run_id, unit, cursor, is_done, pages, items) VALUES (?, ?, ?, ?, 1, ?)
           ON CONFLICT (run_id, unit) DO UPDATE SET cursor = excluded.cursor, is_done = excluded.is_done, pages = pages + 1, items = items + excluded.items`,
        )
        .run(this.context.runId, DETAILS_UNIT, cursor, isDone ? 1 : 0, records.length);
    })();
  }

  private storedState(ids: string[]): Map<string, StoredState> {
    const rows = this.store.sqlite
      .prepare(
        `SELECT platform_id AS platformId, sha, card_text AS cardText, gated, removed_at AS removedAt, removed_reason AS removedReason
         FROM models WHERE platform = 'huggingface' AND platform_id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify([...new Set(ids)])) as (StoredState & { platformId: string })[];
    return new Map(rows.map((row) => [row.platformId, row]));
  }

  /** A listing has no card text: keep the stored one while the repo's commit is unchanged. */
  private carryCard(record: ModelRecord, prior: StoredState | undefined): void {
    if (record.cardText === null && prior?.cardText && prior.sha !== null && prior.sha === record.sha) record.cardText = prior.cardText;
  }

  /**
   * A disabled repo is marked removed; a gated one only when it turned gated (many repos are gated
   * from birth, with automatic approval). An earlier mark keeps its date: the upsert above cleared
   * it, as it does for any repo seen again, so it is put back.
   */
  private applyAvailability(record: ModelRecord, prior: StoredState | undefined): void {
    const reason: RemovalReason | null = record.disabled
      ? 'disabled'
      : isGated(record.gated) && prior !== undefined && (!isGated(prior.gated) || prior.removedReason === 'gated')
        ? 'gated'
        : null;
    if (reason === null) return;
    if (prior?.removedAt && prior.removedReason === reason) {
      this.store.sqlite
        .prepare(`UPDATE models SET removed_at = ?, removed_reason = ? WHERE platform = 'huggingface' AND platform_id = ?`)
        .run(prior.removedAt, reason, record.platformId);
      return;
    }
    markRemoved(this.store, { runId: this.context.runId, platform: 'huggingface', platformId: record.platformId, reason, at: this.context.asOf });
  }
}

function parsePage(items: unknown[], source: string): { records: ModelRecord[]; errors: ItemErrorRecord[] } {
  const records: ModelRecord[] = [];
  const errors: ItemErrorRecord[] = [];
  for (const raw of items) {
    const parsed = parseHubItem(raw);
    if (parsed.ok) records.push(parsed.record);
    else errors.push({ platformId: parsed.platformId, source, message: parsed.message, raw: redact(parsed.raw) });
  }
  return { records, errors };
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
  const { run, isResumed } = startOrResumeRun(store, {
    platform: 'huggingface',
    kind: 'crawl',
    scope: huggingfaceScope(listings),
    isFull,
    asOf: now().toISOString(),
    options: { ...options.recordedOptions, listings: listings.map((listing) => listing.key) },
    fresh: options.fresh,
  });
  const writer = new HubWriter(store, { runId: run.id, asOf: run.asOf });
  const flushTraffic = trafficRecorder(store, run.id, http.stats);
  logger.log('info', isResumed ? 'run resumed' : 'run started', { platform: 'huggingface', run: run.id, scope: run.scope, listings: listings.length });

  try {
    if (run.status === 'running') {
      const progress = { pages: 0, items: 0, started: Date.now() };
      const pending = [...listings];
      const walk = async () => {
        for (let listing = pending.shift(); listing; listing = pending.shift()) {
          await walkListing(options, writer, run.id, listing, progress);
          flushTraffic();
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, options.parallelListings) }, walk));
      logger.done();
      await fetchDetails(options, writer, run.id);
      flushTraffic();
    }
    const isEveryListingDone = listings.every((listing) => unitState(store, run.id, listingUnit(listing)).isDone);
    if (isFull && isEveryListingDone && options.verifyRemovals) {
      setRunStatus(store, run.id, 'verifying');
      await verifyUnseen(options, writer, run.id);
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

async function walkListing(
  options: HuggingfaceCrawlOptions,
  writer: HubWriter,
  runId: number,
  listing: HubListing,
  progress: { pages: number; items: number; started: number },
): Promise<void> {
  const { store, http, logger } = options;
  const unit = listingUnit(listing);
  let state = unitState(store, runId, unit);
  let repeatedLink = 0;
  while (!state.isDone) {
    if (options.maxPages !== undefined && state.pages >= options.maxPages) return;
    const url = state.cursor === null ? hubListUrl(options.baseUrl, listing, options.pageSize) : resolvePage(options.baseUrl, state.cursor);
    const response = await http.getJson(url);
    const page = ApiHubPage.safeParse(response.body);
    if (!page.success) throw new InvalidResponseError(redact(url), 'not a model listing (no JSON array)', JSON.stringify(response.body).slice(0, 2000));
    const { records, errors } = parsePage(page.data, redact(url));
    const next = nextPageFromLink(response.headers.get('link'), options.baseUrl);
    // A link that does not move would loop forever.
    repeatedLink = next !== null && next === state.cursor ? repeatedLink + 1 : 0;
    const isDone = next === null || repeatedLink >= 3;
    writer.writePage(records, errors, { unit, cursor: next ?? state.cursor, isDone });
    state = { cursor: next ?? state.cursor, isDone, pages: state.pages + 1, items: state.items + records.length };
    progress.pages++;
    progress.items += records.length;
    options.onPage?.({ pages: progress.pages, items: progress.items });
    for (const error of errors) logger.log('warn', 'malformed item kept as error row', { platformId: error.platformId, message: error.message });
    logger.log('debug', 'page', { run: runId, listing: listing.key, page: state.pages, items: records.length });
    const seconds = Math.max((Date.now() - progress.started) / 1000, 0.001);
    logger.progress(`huggingface: ${progress.pages} pages · ${progress.items.toLocaleString('en')} repos · ${(progress.items / seconds).toFixed(0)}/s · retries ${http.stats.retries}`);
  }
}

interface DetailRow {
  modelId: number;
  platformId: string;
  name: string;
  type: string;
  creator: string | null;
  description: string | null;
  tags: string;
  baseModels: string | null;
  nsfw: number | null;
  downloads: number | null;
  downloadsAllTime: number | null;
  likes: number | null;
}

type DetailOutcome = { kind: 'found'; record: ModelRecord; variants?: VariantEvidence[] } | { kind: 'gone'; platformId: string } | { kind: 'error'; error: ItemErrorRecord };

/**
 * File hashes and card text for the candidates among the repos this run saw, skipping any whose
 * details are already stored for its current commit. Walked by model id, checkpointed per batch.
 */
async function fetchDetails(options: HuggingfaceCrawlOptions, writer: HubWriter, runId: number): Promise<void> {
  const { store, logger } = options;
  const isCandidate = options.isCandidate ?? looksLikePersonModel;
  const select = store.sqlite.prepare(
    `SELECT m.id AS modelId, m.platform_id AS platformId, m.name, m.type, m.creator, m.description, m.base_models AS baseModels, m.nsfw,
       (SELECT json_group_array(t.tag) FROM tags t WHERE t.model_id = m.id) AS tags,
       s.downloads, s.downloads_all_time AS downloadsAllTime, s.likes
     FROM snapshots s JOIN models m ON m.id = s.model_id
     WHERE s.run_id = ? AND s.model_id > ? AND m.platform = 'huggingface' AND m.removed_at IS NULL
       AND (NOT EXISTS (SELECT 1 FROM model_versions v WHERE v.model_id = m.id AND v.platform_version_id = COALESCE(m.sha, 'main'))
         -- An archive file whose sidecar or header read failed (quota, server error) is read again (issue 12).
         OR EXISTS (SELECT 1 FROM hub_variants hv WHERE hv.model_id = m.id AND (hv.sidecar_status = 'error' OR hv.header_status = 'error')))
     ORDER BY s.model_id LIMIT ?`,
  );
  let state = unitState(store, runId, DETAILS_UNIT);
  let fetched = 0;
  while (!state.isDone) {
    const rows = select.all(runId, Number(state.cursor ?? 0), DETAILS_BATCH) as DetailRow[];
    const candidates = rows.filter((row) =>
      // Archive repos are read whenever met, whatever the candidate filter (issue 12).
      looksLikeArchiveRepo({ name: row.name, creator: row.creator }) || isCandidate({
        name: row.name,
        type: row.type,
        creator: row.creator,
        description: row.description,
        tags: JSON.parse(row.tags) as string[],
        baseModels: row.baseModels ? (JSON.parse(row.baseModels) as string[]) : [],
        nsfw: row.nsfw === null ? null : row.nsfw === 1,
      }),
    );
    const outcomes = await Promise.all(candidates.map((row) => fetchRepoDetails(options, row)));
    const cursor = rows.length > 0 ? String(rows[rows.length - 1]!.modelId) : (state.cursor ?? '0');
    const isDone = rows.length < DETAILS_BATCH;
    writer.writeDetails(
      outcomes.flatMap((outcome) => (outcome.kind === 'found' ? [outcome.record] : [])),
      outcomes.flatMap((outcome) => (outcome.kind === 'gone' ? [outcome.platformId] : [])),
      outcomes.flatMap((outcome) => (outcome.kind === 'error' ? [outcome.error] : [])),
      cursor,
      isDone,
      new Map(outcomes.flatMap((outcome) => (outcome.kind === 'found' && outcome.variants ? [[outcome.record.platformId, outcome.variants] as const] : []))),
    );
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
  const select = store.sqlite.prepare(
    `SELECT id, platform_id AS platformId FROM models
     WHERE platform = 'huggingface' AND last_seen_run <> ? AND removed_at IS NULL AND id > ? ORDER BY id LIMIT ?`,
  );
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const batch = select.all(runId, lastId, VERIFY_BATCH) as { id: number; platformId: string }[];
    if (batch.length === 0) break;
    if (lastId === 0) logger.log('info', 'verifying unseen repos', { run: runId });
    lastId = batch[batch.length - 1]!.id;
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
