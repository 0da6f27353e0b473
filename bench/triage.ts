// Triage at scale: builds a synthetic store of N models (1,000,000 by default) with raw prepared
// inserts in one transaction, then times filtered triage queries. The bar is < 200 ms per
// filtered query at 1,000,000 models.
//
//   node bin/run-ts.js bench/triage.ts [--models N] [--db PATH] [--keep]
//
// benchTriage() is exported for the bench harness (bench/run.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, type Store } from '../src/db/open.js';
import { queryTriage, triageFiltersSchema, type TriageFilterInput } from '../src/triage/triage.js';
import { seededRandom } from '../src/replay/faults.js';

export interface TriageBenchOptions {
  models?: number;
  /** Where to build the database; a temporary file by default. */
  dbPath?: string;
  /** Keep the database afterwards (it is deleted otherwise). */
  keep?: boolean;
  /** Timed repetitions per query (the median is reported). */
  repeats?: number;
  log?: (line: string) => void;
}

export interface TriageBenchQuery {
  name: string;
  filters: TriageFilterInput;
  rows: number;
  medianMs: number;
  maxMs: number;
}

export interface TriageBenchResult {
  models: number;
  buildMs: number;
  queries: TriageBenchQuery[];
  /** The slowest median: the figure held against the 200 ms bar. */
  worstMedianMs: number;
}

export const BENCH_QUERIES: { name: string; filters: TriageFilterInput }[] = [
  { name: 'default (person, by downloads)', filters: {} },
  { name: 'ncii on civitai grown ≥ 50, by growth', filters: { flag: 'ncii', platform: 'civitai', grown: 50, sort: 'growth' } },
  { name: 'sexual, min-downloads 1000', filters: { flag: 'sexual', minDownloads: 1000 } },
  { name: 'unreviewed female celebrities, by score', filters: { status: 'unreviewed', gender: 'female', fame: 'celebrity', sort: 'score' } },
  { name: 'confirmed', filters: { status: 'confirmed' } },
  { name: 'target contains, since a date, newest', filters: { target: 'Name 12', since: '2025-06-01', sort: 'newest' } },
  { name: 'creator, base family', filters: { creator: 'creator77', base: 'Pony' } },
  { name: 'any flag, by newest', filters: { flag: 'any', sort: 'newest' } },
];

const BASES = ['SD 1.x', 'SDXL', 'Pony', 'Illustrious', 'Flux.1', 'Other'];
const FAMES = ['celebrity', 'adult_performer', 'influencer', 'private', 'unknown'];
const DECISIONS = ['confirmed', 'false_positive', 'escalated', 'reported'];

