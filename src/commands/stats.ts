// `dfwatch stats`: the study's statistics from the database, as text tables or --json.
import type { Command } from '@commander-js/extra-typings';
import { openStore } from '../db/open.js';
import { dbPathOf } from './store.js';
import { computeStats, DEFAULT_TOP_N } from '../stats/stats.js';
import { buildTables } from '../report/tables.js';
import { displayCell } from '../report/format.js';
import { parseDate, platformOption, topOption } from './options.js';
import { formatTable, terminalSafe } from './terminal-text.js';

/** The tables `stats` prints; the ones naming people stay in the report, behind their warning. */
const PRINTED_TABLES = ['overview', 'person-targeting', 'growth', 'share-gender', 'share-fame', 'share-ncii', 'share-base-family', 'share-model-type', 'creator-concentration', 'removals', 'reuploads', 'comparison'];

export function registerStats(program: Command<[], { db?: string }>): void {
  program
    .command('stats')
    .description("The study's statistics from the database: models, person-targeting, downloads, shares, growth, removals, re-uploads")
    .option('--json', 'print every figure as JSON on stdout')
    .option('--since <date>', 'measure download growth from this date (default: the first crawl)', parseDate)
    .addOption(platformOption())
    .option('--classifier-version <version>', 'classifier version to report (default: the newest)')
    .addOption(topOption(DEFAULT_TOP_N))
    .addHelpText('after', '\nExamples:\n  dfwatch stats\n  dfwatch stats --platform civitai --since 2025-05-01\n  dfwatch stats --json | jq .overview')
    .action((options, command) => {
      const store = openStore({ path: dbPathOf(command), readonly: true });
      try {
        const stats = computeStats(store, {
          since: options.since,
          platform: options.platform,
          classifierVersion: options.classifierVersion,
          topN: options.top,
        });
        if (options.json) {
          process.stdout.write(JSON.stringify(stats, null, 2) + '\n');
          return;
        }
        const tables = buildTables(stats);
        const blocks = [...stats.notes];
        for (const id of PRINTED_TABLES) {
          const table = tables.find((candidate) => candidate.id === id);
          if (!table || table.rows.length === 0) continue;
          const rows = table.rows.map((row) => table.columns.map((column) => terminalSafe(displayCell(column.kind, row[column.key] ?? null), 60)));
          blocks.push(`${table.title}\n${formatTable(table.columns.map((column) => column.label), rows)}`);
        }
        process.stdout.write(blocks.join('\n\n') + '\n');
      } finally {
        store.close();
      }
    });
}
