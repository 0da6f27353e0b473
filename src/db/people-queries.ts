// The statistics' queries about people: shares among person-targeting models, the most targeted
// names, the creators' concentration (over the cube's per-creator table) and the top creators.
// Hand-written SQL: window functions, CTEs and a rowid-ranked temp table that drizzle cannot express.
import type { ConcentrationRow, ShareRow, TopCreatorRow, TopTargetRow } from './stats-rows.js';
import { all, classificationJoin, CREATORS, lifetime, platformFilter, type QueryContext } from './stats-sql.js';

const RANKED = 'temp.dfwatch_stats_ranked';

/** Gender, fame, NCII (yes/no and by level), base family and model type shares among person-targeting models. */
export function queryShares(context: QueryContext): ShareRow[] {
  return all<ShareRow>(
    context,
    `WITH targeted AS MATERIALIZED (
       SELECT m.platform, m.type, c.target_gender, c.fame, c.ncii, c.ncii_level, c.base_family, ${lifetime('m')} AS downloads
       FROM classifications c JOIN models m ON m.id = c.model_id
       WHERE c.classifier_version = @version AND c.person_target = 1 AND ${platformFilter('m')}
     ),
     labelled AS (
       SELECT platform, 'gender' AS dimension, target_gender AS value, downloads FROM targeted
       UNION ALL SELECT platform, 'fame', fame, downloads FROM targeted
       UNION ALL SELECT platform, 'ncii', CASE WHEN ncii = 1 THEN 'ncii' ELSE 'not ncii' END, downloads FROM targeted
       UNION ALL SELECT platform, 'nciiLevel', ncii_level, downloads FROM targeted
       UNION ALL SELECT platform, 'baseFamily', base_family, downloads FROM targeted
       UNION ALL SELECT platform, 'modelType', type, downloads FROM targeted
     ),
     per AS (
       SELECT platform AS scope, dimension, value, count(*) AS models, coalesce(sum(downloads), 0) AS downloadsLifetime
       FROM labelled GROUP BY platform, dimension, value
     ),
     scoped AS (
       SELECT * FROM per
       UNION ALL
       SELECT 'all', dimension, value, sum(models), sum(downloadsLifetime) FROM per GROUP BY dimension, value
     )
     SELECT scope, dimension, value, models,
       models * 1.0 / sum(models) OVER (PARTITION BY scope, dimension) AS share,
       downloadsLifetime
     FROM scoped
     ORDER BY scope, dimension, models DESC, value`,
  );
}

/** The most targeted names (case-folded), with their models and downloads. Names individuals. */
export function queryTopTargets(context: QueryContext): TopTargetRow[] {
  return all<TopTargetRow>(
    context,
    `SELECT row_number() OVER (ORDER BY count(*) DESC, coalesce(sum(${lifetime('m')}), 0) DESC, lower(trim(c.target_name))) AS rank,
       min(trim(c.target_name)) AS target,
       count(*) AS models,
       group_concat(DISTINCT m.platform) AS platforms,
       coalesce(sum(${lifetime('m')}), 0) AS downloadsLifetime,
       CASE WHEN count(DISTINCT c.target_gender) = 1 THEN min(c.target_gender) ELSE 'mixed' END AS gender,
       CASE WHEN count(DISTINCT c.fame) = 1 THEN min(c.fame) ELSE 'mixed' END AS fame
     FROM classifications c JOIN models m ON m.id = c.model_id
     WHERE c.classifier_version = @version AND c.person_target = 1
       AND c.target_name IS NOT NULL AND trim(c.target_name) <> '' AND ${platformFilter('m')}
     GROUP BY lower(trim(c.target_name))
     ORDER BY rank
     LIMIT @topN`,
  );
}

/** Models without a creator per scope and population: the creator figures leave them out. */
export interface ModelsWithoutCreatorRow {
  scope: string;
  population: string;
  models: number;
}

/**
 * Share of models and downloads held by the top 1% and 10% of creators (ranked separately by model
 * count and by downloads; the top k% is ceil(k% of creators), at least one creator).
 *
 * The top k's share needs only the sum of the k largest values, whoever holds them, so ties never
 * matter. Window functions (row_number per scope and population, twice) took 2.1 s on 1M models
 * (190k creators); instead every population's values are written once, sorted, into a temp table
 * whose rowids are then the ranks, and each top-k sum reads one rowid range: 0.8 s.
 */
