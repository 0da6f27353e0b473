// A large synthetic store for timing `stats` and `report`, shaped like a real crawl (two Civitai
// runs and one Hugging Face run, Zipf-like creators, 1–3 versions with a file each, a few
// re-uploaded files, removals, one classifier version). Deterministic: the same size gives the same
// database.
//
// Built for speed (1M models: ~300 s with per-row RETURNING inserts into the indexed schema, now
// well under a minute): the schema comes from the migrations, then the secondary indexes are
// dropped, every row is inserted with its id known in advance (no RETURNING) in one transaction
// with the journal off, and the indexes are created again from their own SQL: sorting once is far
// cheaper than a million random B-tree inserts into each index.
import Database from 'better-sqlite3';
import { openStore } from '../../src/db/open.js';
import { seededRandom } from '../../src/replay/faults.js';

export interface SyntheticStatsDbOptions {
  path: string;
  models: number;
  /** Share of models that are person-targeting (default 0.1). */
  personTargetShare?: number;
}

export interface SyntheticStatsDb {
  path: string;
  models: number;
  versions: number;
  snapshots: number;
}

const TYPES = ['LORA', 'LORA', 'LORA', 'LORA', 'Checkpoint', 'LoCon', 'TextualInversion'];
const BASES = ['SD 1.5', 'SDXL 1.0', 'Pony', 'Illustrious', 'Flux.1 D', 'SD 2.1'];
const BASES_JSON = BASES.map((base) => JSON.stringify([base]));
const FAMILIES: Record<string, string> = { 'SD 1.5': 'SD 1.x', 'SDXL 1.0': 'SDXL', Pony: 'Pony', Illustrious: 'Illustrious', 'Flux.1 D': 'Flux.1', 'SD 2.1': 'SD 2.x' };
const RUN1 = '2025-03-01T00:00:00.000Z';
const RUN2 = '2025-09-01T00:00:00.000Z';
const BULK_TABLES = ['models', 'model_versions', 'files', 'snapshots', 'classifications'];

function hex(next: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(next() * 0x100000000).toString(16).toUpperCase().padStart(8, '0');
  return out.slice(0, length);
}

/** Builds the database at options.path (which must not exist yet) and closes it. */
export function buildSyntheticStatsDb(options: SyntheticStatsDbOptions): SyntheticStatsDb {
  openStore({ path: options.path }).close();
  const db = new Database(options.path);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    const counts = fill(db, options);
    db.pragma('journal_mode = WAL');
    return { path: options.path, ...counts };
  } finally {
    db.close();
  }
}

