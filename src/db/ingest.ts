// Writes crawled or imported models into the store. Every crawler maps its API items to ModelRecord
// and hands a page of them to Ingestor.ingestPage, which commits the rows and the page's checkpoint
// in one transaction: a process killed at any moment leaves either the whole page or none of it.
import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Platform } from './schema.js';
import type { Store } from './open.js';
import { capItemError, capRecord } from './text-caps.js';

export interface Counters {
  /** Civitai: lifetime. Hugging Face: last 30 days. */
  downloads: number | null;
  /** Hugging Face only: lifetime. */
  downloadsAllTime: number | null;
  likes: number | null;
  thumbsUp: number | null;
  thumbsDown: number | null;
  comments: number | null;
  tips: number | null;
  favorites: number | null;
  rating: number | null;
  ratingCount: number | null;
}

/** Counters with the given ones set and every other one null (unknown, never 0). */
export function countersOf(known: Partial<Counters>): Counters {
  return {
    downloads: null,
    downloadsAllTime: null,
    likes: null,
    thumbsUp: null,
    thumbsDown: null,
    comments: null,
    tips: null,
    favorites: null,
    rating: null,
    ratingCount: null,
    ...known,
  };
}

export interface FileRecord {
  platformFileId: string;
  name: string;
  sizeBytes: number | null;
  fileType: string | null;
  format: string | null;
  isPrimary: boolean | null;
  /** Any case; stored uppercase. */
  sha256: string | null;
  autov2: string | null;
  blake3: string | null;
  crc32: string | null;
}

export interface ImageRecord {
  nsfwLevel: number | null;
  nsfwLabel: string | null;
  minor: boolean | null;
  poi: boolean | null;
  prompt: string | null;
}

export interface VersionRecord {
  platformVersionId: string;
  name: string | null;
  baseModel: string | null;
  baseModelType: string | null;
  trainedWords: string[];
  createdAt: string | null;
  publishedAt: string | null;
  nsfwLevel: number | null;
  downloads: number | null;
  files: FileRecord[];
  images: ImageRecord[];
}

/** One model as dfwatch stores it, whatever platform it came from. */
export interface ModelRecord {
  platform: Platform;
  platformId: string;
  name: string;
  type: string;
  creator: string | null;
  description: string | null;
  url: string;
  nsfw: boolean | null;
  nsfwLevel: number | null;
  poi: boolean | null;
  minor: boolean | null;
  mode: string | null;
  availability: string | null;
  gated: string | null;
  disabled: boolean | null;
  libraryName: string | null;
  pipelineTag: string | null;
  sha: string | null;
  cardText: string | null;
  baseModels: string[] | null;
  createdAt: string | null;
  updatedAt: string | null;
  tags: string[];
  /** undefined: leave the stored versions and files as they are (a listing without details). */
  versions: VersionRecord[] | undefined;
  counters: Counters;
}

export interface IngestContext {
  runId: number;
  /** ISO 8601 time the data describes (the crawl time, or an archive's --as-of). */
  asOf: string;
}

export interface PageResult {
  /** Models stored for the first time. */
  newModels: number;
  /** Known models whose descriptive fields changed. */
  changedModels: number;
  /** Items in the page (a model repeated on the page counts once per occurrence). */
  items: number;
}

export interface ItemErrorRecord {
  platformId: string | null;
  source: string;
  message: string;
  raw: string;
}

export interface Checkpoint {
  unit: string;
  cursor: string | null;
  isDone: boolean;
}

/** Hash of everything but the counters: when it changes the model is re-classified. */
export function contentHash(record: ModelRecord): string {
  const { counters: _counters, ...descriptive } = record;
  return createHash('sha1').update(JSON.stringify(descriptive)).digest('hex');
}

const MAX_PROMPT_CHARS = 2000;

function bool(value: boolean | null | undefined): number | null {
  return value === null || value === undefined ? null : value ? 1 : 0;
}

function upperHex(value: string | null): string | null {
  return value ? value.toUpperCase() : null;
}

function snapshotRow(context: IngestContext, modelId: number, counters: Counters) {
  return {
    runId: context.runId,
    modelId,
    asOf: context.asOf,
    downloads: counters.downloads,
    downloadsAllTime: counters.downloadsAllTime,
    likes: counters.likes,
    thumbsUp: counters.thumbsUp,
    thumbsDown: counters.thumbsDown,
    comments: counters.comments,
    tips: counters.tips,
    favorites: counters.favorites,
    rating: counters.rating,
    ratingCount: counters.ratingCount,
  };
}

export class Ingestor {
  private readonly findModel: Statement<[string, string], { id: number; content_hash: string; last_seen_at: string; first_seen_at: string }>;
  private readonly insertModel: Statement;
  private readonly updateModel: Statement;
  private readonly touchModel: Statement;
  private readonly deleteVersions: Statement;
  private readonly deleteTags: Statement;
  private readonly deleteImages: Statement;
  private readonly insertTag: Statement;
  private readonly insertVersion: Statement;
  private readonly insertFile: Statement;
  private readonly insertImage: Statement;
  private readonly upsertSnapshot: Statement;
  private readonly insertItemError: Statement;
  private readonly saveCheckpoint: Statement;
  private readonly bumpRun: Statement;