export function queryConcentrationShares(context: QueryContext): Omit<ConcentrationRow, 'modelsWithoutCreator'>[] {
  const population = `population AS (
       SELECT platform AS scope, 'all models' AS population, models, downloads FROM ${CREATORS}
       UNION ALL SELECT 'all', 'all models', models, downloads FROM ${CREATORS}
       UNION ALL SELECT platform, 'person-targeting', targetingModels, targetingDownloads FROM ${CREATORS} WHERE targetingModels > 0
       UNION ALL SELECT 'all', 'person-targeting', targetingModels, targetingDownloads FROM ${CREATORS} WHERE targetingModels > 0
     )`;
  context.sqlite.exec(`DROP TABLE IF EXISTS ${RANKED}; CREATE TEMP TABLE dfwatch_stats_ranked (value INTEGER NOT NULL)`);
  try {
    // Model counts of every population in (scope, population) order, largest first; then downloads likewise.
    const rankModels = context.sqlite.prepare(`INSERT INTO ${RANKED} (value) WITH ${population} SELECT models FROM population ORDER BY scope, population, models DESC`);
    const rankDownloads = context.sqlite.prepare(`INSERT INTO ${RANKED} (value) WITH ${population} SELECT downloads FROM population ORDER BY scope, population, downloads DESC`);
    rankModels.run();
    rankDownloads.run();
    return all<Omit<ConcentrationRow, 'modelsWithoutCreator'>>(
      context,
      `WITH per AS (
         SELECT platform AS scope, count(*) AS creators, sum(models) AS models, sum(downloads) AS downloads,
           sum(targetingModels > 0) AS targetingCreators, sum(targetingModels) AS targetingModels, sum(targetingDownloads) AS targetingDownloads
         FROM ${CREATORS} GROUP BY platform
       ),
       parts AS (
         SELECT scope, 'all models' AS population, creators, models, downloads FROM per
         UNION ALL SELECT 'all', 'all models', sum(creators), sum(models), sum(downloads) FROM per
         UNION ALL SELECT scope, 'person-targeting', targetingCreators, targetingModels, targetingDownloads FROM per
         UNION ALL SELECT 'all', 'person-targeting', sum(targetingCreators), sum(targetingModels), sum(targetingDownloads) FROM per
       ),
       -- Where each population's block starts in the temp table: the sizes of the blocks sorted before it.
       placed AS (
         SELECT scope, population, creators, models, downloads,
           coalesce(sum(creators) OVER (ORDER BY scope, population ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS modelsBefore,
           sum(creators) OVER () + coalesce(sum(creators) OVER (ORDER BY scope, population ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS downloadsBefore
         FROM parts WHERE creators > 0
       )
       SELECT scope, population, creators, models, downloads AS downloadsLifetime,
         coalesce((SELECT sum(value) FROM ${RANKED} WHERE rowid BETWEEN modelsBefore + 1 AND modelsBefore + (creators + 99) / 100) * 1.0 / models, 0) AS top1PctModelsShare,
         coalesce((SELECT sum(value) FROM ${RANKED} WHERE rowid BETWEEN modelsBefore + 1 AND modelsBefore + (creators + 9) / 10) * 1.0 / models, 0) AS top10PctModelsShare,
         coalesce((SELECT sum(value) FROM ${RANKED} WHERE rowid BETWEEN downloadsBefore + 1 AND downloadsBefore + (creators + 99) / 100) * 1.0 / downloads, 0) AS top1PctDownloadsShare,
         coalesce((SELECT sum(value) FROM ${RANKED} WHERE rowid BETWEEN downloadsBefore + 1 AND downloadsBefore + (creators + 9) / 10) * 1.0 / downloads, 0) AS top10PctDownloadsShare
       FROM placed
       ORDER BY population, scope`,
    );
  } finally {
    context.sqlite.exec(`DROP TABLE IF EXISTS ${RANKED}`);
  }
}

export function queryModelsWithoutCreator(context: QueryContext): ModelsWithoutCreatorRow[] {
  return all<ModelsWithoutCreatorRow>(
    context,
    `WITH per AS (
       SELECT m.platform AS scope, count(*) AS models, coalesce(sum(c.person_target), 0) AS targeting
       FROM models m ${classificationJoin('m')}
       WHERE m.creator IS NULL AND ${platformFilter('m')}
       GROUP BY m.platform
     ),
     scoped AS (SELECT * FROM per UNION ALL SELECT 'all', coalesce(sum(models), 0), coalesce(sum(targeting), 0) FROM per)
     SELECT scope, 'all models' AS population, models FROM scoped
     UNION ALL SELECT scope, 'person-targeting', targeting FROM scoped`,
  );
}

/**
 * The creators with the most person-targeting models (or the most models, when nothing is
 * classified). Names individuals: charts show ranks only.
 */
export function queryTopCreators(context: QueryContext): TopCreatorRow[] {
  const order = context.params.version ? 'targetingModels DESC, targetingDownloads DESC' : 'models DESC, downloads DESC';
  return all<TopCreatorRow>(
    context,
    // ORDER BY … LIMIT keeps only the top rows while it scans; ranking every creator first sorts them all.
    `SELECT row_number() OVER (ORDER BY ${order}, platform, creator) AS rank,
       platform, creator, models, targetingModels AS personTargetingModels,
       downloads AS downloadsLifetime, targetingDownloads AS personTargetingDownloadsLifetime
     FROM (SELECT * FROM ${CREATORS} ORDER BY ${order}, platform, creator LIMIT @topN)
     ORDER BY rank`,
  );
}