function fill(db: Database.Database, options: SyntheticStatsDbOptions): Omit<SyntheticStatsDb, 'path'> {
  const indexes = db
    .prepare(
      `SELECT name, sql FROM sqlite_master
       WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${BULK_TABLES.map(() => '?').join(', ')})`,
    )
    .all(...BULK_TABLES) as { name: string; sql: string }[];
  const next = seededRandom(42);
  const targetShare = options.personTargetShare ?? 0.1;
  const creators = Math.max(1, Math.floor(options.models / 8));
  const insertRun = db.prepare(
    `INSERT INTO crawl_runs (id, platform, kind, scope, is_full, status, as_of, started_at, finished_at, pages, items, requests, retries)
     VALUES (?, ?, 'crawl', 'synthetic', 1, 'done', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertModel = db.prepare(
    `INSERT INTO models (id, platform, platform_id, name, type, creator, url, poi, created_at, downloads, downloads_all_time, content_hash,
       first_seen_run, last_seen_run, first_seen_at, last_seen_at, removed_at, removed_reason, base_models)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'h', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertVersion = db.prepare(`INSERT INTO model_versions (id, model_id, platform_version_id, base_model, created_at) VALUES (?, ?, ?, ?, ?)`);
  const insertFile = db.prepare(
    `INSERT INTO files (id, model_id, version_id, platform_file_id, name, sha256, autov2) VALUES (?, ?, ?, ?, 'model.safetensors', ?, ?)`,
  );
  const insertSnapshot = db.prepare(`INSERT INTO snapshots (run_id, model_id, taken_at, downloads, downloads_all_time) VALUES (?, ?, ?, ?, ?)`);
  const insertClassification = db.prepare(
    `INSERT INTO classifications (model_id, classifier_version, content_hash, classified_at, person_score, person_target, person_target_no_poi,
       target_name, target_gender, fame, sexual, ncii, minor_signal, base_family)
     VALUES (?, 'synthetic-1', 'h', '2025-09-02T00:00:00.000Z', ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
  );
  const start = Date.parse('2022-11-01T00:00:00Z');
  const span = Date.parse('2025-08-31T00:00:00Z') - start;
  const recentHashes: string[] = [];
  let versionId = 0;
  let snapshotCount = 0;

  db.transaction(() => {
    for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);
    const perRun = Math.ceil(options.models / 100);
    const [civitai1, civitai2, huggingface] = [1, 2, 3];
    insertRun.run(civitai1, 'civitai', RUN1, RUN1, RUN1, perRun, options.models, perRun + 5, 5);
    insertRun.run(civitai2, 'civitai', RUN2, RUN2, RUN2, perRun, options.models, perRun + 3, 3);
    insertRun.run(huggingface, 'huggingface', RUN2, RUN2, RUN2, perRun, options.models, perRun + 9, 9);
    for (let index = 0; index < options.models; index++) {
      const id = index + 1;
      const isHf = next() < 0.15;
      const platform = isHf ? 'huggingface' : 'civitai';
      const creatorIndex = Math.floor(creators * Math.pow(next(), 2.5));
      const creator = `creator${creatorIndex}`;
      const platformId = isHf ? `${creator}/model-${index}` : String(index + 1);
      const createdAt = new Date(start + Math.floor(next() * span)).toISOString();
      const isOld = createdAt < RUN1;
      const isRemoved = !isHf && isOld && next() < 0.02;
      const lifetime = Math.floor(Math.pow(next(), 4) * 50_000);
      const isTarget = next() < targetShare;
      const baseIndex = Math.floor(next() * BASES.length);
      const base = BASES[baseIndex]!;
      const type = isHf ? (next() < 0.8 ? 'LORA' : 'Other') : TYPES[Math.floor(next() * TYPES.length)]!;
      insertModel.run(
        id,
        platform,
        platformId,
        `Model ${index}`,
        type,
        creator,
        isHf ? `https://huggingface.co/${platformId}` : `https://civitai.com/models/${platformId}`,
        isHf ? null : isTarget && next() < 0.3 ? 1 : 0,
        createdAt,
        isHf ? Math.floor(lifetime / 10) : lifetime,
        isHf ? lifetime : null,
        isHf ? huggingface : isOld ? civitai1 : civitai2,
        isHf ? huggingface : isRemoved ? civitai1 : civitai2,
        isHf || !isOld ? RUN2 : RUN1,
        isRemoved ? RUN1 : RUN2,
        isRemoved ? RUN2 : null,
        isRemoved ? 'not_found' : null,
        BASES_JSON[baseIndex]!,
      );
      const versions = 1 + Math.floor(next() * next() * 3);
      for (let version = 0; version < versions; version++) {
        versionId++;
        const key = `${index}-${version}`;
        insertVersion.run(versionId, id, key, base, createdAt);
        // About 1% of files reuse an earlier file: re-uploads under another id or on the other platform.
        const sha = recentHashes.length > 0 && next() < 0.01 ? recentHashes[Math.floor(next() * recentHashes.length)]! : hex(next, 64);
        if (recentHashes.length < 5000) recentHashes.push(sha);
        else recentHashes[Math.floor(next() * 5000)] = sha;
        insertFile.run(versionId, id, versionId, key, sha, sha.slice(0, 10));
      }
      if (isHf) {
        insertSnapshot.run(huggingface, id, RUN2, Math.floor(lifetime / 10), lifetime);
        snapshotCount++;
      } else {
        if (isOld) {
          insertSnapshot.run(civitai1, id, RUN1, Math.floor(lifetime * 0.7), null);
          snapshotCount++;
        }
        if (!isRemoved) {
          insertSnapshot.run(civitai2, id, RUN2, lifetime, null);
          snapshotCount++;
        }
      }
      const gender = next() < 0.94 ? 'female' : next() < 0.5 ? 'male' : 'unknown';
      const sexual = next() < 0.5;
      insertClassification.run(
        id,
        isTarget ? 0.9 : 0.1,
        isTarget ? 1 : 0,
        isTarget ? 1 : 0,
        isTarget ? `Person ${Math.floor((Math.pow(next(), 2) * options.models) / 20)}` : null,
        isTarget ? gender : 'unknown',
        isTarget ? (next() < 0.6 ? 'celebrity' : 'private') : 'unknown',
        sexual ? 1 : 0,
        isTarget && sexual ? 1 : 0,
        FAMILIES[base]!,
      );
    }
    for (const { sql } of indexes) db.exec(sql);
  })();
  return { models: options.models, versions: versionId, snapshots: snapshotCount };
}
