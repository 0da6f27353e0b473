// `dfwatch import`: archived API responses through the crawl validation and ingest path.
import { Argument, type Command } from '@commander-js/extra-typings';
import { importCivitai } from '../crawlers/import-civitai.js';
import { UserError } from '../errors.js';
import { createLogger } from '../log.js';
import { parseDate } from './options.js';
import { logOption } from './crawl-options.js';
import { openForWriting } from './store.js';
import { exitCodeForRuns, printRunSummary } from './crawl.js';

export function registerImport(program: Command<[], { db?: string }>): void {
  program
    .command('import')
    .description('Load archived API responses (JSONL, a JSON array or API pages; .gz or plain) through the crawl validation and ingest path.')
    .addArgument(new Argument('<platform>', 'platform the archive is from').choices(['civitai'] as const))
    .argument('<files...>', 'archive files')
    .requiredOption('--as-of <date>', 'when the archive was taken (its snapshots are dated so)', parseDate)
    .option('--fresh', 'start over instead of resuming an interrupted import of the same files')
    .addOption(logOption())
    .addHelpText('after', '\nExample:\n  dfwatch import civitai ../shared/civitai-2023-dev.jsonl.gz --as-of 2023-07-15')
    .action(async (_platform, files, options, command) => {
      if (files.length === 0) throw new UserError('name at least one archive file');
      const store = openForWriting(command);
      try {
        const summary = await importCivitai({ store, logger: createLogger({ mode: options.log }), files, asOf: options.asOf, fresh: options.fresh ?? false });
        printRunSummary(summary);
        process.exitCode = exitCodeForRuns([summary]);
      } finally {
        store.close();
      }
    });
}
