// `dfwatch stats`: the study's statistics, computed by SQL aggregates in the database (GROUP BY and
// window functions), so the cost is a handful of scans whatever the size, never all rows in memory.
import type { Store } from '../db/open.js';
import { chooseClassifierVersion } from '../db/classifier-version.js';
import { queryRemovals, queryReuploads } from '../db/change-queries.js';
import { queryBreakdown, queryMonthly, queryTotals } from '../db/crawl-figures.js';
import { queryShares, queryTopCreators, queryTopTargets } from '../db/people-queries.js';
import type { QueryContext } from '../db/stats-sql.js';
import { buildComparison, queryMethods } from './methods.js';
import { growthParams, growthPlan, type GrowthPlan, queryGrowth } from './changes.js';
import { createCube, dropCube } from './cube.js';
import { queryConcentration } from './people.js';
import type { GoldSetScores, Stats, StatsOptions } from './types.js';
import { buildKeyFindings } from './key-findings.js';
import { queryCoverage } from './coverage.js';

export type { Stats, StatsOptions } from './types.js';

export const DEFAULT_TOP_N = 25;


export interface ComputeStatsOptions extends StatsOptions {
  /** Gold-set scores of the classifier version, when an evaluation has been run. */
  goldSet?: GoldSetScores | null;
}

export function computeStats(store: Store, options: ComputeStatsOptions = {}): Stats {
  const version = chooseClassifierVersion(store, options.classifierVersion);
  const context: QueryContext = {
    sqlite: store.sqlite,
    params: {
      platform: options.platform ?? null,
      version,
      since: options.since ?? null,
      sinceCivitai: null,
      sinceHuggingface: null,
      topN: options.topN ?? DEFAULT_TOP_N,
    },
  };
  const notes: string[] = [];
  if (version === null) notes.push('Nothing is classified yet: person-targeting figures are 0. Run `dfwatch classify`, then report again.');
  notes.push('Downloads are lifetime counters at the latest snapshot: Civitai downloadCount; Hugging Face downloadsAllTime. Hugging Face `downloads` counts the last 30 days only and is reported separately.');

  const plan = growthPlan(context);
  const cubeContext: QueryContext = { ...context, params: { ...context.params, since: plan.since, ...growthParams(plan) } };
  createCube(cubeContext, { isMeasuringGrowth: plan.isMeasurable });
  try {
    return assemble(cubeContext, plan, options, notes);
  } finally {
    dropCube(context);
  }
}

function assemble(context: QueryContext, plan: GrowthPlan, options: ComputeStatsOptions, notes: string[]): Stats {
  const version = context.params.version;
  const { overview, personTargeting } = queryTotals(context);
  const shares = queryShares(context);
  const methods = queryMethods(context);
  const growth = queryGrowth(context, plan);
  const removals = queryRemovals(context);
  const reuploads = queryReuploads(context);
  const goldSet = options.goldSet ?? null;
  return {
    generatedAt: (options.now?.() ?? new Date()).toISOString(),
    filters: { platform: options.platform ?? null, since: options.since ?? null, classifierVersion: version },
    notes,
    overview,
    personTargeting,
    growth,
    shares,
    breakdown: queryBreakdown(context),
    monthly: queryMonthly(context),
    concentration: queryConcentration(context),
    topCreators: queryTopCreators(context),
    topTargets: queryTopTargets(context),
    removals,
    reuploads,
    methods: {
      ...methods,
      goldSet,
      comparison: buildComparison(personTargeting, shares, version !== null),
    },
    keyFindings: buildKeyFindings({ overview, personTargeting, growth, shares, removals, reuploads, hasClassifier: version !== null }, goldSet),
    coverage: queryCoverage(context, overview),
  };
}
