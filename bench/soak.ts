// `npm run soak [-- --models N --seed S --fault-rate R]`: a long Civitai crawl through a replay server
// that misbehaves at random (429 with and without Retry-After, 5xx, resets, truncated bodies, HTML
// challenge pages, answers slower than the client's timeout), while the crawler — the real CLI in
// a child process — is killed with SIGKILL three times at random points and started again. At the
// end the database must hold every model the server holds, once, with its download count, and
// pass PRAGMA integrity_check. Exits 1 on any mismatch.
import path from 'node:path';
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { startFakeCivitai } from '../src/replay/civitai-server.js';
import { seededRandom, type Fault } from '../src/replay/faults.js';
import { syntheticCivitaiId, syntheticCivitaiSource, syntheticDownloads } from '../src/replay/synthetic.js';
import { REPO_ROOT } from './lib/child.js';

interface SoakArgs {
  models: number;
  seed: number;
  faultRate: number;
  kills: number;
}

function parseArgs(argv: string[]): SoakArgs {
  const valueOf = (flag: string, fallback: number): number => {
    const index = argv.indexOf(flag);
    if (index === -1) return fallback;
    const value = Number(argv[index + 1]);
    if (!Number.isFinite(value) || value < 0) {
      process.stderr.write(`soak: ${flag} expects a number ≥ 0\n`);
      process.exit(2);
    }
    return value;
  };
  return { models: valueOf('--models', 30_000), seed: valueOf('--seed', Date.now() % 100_000), faultRate: valueOf('--fault-rate', 0.08), kills: valueOf('--kills', 3) };
}

/** The crawler's timeout; "slow" faults answer later than this, so they end in a client timeout and a retry. */
const CLIENT_TIMEOUT_MS = 1500;
const FAULTS: Fault[] = [
  { kind: 'rate-limit', retryAfterSeconds: 1 },
  { kind: 'rate-limit' },
  { kind: 'server-error', status: 500 },
  { kind: 'server-error', status: 502 },
  { kind: 'server-error', status: 503 },
  { kind: 'reset' },
  { kind: 'truncate' },
  { kind: 'truncate-json' },
  { kind: 'html' },
  { kind: 'slow', ms: CLIENT_TIMEOUT_MS + 500 },
];
const MAX_ATTEMPTS = 30;

function countModels(dbPath: string): number {
  if (!fs.existsSync(dbPath)) return 0;
  try {
    const db = new Database(dbPath, { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM models').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    // Not migrated yet: the crawler has only just started.
    return 0;
  }
}

interface Attempt {
  code: number | null;
  wasKilled: boolean;
  seconds: number;
}

/** Runs the crawler once; kills it with SIGKILL once the store holds `killAt` models, if given. */
function crawlOnce(url: string, dbPath: string, killAt: number | null): Promise<Attempt> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'bin', 'dfwatch.js'), '--db', dbPath, 'crawl', 'civitai', '--base-url', url, '--rps', '0', '--concurrency', '2', '--retries', '12', '--retry-base-delay', '20', '--timeout', String(CLIENT_TIMEOUT_MS), '--log', 'json'],
    { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'ignore'], env: { ...process.env, CIVITAI_API_KEY: '' } },
  );
  let wasKilled = false;
  const poll = killAt === null
    ? null
    : setInterval(() => {
        if (!wasKilled && countModels(dbPath) >= killAt) {
          wasKilled = true;
          child.kill('SIGKILL');
        }
      }, 100);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      resolve({ code, wasKilled, seconds: (performance.now() - started) / 1000 });
    });
  });
}

interface Mismatch {
  id: string;
  problem: string;
}

