// The crawl through the replay server with rate limits off, as a user runs it: `dfwatch crawl
// civitai` (the compiled binary; validation, mapping, ingest with a checkpoint per page, removal
// checks) into a fresh database. Its wall time and peak RSS are the child process's own.
import Database from 'better-sqlite3';
import { ensureBuilt, runBinary } from '../lib/binary.js';
import { finishStep, stepArgs } from '../lib/step.js';

const { url, dbPath, nodeArgs = [] } = stepArgs<{ url: string; dbPath: string; nodeArgs?: string[] }>();
const usedBuild = ensureBuilt();
const crawl = await runBinary(['--db', dbPath, 'crawl', 'civitai', '--base-url', url, '--rps', '0', '--concurrency', '2', '--retries', '8', '--retry-base-delay', '100', '--log', 'json'], nodeArgs);
const sqlite = new Database(dbPath, { readonly: true });
const stored = (sqlite.prepare('SELECT count(*) AS n FROM models').get() as { n: number }).n;
const run = sqlite.prepare('SELECT pages, requests, retries FROM crawl_runs ORDER BY id DESC LIMIT 1').get() as { pages: number; requests: number; retries: number };
sqlite.close();
finishStep({ models: stored, pages: run.pages, requests: run.requests, retries: run.retries, seconds: crawl.seconds, usedBuild, ...(crawl.peakRssMb === null ? {} : { peakRssMb: crawl.peakRssMb }) });
