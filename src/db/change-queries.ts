// The statistics' queries about change between crawls: the snapshot dates growth is measured from,
// downloads gained (over the cube), removals, and files that reappeared under another model id or
// on the other platform (re-uploads, through the file_links view). Hand-written SQL: CTEs over the
// cube and a temp table of pairs read twice, which drizzle cannot express.
import type { Platform } from './schema.js';
import type { GrowthRow, RemovalRow, ReuploadPairRow, ReuploadSummaryRow } from './stats-rows.js';
import { ACTIVE, all, classificationJoin, CUBE, isTrue, lifetime, platformFilter, type QueryContext } from './stats-sql.js';

/** Dates (as_of) of the runs that left snapshots, per platform, oldest first. Reads crawl_runs and the snapshots key only. */
export function querySnapshotDates(context: QueryContext): { platform: Platform; asOf: string }[] {
  return all<{ platform: Platform; asOf: string }>(
    context,
    `SELECT DISTINCT r.platform, r.as_of AS asOf FROM crawl_runs r
     WHERE ${platformFilter('r')} AND EXISTS (SELECT 1 FROM snapshots s WHERE s.run_id = r.id)
     ORDER BY r.as_of`,
  );
}

/**
 * Downloads gained per scope and population, from the cube (its growthKind says how each model's
 * gain was measured). Without a measurable baseline the rows hold lifetime downloads instead.
 */
export function queryGrowthRows(context: QueryContext, options: { isMeasurable: boolean }): GrowthRow[] {
  const { isMeasurable } = options;
  return all<GrowthRow>(
    context,
    `WITH per AS (
       SELECT platform AS scope, 'all models' AS population,
         ${isMeasurable ? 'sum(gained)' : 'sum(downloads)'} AS downloadsGained,
         sum(CASE WHEN growthKind = 'baseline' THEN models ELSE 0 END) AS modelsWithBaseline,
         ${isMeasurable ? "sum(CASE WHEN growthKind = 'new' THEN models ELSE 0 END)" : 'sum(models) - sum(withoutDownloads)'} AS modelsNewSince,
         ${isMeasurable ? "sum(CASE WHEN growthKind = 'unmeasured' THEN models ELSE 0 END)" : '0'} AS modelsUnmeasured
       FROM ${CUBE} GROUP BY platform
       UNION ALL
       SELECT platform, 'person-targeting',
         ${isMeasurable ? 'sum(gained)' : 'sum(downloads)'},
         sum(CASE WHEN growthKind = 'baseline' THEN models ELSE 0 END),
         ${isMeasurable ? "sum(CASE WHEN growthKind = 'new' THEN models ELSE 0 END)" : 'sum(models) - sum(withoutDownloads)'},
         ${isMeasurable ? "sum(CASE WHEN growthKind = 'unmeasured' THEN models ELSE 0 END)" : '0'}
       FROM ${CUBE} WHERE isTarget = 1 GROUP BY platform
     )
     SELECT * FROM per
     UNION ALL
     SELECT 'all', population, sum(downloadsGained), sum(modelsWithBaseline), sum(modelsNewSince), sum(modelsUnmeasured)
     FROM per GROUP BY population
     ORDER BY population, scope`,
  );
}

/** Models marked removed (seen in an earlier full run, gone since), by the crawler's reason. */
export function queryRemovals(context: QueryContext): RemovalRow[] {
  return all<RemovalRow>(
    context,
    `WITH per AS (
       SELECT platform AS scope, removal AS reason, sum(models) AS models,
         sum(isTarget * models) AS personTargeting, sum(isNcii * models) AS ncii, sum(downloads) AS downloadsLifetime
       FROM ${CUBE}
       WHERE removal <> '${ACTIVE}'
       GROUP BY platform, removal
     ),
     scoped AS (
       SELECT * FROM per
       UNION ALL
       SELECT 'all', reason, sum(models), sum(personTargeting), sum(ncii), sum(downloadsLifetime) FROM per GROUP BY reason
     )
     SELECT * FROM (
       SELECT * FROM scoped
       UNION ALL
       SELECT scope, 'any', sum(models), sum(personTargeting), sum(ncii), sum(downloadsLifetime) FROM scoped GROUP BY scope
     )
     ORDER BY scope, reason = 'any', models DESC, reason`,
  );
}

/**
 * Pairs of models sharing a file (the file_links view: SHA256, or AutoV2 where one side has only
 * that), each pair once and oriented from the earlier-published model to the later one. Only hashes
 * that occur more than once are joined, so the cost follows the duplicates, not the whole files table.
 */