/** Every stored model against the generator: the same ids, once each, with the server's downloads. */
function verify(dbPath: string, models: number): { mismatches: Mismatch[]; integrity: string; stored: number } {
  const db = new Database(dbPath, { readonly: true });
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check).join('; ');
    const mismatches: Mismatch[] = [];
    const rows = db
      .prepare(
        `SELECT m.platform_id AS id, m.downloads AS downloads, s.downloads AS snapshotDownloads
         FROM models m LEFT JOIN latest_snapshot s ON s.model_id = m.id
         WHERE m.platform = 'civitai' ORDER BY CAST(m.platform_id AS INTEGER)`,
      )
      .iterate() as IterableIterator<{ id: string; downloads: number | null; snapshotDownloads: number | null }>;
    let index = 0;
    let stored = 0;
    for (const row of rows) {
      stored++;
      const expectedId = index < models ? String(syntheticCivitaiId(index)) : null;
      if (row.id !== expectedId) {
        mismatches.push({ id: row.id, problem: `expected model ${expectedId ?? '(none)'}` });
        if (mismatches.length > 20) break;
        continue;
      }
      const expected = syntheticDownloads(index);
      if (row.downloads !== expected || row.snapshotDownloads !== expected) {
        mismatches.push({ id: row.id, problem: `downloads ${row.downloads}/${row.snapshotDownloads}, server has ${expected}` });
      }
      index++;
    }
    if (index < models && mismatches.length <= 20) mismatches.push({ id: String(syntheticCivitaiId(index)), problem: `missing (and ${models - index - 1} after it)` });
    return { mismatches, integrity, stored };
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const random = seededRandom(args.seed);
  const workDir = path.join(REPO_ROOT, 'bench', 'tmp', `soak-${Date.now()}`);
  fs.mkdirSync(workDir, { recursive: true });
  const dbPath = path.join(workDir, 'soak.db');
  const server = await startFakeCivitai({
    source: syntheticCivitaiSource(args.models),
    faults: { randomRate: args.faultRate, seed: args.seed, randomKinds: FAULTS, duplicateAcrossPages: true },
  });
  // Kill points spread over the crawl: one in each of the first `kills` equal slices of the models.
  const killPoints = Array.from({ length: args.kills }, (_, slice) => Math.floor(((slice + 0.2 + random() * 0.6) * args.models) / (args.kills + 1)));
  process.stderr.write(`soak: ${args.models.toLocaleString('en')} models, seed ${args.seed}, fault rate ${args.faultRate}, SIGKILL at ${killPoints.join(', ')} stored models\n`);
  const started = performance.now();
  const attempts: Attempt[] = [];
  try {
    for (;;) {
      if (attempts.length >= MAX_ATTEMPTS) throw new Error(`soak: the crawl did not finish in ${MAX_ATTEMPTS} attempts`);
      const killAt = killPoints[attempts.filter((attempt) => attempt.wasKilled).length] ?? null;
      const attempt = await crawlOnce(server.url, dbPath, killAt);
      attempts.push(attempt);
      process.stderr.write(`soak: attempt ${attempts.length}: ${attempt.wasKilled ? 'killed (SIGKILL)' : `exit ${attempt.code}`} after ${attempt.seconds.toFixed(1)} s, ${countModels(dbPath).toLocaleString('en')} models stored\n`);
      if (!attempt.wasKilled && attempt.code === 0) break;
    }
  } finally {
    await server.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const { mismatches, integrity, stored } = verify(dbPath, args.models);
  const db = new Database(dbPath, { readonly: true });
  const traffic = db.prepare("SELECT count(*) AS runs, sum(requests) AS requests, sum(retries) AS retries FROM crawl_runs WHERE platform = 'civitai'").get() as { runs: number; requests: number; retries: number };
  db.close();
  const refetched = [...server.stats.cursorsRequested.values()].filter((count) => count > 1).length;
  const kills = attempts.filter((attempt) => attempt.wasKilled).length;
  const isOk = mismatches.length === 0 && integrity === 'ok' && stored === args.models && kills === args.kills;
  process.stdout.write(
    [
      `dfwatch soak: ${isOk ? 'PASSED' : 'FAILED'} in ${seconds.toFixed(1)} s (seed ${args.seed})`,
      `  models        ${stored.toLocaleString('en')} stored of ${args.models.toLocaleString('en')} served; ${mismatches.length} mismatches (ids, downloads)`,
      `  integrity     PRAGMA integrity_check: ${integrity}`,
      `  crawler       ${attempts.length} processes, ${kills} killed with SIGKILL, exits: ${attempts.filter((attempt) => !attempt.wasKilled).map((attempt) => attempt.code).join(', ')}`,
      `  server        ${server.stats.requests.toLocaleString('en')} requests, faults: ${Object.entries(server.stats.faults).map(([kind, count]) => `${kind} ${count}`).join(', ') || 'none'}`,
      `  client        ${traffic.requests.toLocaleString('en')} requests and ${traffic.retries.toLocaleString('en')} retries recorded in ${traffic.runs} run(s); ${refetched} listing pages asked for more than once`,
      ...mismatches.slice(0, 20).map((mismatch) => `  mismatch      model ${mismatch.id}: ${mismatch.problem}`),
    ].join('\n') + '\n',
  );
  if (isOk) fs.rmSync(workDir, { recursive: true, force: true });
  else process.stderr.write(`soak: database kept for inspection at ${dbPath}\n`);
  process.exitCode = isOk ? 0 : 1;
}

await main();
