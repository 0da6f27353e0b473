// Crawl runs and their listing checkpoints: the persisted state that makes every crawl resumable.
// `withRun` is the one place a crawl starts or resumes its run, records its traffic, and finishes
// it or marks it failed; the statements are prepared once per store.
import type { Database, Statement } from 'better-sqlite3';
import type { Store } from './open.js';
import type { crawlRuns, crawlUnits, Platform } from './schema.js';
import type { Logger } from '../log.js';
import { redact, redactValue } from '../secrets.js';

export type RunRow = Pick<typeof crawlRuns.$inferSelect, 'id' | 'platform' | 'kind' | 'scope' | 'isFull' | 'status' | 'asOf' | 'startedAt'>;

/** A unit's committed resume point and totals. */
export type UnitState = Pick<typeof crawlUnits.$inferSelect, 'cursor' | 'isDone' | 'pages' | 'items'>;

export interface StartRunOptions {
  platform: Platform;
  kind: 'crawl' | 'import';
  scope: string;
  isFull: boolean;
  asOf: string;
  options: Record<string, unknown>;
  /** Abandon an unfinished run of the same scope instead of resuming it. */
  fresh: boolean;
}

interface RawRun {
  id: number;
  platform: Platform;
  kind: 'crawl' | 'import';
  scope: string;
  is_full: number;
  status: RunRow['status'];
  as_of: string;
  started_at: string;
}

function toRun(raw: RawRun): RunRow {
  return { id: raw.id, platform: raw.platform, kind: raw.kind, scope: raw.scope, isFull: raw.is_full === 1, status: raw.status, asOf: raw.as_of, startedAt: raw.started_at };
}

const UNFINISHED = `(status IN ('running', 'verifying') OR (status = 'failed' AND resume_status IS NOT NULL))`;

export type RunSummary = Pick<
  typeof crawlRuns.$inferSelect,
  'id' | 'platform' | 'status' | 'pages' | 'items' | 'modelsNew' | 'modelsChanged' | 'modelsRemoved' | 'itemErrors' | 'requests' | 'retries' | 'startedAt' | 'finishedAt'
>;

interface RunStatements {
  closeSamples: Statement;
  findUnfinished: Statement<unknown[], RawRun>;
  resume: Statement<[number], RawRun>;
  abandon: Statement;
  insert: Statement<unknown[], RawRun>;
  fail: Statement;
  unit: Statement<[number, string], { cursor: string | null; is_done: number; pages: number; items: number }>;
  saveUnit: Statement;
  setStatus: Statement;
  addTraffic: Statement;
  finish: Statement;
  summary: Statement<[number], RunSummary>;
}

const prepared = new WeakMap<Database, RunStatements>();

