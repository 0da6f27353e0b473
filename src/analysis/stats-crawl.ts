// Crawl-wide figures: how many models, their downloads, person-targeting counts, breakdowns by type
// and base model, and the monthly time series. Each is one aggregate query; per-platform rows are
// summed into an "all" row inside the same SQL.
import type { BreakdownRow, MonthlyRow, OverviewRow, PersonTargetingRow } from './stats-types.js';
import { all, classificationJoin, last30Days, lifetime, platformFilter, type QueryContext } from './sql.js';

type TotalsRow = OverviewRow & Omit<PersonTargetingRow, 'downloadsLifetime' | 'downloads30d'> & {
  personTargetingDownloadsLifetime: number;
  personTargetingDownloads30d: number | null;
};

/** One scan of models answers both the overview and the person-targeting counts. */
export function queryTotals(context: QueryContext): { overview: OverviewRow[]; personTargeting: PersonTargetingRow[] } {
  const rows = all<TotalsRow>(
    context,
    `WITH per AS (
       SELECT m.platform AS scope,
         count(*) AS models,
         count(*) - count(m.removed_at) AS activeModels,
         count(m.removed_at) AS removedModels,
         count(DISTINCT m.creator) AS creators,
         coalesce(sum(${lifetime('m')}), 0) AS downloadsLifetime,
         sum(${last30Days('m')}) AS downloads30d,
         sum(${lifetime('m')} IS NULL) AS modelsWithoutDownloads,
         min(m.first_seen_at) AS firstSeenAt,
         max(m.last_seen_at) AS lastSeenAt,
         coalesce(sum(c.person_target), 0) AS classifier,
         coalesce(sum(c.person_target_no_poi), 0) AS classifierNoPoi,
         coalesce(sum(m.poi = 1), 0) AS civitaiPoi,
         coalesce(sum(m.poi = 1 AND c.person_target_no_poi = 1), 0) AS poiAndClassifierNoPoi,
         coalesce(sum(c.person_target = 1 AND m.removed_at IS NULL), 0) AS activeClassifier,
         coalesce(sum(c.ncii), 0) AS ncii,
         coalesce(sum(CASE WHEN c.person_target = 1 THEN ${lifetime('m')} END), 0) AS personTargetingDownloadsLifetime,
         sum(CASE WHEN c.person_target = 1 THEN ${last30Days('m')} END) AS personTargetingDownloads30d
       FROM models m ${classificationJoin('m')}
       WHERE ${platformFilter('m')}
       GROUP BY m.platform
     )
     SELECT * FROM per
     UNION ALL
     SELECT 'all', coalesce(sum(models), 0), coalesce(sum(activeModels), 0), coalesce(sum(removedModels), 0),
       coalesce(sum(creators), 0), coalesce(sum(downloadsLifetime), 0), sum(downloads30d), coalesce(sum(modelsWithoutDownloads), 0),
       min(firstSeenAt), max(lastSeenAt), coalesce(sum(classifier), 0), coalesce(sum(classifierNoPoi), 0), coalesce(sum(civitaiPoi), 0),
       coalesce(sum(poiAndClassifierNoPoi), 0), coalesce(sum(activeClassifier), 0), coalesce(sum(ncii), 0),
       coalesce(sum(personTargetingDownloadsLifetime), 0), sum(personTargetingDownloads30d)
     FROM per`,
  );
  return {
    overview: rows.map((row) => ({
      scope: row.scope,
      models: row.models,
      activeModels: row.activeModels,
      removedModels: row.removedModels,
      creators: row.creators,
      downloadsLifetime: row.downloadsLifetime,
      downloads30d: row.downloads30d,
      modelsWithoutDownloads: row.modelsWithoutDownloads,
      firstSeenAt: row.firstSeenAt,
      lastSeenAt: row.lastSeenAt,
    })),
    personTargeting: rows.map((row) => ({
      scope: row.scope,
      classifier: row.classifier,
      classifierNoPoi: row.classifierNoPoi,
      civitaiPoi: row.civitaiPoi,
      poiAndClassifierNoPoi: row.poiAndClassifierNoPoi,
      activeClassifier: row.activeClassifier,
      ncii: row.ncii,
      downloadsLifetime: row.personTargetingDownloadsLifetime,
      downloads30d: row.personTargetingDownloads30d,
    })),
  };
}

/**
 * Models by type and by base model. A model's base model is its first-listed version's (Civitai
 * lists the newest first); models stored without versions count as "(none)".
 */
export function queryBreakdown(context: QueryContext): BreakdownRow[] {
  return all<BreakdownRow>(
    context,
    `WITH labelled AS (
       SELECT m.platform, 'type' AS dimension, m.type AS value, ${lifetime('m')} AS downloads
       FROM models m WHERE ${platformFilter('m')}
       UNION ALL
       SELECT m.platform, 'baseModel', coalesce(v.base_model, '(none)'), ${lifetime('m')}
       FROM models m
       LEFT JOIN model_versions v ON v.id = (SELECT min(fv.id) FROM model_versions fv WHERE fv.model_id = m.id)
       WHERE ${platformFilter('m')}
     ),
     per AS (
       SELECT platform AS scope, dimension, value, count(*) AS models, coalesce(sum(downloads), 0) AS downloadsLifetime
       FROM labelled GROUP BY platform, dimension, value
     )
     SELECT * FROM per
     UNION ALL
     SELECT 'all', dimension, value, sum(models), sum(downloadsLifetime) FROM per GROUP BY dimension, value
     ORDER BY scope, dimension, models DESC, value`,
  );
}

/** New models per month of creation, with running totals (window functions) per scope. */
export function queryMonthly(context: QueryContext): MonthlyRow[] {
  return all<MonthlyRow>(
    context,
    `WITH per AS (
       SELECT m.platform AS scope,
         coalesce(substr(m.created_at, 1, 7), 'unknown') AS month,
         count(*) AS newModels,
         coalesce(sum(c.person_target), 0) AS newPersonTargeting,
         coalesce(sum(${lifetime('m')}), 0) AS downloads,
         coalesce(sum(CASE WHEN c.person_target = 1 THEN ${lifetime('m')} END), 0) AS personTargetingDownloads
       FROM models m ${classificationJoin('m')}
       WHERE ${platformFilter('m')}
       GROUP BY m.platform, month
     ),
     scoped AS (
       SELECT * FROM per
       UNION ALL
       SELECT 'all', month, sum(newModels), sum(newPersonTargeting), sum(downloads), sum(personTargetingDownloads)
       FROM per GROUP BY month
     )
     SELECT scope, month, newModels, newPersonTargeting,
       sum(newModels) OVER running AS cumulativeModels,
       sum(newPersonTargeting) OVER running AS cumulativePersonTargeting,
       sum(downloads) OVER running AS cumulativeDownloadsLifetime,
       sum(personTargetingDownloads) OVER running AS cumulativePersonTargetingDownloadsLifetime
     FROM scoped
     WINDOW running AS (PARTITION BY scope ORDER BY month ROWS UNBOUNDED PRECEDING)
     ORDER BY scope, month`,
  );
}
