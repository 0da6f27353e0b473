// What a report covers: a banner for anything short of a full, unscoped crawl of both platforms,
// so a sample or a one-platform run never reads as the whole picture (issue 11).
import type { Platform } from '../db/schema.js';
import { queryLatestRuns } from '../db/run-figures.js';
import type { QueryContext } from '../db/stats-sql.js';
import type { Coverage, OverviewRow } from './types.js';

const ALL_PLATFORMS: Platform[] = ['civitai', 'huggingface'];
/** Civitai listing parameters that narrow a crawl to part of the site. */
const NARROWING = /[?&](query|username|baseModels|search)=/;

export function queryCoverage(context: QueryContext, overview: OverviewRow[]): Coverage {
  const latest = queryLatestRuns(context);
  const platforms = overview.filter((row) => row.scope !== 'all' && row.models > 0).map((row) => row.scope as Platform);
  const sampledPlatforms = latest.filter((run) => !run.isFull).map((run) => run.platform);
  const scopedPlatforms = latest.filter((run) => NARROWING.test(run.scope)).map((run) => run.platform);
  const unfinishedPlatforms = latest.filter((run) => run.status !== 'done').map((run) => run.platform);
  const warnings: string[] = [];
  const missing = ALL_PLATFORMS.filter((platform) => !platforms.includes(platform));
  if (missing.length > 0) {
    warnings.push(
      platforms.length === 0
        ? 'No models: nothing has been crawled or imported for this report.'
        : `One platform only: ${platforms.join(', ')}. ${missing.join(' and ')} ${context.params.platform ? 'is left out by --platform' : 'has not been crawled'}, so no figure here covers both platforms.`,
    );
  }
  for (const run of latest.filter((candidate) => !candidate.isFull)) {
    warnings.push(
      run.kind === 'import'
        ? `${run.platform}: the latest data is an imported archive, which may hold only part of the platform.`
        : `${run.platform}: the latest crawl was a sample (--max-pages): counts are lower bounds and removals are not marked.`,
    );
  }
  for (const platform of scopedPlatforms) warnings.push(`${platform}: the latest crawl was narrowed by a search, user or base model; it covers part of the platform only.`);
  for (const platform of unfinishedPlatforms) warnings.push(`${platform}: the latest crawl has not finished; figures cover the pages read so far.`);
  return { platforms, sampledPlatforms, scopedPlatforms, unfinishedPlatforms, warnings };
}