const PAIRS_CTE = `duplicated AS (
    SELECT autov2 FROM files WHERE autov2 IS NOT NULL GROUP BY autov2 HAVING count(*) > 1
  ),
  links AS (
    SELECT l.model_id AS a, l.other_model_id AS b, max(l.matched_on) AS matchedOn
    FROM file_links l
    WHERE l.file_id IN (SELECT f.id FROM files f JOIN duplicated d ON d.autov2 = f.autov2)
    GROUP BY l.model_id, l.other_model_id
  ),
  pairs AS (
    SELECT o.platform AS originalPlatform, o.platform_id AS originalPlatformId, o.name AS originalName, o.creator AS originalCreator,
      o.removed_at AS originalRemovedAt, o.id AS originalId,
      r.platform AS reuploadPlatform, r.platform_id AS reuploadPlatformId, r.name AS reuploadName, r.creator AS reuploadCreator,
      r.id AS reuploadId, ${lifetime('r')} AS reuploadDownloads,
      links.matchedOn,
      coalesce(co.person_target, 0) = 1 OR coalesce(cr.person_target, 0) = 1 AS isPersonTargeting
    FROM links
    JOIN models o ON o.id = links.a
    JOIN models r ON r.id = links.b
    ${classificationJoin('o', 'co')}
    ${classificationJoin('r', 'cr')}
    WHERE (coalesce(o.created_at, o.first_seen_at), o.id) < (coalesce(r.created_at, r.first_seen_at), r.id)
      AND (${platformFilter('o')} OR ${platformFilter('r')})
  )`;

const PAIRS = 'temp.dfwatch_stats_pairs';

/** The pairs are found once into a temp table (a few thousand rows) that the summary and the list both read. */
export function queryReuploads(context: QueryContext): { summary: ReuploadSummaryRow[]; pairs: ReuploadPairRow[] } {
  context.sqlite.exec(`DROP TABLE IF EXISTS ${PAIRS}`);
  context.sqlite.prepare(`CREATE TEMP TABLE dfwatch_stats_pairs AS WITH ${PAIRS_CTE} SELECT * FROM pairs`).run(context.params);
  try {
    return { summary: queryReuploadSummary(context), pairs: queryReuploadPairs(context) };
  } finally {
    context.sqlite.exec(`DROP TABLE IF EXISTS ${PAIRS}`);
  }
}

function queryReuploadSummary(context: QueryContext): ReuploadSummaryRow[] {
  return all<ReuploadSummaryRow>(
    context,
    `SELECT originalPlatform || ' → ' || reuploadPlatform AS direction,
       count(*) AS pairs,
       count(DISTINCT reuploadId) AS reuploadModels,
       count(DISTINCT originalId) AS originalModels,
       count(originalRemovedAt) AS originalRemoved,
       sum(isPersonTargeting) AS personTargetingPairs,
       sum(matchedOn = 'sha256') AS matchedOnSha256,
       sum(matchedOn = 'autov2') AS matchedOnAutoV2
     FROM ${PAIRS}
     GROUP BY direction
     ORDER BY originalPlatform = reuploadPlatform, direction`,
  );
}

function queryReuploadPairs(context: QueryContext): ReuploadPairRow[] {
  return all<Record<string, unknown>>(
    context,
    `SELECT * FROM ${PAIRS}
     ORDER BY originalPlatform <> reuploadPlatform DESC, isPersonTargeting DESC, coalesce(reuploadDownloads, 0) DESC, originalId, reuploadId
     LIMIT @topN`,
  ).map(
    (row): ReuploadPairRow => ({
      original: {
        platform: row.originalPlatform as ReuploadPairRow['original']['platform'],
        platformId: row.originalPlatformId as string,
        name: row.originalName as string,
        creator: row.originalCreator as string | null,
      },
      reupload: {
        platform: row.reuploadPlatform as ReuploadPairRow['reupload']['platform'],
        platformId: row.reuploadPlatformId as string,
        name: row.reuploadName as string,
        creator: row.reuploadCreator as string | null,
      },
      matchedOn: row.matchedOn as ReuploadPairRow['matchedOn'],
      originalRemovedAt: row.originalRemovedAt as string | null,
      reuploadDownloadsLifetime: row.reuploadDownloads as number | null,
      isPersonTargeting: isTrue(row.isPersonTargeting),
    }),
  );
}
