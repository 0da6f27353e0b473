// One pass over models for most figures: a small aggregate "cube" in a TEMP table, grouped by every
// dimension the report breaks models down by (platform, month, type, base model, removal, flags,
// growth kind). Totals, time series, breakdowns, removals, growth and classifier coverage are then
// GROUP BYs over a few thousand cube rows instead of one full scan each: measured 200k models,
// 1.5 s of separate scans → 0.45 s for the cube. Temp tables live in the connection, even a
// read-only one, and are dropped when the statistics are done.
import { classificationJoin, lifetime, last30Days, platformFilter, type QueryContext } from './sql.js';

export const CUBE = 'temp.dfwatch_stats_cube';
export const CREATORS = 'temp.dfwatch_stats_creators';

export interface CubeOptions {
  /** Measure growth per model against the last snapshot at or before params.since. */
  isMeasuringGrowth: boolean;
}

export function createCube(context: QueryContext, options: CubeOptions): void {
  const db = context.sqlite;
  dropCube(context);
  const baselineJoin = options.isMeasuringGrowth
    ? `LEFT JOIN snapshots b ON b.model_id = m.id AND b.run_id = (
         SELECT s.run_id FROM snapshots s WHERE s.model_id = m.id AND s.taken_at <= @since
         ORDER BY s.taken_at DESC, s.run_id DESC LIMIT 1)`
    : '';
  const current = lifetime('m');
  const baseline = options.isMeasuringGrowth ? lifetime('m', 'b') : 'NULL';
  const isNew = options.isMeasuringGrowth ? 'm.created_at >= @since' : '0';
  db.prepare(
    `CREATE TEMP TABLE dfwatch_stats_cube AS
     WITH facts AS (
       SELECT m.platform,
         coalesce(substr(m.created_at, 1, 7), 'unknown') AS month,
         m.type,
         -- base_models keeps the versions' base models in listing order (Civitai: newest version first).
         coalesce(json_extract(m.base_models, '$[0]'), '(none)') AS baseModel,
         CASE WHEN m.removed_at IS NOT NULL THEN coalesce(m.removed_reason, 'unknown') END AS removedReason,
         coalesce(m.poi, 0) AS isPoi,
         coalesce(c.person_target, 0) AS isTarget,
         coalesce(c.person_target_no_poi, 0) AS isTargetNoPoi,
         coalesce(c.ncii, 0) AS isNcii,
         c.model_id IS NOT NULL AS isClassified,
         coalesce(c.content_hash <> m.content_hash, 0) AS isStale,
         c.classified_at AS classifiedAt,
         m.first_seen_at AS firstSeenAt,
         m.last_seen_at AS lastSeenAt,
         ${current} AS downloads,
         ${last30Days('m')} AS downloads30d,
         CASE WHEN ${current} IS NOT NULL AND ${baseline} IS NOT NULL THEN 'baseline'
              WHEN ${current} IS NOT NULL AND ${isNew} THEN 'new'
              ELSE 'unmeasured' END AS growthKind,
         CASE WHEN ${current} IS NOT NULL AND ${baseline} IS NOT NULL THEN ${current} - ${baseline}
              WHEN ${current} IS NOT NULL AND ${isNew} THEN ${current} END AS gained
       FROM models m ${classificationJoin('m')} ${baselineJoin}
       WHERE ${platformFilter('m')}
     )
     SELECT platform, month, type, baseModel, removedReason, isPoi, isTarget, isTargetNoPoi, isNcii, isClassified, isStale, growthKind,
       count(*) AS models,
       coalesce(sum(downloads), 0) AS downloads,
       sum(downloads30d) AS downloads30d,
       sum(downloads IS NULL) AS withoutDownloads,
       coalesce(sum(gained), 0) AS gained,
       min(firstSeenAt) AS firstSeenAt,
       max(lastSeenAt) AS lastSeenAt,
       min(classifiedAt) AS firstClassifiedAt,
       max(classifiedAt) AS lastClassifiedAt
     FROM facts
     GROUP BY platform, month, type, baseModel, removedReason, isPoi, isTarget, isTargetNoPoi, isNcii, isClassified, isStale, growthKind`,
  ).run(context.params);
  // Per creator totals; creators are distinct per platform (the same handle on both is two accounts to us).
  db.prepare(
    `CREATE TEMP TABLE dfwatch_stats_creators AS
     SELECT m.platform, m.creator,
       count(*) AS models,
       coalesce(sum(${current}), 0) AS downloads,
       coalesce(sum(c.person_target), 0) AS targetingModels,
       coalesce(sum(CASE WHEN c.person_target = 1 THEN ${current} END), 0) AS targetingDownloads
     FROM models m ${classificationJoin('m')}
     WHERE m.creator IS NOT NULL AND ${platformFilter('m')}
     GROUP BY m.platform, m.creator`,
  ).run(context.params);
}

export function dropCube(context: QueryContext): void {
  context.sqlite.exec(`DROP TABLE IF EXISTS ${CUBE}; DROP TABLE IF EXISTS ${CREATORS};`);
}
