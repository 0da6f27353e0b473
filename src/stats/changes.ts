// What changed between crawls: downloads gained (from snapshots), models removed, and files that
// reappeared under another model id or on the other platform. The queries are in
// src/db/change-queries.ts; here growth is planned (since when, per platform) and explained.
import type { Platform } from '../db/schema.js';
import { querySnapshotDates, queryGrowthRows } from '../db/change-queries.js';
import type { QueryContext } from '../db/stats-sql.js';
import type { Growth, GrowthPlatform } from './types.js';

/** Dates (as_of) of the runs that left snapshots, per platform, oldest first. */
function snapshotDates(context: QueryContext): Map<Platform, string[]> {
  const dates = new Map<Platform, string[]>();
  for (const row of querySnapshotDates(context)) dates.set(row.platform, [...(dates.get(row.platform) ?? []), row.asOf]);
  return dates;
}

/**
 * Whether growth can be measured from snapshots, and since when. Without --since each platform is
 * measured from its own first snapshot: the platforms are crawled one after the other, so the first
 * crawl's date (Civitai's) would fall seconds before the Hub's first snapshot and leave every Hub
 * model unmeasured (issue 11).
 */
export interface GrowthPlan {
  /** --since, else the earliest snapshot of any platform. */
  since: string | null;
  isSinceGiven: boolean;
  /** Some platform has a snapshot after its baseline date. */
  isMeasurable: boolean;
  platforms: GrowthPlatform[];
}

export function growthPlan(context: QueryContext): GrowthPlan {
  const byPlatform = snapshotDates(context);
  const given = context.params.since;
  const platforms = [...byPlatform.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([platform, dates]): GrowthPlatform => {
      const since = given ?? dates[0]!;
      const isMeasurable = dates.some((date) => date > since);
      return { platform, since, snapshots: dates.length, method: isMeasurable ? 'snapshots' : 'not measurable' };
    });
  const earliest = [...byPlatform.values()].map((dates) => dates[0]!).sort()[0] ?? null;
  return { since: given ?? earliest, isSinceGiven: given !== null, isMeasurable: platforms.some((platform) => platform.method === 'snapshots'), platforms };
}

/** The bound baseline date of each platform: a platform that cannot be measured gets none, so its models count as unmeasured. */
export function growthParams(plan: GrowthPlan): { sinceCivitai: string | null; sinceHuggingface: string | null } {
  const sinceOf = (platform: Platform) => {
    const row = plan.platforms.find((candidate) => candidate.platform === platform);
    if (!row) return null;
    return plan.isSinceGiven || row.method === 'snapshots' ? row.since : null;
  };
  return { sinceCivitai: sinceOf('civitai'), sinceHuggingface: sinceOf('huggingface') };
}

/**
 * Downloads gained since a date, from the cube. A model's gain is its latest lifetime count minus
 * its last snapshot at or before its platform's baseline date; a model created after that date with
 * no earlier snapshot gained all of its downloads; an older model first seen after it cannot be measured.
 */
export function queryGrowth(context: QueryContext, plan: GrowthPlan): Growth {
  const { since, isMeasurable, platforms } = plan;
  const rows = queryGrowthRows(context, { isMeasurable });
  if (!isMeasurable) {
    return {
      since,
      method: 'lifetime',
      note:
        platforms.every((platform) => platform.snapshots <= 1) && !plan.isSinceGiven
          ? 'Only one snapshot of the counters exists, so these are lifetime downloads, not growth since a date. Crawl again later, or pass --since before the crawl date.'
          : `No snapshot was taken after ${since}: these are lifetime downloads, not growth.`,
      platforms,
      rows,
    };
  }
  const baselines = platforms.map((platform) =>
    platform.method === 'snapshots'
      ? `${platform.platform} since ${platform.since}`
      : `${platform.platform} not measured (${platform.snapshots === 1 ? 'one snapshot only' : `no snapshot after ${platform.since}`}; its models count as unmeasured)`,
  );
  return {
    since,
    method: 'snapshots',
    note:
      `Lifetime downloads gained (Hugging Face: downloadsAllTime): ${baselines.join('; ')}. ` +
      `${plan.isSinceGiven ? '' : 'Each platform is measured from its own first snapshot. '}` +
      'A model\'s gain is its latest snapshot minus its last snapshot at or before that date; models created later count in full; older models without an earlier snapshot are left out (unmeasured).',
    platforms,
    rows,
  };
}
