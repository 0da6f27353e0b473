// The crawl runs as the statistics see them: the most recent runs and the totals of all runs for the
// methods section, and each platform's latest run for the report's coverage banner. Raw SQL like the
// other statistics queries: they share its bound parameters and platform filter (stats-sql.ts).
import type { Platform } from './schema.js';
import type { RunRow } from './stats-rows.js';
import { all, isTrue, one, platformFilter, type QueryContext } from './stats-sql.js';

/** The newest runs (at most `limit`), newest first. */
export function queryRecentRuns(context: QueryContext, limit: number): RunRow[] {
  return all<Omit<RunRow, 'isFull'> & { isFull: number }>(
    context,
    `SELECT id, platform, kind, scope, is_full AS isFull, status, as_of AS asOf, started_at AS startedAt, finished_at AS finishedAt,
       pages, items, models_new AS modelsNew, models_removed AS modelsRemoved, requests, retries, item_errors AS itemErrors
     FROM crawl_runs WHERE ${platformFilter('crawl_runs')}
     ORDER BY id DESC LIMIT ${Math.trunc(limit)}`,
  ).map((run) => ({ ...run, isFull: isTrue(run.isFull) }));
}

export interface RunTotalsRow {
  runs: number;
  requests: number;
  retries: number;
  itemErrors: number;
  pages: number;
  items: number;
  /** When the first run started and the last one finished (or started, if unfinished). */
  first: string | null;
  last: string | null;
}

export function queryRunTotals(context: QueryContext): RunTotalsRow {
  return one<RunTotalsRow>(
    context,
    `SELECT count(*) AS runs, coalesce(sum(requests), 0) AS requests, coalesce(sum(retries), 0) AS retries,
       coalesce(sum(item_errors), 0) AS itemErrors, coalesce(sum(pages), 0) AS pages, coalesce(sum(items), 0) AS items,
       min(started_at) AS first, max(coalesce(finished_at, started_at)) AS last
     FROM crawl_runs WHERE ${platformFilter('crawl_runs')}`,
  );
}

export interface LatestRunRow {
  platform: Platform;
  kind: string;
  scope: string;
  isFull: boolean;
  status: string;
}

/** Each platform's newest run, by platform. */
export function queryLatestRuns(context: QueryContext): LatestRunRow[] {
  return all<Omit<LatestRunRow, 'isFull'> & { isFull: number }>(
    context,
    `SELECT r.platform, r.kind, r.scope, r.is_full AS isFull, r.status FROM crawl_runs r
     WHERE ${platformFilter('r')} AND r.id = (SELECT max(id) FROM crawl_runs l WHERE l.platform = r.platform)
     ORDER BY r.platform`,
  ).map((run) => ({ ...run, isFull: isTrue(run.isFull) }));
}
