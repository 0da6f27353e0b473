// The crawl through the replay server with rate limits off: the same job `dfwatch crawl civitai`
// runs (validation, mapping, ingest with a checkpoint per page), into a fresh database.
import { civitaiJob } from '../../src/commands/crawl.js';
import { DEFAULT_CIVITAI_TYPES } from '../../src/crawlers/civitai.js';
import { openStore } from '../../src/db/open.js';
import { silentLogger } from '../../src/log.js';
import { finishStep, seconds, stepArgs } from '../lib/step.js';

const { url, dbPath } = stepArgs<{ url: string; dbPath: string }>();
const store = openStore({ path: dbPath });
const started = performance.now();
const summary = await civitaiJob(
  store,
  {
    baseUrl: url,
    concurrency: 2,
    rps: 0,
    retries: 8,
    retryBaseDelay: 100,
    timeout: 60_000,
    types: [...DEFAULT_CIVITAI_TYPES],
    sort: 'Oldest',
    limit: 100,
    verifyRemovals: true,
  },
  silentLogger,
);
const elapsed = seconds(started);
const stored = (store.sqlite.prepare('SELECT count(*) AS n FROM models').get() as { n: number }).n;
store.close();
finishStep({ models: stored, pages: summary.pages, requests: summary.requests, retries: summary.retries, seconds: elapsed });
