import { Command } from '@commander-js/extra-typings';
import { importCivitai } from '../crawlers/import-civitai.js';
import { UserError } from '../errors.js';
import { createLogger } from '../log.js';
import { parseChoice, parseDate } from './options.js';
import { openForWriting } from './store.js';
import { exitCodeForRuns, printRunSummary } from './crawl.js';

export function registerImport(program: Command<any, any, any>): void {
  program
    .command('import')
    .description('Load archived API responses (JSONL, a JSON array or API pages; .gz or plain) through the crawl validation and ingest path.')
    .argument('<platform>', 'civitai', parseChoice(['civitai'] as const))
    .argument('<files...>', 'archive files')
    .requiredOption('--as-of <date>', 'when the archive was taken (its snapshots are dated so)', parseDate)
    .option('--fresh', 'start over instead of resuming an interrupted import of the same files')
    .option('--log <format>', 'pretty | json (default: pretty on a TTY)', parseChoice(['pretty', 'json'] as const))
    .addHelpText('after', '\nExample:\n  dfwatch import civitai ../shared/civitai-2023-dev.jsonl.gz --as-of 2023-07-15')
    .action(async function (_platform, files, options) {
      if (files.length === 0) throw new UserError('name at least one archive file');
      const store = openForWriting(this);
      try {
        const summary = await importCivitai({ store, logger: createLogger({ mode: options.log }), files, asOf: options.asOf, fresh: options.fresh ?? false });
        printRunSummary(summary);
        process.exitCode = exitCodeForRuns([summary]);
      } finally {
        store.close();
      }
    });
}
