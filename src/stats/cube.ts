// One pass over models for most figures: a small aggregate "cube" in a TEMP table, keyed by every
// dimension the report breaks models down by (platform, month, type, base model, removal, flags,
// growth kind). Totals, time series, breakdowns, removals, growth and classifier coverage are then
// GROUP BYs over a few thousand cube rows instead of one full scan each. Temp tables live in the
// connection, even a read-only one, and are dropped when the statistics are done.
//
// Measured on 1,000,000 synthetic models (test/stats/measure.ts, 2 cores):
// - models are scanned in rowid order (NOT INDEXED). Left to itself the planner walks an index that
//   matches the leading GROUP BY column (models_last_seen) or covers a few columns (models_downloads)
//   and fetches rows and classifications in that index's order: 1M random seeks, 3–6 s instead of 0.5 s.
// - the cube is aggregated by UPSERT into its keyed table as the scan goes. SQLite has no hash
//   aggregate: GROUP BY sorts all 1M fact rows (12 key columns), 2.7 s; the upsert into a table of a
//   few thousand keys costs 0.8 s.
//
// Why this SQL lives here and not in src/db (issue 13 item 2): the cube is not a query of the store
// but the statistics' own working table, built and dropped by `stats` alone. Its layout (the keys,
// the upsert aggregation, the rowid-order scan) is the measured design above, and what it aggregates
// changes with what a run measures (growth or not), so the statement is that design written down.
// The figure queries that read it are in src/db (crawl-figures.ts, people-queries.ts,
// change-queries.ts), which also holds its table names and SQL fragments (stats-sql.ts).
import { ACTIVE, CREATORS, CUBE, classificationJoin, lifetime, last30Days, platformFilter, sinceFor, type QueryContext } from '../db/stats-sql.js';

export interface CubeOptions {
  /** Measure growth per model against the last snapshot at or before its platform's baseline date. */
  isMeasuringGrowth: boolean;
}

