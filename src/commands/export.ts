// `dfwatch export`: one record per model (or the takedown rows) as JSON lines or CSV.
import { finished } from 'node:stream/promises';
import { Option, type Command } from '@commander-js/extra-typings';
import { openStore } from '../db/open.js';
import { EXPORT_COLUMNS, exportRecords, writeRecords } from '../export/export.js';
import { openOutputFile } from './options.js';
import { TAKEDOWN_COLUMNS, takedownRows } from '../triage/takedown.js';
import { REVIEW_STATUSES } from '../triage/triage.js';
import { UserError } from '../errors.js';
import { dbPathOf } from './store.js';

export function registerExport(program: Command<[], { db?: string }>): void {
  program
    .command('export')
    .description('Write one record per model as JSON lines or CSV (schema in README).')
    .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'csv'] as const).default('jsonl' as const))
    .option('--out <file>', 'output file (default: standard output)')
    .option('--flagged', 'takedown rows: models flagged as targeting a real person, with file hashes and evidence')
    .addOption(new Option('--status <status>', 'with --flagged: latest review decision').choices(REVIEW_STATUSES))
    .addHelpText('after', '\nExamples:\n  dfwatch export --format csv --out models.csv\n  dfwatch export | head\n  dfwatch export --flagged --status confirmed --format csv --out takedown.csv')
    .action(async (options, command) => {
      if (options.status && !options.flagged) throw new UserError('--status only applies with --flagged');
      const store = openStore({ path: dbPathOf(command), readonly: true });
      try {
        // Opened before any work, so a path that cannot be written fails at once with one line.
        const out = options.out ? openOutputFile(options.out) : process.stdout;
        const count = options.flagged
          ? await writeRecords({ format: options.format, columns: [...TAKEDOWN_COLUMNS], records: takedownRows(store, { status: options.status }), out })
          : await writeRecords({ format: options.format, columns: EXPORT_COLUMNS, records: exportRecords(store), out });
        if (options.out) {
          out.end();
          await finished(out);
        }
        process.stderr.write(`exported ${count} models${options.out ? ` to ${options.out}` : ''}\n`);
      } finally {
        store.close();
      }
    });
}
