// Crawl runs and their listing checkpoints: the persisted state that makes every crawl resumable.
import type { Store } from './open.js';
import type { Platform } from './schema.js';
import { redact, redactValue } from '../secrets.js';

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

const UNFINISHED = `(status IN ('running', 'verifying') OR (status = 'failed' AND resume_status IS NOT NULL))`;

/**
 * Resumes the unfinished run of this scope (including one that stopped on an error), or starts a
 * new one. A crawl sample (a page cap) is a run of its own: it never resumes, finishes or abandons a
 * full run of the same scope, and is never resumed itself.
 */
export function startOrResumeRun(store: Store, options: StartRunOptions): { run: RunRow; isResumed: boolean } {
  const db = store.sqlite;
  const now = new Date().toISOString();
  const isSample = options.kind === 'crawl' && !options.isFull;
  return db.transaction(() => {
    // A sample killed mid-way can never be resumed: close it rather than leave it "running".
    db.prepare(
      `UPDATE crawl_runs SET status = 'failed', finished_at = ?, last_error = COALESCE(last_error, 'sample interrupted'), resume_status = NULL
       WHERE platform = ? AND scope = ? AND kind = 'crawl' AND is_full = 0 AND status IN ('running', 'verifying')`,
    ).run(now, options.platform, options.scope);
    if (!isSample) {
      const unfinished = db
        .prepare(`SELECT * FROM crawl_runs WHERE platform = ? AND scope = ? AND kind = ? AND is_full = ? AND ${UNFINISHED} ORDER BY id DESC LIMIT 1`)
        .get(options.platform, options.scope, options.kind, options.isFull ? 1 : 0) as RawRun | undefined;
      if (unfinished && !options.fresh) {
        const resumed = db
          .prepare(`UPDATE crawl_runs SET status = COALESCE(resume_status, status), resume_status = NULL, finished_at = NULL WHERE id = ? RETURNING *`)
          .get(unfinished.id) as RawRun;
        return { run: toRun(resumed), isResumed: true };
      }
      if (unfinished) {
        db.prepare(
          `UPDATE crawl_runs SET status = 'failed', finished_at = ?, last_error = 'abandoned by --fresh', resume_status = NULL
           WHERE platform = ? AND scope = ? AND kind = ? AND is_full = ? AND ${UNFINISHED}`,
        ).run(now, options.platform, options.scope, options.kind, options.isFull ? 1 : 0);
      }
    }
    const raw = db
      .prepare(
        `INSERT INTO crawl_runs (platform, kind, scope, is_full, status, as_of, started_at, options)
         VALUES (?, ?, ?, ?, 'running', ?, ?, ?) RETURNING *`,
      )
      .get(options.platform, options.kind, options.scope, options.isFull ? 1 : 0, options.asOf, now, JSON.stringify(redactValue(withoutUrlCredentials(options.options)))) as RawRun;
    return { run: toRun(raw), isResumed: false };
  })();
}

/**
 * Marks a run that stopped on an error as failed, with the reason. A resumable one keeps the stage it
 * was in, so the next run of its scope carries on from its last checkpoint.
 */
export function failRun(store: Store, runId: number, reason: string, isResumable: boolean): void {
  store.sqlite
    .prepare(
      `UPDATE crawl_runs SET resume_status = CASE WHEN ? = 1 AND status IN ('running', 'verifying') THEN status ELSE NULL END,
       status = 'failed', finished_at = ?, last_error = ? WHERE id = ? AND status IN ('running', 'verifying')`,
    )
    .run(isResumable ? 1 : 0, new Date().toISOString(), redact(reason).slice(0, 1000), runId);
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