export function createCube(context: QueryContext, options: CubeOptions): void {
  const db = context.sqlite;
  dropCube(context);
  // The last snapshot at or before the platform's baseline date, found through snapshots_model (model_id, taken_at).
  const baselineJoin = options.isMeasuringGrowth
    ? `LEFT JOIN snapshots b ON b.rowid = (
         SELECT s.rowid FROM snapshots s WHERE s.model_id = m.id AND s.taken_at <= ${sinceFor('m')}
         ORDER BY s.taken_at DESC, s.run_id DESC LIMIT 1)`
    : '';
  const current = lifetime('m');
  const baseline = options.isMeasuringGrowth ? lifetime('m', 'b') : 'NULL';
  const isNew = options.isMeasuringGrowth ? `m.created_at >= ${sinceFor('m')}` : '0';
  db.exec(
    `CREATE TEMP TABLE dfwatch_stats_cube (
       platform TEXT NOT NULL, month TEXT NOT NULL, type TEXT NOT NULL, baseModel TEXT NOT NULL,
       -- '${ACTIVE}', or why the model was removed
       removal TEXT NOT NULL,
       isPoi INTEGER NOT NULL, isTarget INTEGER NOT NULL, isTargetNoPoi INTEGER NOT NULL, isNcii INTEGER NOT NULL,
       isClassified INTEGER NOT NULL, isStale INTEGER NOT NULL, growthKind TEXT NOT NULL,
       models INTEGER NOT NULL,
       downloads INTEGER NOT NULL,
       downloads30d INTEGER,
       withoutDownloads INTEGER NOT NULL,
       gained INTEGER NOT NULL,
       -- person-targeting models without a target name, and their NCII level (classifications.ncii_level)
       unnamedTargets INTEGER NOT NULL,
       explicitTargets INTEGER NOT NULL,
       suggestiveTargets INTEGER NOT NULL,
       firstSeenAt TEXT, lastSeenAt TEXT, firstClassifiedAt TEXT, lastClassifiedAt TEXT,
       PRIMARY KEY (platform, month, type, baseModel, removal, isPoi, isTarget, isTargetNoPoi, isNcii, isClassified, isStale, growthKind)
     ) WITHOUT ROWID`,
  );
  // Scalar min()/max() return null when either side is null, unlike the aggregates: coalesce keeps
  // the non-null side, so nullable columns aggregate as sum()/min()/max() would.
  db.prepare(
    `INSERT INTO ${CUBE}
     SELECT m.platform,
       coalesce(substr(m.created_at, 1, 7), 'unknown'),
       m.type,
       -- base_models keeps the versions' base models in listing order (Civitai: newest version first).
       coalesce(json_extract(m.base_models, '$[0]'), '(none)'),
       CASE WHEN m.removed_at IS NOT NULL THEN coalesce(m.removed_reason, 'unknown') ELSE '${ACTIVE}' END,
       coalesce(m.poi, 0),
       coalesce(c.person_target, 0),
       coalesce(c.person_target_no_poi, 0),
       coalesce(c.ncii, 0),
       c.model_id IS NOT NULL,
       coalesce(c.content_hash <> m.content_hash, 0),
       CASE WHEN ${current} IS NOT NULL AND ${baseline} IS NOT NULL THEN 'baseline'
            WHEN ${current} IS NOT NULL AND ${isNew} THEN 'new'
            ELSE 'unmeasured' END,
       1,
       coalesce(${current}, 0),
       ${last30Days('m')},
       ${current} IS NULL,
       coalesce(CASE WHEN ${current} IS NOT NULL AND ${baseline} IS NOT NULL THEN ${current} - ${baseline}
                     WHEN ${current} IS NOT NULL AND ${isNew} THEN ${current} END, 0),
       coalesce(c.person_target = 1 AND coalesce(trim(c.target_name), '') = '', 0),
       coalesce(c.person_target = 1 AND c.ncii_level = 'explicit', 0),
       coalesce(c.person_target = 1 AND c.ncii_level = 'suggestive', 0),
       m.first_seen_at, m.last_seen_at, c.classified_at, c.classified_at
     FROM models m NOT INDEXED ${classificationJoin('m')} ${baselineJoin}
     -- "WHERE" ends the join so that "ON CONFLICT" below is read as the upsert clause.
     WHERE ${platformFilter('m')}
     ON CONFLICT DO UPDATE SET
       models = models + 1,
       downloads = downloads + excluded.downloads,
       downloads30d = coalesce(downloads30d + excluded.downloads30d, downloads30d, excluded.downloads30d),
       withoutDownloads = withoutDownloads + excluded.withoutDownloads,
       gained = gained + excluded.gained,
       unnamedTargets = unnamedTargets + excluded.unnamedTargets,
       explicitTargets = explicitTargets + excluded.explicitTargets,
       suggestiveTargets = suggestiveTargets + excluded.suggestiveTargets,
       firstSeenAt = coalesce(min(firstSeenAt, excluded.firstSeenAt), firstSeenAt, excluded.firstSeenAt),
       lastSeenAt = coalesce(max(lastSeenAt, excluded.lastSeenAt), lastSeenAt, excluded.lastSeenAt),
       firstClassifiedAt = coalesce(min(firstClassifiedAt, excluded.firstClassifiedAt), firstClassifiedAt, excluded.firstClassifiedAt),
       lastClassifiedAt = coalesce(max(lastClassifiedAt, excluded.lastClassifiedAt), lastClassifiedAt, excluded.lastClassifiedAt)`,
  ).run(context.params);
  // Per creator totals; creators are distinct per platform (the same handle on both is two accounts to us).
  // The totals read the covering index models_creator in creator order (no sort, no row visits); the
  // person-targeting part joins only the flagged models.
  db.prepare(
    `CREATE TEMP TABLE dfwatch_stats_creators AS
     WITH totals AS (
       SELECT m.platform, m.creator, count(*) AS models, coalesce(sum(${current}), 0) AS downloads
       FROM models m
       WHERE m.creator IS NOT NULL AND ${platformFilter('m')}
       GROUP BY m.creator, m.platform
     ),
     targeting AS (
       SELECT m.platform, m.creator, count(*) AS models, coalesce(sum(${current}), 0) AS downloads
       FROM classifications c JOIN models m ON m.id = c.model_id
       WHERE c.classifier_version = @version AND c.person_target = 1 AND m.creator IS NOT NULL AND ${platformFilter('m')}
       GROUP BY m.platform, m.creator
     )
     SELECT t.platform, t.creator, t.models, t.downloads,
       coalesce(g.models, 0) AS targetingModels, coalesce(g.downloads, 0) AS targetingDownloads
     FROM totals t LEFT JOIN targeting g ON g.creator = t.creator AND g.platform = t.platform`,
  ).run(context.params);
}

export function dropCube(context: QueryContext): void {
  context.sqlite.exec(`DROP TABLE IF EXISTS ${CUBE}; DROP TABLE IF EXISTS ${CREATORS};`);
}
