// `dfwatch demo`: the main job offline, on the bundled replay of Civitai and the Hugging Face Hub
// (src/replay/demo-data: synthetic, invented names). Two crawls a "day" apart, so the report has
// growth, new models and removals to show; a temporary database; the report stays where it says.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from '@commander-js/extra-typings';
import { openStore } from '../db/open.js';
import { createLogger, type Logger } from '../log.js';
import { startFakeCivitai } from '../replay/civitai-server.js';
import { startFakeHub } from '../replay/huggingface-server.js';
import { demoCivitaiHiddenIds, demoCivitaiRemovedIds, demoCivitaiSource, type DemoDay } from '../replay/demo-data/civitai.js';
import { demoHubRemovedIds, demoHubSource } from '../replay/demo-data/huggingface.js';
import { formatRunJobSummary, runJob, type RunJobOptions, type RunJobResult } from './run.js';

export interface DemoOptions {
  /** Report directory (default: report/ in the demo's temporary directory). */
  outDir?: string;
  /** Keep the demo database (it is deleted otherwise; the report always stays). */
  keep: boolean;
  logger: Logger;
  /** Where the summary goes. */
  write: (text: string) => void;
}

export interface DemoResult {
  day1: RunJobResult;
  day2: RunJobResult;
  outDir: string;
  /** The database, or null once deleted. */
  dbPath: string | null;
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfwatch-demo-'));
  const dbPath = path.join(workDir, 'demo.db');
  const outDir = path.resolve(options.outDir ?? path.join(workDir, 'report'));
  let day: DemoDay = 1;
  const civitai = await startFakeCivitai({ source: demoCivitaiSource(() => day) });
  const hub = await startFakeHub({ source: demoHubSource(() => day) });
  const store = openStore({ path: dbPath });
  try {
    const job = (reportDir: string | null): Promise<RunJobResult> => {
      const jobOptions: RunJobOptions = {
        platforms: ['civitai', 'huggingface'],
        outDir: reportDir,
        civitaiBaseUrl: civitai.url,
        huggingfaceBaseUrl: hub.url,
        // A local replay: no rate limit, a few requests in flight, quick retries.
        rps: 0,
        concurrency: 4,
        retries: 2,
        retryBaseDelay: 50,
        timeout: 10_000,
        base: [],
        search: [],
      };
      return runJob(store, jobOptions, options.logger);
    };
    options.write(`dfwatch demo: replaying Civitai at ${civitai.url} and the Hugging Face Hub at ${hub.url} (synthetic data, invented names)\n`);
    const day1 = await job(null);
    options.write(`day 1: ${day1.runs.map((run) => `${run.platform} ${run.items} models`).join(', ')}; ${day1.classified.classified} classified\n`);
    day = 2;
    civitai.options.removedIds = demoCivitaiRemovedIds(day);
    civitai.options.hiddenFromListIds = demoCivitaiHiddenIds(day);
    hub.options.removedIds = demoHubRemovedIds(day);
    const day2 = await job(outDir);
    options.write(`day 2:\n${formatRunJobSummary(day2, options.keep ? dbPath : '(temporary)')}`);
    options.write(`\nOpen the report: ${pathToFileURL(path.join(outDir, 'report.html')).href}\n`);
    if (options.keep) options.write(`The demo database is kept at ${dbPath} (try: dfwatch --db ${dbPath} triage)\n`);
    return { day1, day2, outDir, dbPath: options.keep ? dbPath : null };
  } finally {
    store.close();
    await Promise.all([civitai.close(), hub.close()]);
    if (!options.keep) {
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${dbPath}${suffix}`, { force: true });
      if (fs.readdirSync(workDir).length === 0) fs.rmdirSync(workDir);
    }
  }
}

export function registerDemo(program: Command<[], { db?: string }>): void {
  program
    .command('demo')
    .description('Run the main job offline in under a minute: a bundled replay of Civitai and Hugging Face (synthetic data) on 127.0.0.1, two crawls a day apart, classify, report.')
    .option('--out <dir>', 'report directory (default: a temporary directory, printed at the end)')
    .option('--keep', 'keep the demo database too (printed at the end)')
    .action(async (options) => {
      const result = await runDemo({
        outDir: options.out,
        keep: options.keep ?? false,
        logger: createLogger({ minLevel: 'warn' }),
        write: (text) => process.stdout.write(text),
      });
      process.exitCode = result.day2.exitCode;
    });
}