/** The run statements of this connection, prepared on first use. */
function statements(store: Store): RunStatements {
  const cached = prepared.get(store.sqlite);
  if (cached) return cached;
  const db = store.sqlite;
  const made: RunStatements = {
    closeSamples: db.prepare(
      `UPDATE crawl_runs SET status = 'failed', finished_at = ?, last_error = COALESCE(last_error, 'sample interrupted'), resume_status = NULL
       WHERE platform = ? AND scope = ? AND kind = 'crawl' AND is_full = 0 AND status IN ('running', 'verifying')`,
    ),
    findUnfinished: db.prepare(`SELECT * FROM crawl_runs WHERE platform = ? AND scope = ? AND kind = ? AND is_full = ? AND ${UNFINISHED} ORDER BY id DESC LIMIT 1`),
    resume: db.prepare(`UPDATE crawl_runs SET status = COALESCE(resume_status, status), resume_status = NULL, finished_at = NULL WHERE id = ? RETURNING *`),
    abandon: db.prepare(
      `UPDATE crawl_runs SET status = 'failed', finished_at = ?, last_error = 'abandoned by --fresh', resume_status = NULL
       WHERE platform = ? AND scope = ? AND kind = ? AND is_full = ? AND ${UNFINISHED}`,
    ),
    insert: db.prepare(
      `INSERT INTO crawl_runs (platform, kind, scope, is_full, status, as_of, started_at, options)
       VALUES (?, ?, ?, ?, 'running', ?, ?, ?) RETURNING *`,
    ),
    fail: db.prepare(
      `UPDATE crawl_runs SET resume_status = CASE WHEN ? = 1 AND status IN ('running', 'verifying') THEN status ELSE NULL END,
       status = 'failed', finished_at = ?, last_error = ? WHERE id = ? AND status IN ('running', 'verifying')`,
    ),
    unit: db.prepare('SELECT cursor, is_done, pages, items FROM crawl_units WHERE run_id = ? AND unit = ?'),
    saveUnit: db.prepare(
      `INSERT INTO crawl_units (run_id, unit, cursor, is_done, pages, items) VALUES (@runId, @unit, @cursor, @isDone, 1, @items)
       ON CONFLICT (run_id, unit) DO UPDATE SET cursor = excluded.cursor, is_done = excluded.is_done, pages = pages + 1, items = items + excluded.items`,
    ),
    setStatus: db.prepare('UPDATE crawl_runs SET status = ? WHERE id = ?'),
    addTraffic: db.prepare('UPDATE crawl_runs SET requests = requests + ?, retries = retries + ?, last_error = COALESCE(?, last_error) WHERE id = ?'),
    // `items` becomes the number of distinct models the run saw (duplicates count once).
    finish: db.prepare(`UPDATE crawl_runs SET status = 'done', finished_at = ?, items = (SELECT count(*) FROM snapshots WHERE run_id = ?) WHERE id = ?`),
    summary: db.prepare(
      `SELECT id, platform, status, pages, items, models_new AS modelsNew, models_changed AS modelsChanged,
       models_removed AS modelsRemoved, item_errors AS itemErrors, requests, retries,
       started_at AS startedAt, finished_at AS finishedAt FROM crawl_runs WHERE id = ?`,
    ),
  };
  prepared.set(db, made);
  return made;
}

/**
 * Resumes the unfinished run of this scope (including one that stopped on an error), or starts a
 * new one. A crawl sample (a page cap) is a run of its own: it never resumes, finishes or abandons a
 * full run of the same scope, and is never resumed itself.
 */
export function startOrResumeRun(store: Store, options: StartRunOptions): { run: RunRow; isResumed: boolean } {
  const run = statements(store);
  const now = new Date().toISOString();
  const isSample = options.kind === 'crawl' && !options.isFull;
  const isFull = options.isFull ? 1 : 0;
  return store.sqlite.transaction(() => {
    // A sample killed mid-way can never be resumed: close it rather than leave it "running".
    run.closeSamples.run(now, options.platform, options.scope);
    if (!isSample) {
      const unfinished = run.findUnfinished.get(options.platform, options.scope, options.kind, isFull);
      if (unfinished && !options.fresh) return { run: toRun(run.resume.get(unfinished.id)!), isResumed: true };
      if (unfinished) run.abandon.run(now, options.platform, options.scope, options.kind, isFull);
    }
    const recorded = JSON.stringify(redactValue(withoutUrlCredentials(options.options)));
    const raw = run.insert.get(options.platform, options.kind, options.scope, isFull, options.asOf, now, recorded)!;
    return { run: toRun(raw), isResumed: false };
  })();
}

/**
 * Marks a run that stopped on an error as failed, with the reason. A resumable one keeps the stage it
 * was in, so the next run of its scope carries on from its last checkpoint.
 */
export function failRun(store: Store, runId: number, reason: string, isResumable: boolean): void {
  statements(store).fail.run(isResumable ? 1 : 0, new Date().toISOString(), redact(reason).slice(0, 1000), runId);
}

/** Recorded options never keep a user or password from a URL (a --base-url like https://u:p@host). */
function withoutUrlCredentials(value: unknown): unknown {
  if (typeof value === 'string') {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return value;
    try {
      const url = new URL(value);
      if (url.username === '' && url.password === '') return value;
      url.username = '';
      url.password = '';
      return url.toString();
    } catch {
      return value.replace(/\/\/[^/@]*@/, '//');
    }
  }
  if (Array.isArray(value)) return value.map(withoutUrlCredentials);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withoutUrlCredentials(inner)]));
  return value;
}

export function unitState(store: Store, runId: number, unit: string): UnitState {
  const row = statements(store).unit.get(runId, unit);
  return row ? { cursor: row.cursor, isDone: row.is_done === 1, pages: row.pages, items: row.items } : { cursor: null, isDone: false, pages: 0, items: 0 };
}