  constructor(private readonly store: Store) {
    const db = store.sqlite;
    this.findModel = db.prepare('SELECT id, content_hash, last_seen_at, first_seen_at FROM models WHERE platform = ? AND platform_id = ?');
    const columns = `name, type, creator, description, url, nsfw, nsfw_level, poi, minor, mode, availability, gated, disabled,
      library_name, pipeline_tag, sha, card_text, base_models, created_at, updated_at, downloads, downloads_all_time, content_hash`;
    const values = `@name, @type, @creator, @description, @url, @nsfw, @nsfwLevel, @poi, @minor, @mode, @availability, @gated, @disabled,
      @libraryName, @pipelineTag, @sha, @cardText, @baseModels, @createdAt, @updatedAt, @downloads, @downloadsAllTime, @contentHash`;
    this.insertModel = db.prepare(
      `INSERT INTO models (platform, platform_id, ${columns}, first_seen_run, last_seen_run, first_seen_at, last_seen_at)
       VALUES (@platform, @platformId, ${values}, @runId, @runId, @asOf, @asOf) RETURNING id`,
    );
    // An item seen again clears an earlier removal mark: it is back.
    this.updateModel = db.prepare(
      `UPDATE models SET ${columns
        .split(',')
        .map((column) => column.trim())
        .map((column) => `${column} = @${column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())}`)
        .join(', ')},
       last_seen_run = @runId, last_seen_at = @asOf, removed_at = NULL, removed_reason = NULL
       WHERE id = @id`,
    );
    this.touchModel = db.prepare(
      `UPDATE models SET downloads = @downloads, downloads_all_time = @downloadsAllTime,
       last_seen_run = @runId, last_seen_at = @asOf, removed_at = NULL, removed_reason = NULL WHERE id = @id`,
    );
    this.deleteVersions = db.prepare('DELETE FROM model_versions WHERE model_id = ?');
    this.deleteTags = db.prepare('DELETE FROM tags WHERE model_id = ?');
    this.deleteImages = db.prepare('DELETE FROM images WHERE model_id = ?');
    this.insertTag = db.prepare('INSERT OR IGNORE INTO tags (model_id, tag) VALUES (?, ?)');
    this.insertVersion = db.prepare(
      `INSERT INTO model_versions (model_id, platform_version_id, name, base_model, base_model_type, trained_words, created_at, published_at, nsfw_level, downloads)
       VALUES (@modelId, @platformVersionId, @name, @baseModel, @baseModelType, @trainedWords, @createdAt, @publishedAt, @nsfwLevel, @downloads)
       ON CONFLICT (model_id, platform_version_id) DO UPDATE SET name = excluded.name
       RETURNING id`,
    );
    this.insertFile = db.prepare(
      `INSERT OR REPLACE INTO files (model_id, version_id, platform_file_id, name, size_bytes, file_type, format, is_primary, sha256, autov2, blake3, crc32)
       VALUES (@modelId, @versionId, @platformFileId, @name, @sizeBytes, @fileType, @format, @isPrimary, @sha256, @autov2, @blake3, @crc32)`,
    );
    this.insertImage = db.prepare(
      `INSERT INTO images (model_id, version_id, nsfw_level, nsfw_label, minor, poi, prompt)
       VALUES (@modelId, @versionId, @nsfwLevel, @nsfwLabel, @minor, @poi, @prompt)`,
    );
    // One snapshot per model per run: an item repeated across pages replaces, never double-counts.
    this.upsertSnapshot = db.prepare(
      `INSERT OR REPLACE INTO snapshots (run_id, model_id, taken_at, downloads, downloads_all_time, likes, thumbs_up, thumbs_down, comments, tips, favorites, rating, rating_count)
       VALUES (@runId, @modelId, @asOf, @downloads, @downloadsAllTime, @likes, @thumbsUp, @thumbsDown, @comments, @tips, @favorites, @rating, @ratingCount)`,
    );
    this.insertItemError = db.prepare(
      `INSERT INTO item_errors (run_id, platform_id, source, message, raw, created_at) VALUES (@runId, @platformId, @source, @message, @raw, @createdAt)`,
    );
    this.saveCheckpoint = db.prepare(
      `INSERT INTO crawl_units (run_id, unit, cursor, is_done, pages, items) VALUES (@runId, @unit, @cursor, @isDone, 1, @items)
       ON CONFLICT (run_id, unit) DO UPDATE SET cursor = excluded.cursor, is_done = excluded.is_done, pages = pages + 1, items = items + excluded.items`,
    );
    this.bumpRun = db.prepare(
      `UPDATE crawl_runs SET pages = pages + @pages, items = items + @items, models_new = models_new + @newModels,
       models_changed = models_changed + @changedModels, item_errors = item_errors + @itemErrors WHERE id = @runId`,
    );
  }

  /**
   * Stores one page: its models, its malformed items and (when given) the cursor that follows it,
   * all in one transaction.
   */
  ingestPage(context: IngestContext, records: ModelRecord[], errors: ItemErrorRecord[], checkpoint?: Checkpoint): PageResult {
    return this.store.sqlite.transaction(() => {
      const result: PageResult = { newModels: 0, changedModels: 0, items: records.length };
      for (const record of records) {
        const outcome = this.upsert(context, record);
        if (outcome === 'new') result.newModels++;
        else if (outcome === 'changed') result.changedModels++;
      }
      const createdAt = new Date().toISOString();
      for (const error of errors) this.insertItemError.run({ runId: context.runId, createdAt, ...capItemError(error) });
      if (checkpoint) {
        this.saveCheckpoint.run({ runId: context.runId, unit: checkpoint.unit, cursor: checkpoint.cursor, isDone: checkpoint.isDone ? 1 : 0, items: records.length });
      }
      this.bumpRun.run({ runId: context.runId, pages: checkpoint ? 1 : 0, items: records.length, newModels: result.newModels, changedModels: result.changedModels, itemErrors: errors.length });
      return result;
    })();
  }

  /** Stores one model; returns whether it was new, changed or the same as stored. Call inside a transaction. */
  upsert(context: IngestContext, crawled: ModelRecord): 'new' | 'changed' | 'same' {
    const record = capRecord(crawled);
    const hash = contentHash(record);
    const existing = this.findModel.get(record.platform, record.platformId);
    const row = {
      platform: record.platform,
      platformId: record.platformId,
      name: record.name,
      type: record.type,
      creator: record.creator,
      description: record.description,
      url: record.url,
      nsfwLevel: record.nsfwLevel,
      mode: record.mode,
      availability: record.availability,
      gated: record.gated,
      libraryName: record.libraryName,
      pipelineTag: record.pipelineTag,
      sha: record.sha,
      cardText: record.cardText,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      nsfw: bool(record.nsfw),
      poi: bool(record.poi),
      minor: bool(record.minor),
      disabled: bool(record.disabled),
      baseModels: record.baseModels ? JSON.stringify(record.baseModels) : null,
      downloads: record.counters.downloads,
      downloadsAllTime: record.counters.downloadsAllTime,
      contentHash: hash,
      runId: context.runId,
      asOf: context.asOf,
    };
    let modelId: number;
    let outcome: 'new' | 'changed' | 'same';
    if (!existing) {
      modelId = (this.insertModel.get(row) as { id: number }).id;
      outcome = 'new';
    } else if (existing.last_seen_at > context.asOf) {
      // An archive older than what is stored adds its snapshot but does not roll the model back.
      this.upsertSnapshot.run(snapshotRow(context, existing.id, record.counters));
      return 'same';
    } else if (existing.content_hash !== hash) {
      modelId = existing.id;
      this.updateModel.run({ ...row, id: modelId });
      outcome = 'changed';
    } else {
      modelId = existing.id;
      this.touchModel.run({ id: modelId, downloads: row.downloads, downloadsAllTime: row.downloadsAllTime, runId: context.runId, asOf: context.asOf });
      outcome = 'same';
    }
    if (outcome !== 'same') this.writeChildren(modelId, record, outcome === 'new');
    this.upsertSnapshot.run(snapshotRow(context, modelId, record.counters));
    return outcome;
  }

  /** Replaces a model's tags, versions, files and images; a new model has none to delete. */
  private writeChildren(modelId: number, record: ModelRecord, isNew: boolean): void {
    if (!isNew) this.deleteTags.run(modelId);
    for (const tag of record.tags) this.insertTag.run(modelId, tag);
    if (record.versions === undefined) return;
    if (!isNew) {
      this.deleteImages.run(modelId);
      this.deleteVersions.run(modelId);
    }
    for (const version of record.versions) {
      const { id: versionId } = this.insertVersion.get({
        modelId,
        platformVersionId: version.platformVersionId,
        name: version.name,
        baseModel: version.baseModel,
        baseModelType: version.baseModelType,
        trainedWords: JSON.stringify(version.trainedWords),
        createdAt: version.createdAt,
        publishedAt: version.publishedAt,
        nsfwLevel: version.nsfwLevel,
        downloads: version.downloads,
      }) as { id: number };
      for (const file of version.files) {
        const sha256 = upperHex(file.sha256);
        this.insertFile.run({
          modelId,
          versionId,
          platformFileId: file.platformFileId,
          name: file.name,
          sizeBytes: file.sizeBytes,
          fileType: file.fileType,
          format: file.format,
          isPrimary: bool(file.isPrimary),
          sha256,
          // AutoV2 is the SHA256's first 10 hex digits; filling it lets a file known only by AutoV2 match.
          autov2: upperHex(file.autov2) ?? (sha256 ? sha256.slice(0, 10) : null),
          blake3: upperHex(file.blake3),
          crc32: upperHex(file.crc32),
        });
      }
      for (const image of version.images) {
        this.insertImage.run({
          modelId,
          versionId,
          nsfwLevel: image.nsfwLevel,
          nsfwLabel: image.nsfwLabel,
          minor: bool(image.minor),
          poi: bool(image.poi),
          prompt: image.prompt ? image.prompt.slice(0, MAX_PROMPT_CHARS) : null,
        });
      }
    }
  }
}
