// Ingest beside the storage floor. The same pages of records (generated and mapped outside the
// timing) go through Ingestor.ingestPage into one database, and as plain prepared INSERTs of the
// same rows into another; both commit one transaction per page of 100, like the crawler.
import { contentHash, Ingestor, type ModelRecord } from '../../src/db/ingest.js';
import { openStore, type Store } from '../../src/db/open.js';
import { startOrResumeRun } from '../../src/db/runs.js';
import { parseCivitaiItem } from '../../src/crawlers/civitai.js';
import { syntheticCivitaiItem } from '../../src/replay/synthetic.js';
import { finishStep, stepArgs } from '../lib/step.js';

const { models, ingestDbPath, floorDbPath, pageSize } = stepArgs<{ models: number; ingestDbPath: string; floorDbPath: string; pageSize?: number }>();
/** Models per transaction: the crawler commits one listing page (100) at a time. */
const PAGE = pageSize ?? 100;

function newRun(store: Store): { runId: number; asOf: string } {
  const { run } = startOrResumeRun(store, { platform: 'civitai', kind: 'crawl', scope: 'bench', isFull: false, asOf: new Date().toISOString(), options: {}, fresh: true });
  return { runId: run.id, asOf: run.asOf };
}

const bool = (value: boolean | null | undefined) => (value === null || value === undefined ? null : value ? 1 : 0);

/** The storage floor: the rows Ingestor writes for a new model, as bare INSERTs. */
function rawWriter(store: Store, context: { runId: number; asOf: string }) {
  const db = store.sqlite;
  const model = db.prepare(
    `INSERT INTO models (platform, platform_id, name, type, creator, description, url, nsfw, nsfw_level, poi, minor, mode, availability, base_models,
       created_at, updated_at, downloads, content_hash, first_seen_run, last_seen_run, first_seen_at, last_seen_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const tag = db.prepare('INSERT INTO tags (model_id, tag) VALUES (?, ?)');
  const version = db.prepare(
    `INSERT INTO model_versions (model_id, platform_version_id, name, base_model, base_model_type, trained_words, created_at, published_at, nsfw_level, downloads)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const file = db.prepare(
    `INSERT INTO files (model_id, version_id, platform_file_id, name, size_bytes, file_type, format, is_primary, sha256, autov2, blake3, crc32)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const image = db.prepare('INSERT INTO images (model_id, version_id, nsfw_level, nsfw_label, minor, poi, prompt) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const snapshot = db.prepare(
    `INSERT INTO snapshots (run_id, model_id, taken_at, downloads, downloads_all_time, likes, thumbs_up, thumbs_down, comments, tips, favorites, rating, rating_count)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return db.transaction((records: ModelRecord[], hashes: string[]) => {
    records.forEach((record, position) => {
      const modelId = Number(
        model.run(
          record.platform, record.platformId, record.name, record.type, record.creator, record.description, record.url, bool(record.nsfw), record.nsfwLevel,
          bool(record.poi), bool(record.minor), record.mode, record.availability, record.baseModels ? JSON.stringify(record.baseModels) : null,
          record.createdAt, record.updatedAt, record.counters.downloads, hashes[position], context.runId, context.runId, context.asOf, context.asOf,
        ).lastInsertRowid,
      );
      for (const name of record.tags) tag.run(modelId, name);
      for (const entry of record.versions ?? []) {
        const versionId = Number(
          version.run(modelId, entry.platformVersionId, entry.name, entry.baseModel, entry.baseModelType, JSON.stringify(entry.trainedWords), entry.createdAt, entry.publishedAt, entry.nsfwLevel, entry.downloads)
            .lastInsertRowid,
        );
        for (const one of entry.files) {
          const sha256 = one.sha256?.toUpperCase() ?? null;
          file.run(modelId, versionId, one.platformFileId, one.name, one.sizeBytes, one.fileType, one.format, bool(one.isPrimary), sha256, one.autov2?.toUpperCase() ?? null, one.blake3?.toUpperCase() ?? null, one.crc32?.toUpperCase() ?? null);
        }
        for (const one of entry.images) image.run(modelId, versionId, one.nsfwLevel, one.nsfwLabel, bool(one.minor), bool(one.poi), one.prompt);
      }
      const counters = record.counters;
      snapshot.run(context.runId, modelId, context.asOf, counters.downloads, counters.downloadsAllTime, counters.likes, counters.thumbsUp, counters.thumbsDown, counters.comments, counters.tips, counters.favorites, counters.rating, counters.ratingCount);
    });
  });
}

const ingestStore = openStore({ path: ingestDbPath });
const floorStore = openStore({ path: floorDbPath });
const ingestor = new Ingestor(ingestStore);
const ingestContext = newRun(ingestStore);
const writeRaw = rawWriter(floorStore, newRun(floorStore));
let ingestMs = 0;
let floorMs = 0;
for (let first = 0; first < models; first += PAGE) {
  const records: ModelRecord[] = [];
  for (let index = first; index < Math.min(models, first + PAGE); index++) {
    const parsed = parseCivitaiItem(syntheticCivitaiItem(index));
    if (parsed.ok) records.push(parsed.record);
  }
  // The row's content hash is a column value like any other: the floor gets it for free.
  const hashes = records.map(contentHash);
  let started = performance.now();
  ingestor.ingestPage(ingestContext, records, [], { unit: 'models', cursor: String(first + PAGE), isDone: first + PAGE >= models });
  ingestMs += performance.now() - started;
  started = performance.now();
  writeRaw(records, hashes);
  floorMs += performance.now() - started;
}
ingestStore.close();
floorStore.close();
finishStep({ models, ingestSeconds: ingestMs / 1000, floorSeconds: floorMs / 1000 });
