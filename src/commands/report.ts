// `dfwatch report --out DIR`: report.md, report.html, stats.json, CSVs and chart SVGs.
import type { Command } from '@commander-js/extra-typings';
import { openStore } from '../db/open.js';
import { writeReport } from '../report/report.js';
import { pseudonymizerFromEnv } from '../report/pseudonyms.js';
import { goldSetScores } from '../stats/gold-scores.js';
import { DEFAULT_TOP_N } from '../stats/stats.js';
import { ensureOutputDir, parseDate, platformOption, topOption } from './options.js';
import { dbPathOf, defaultReportDir } from './store.js';

export const DEFAULT_REDACT_KEY_ENV = 'DFWATCH_REDACT_KEY';

export function registerReport(program: Command<[], { db?: string }>): void {
  program
    .command('report')
    .description('Write report.md, a self-contained report.html, stats.json and a CSV per table to a directory')
    .option('--out <dir>', 'output directory, created if missing; files in it are overwritten (default: report/ beside the database)')
    .option('--redact', 'replace target, creator and model names with stable pseudonyms keyed by a secret (for public reports)')
    .option('--redact-key-env <var>', 'environment variable holding the redaction secret', DEFAULT_REDACT_KEY_ENV)
    .option('--since <date>', 'measure download growth from this date (default: the first crawl)', parseDate)
    .addOption(platformOption())
    .option('--classifier-version <version>', 'classifier version to report (default: the newest)')
    .option('--gold <file>', 'score the classifier against this gold set (as dfwatch eval does): key findings get intervals corrected for its precision and recall')
    .option('--gold-records <file>', 'a Civitai JSON-lines archive (.jsonl or .jsonl.gz) holding the gold models that are not in the database')
    .addOption(topOption(DEFAULT_TOP_N))
    .addHelpText('after', '\nExamples:\n  dfwatch report\n  dfwatch report --out reports/2025-05 --since 2025-05-01\n  dfwatch report --gold data/gold/civitai-2023-new.jsonl --gold-records ../shared/civitai-2023-dev.jsonl.gz\n  DFWATCH_REDACT_KEY=$(openssl rand -hex 32) dfwatch report --redact --out public')
    .action(async (options, command) => {
      // Read the secret before opening anything, so a missing secret fails fast.
      const pseudonymizer = options.redact ? pseudonymizerFromEnv(options.redactKeyEnv) : undefined;
      const dbPath = dbPathOf(command);
      const outDir = ensureOutputDir(options.out ?? defaultReportDir(dbPath));
      const store = openStore({ path: dbPath, readonly: true });
      try {
        const { files } = await writeReport(store, {
          outDir,
          pseudonymizer,
          since: options.since,
          platform: options.platform,
          classifierVersion: options.classifierVersion,
          topN: options.top,
          goldSet: options.gold ? await goldSetScores(store, { goldPath: options.gold, recordsPath: options.goldRecords }) : null,
        });
        process.stderr.write(`dfwatch: wrote ${files.length} files to ${outDir}${pseudonymizer ? ' (names pseudonymised)' : ''}\n`);
      } finally {
        store.close();
      }
    });
}
