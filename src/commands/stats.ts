// `dfwatch stats`: the study's statistics from the database, as text tables or --json.
import type { Command } from '@commander-js/extra-typings';
import { openStore } from '../db/open.js';
import { dbPathOf } from './store.js';
import { computeStats, DEFAULT_TOP_N } from '../stats/stats.js';
import { buildTables } from '../report/tables.js';
import { goldSetScores } from '../stats/gold-scores.js';
import { displayCell } from '../report/format.js';
import { parseDate, platformOption, topOption } from './options.js';
import { formatTable, terminalSafe } from './terminal-text.js';
import type { RehostingFigures } from '../stats/rehosting.js';

/** The tables `stats` prints; the ones naming people stay in the report, behind their warning. */
const PRINTED_TABLES = ['key-findings', 'overview', 'person-targeting', 'growth', 'growth-baselines', 'share-gender', 'share-fame', 'share-ncii', 'share-ncii-level', 'share-base-family', 'share-model-type', 'creator-concentration', 'removals', 'reuploads', 'comparison'];

/** A few lines of re-hosting figures for the terminal (the full set, with definitions, is in --json). */
function rehostingSummary(figures: RehostingFigures): string {
  const n = (value: number) => value.toLocaleString('en');
  return [
    'Re-hosted on Hugging Face (archive repos, counted by file)',
    `  ${n(figures.variants)} model files in ${n(figures.archiveRepos)} archive repos; ${n(figures.linkedVariants)} linked to ${n(figures.rehostedCivitaiModels)} Civitai models`,
    `  person-targeting files: ${n(figures.personTargetingVariants)} (poi ignored); re-hosting poi models: ${n(figures.poiVariants)}`,
    `  re-hosted after removal: ${n(figures.rehostedAfterRemoval.variants)} files of ${n(figures.rehostedAfterRemoval.civitaiModels)} removed models, in repos with ${n(figures.rehostedAfterRemoval.repoDownloads)} downloads`,
    ...figures.topArchiveRepos.slice(0, 5).map((repo) => `  ${terminalSafe(repo.repo, 60)}: ${n(repo.personTargetingVariants)} person-targeting of ${n(repo.variants)} files`),
  ].join('\n');
}

export function registerStats(program: Command<[], { db?: string }>): void {
  program
    .command('stats')
    .description("The study's statistics from the database: models, person-targeting, downloads, shares, growth, removals, re-uploads")
    .option('--json', 'print every figure as JSON on stdout')
    .option('--since <date>', 'measure download growth from this date (default: the first crawl)', parseDate)
    .addOption(platformOption())
    .option('--classifier-version <version>', 'classifier version to report (default: the newest)')
    .option('--gold <file>', 'score the classifier against this gold set: key findings get intervals corrected for its precision and recall')
    .option('--gold-records <file>', 'a Civitai JSON-lines archive holding the gold models that are not in the database')
    .addOption(topOption(DEFAULT_TOP_N))
    .addHelpText('after', '\nExamples:\n  dfwatch stats\n  dfwatch stats --platform civitai --since 2025-05-01\n  dfwatch stats --json | jq .overview')
    .action(async (options, command) => {
      const store = openStore({ path: dbPathOf(command), readonly: true });
      try {
        const stats = computeStats(store, {
          since: options.since,
          platform: options.platform,
          classifierVersion: options.classifierVersion,
          topN: options.top,
          goldSet: options.gold ? await goldSetScores(store, { goldPath: options.gold, recordsPath: options.goldRecords }) : null,
        });
        const rehosting = stats.rehosting;
        if (options.json) {
          process.stdout.write(JSON.stringify(stats, null, 2) + '\n');
          return;
        }
        const tables = buildTables(stats);
        const blocks = [...stats.coverage.warnings.map((warning) => `Coverage: ${warning}`), ...stats.notes];
        for (const id of PRINTED_TABLES) {
          const table = tables.find((candidate) => candidate.id === id);
          if (!table || table.rows.length === 0) continue;
          const rows = table.rows.map((row) => table.columns.map((column) => terminalSafe(displayCell(column.kind, row[column.key] ?? null), 60)));
          blocks.push(`${table.title}\n${formatTable(table.columns.map((column) => column.label), rows)}`);
        }
        if (rehosting.variants > 0) blocks.push(rehostingSummary(rehosting));
        process.stdout.write(blocks.join('\n\n') + '\n');
      } finally {
        store.close();
      }
    });
}
