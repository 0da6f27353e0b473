// `dfwatch triage`: the flagged-model queue in the terminal, or as JSON for scripts.
import type { Command } from '@commander-js/extra-typings';
import { openStore, resolveDbPath } from '../db/open.js';
import {
  DEFAULT_LIMIT,
  FAMES,
  FLAGS,
  GENDERS,
  PLATFORMS,
  REVIEW_STATUSES,
  SORTS,
  countTriage,
  flagWords,
  parseTriageFilters,
  queryTriage,
  type TriageRow,
} from '../triage/triage.js';
import { formatCount, formatTotal, hasMoreRows, labelOf } from '../triage/labels.js';
import { formatTable, terminalSafe } from './terminal-text.js';

// Growth sits beside the lifetime count it is measured in; the 30-day count (Hugging Face only) has
// its own column.
function renderTable(rows: TriageRow[]): string {
  return formatTable(
    ['MODEL', 'NAME', 'LIFETIME DL', 'GROWTH', '30-DAY DL', 'FLAGS', 'STATUS', 'EVIDENCE', 'URL'],
    rows.map((row) => [
      terminalSafe(row.ref, 40),
      terminalSafe(row.name, 40),
      formatCount(row.downloadsLifetime),
      formatCount(row.growth, { isSigned: true }),
      formatCount(row.downloads30d),
      flagWords(row).join(', '),
      labelOf(row.status),
      terminalSafe(row.evidence, 70),
      terminalSafe(row.url),
    ]),
  );
}

export function registerTriage(program: Command<[], { db?: string }>): void {
  program
    .command('triage')
    .description('List flagged models to review, newest classifier version; filters combine')
    .option('--platform <platform>', `only one platform: ${PLATFORMS.join(' | ')}`)
    .option('--flag <flag>', `${FLAGS.join(' | ')} (any: any of person, sexual, minor signal; default: person)`)
    .option('--since <date>', 'first seen by dfwatch on or after this date')
    .option('--grown <n>', 'gained at least N lifetime downloads since the previous snapshot')
    .option('--min-downloads <n>', 'at least N lifetime downloads')
    .option('--gender <gender>', GENDERS.join(' | '))
    .option('--fame <fame>', FAMES.join(' | '))
    .option('--base <family>', 'base model family, e.g. SDXL, Pony, Flux.1')
    .option('--creator <name>', 'uploader name (exact, any case)')
    .option('--target <name>', 'target name contains this text')
    .option('--status <status>', `latest review decision: ${REVIEW_STATUSES.join(' | ')}`)
    .option('--sort <sort>', `${SORTS.join(' | ')} (default: downloads)`)
    .option('--limit <n>', `at most N rows (default: ${DEFAULT_LIMIT})`)
    .option('--page <n>', 'which page of --limit rows (default: 1)')
    .option('--json', 'print the rows as a JSON array on stdout')
    .action((options, command) => {
      const { json, ...raw } = options;
      const filters = parseTriageFilters(raw);
      const store = openStore({ path: resolveDbPath(command.optsWithGlobals().db), readonly: true });
      try {
        const { classifierVersion, rows } = queryTriage(store, filters);
        if (classifierVersion === null) process.stderr.write('dfwatch: nothing classified yet (run dfwatch classify first)\n');
        if (json) {
          process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
          return;
        }
        const total = countTriage(store, filters);
        if (rows.length === 0) process.stderr.write(total === 0 ? 'no models match\n' : `no models on page ${filters.page} (${formatTotal(total)} match)\n`);
        else {
          process.stdout.write(renderTable(rows) + '\n');
          const first = (filters.page - 1) * filters.limit + 1;
          const last = first + rows.length - 1;
          const more = hasMoreRows(total, last, rows.length === filters.limit) ? ` (--page ${filters.page + 1} for more)` : '';
          process.stderr.write(`${formatCount(first)}–${formatCount(last)} of ${formatTotal(total)}${more}\n`);
        }
      } finally {
        store.close();
      }
    });
}
