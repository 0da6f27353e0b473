// The statistics' crawl-wide figures: how many models, their downloads, person-targeting counts,
// breakdowns by type and base model, the monthly time series and the classifier's coverage. Each is
// an aggregate over the cube (built by src/stats/cube.ts); per-platform rows are summed into an "all"
// row inside the same SQL. Hand-written SQL: CTEs, window functions and UNION ALL, which drizzle
// cannot express over a temp table it does not know.
import type { BreakdownRow, ClassifierInfo, MonthlyRow, OverviewRow, PersonTargetingRow } from './stats-rows.js';
import { ACTIVE, all, CREATORS, CUBE, one, type QueryContext } from './stats-sql.js';

type TotalsRow = OverviewRow & Omit<PersonTargetingRow, 'downloadsLifetime' | 'downloads30d' | 'modelsWithoutDownloads'> & {
  personTargetingDownloadsLifetime: number;
  personTargetingDownloads30d: number | null;
  personTargetingWithoutDownloads: number;
};

/** Overview and person-targeting counts, from the cube; creators from the per-creator table. */
export function queryTotals(context: QueryContext): { overview: OverviewRow[]; personTargeting: PersonTargetingRow[] } {
  const rows = all<TotalsRow>(
    context,
    `WITH per AS (
       SELECT platform AS scope,
         sum(models) AS models,
         sum(CASE WHEN removal = '${ACTIVE}' THEN models ELSE 0 END) AS activeModels,
         sum(CASE WHEN removal <> '${ACTIVE}' THEN models ELSE 0 END) AS removedModels,
         (SELECT count(*) FROM ${CREATORS} k WHERE k.platform = q.platform) AS creators,
         sum(downloads) AS downloadsLifetime,
         sum(downloads30d) AS downloads30d,
         sum(withoutDownloads) AS modelsWithoutDownloads,
         min(firstSeenAt) AS firstSeenAt,
         max(lastSeenAt) AS lastSeenAt,
         sum(isTarget * models) AS classifier,
         sum(isTargetNoPoi * models) AS classifierNoPoi,
         sum(isPoi * models) AS civitaiPoi,
         sum(isPoi * isTargetNoPoi * models) AS poiAndClassifierNoPoi,
         sum(CASE WHEN isTarget = 1 AND removal = '${ACTIVE}' THEN models ELSE 0 END) AS activeClassifier,
         sum(isNcii * models) AS ncii,
         sum(explicitTargets) AS nciiExplicit,
         sum(suggestiveTargets) AS nciiSuggestive,
         sum(unnamedTargets) AS unnamedTargets,
         sum(isTarget * withoutDownloads) AS personTargetingWithoutDownloads,
         sum(CASE WHEN isTarget = 1 THEN downloads ELSE 0 END) AS personTargetingDownloadsLifetime,
         sum(CASE WHEN isTarget = 1 THEN downloads30d END) AS personTargetingDownloads30d,
         sum(isPoi * downloads) AS civitaiPoiDownloadsLifetime
       FROM ${CUBE} q
       GROUP BY platform
     )
     SELECT * FROM per
     UNION ALL
     SELECT 'all', coalesce(sum(models), 0), coalesce(sum(activeModels), 0), coalesce(sum(removedModels), 0),
       coalesce(sum(creators), 0), coalesce(sum(downloadsLifetime), 0), sum(downloads30d), coalesce(sum(modelsWithoutDownloads), 0),
       min(firstSeenAt), max(lastSeenAt), coalesce(sum(classifier), 0), coalesce(sum(classifierNoPoi), 0), coalesce(sum(civitaiPoi), 0),
       coalesce(sum(poiAndClassifierNoPoi), 0), coalesce(sum(activeClassifier), 0), coalesce(sum(ncii), 0),
       coalesce(sum(nciiExplicit), 0), coalesce(sum(nciiSuggestive), 0), coalesce(sum(unnamedTargets), 0),
       coalesce(sum(personTargetingWithoutDownloads), 0),
       coalesce(sum(personTargetingDownloadsLifetime), 0), sum(personTargetingDownloads30d), coalesce(sum(civitaiPoiDownloadsLifetime), 0)
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
      nciiExplicit: row.nciiExplicit,
      nciiSuggestive: row.nciiSuggestive,
      unnamedTargets: row.unnamedTargets,
      modelsWithoutDownloads: row.personTargetingWithoutDownloads,
      downloadsLifetime: row.personTargetingDownloadsLifetime,
      downloads30d: row.personTargetingDownloads30d,
      civitaiPoiDownloadsLifetime: row.civitaiPoiDownloadsLifetime,
    })),
  };
}

/**
 * Models by type and by base model. A model's base model is the first one it names (Civitai: its
 * newest version's); models stored without one count as "(none)".
 */
export function queryBreakdown(context: QueryContext): BreakdownRow[] {
  return all<BreakdownRow>(
    context,
    `WITH labelled AS (
       SELECT platform, 'type' AS dimension, type AS value, models, downloads FROM ${CUBE}
       UNION ALL
       SELECT platform, 'baseModel', baseModel, models, downloads FROM ${CUBE}
     ),
     per AS (
       SELECT platform AS scope, dimension, value, sum(models) AS models, sum(downloads) AS downloadsLifetime
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
       SELECT platform AS scope, month,
         sum(models) AS newModels,
         sum(isTarget * models) AS newPersonTargeting,
         sum(downloads) AS downloads,
         sum(CASE WHEN isTarget = 1 THEN downloads ELSE 0 END) AS personTargetingDownloads
       FROM ${CUBE}
       GROUP BY platform, month
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

/** How many models the chosen classifier version has decided, from the cube. */
export function queryClassifierCounts(context: QueryContext): Omit<ClassifierInfo, 'version'> {
  return one<Omit<ClassifierInfo, 'version'>>(
    context,
    `SELECT coalesce(sum(models), 0) AS classifiedModels, coalesce(sum(isTarget * models), 0) AS personTarget,
       coalesce(sum(isStale * models), 0) AS staleModels,
       min(firstClassifiedAt) AS firstClassifiedAt, max(lastClassifiedAt) AS lastClassifiedAt
     FROM ${CUBE} WHERE isClassified = 1`,
  );
}
