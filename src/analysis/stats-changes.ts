// What changed between crawls: downloads gained (from snapshots), models removed, and files that
// reappeared under another model id or on the other platform.
import type { Growth, GrowthRow, RemovalRow, ReuploadPairRow, ReuploadSummaryRow } from './stats-types.js';
import { all, classificationJoin, isTrue, lifetime, platformFilter, type QueryContext } from './sql.js';

/** Dates (as_of) of the runs that left snapshots, oldest first. Reads crawl_runs and the snapshots key only. */
function snapshotDates(context: QueryContext): string[] {
  return all<{ asOf: string }>(
    context,
    `SELECT DISTINCT r.as_of AS asOf FROM crawl_runs r
     WHERE ${platformFilter('r')} AND EXISTS (SELECT 1 FROM snapshots s WHERE s.run_id = r.id)
     ORDER BY r.as_of`,
  ).map((row) => row.asOf);
}

/**
 * Downloads gained since a date. A model's gain is its latest lifetime count minus its last snapshot
 * at or before the date; a model created after the date with no earlier snapshot gained all of its
 * downloads; an older model first seen after the date cannot be measured and is counted apart.
 */
export function queryGrowth(context: QueryContext): Growth {
  const dates = snapshotDates(context);
  const since = context.params.since ?? dates[0] ?? null;
  const isMeasurable = since !== null && dates.some((date) => date > since);
  if (!isMeasurable) {
    const rows = all<GrowthRow>(
      context,
      `WITH per AS (
         SELECT m.platform AS scope,
           coalesce(sum(${lifetime('m')}), 0) AS allDownloads,
           count(${lifetime('m')}) AS allCounted,
           coalesce(sum(CASE WHEN c.person_target = 1 THEN ${lifetime('m')} END), 0) AS targetingDownloads,
           coalesce(sum(c.person_target = 1 AND ${lifetime('m')} IS NOT NULL), 0) AS targetingCounted
         FROM models m ${classificationJoin('m')}
         WHERE ${platformFilter('m')}
         GROUP BY m.platform
       ),
       scoped AS (SELECT * FROM per UNION ALL SELECT 'all', coalesce(sum(allDownloads), 0), coalesce(sum(allCounted), 0),
         coalesce(sum(targetingDownloads), 0), coalesce(sum(targetingCounted), 0) FROM per)
       SELECT scope, 'all models' AS population, allDownloads AS downloadsGained, 0 AS modelsWithBaseline,
         allCounted AS modelsNewSince, 0 AS modelsUnmeasured FROM scoped
       UNION ALL
       SELECT scope, 'person-targeting', targetingDownloads, 0, targetingCounted, 0 FROM scoped`,
    );
    return {
      since,
      method: 'lifetime',
      note:
        dates.length <= 1 && context.params.since === null
          ? 'Only one snapshot of the counters exists, so these are lifetime downloads, not growth since a date. Crawl again later, or pass --since before the crawl date.'
          : `No snapshot was taken after ${since}: these are lifetime downloads, not growth.`,
      rows,
    };
  }
  const rows = all<GrowthRow>(
    { ...context, params: { ...context.params, since } },
    `WITH measured AS (
       SELECT m.platform, c.person_target AS isTargeting,
         ${lifetime('m')} AS current,
         ${lifetime('m', 'b')} AS baseline,
         m.created_at >= @since AS isNew
       FROM models m ${classificationJoin('m')}
       LEFT JOIN snapshots b ON b.model_id = m.id AND b.run_id = (
         SELECT s.run_id FROM snapshots s WHERE s.model_id = m.id AND s.taken_at <= @since
         ORDER BY s.taken_at DESC, s.run_id DESC LIMIT 1)
       WHERE ${platformFilter('m')}
     ),
     classed AS (
       SELECT platform, isTargeting,
         CASE WHEN current IS NOT NULL AND baseline IS NOT NULL THEN current - baseline
              WHEN current IS NOT NULL AND baseline IS NULL AND isNew THEN current END AS gained,
         CASE WHEN current IS NOT NULL AND baseline IS NOT NULL THEN 'baseline'
              WHEN current IS NOT NULL AND baseline IS NULL AND isNew THEN 'new'
              ELSE 'unmeasured' END AS kind
       FROM measured
     ),
     per AS (
       SELECT platform AS scope, 'all models' AS population, coalesce(sum(gained), 0) AS downloadsGained,
         sum(kind = 'baseline') AS modelsWithBaseline, sum(kind = 'new') AS modelsNewSince, sum(kind = 'unmeasured') AS modelsUnmeasured
       FROM classed GROUP BY platform
       UNION ALL
       SELECT platform, 'person-targeting', coalesce(sum(gained), 0), sum(kind = 'baseline'), sum(kind = 'new'), sum(kind = 'unmeasured')
       FROM classed WHERE isTargeting = 1 GROUP BY platform
     )
     SELECT * FROM per
     UNION ALL
     SELECT 'all', population, sum(downloadsGained), sum(modelsWithBaseline), sum(modelsNewSince), sum(modelsUnmeasured)
     FROM per GROUP BY population
     ORDER BY population, scope`,
  );
  return {
    since,
    method: 'snapshots',
    note:
      `Lifetime downloads gained since ${since}: latest snapshot minus the last snapshot at or before that date (Hugging Face: downloadsAllTime). ` +
      `Models created later count in full; older models without an earlier snapshot are left out (unmeasured).` +
      (dates.some((date) => date <= since) ? '' : ' No snapshot predates this date, so only models created since it are measured.'),
    rows,
  };
}

/** Models marked removed (seen in an earlier full run, gone since), by the crawler's reason. */
export function queryRemovals(context: QueryContext): RemovalRow[] {
  return all<RemovalRow>(
    context,
    `WITH per AS (
       SELECT m.platform AS scope, coalesce(m.removed_reason, 'unknown') AS reason, count(*) AS models,
         coalesce(sum(c.person_target), 0) AS personTargeting, coalesce(sum(c.ncii), 0) AS ncii,
         coalesce(sum(${lifetime('m')}), 0) AS downloadsLifetime
       FROM models m ${classificationJoin('m')}
       WHERE m.removed_at IS NOT NULL AND ${platformFilter('m')}
       GROUP BY m.platform, reason
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

export function queryReuploads(context: QueryContext): { summary: ReuploadSummaryRow[]; pairs: ReuploadPairRow[] } {
  const summary = all<ReuploadSummaryRow>(
    context,
    `WITH ${PAIRS_CTE}
     SELECT originalPlatform || ' → ' || reuploadPlatform AS direction,
       count(*) AS pairs,
       count(DISTINCT reuploadId) AS reuploadModels,
       count(DISTINCT originalId) AS originalModels,
       count(originalRemovedAt) AS originalRemoved,
       sum(isPersonTargeting) AS personTargetingPairs,
       sum(matchedOn = 'sha256') AS matchedOnSha256,
       sum(matchedOn = 'autov2') AS matchedOnAutoV2
     FROM pairs
     GROUP BY direction
     ORDER BY originalPlatform = reuploadPlatform, direction`,
  );
  const pairs = all<Record<string, unknown>>(
    context,
    `WITH ${PAIRS_CTE}
     SELECT * FROM pairs
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
  return { summary, pairs };
}