export interface UnitCheckpoint {
  unit: string;
  cursor: string | null;
  isDone: boolean;
  /** Items the step that reached this checkpoint stored. */
  items: number;
}

/** Saves a unit's resume point; call inside the transaction that stores what it covers. */
export function saveUnitCheckpoint(store: Store, runId: number, checkpoint: UnitCheckpoint): void {
  statements(store).saveUnit.run({ runId, unit: checkpoint.unit, cursor: checkpoint.cursor, isDone: checkpoint.isDone ? 1 : 0, items: checkpoint.items });
}

export function setRunStatus(store: Store, runId: number, status: RunRow['status']): void {
  statements(store).setStatus.run(status, runId);
}

export interface RunTotals {
  requests: number;
  retries: number;
}

/** Adds the HTTP counters of this process's share of the run (a resumed run adds to what was there). */
export function addRunTraffic(store: Store, runId: number, delta: RunTotals, lastError: string | null = null): void {
  statements(store).addTraffic.run(delta.requests, delta.retries, lastError, runId);
}

/**
 * Returns a function that adds to the run the requests and retries an HTTP client made since the
 * last call (a resumed run adds to what the killed process had recorded).
 */
export function trafficRecorder(store: Store, runId: number, stats: RunTotals): (lastError?: string | null) => void {
  const recorded = { requests: stats.requests, retries: stats.retries };
  return (lastError = null) => {
    addRunTraffic(store, runId, { requests: stats.requests - recorded.requests, retries: stats.retries - recorded.retries }, lastError);
    recorded.requests = stats.requests;
    recorded.retries = stats.retries;
  };
}

/** Marks the run done; `items` becomes the number of distinct models it saw (duplicates count once). */
export function finishRun(store: Store, runId: number): void {
  statements(store).finish.run(new Date().toISOString(), runId, runId);
}

export function runSummary(store: Store, runId: number): RunSummary {
  return statements(store).summary.get(runId)!;
}

export interface WithRunOptions extends StartRunOptions {
  logger: Logger;
  /** Fields added to the "run started" line (the listings of a Hub crawl). */
  logFields?: Record<string, unknown>;
  /** The HTTP client's live counters: the run records what this process adds to them. */
  traffic?: RunTotals;
}

/** A started or resumed run, as the crawl working inside `withRun` sees it. */
export interface ActiveRun {
  readonly run: RunRow;
  readonly isResumed: boolean;
  /** A unit's committed resume point (a fresh unit has none). */
  unit(name: string): UnitState;
  /** Moves the run to its next stage ('verifying': removal checks after a full walk). */
  setStatus(status: 'running' | 'verifying'): void;
  /** Adds the requests and retries made since the last call to the run. */
  recordTraffic(): void;
}

/**
 * Starts or resumes the run of this scope and hands it to `crawl`. When `crawl` returns the run is
 * done; when it throws the run is marked failed with the reason (resumable when full: the next run of
 * its scope carries on from its checkpoints) and the error goes on to the caller.
 */
export async function withRun(store: Store, options: WithRunOptions, crawl: (active: ActiveRun) => Promise<void>): Promise<RunSummary> {
  const { logger } = options;
  const { run, isResumed } = startOrResumeRun(store, options);
  const recordTraffic = options.traffic ? trafficRecorder(store, run.id, options.traffic) : () => {};
  logger.log('info', isResumed ? 'run resumed' : 'run started', { platform: run.platform, run: run.id, scope: run.scope, ...options.logFields });
  const active: ActiveRun = {
    run,
    isResumed,
    unit: (name) => unitState(store, run.id, name),
    setStatus: (status) => setRunStatus(store, run.id, status),
    recordTraffic: () => recordTraffic(),
  };
  try {
    await crawl(active);
    recordTraffic();
    finishRun(store, run.id);
  } catch (error) {
    logger.done();
    const reason = (error as Error).message;
    recordTraffic(redact(reason));
    failRun(store, run.id, reason, options.isFull);
    throw error;
  }
  const summary = runSummary(store, run.id);
  logger.log('info', 'run finished', { ...summary });
  return summary;
}
