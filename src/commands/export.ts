import fs from 'node:fs';
import { finished } from 'node:stream/promises';
import { Command, Option } from '@commander-js/extra-typings';
import { openStore } from '../db/open.js';
import { EXPORT_COLUMNS, exportRecords, writeRecords } from '../export/export.js';
import { parseChoice } from './options.js';
import { TAKEDOWN_COLUMNS, takedownRows } from '../triage/takedown.js';
import { REVIEW_STATUSES } from '../triage/triage.js';
import { UserError } from '../errors.js';
import { dbPathOf } from './store.js';
import { VARIANT_EXPORT_COLUMNS, variantRecords } from '../export/variants.js';

export function registerExport(program: Command<any, any, any>): void {
  program
    .command('export')
    .description('Write one record per model as JSON lines or CSV (schema in README).')
    .addOption(new Option('--format <format>', 'jsonl | csv').argParser(parseChoice(['jsonl', 'csv'] as const)).default('jsonl' as const))
    .option('--out <file>', 'output file (default: standard output)')
    .option('--flagged', 'takedown rows: models flagged as targeting a real person, with file hashes and evidence')
    .option('--variants', 'one row per model file of Hugging Face archive repos (path, size, SHA256, Civitai ids, classifier fields)')
    .addOption(new Option('--status <status>', 'with --flagged: latest review decision').argParser(parseChoice(REVIEW_STATUSES)))
    .addHelpText('after', '\nExamples:\n  dfwatch export --format csv --out models.csv\n  dfwatch export | head\n  dfwatch export --flagged --status confirmed --format csv --out takedown.csv')
    .action(async function (options) {
      if (options.status && !options.flagged) throw new UserError('--status only applies with --flagged');
      if (options.variants && options.flagged) throw new UserError('--variants and --flagged are different exports: choose one');
      const store = openStore({ path: dbPathOf(this), readonly: true });
      const out = options.out ? fs.createWriteStream(options.out) : process.stdout;
      try {
        const count = options.variants
          ? await writeRecords({ format: options.format, columns: VARIANT_EXPORT_COLUMNS, records: variantRecords(store), out })
          : options.flagged
            ? await writeRecords({ format: options.format, columns: [...TAKEDOWN_COLUMNS], records: takedownRows(store, { status: options.status }), out })
            : await writeRecords({ format: options.format, columns: EXPORT_COLUMNS, records: exportRecords(store), out });
        if (options.out) {
          out.end();
          await finished(out);
        }
        process.stderr.write(`exported ${count} ${options.variants ? 'archive files' : 'models'}${options.out ? ` to ${options.out}` : ''}\n`);
      } finally {
        store.close();
      }
    });
}
