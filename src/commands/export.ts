// `dfwatch export`: one record per model (or the takedown rows) as JSON lines or CSV.
import { finished } from 'node:stream/promises';
import { Option, type Command } from '@commander-js/extra-typings';
import { openStore, type Store } from '../db/open.js';
import { EXPORT_COLUMNS, exportRecords, writeRecords } from '../export/export.js';
import { openOutputFile } from './options.js';
import { TAKEDOWN_COLUMNS, takedownRows, type TakedownRow } from '../triage/takedown.js';
import { hmaUrlLines, sha256Lines, writeLines } from '../triage/signals.js';
import { REVIEW_STATUSES } from '../triage/triage.js';
import { UserError } from '../errors.js';
import { dbPathOf } from './store.js';
import { VARIANT_EXPORT_COLUMNS, variantRecords } from '../export/variants.js';

/** The rows first: the hash query cannot run on this connection while the rows iterate. */
function flaggedSha256Lines(store: Store, rows: readonly TakedownRow[]): Iterable<string> {
  const modelIds = rows.flatMap((row) => (row.variantId === null ? [row.modelId] : []));
  const variantIds = rows.flatMap((row) => (row.variantId === null ? [] : [row.variantId]));
  return sha256Lines(store, modelIds, variantIds);
}

export function registerExport(program: Command<[], { db?: string }>): void {
  program
    .command('export')
    .description('Write one record per model as JSON lines or CSV (schema in README).')
    .addOption(
      new Option('--format <format>', 'jsonl | csv; with --flagged also hma-url (HMA signal file: `url <page>` per line) | sha256 (the flagged files, one hash per line)')
        .choices(['jsonl', 'csv', 'hma-url', 'sha256'] as const)
        .default('jsonl' as const),
    )
    .option('--out <file>', 'output file (default: standard output)')
    .option('--flagged', 'takedown rows: models flagged as targeting a real person, with file hashes and evidence, then flagged files inside Hugging Face archive repos (file URL, path, SHA256)')
    .option('--variants', 'one row per model file of Hugging Face archive repos (path, size, SHA256, Civitai ids, classifier fields)')
    .addOption(new Option('--status <status>', 'with --flagged: latest review decision').choices(REVIEW_STATUSES))
    .addHelpText('after', '\nExamples:\n  dfwatch export --format csv --out models.csv\n  dfwatch export | head\n  dfwatch export --flagged --status confirmed --format csv --out takedown.csv\n  dfwatch export --flagged --status confirmed --format hma-url --out signals.txt')
    .action(async (options, command) => {
      if (options.status && !options.flagged) throw new UserError('--status only applies with --flagged');
      const format = options.format;
      if ((format === 'hma-url' || format === 'sha256') && !options.flagged) throw new UserError(`--format ${format} only applies with --flagged`);
      if (options.variants && options.flagged) throw new UserError('--variants and --flagged are different exports: choose one');
      const store = openStore({ path: dbPathOf(command), readonly: true });
      try {
        // Opened before any work, so a path that cannot be written fails at once with one line.
        const out = options.out ? openOutputFile(options.out) : process.stdout;
        const flagged = () => takedownRows(store, { status: options.status });
        const count =
          format === 'hma-url'
            ? await writeLines(hmaUrlLines(flagged()), out)
            : format === 'sha256'
              ? await writeLines(flaggedSha256Lines(store, Array.from(flagged())), out)
              : options.variants
                ? await writeRecords({ format, columns: VARIANT_EXPORT_COLUMNS, records: variantRecords(store), out })
                : options.flagged
                  ? await writeRecords({ format, columns: [...TAKEDOWN_COLUMNS], records: flagged(), out })
                  : await writeRecords({ format, columns: EXPORT_COLUMNS, records: exportRecords(store), out });
        if (options.out) {
          out.end();
          await finished(out);
        }
        const unit = format === 'hma-url' ? 'URL signals' : format === 'sha256' ? 'SHA256 hashes' : options.variants ? 'archive files' : 'models';
        process.stderr.write(`exported ${count} ${unit}${options.out ? ` to ${options.out}` : ''}\n`);
      } finally {
        store.close();
      }
    });
}
