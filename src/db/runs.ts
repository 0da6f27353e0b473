// Crawl runs and their listing checkpoints: the persisted state that makes every crawl resumable.
import type { Store } from './open.js';
import type { Platform } from './schema.js';
import { redactValue } from '../secrets.js';

export interface RunRow {
  id: number;
  platform: Platform;
  kind: 'crawl' | 'import';
  scope: string;
  isFull: boolean;
  status: 'running' | 'verifying' | 'done' | 'failed';
  asOf: string;
  startedAt: string;
}

export interface UnitState {
  cursor: string | null;
  isDone: boolean;
  pages: number;
  items: number;
}

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

/** Resumes the unfinished run of this scope, or starts a new one. */
export function startOrResumeRun(store: Store, options: StartRunOptions): { run: RunRow; isResumed: boolean } {
  const db = store.sqlite;
  return db.transaction(() => {
    const unfinished = db
      .prepare(`SELECT * FROM crawl_runs WHERE platform = ? AND scope = ? AND status IN ('running', 'verifying') ORDER BY id DESC LIMIT 1`)
      .get(options.platform, options.scope) as RawRun | undefined;
    if (unfinished && !options.fresh) return { run: toRun(unfinished), isResumed: true };
    if (unfinished) {
      db.prepare(`UPDATE crawl_runs SET status = 'failed', finished_at = ?, last_error = 'abandoned by --fresh' WHERE platform = ? AND scope = ? AND status IN ('running', 'verifying')`).run(
        new Date().toISOString(),
        options.platform,
        options.scope,
      );
    }
    const raw = db
      .prepare(
        `INSERT INTO crawl_runs (platform, kind, scope, is_full, status, as_of, started_at, options)
         VALUES (?, ?, ?, ?, 'running', ?, ?, ?) RETURNING *`,
      )
      .get(options.platform, options.kind, options.scope, options.isFull ? 1 : 0, options.asOf, new Date().toISOString(), JSON.stringify(redactValue(options.options))) as RawRun;
    return { run: toRun(raw), isResumed: false };
  })();
}

export function unitState(store: Store, runId: number, unit: string): UnitState {
  const row = store.sqlite.prepare('SELECT cursor, is_done, pages, items FROM crawl_units WHERE run_id = ? AND unit = ?').get(runId, unit) as
    | { cursor: string | null; is_done: number; pages: number; items: number }
    | undefined;
  return row ? { cursor: row.cursor, isDone: row.is_done === 1, pages: row.pages, items: row.items } : { cursor: null, isDone: false, pages: 0, items: 0 };
}

export function setRunStatus(store: Store, runId: number, status: RunRow['status']): void {
  store.sqlite.prepare('UPDATE crawl_runs SET status = ? WHERE id = ?').run(status, runId);
}

export interface RunTotals {
  requests: number;
  retries: number;
}

/** Adds the HTTP counters of this process's share of the run (a resumed run adds to what was there). */
export function addRunTraffic(store: Store, runId: number, delta: RunTotals, lastError: string | null = null): void {
  store.sqlite
    .prepare('UPDATE crawl_runs SET requests = requests + ?, retries = retries + ?, last_error = COALESCE(?, last_error) WHERE id = ?')
    .run(delta.requests, delta.retries, lastError, runId);
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
  store.sqlite
    .prepare(
      `UPDATE crawl_runs SET status = 'done', finished_at = ?,
       items = (SELECT count(*) FROM snapshots WHERE run_id = ?) WHERE id = ?`,
    )
    .run(new Date().toISOString(), runId, runId);
}

export interface RunSummary {
  id: number;
  platform: Platform;
  status: string;
  pages: number;
  items: number;
  modelsNew: number;
  modelsChanged: number;
  modelsRemoved: number;
  itemErrors: number;
  requests: number;
  retries: number;
  startedAt: string;
  finishedAt: string | null;
}

export function runSummary(store: Store, runId: number): RunSummary {
  return store.sqlite
    .prepare(
      `SELECT id, platform, status, pages, items, models_new AS modelsNew, models_changed AS modelsChanged,
       models_removed AS modelsRemoved, item_errors AS itemErrors, requests, retries,
       started_at AS startedAt, finished_at AS finishedAt FROM crawl_runs WHERE id = ?`,
    )
    .get(runId) as RunSummary;
}