/** Fills an empty store with `count` models, two snapshots each, one classification each, and reviews. */
export function buildSyntheticStore(store: Store, count: number): void {
  const db = store.sqlite;
  const next = seededRandom(20250503);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  const run = db.prepare(
    `INSERT INTO crawl_runs (platform, kind, scope, is_full, status, as_of, started_at) VALUES ('civitai', 'crawl', 'bench', 1, 'done', ?, ?) RETURNING id`,
  );
  const insertModel = db.prepare(
    `INSERT INTO models (id, platform, platform_id, name, type, creator, url, downloads, downloads_all_time, content_hash, created_at,
       first_seen_run, last_seen_run, first_seen_at, last_seen_at)
     VALUES (?, ?, ?, ?, 'LORA', ?, ?, ?, ?, 'h', ?, ?, ?, ?, ?)`,
  );
  const insertSnapshot = db.prepare('INSERT INTO snapshots (run_id, model_id, taken_at, downloads, downloads_all_time) VALUES (?, ?, ?, ?, ?)');
  const insertClassification = db.prepare(
    `INSERT INTO classifications (model_id, classifier_version, content_hash, classified_at, person_score, person_target, person_target_no_poi,
       target_name, target_gender, fame, sexual, ncii, ncii_signals, minor_signal, base_family, evidence)
     VALUES (?, 'bench-1', 'h', ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', 0, ?, ?)`,
  );
  const insertReview = db.prepare(`INSERT INTO reviews (model_id, decision, note, reviewer, created_at) VALUES (?, ?, NULL, 'bench', ?)`);
  const start = Date.parse('2024-01-01T00:00:00Z');
  const span = 700 * 86_400_000;
  const lastRunAt = '2026-01-01T00:00:00.000Z';
  const previousRunAt = '2025-12-01T00:00:00.000Z';
  db.transaction(() => {
    const previousRun = (run.get(previousRunAt, previousRunAt) as { id: number }).id;
    const lastRun = (run.get(lastRunAt, lastRunAt) as { id: number }).id;
    for (let id = 1; id <= count; id++) {
      const isCivitai = next() < 0.7;
      const platform = isCivitai ? 'civitai' : 'huggingface';
      const platformId = isCivitai ? String(id) : `owner${id % 40_000}/model-${id}`;
      const seenAt = new Date(start + Math.floor(next() * span)).toISOString();
      const firstRun = seenAt < previousRunAt ? previousRun : lastRun;
      // Heavy-tailed downloads: most models have a few, a few have very many.
      const downloads = Math.floor(Math.exp(next() * 12));
      const gained = Math.floor(next() * next() * 500);
      const allTime = isCivitai ? null : downloads * 3;
      insertModel.run(id, platform, platformId, `Model ${id}`, `creator${id % 50_000}`, `https://example.org/${id}`, downloads, allTime,
        seenAt, firstRun, lastRun, seenAt, lastRunAt);
      if (firstRun === previousRun) insertSnapshot.run(previousRun, id, previousRunAt, Math.max(0, downloads - gained), allTime === null ? null : Math.max(0, allTime - gained));
      insertSnapshot.run(lastRun, id, lastRunAt, downloads, allTime);
      // About a third person-like, as in the bench crawl (src/replay/synthetic.ts: 7 slots of 20), so
      // the person flag is no more selective here than there.
      const isPerson = next() < 0.35;
      const isSexual = next() < 0.3;
      insertClassification.run(
        id,
        lastRunAt,
        isPerson ? 0.5 + next() / 2 : next() / 2,
        isPerson ? 1 : 0,
        isPerson ? 1 : 0,
        isPerson ? `Name ${Math.floor(next() * 5000)}` : null,
        isPerson ? (next() < 0.9 ? 'female' : 'male') : 'unknown',
        isPerson ? pick(FAMES) : 'unknown',
        isSexual ? 1 : 0,
        isPerson && isSexual ? 1 : 0,
        pick(BASES),
        JSON.stringify([{ rule: 'person.name', field: 'name', match: `Model ${id}`, weight: 0.5 }]),
      );
      if (isPerson && next() < 0.05) insertReview.run(id, pick(DECISIONS), lastRunAt);
    }
  })();
  db.exec('ANALYZE');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function benchTriage(options: TriageBenchOptions = {}): Promise<TriageBenchResult> {
  const count = options.models ?? 1_000_000;
  const repeats = options.repeats ?? 5;
  const log = options.log ?? (() => {});
  const dbPath = options.dbPath ?? path.join(os.tmpdir(), `dfwatch-bench-triage-${process.pid}.db`);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbPath + suffix, { force: true });
  const buildStarted = performance.now();
  const writer = openStore({ path: dbPath });
  writer.sqlite.pragma('synchronous = OFF');
  buildSyntheticStore(writer, count);
  writer.close();
  const buildMs = performance.now() - buildStarted;
  log(`built ${count} models in ${(buildMs / 1000).toFixed(1)} s`);

  // The same read-only connection the console and the CLI use.
  const store = openStore({ path: dbPath, readonly: true });
  const queries: TriageBenchQuery[] = [];
  try {
    for (const { name, filters } of BENCH_QUERIES) {
      const parsed = triageFiltersSchema.parse(filters);
      let rows = queryTriage(store, parsed).rows.length;
      const times: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const started = performance.now();
        rows = queryTriage(store, parsed).rows.length;
        times.push(performance.now() - started);
      }
      const result = { name, filters, rows, medianMs: median(times), maxMs: Math.max(...times) };
      queries.push(result);
      log(`${result.medianMs.toFixed(1).padStart(8)} ms median  ${result.maxMs.toFixed(1).padStart(8)} ms max  ${String(rows).padStart(3)} rows  ${name}`);
    }
  } finally {
    store.close();
    if (!options.keep) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbPath + suffix, { force: true });
  }
  return { models: count, buildMs, queries, worstMedianMs: Math.max(...queries.map((query) => query.medianMs)) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const valueOf = (flag: string) => {
    const index = args.indexOf(flag);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const result = await benchTriage({
    models: valueOf('--models') ? Number(valueOf('--models')) : undefined,
    dbPath: valueOf('--db'),
    keep: args.includes('--keep'),
    log: (line) => process.stdout.write(line + '\n'),
  });
  process.stdout.write(`worst median ${result.worstMedianMs.toFixed(1)} ms at ${result.models} models (bar: 200 ms)\n`);
  if (result.worstMedianMs >= 200) process.exitCode = 1;
}
