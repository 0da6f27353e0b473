// Everything the store holds about one model, as rows (src/triage/model-detail.ts assembles them for
// `dfwatch show` and the console's model page): the model and its tags, one classifier version's
// decision, versions, files, snapshots, re-uploads and reviews. Prepared once per store (the console
// reads a model per request); simple reads use drizzle, typed from the schema.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Store } from './open.js';
import { classifications, files, models, modelVersions, reviews, snapshots, tags, type Platform } from './schema.js';

/** A model file shared with another model (the file_links view: SHA256, or AutoV2 where one side lacks it). */
export interface SharedFileRow {
  platform: Platform;
  platformId: string;
  name: string;
  url: string;
  matchedOn: string;
  hash: string;
}

function prepare(store: Store) {
  const db = store.db;
  const modelId = sql.placeholder('modelId');
  return {
    model: db
      .select({
        platform: models.platform,
        platformId: models.platformId,
        name: models.name,
        type: models.type,
        creator: models.creator,
        description: models.description,
        url: models.url,
        nsfw: models.nsfw,
        nsfwLevel: models.nsfwLevel,
        poi: models.poi,
        minor: models.minor,
        downloads: models.downloads,
        downloadsAllTime: models.downloadsAllTime,
        createdAt: models.createdAt,
        firstSeenAt: models.firstSeenAt,
        lastSeenAt: models.lastSeenAt,
        removedAt: models.removedAt,
        removedReason: models.removedReason,
      })
      .from(models)
      .where(eq(models.id, modelId))
      .prepare(),
    tags: db.select({ tag: tags.tag }).from(tags).where(eq(tags.modelId, modelId)).orderBy(asc(tags.tag)).prepare(),
    classification: db
      .select({
        classifierVersion: classifications.classifierVersion,
        classifiedAt: classifications.classifiedAt,
        personScore: classifications.personScore,
        personTarget: classifications.personTarget,
        personTargetNoPoi: classifications.personTargetNoPoi,
        targetName: classifications.targetName,
        targetGender: classifications.targetGender,
        fame: classifications.fame,
        sexual: classifications.sexual,
        ncii: classifications.ncii,
        nciiSignals: classifications.nciiSignals,
        minorSignal: classifications.minorSignal,
        baseFamily: classifications.baseFamily,
        evidence: classifications.evidence,
      })
      .from(classifications)
      .where(and(eq(classifications.modelId, modelId), eq(classifications.classifierVersion, sql.placeholder('version'))))
      .prepare(),
    files: db
      .select({
        versionId: files.versionId,
        name: files.name,
        sizeBytes: files.sizeBytes,
        fileType: files.fileType,
        isPrimary: files.isPrimary,
        sha256: files.sha256,
        autov2: files.autov2,
        blake3: files.blake3,
        crc32: files.crc32,
      })
      .from(files)
      .where(eq(files.modelId, modelId))
      .orderBy(desc(files.isPrimary), asc(files.name))
      .prepare(),
    versions: db
      .select({
        id: modelVersions.id,
        platformVersionId: modelVersions.platformVersionId,
        name: modelVersions.name,
        baseModel: modelVersions.baseModel,
        publishedAt: modelVersions.publishedAt,
        trainedWords: modelVersions.trainedWords,
        downloads: modelVersions.downloads,
      })
      .from(modelVersions)
      .where(eq(modelVersions.modelId, modelId))
      .orderBy(desc(modelVersions.publishedAt), desc(modelVersions.id))
      .prepare(),
    snapshots: db
      .select({
        takenAt: snapshots.takenAt,
        runId: snapshots.runId,
        downloads: snapshots.downloads,
        downloadsAllTime: snapshots.downloadsAllTime,
        likes: snapshots.likes,
        thumbsUp: snapshots.thumbsUp,
      })
      .from(snapshots)
      .where(eq(snapshots.modelId, modelId))
      .orderBy(asc(snapshots.takenAt), asc(snapshots.runId))
      .prepare(),
    // Raw SQL: file_links is a view (migrations), not a table of the drizzle schema.
    sharedFiles: store.sqlite.prepare<{ modelId: number }, SharedFileRow>(
      `SELECT DISTINCT o.platform, o.platform_id AS platformId, o.name, o.url, l.matched_on AS matchedOn, l.hash
       FROM file_links l JOIN models o ON o.id = l.other_model_id
       WHERE l.model_id = @modelId ORDER BY o.platform, o.platform_id`,
    ),
    reviews: db
      .select({
        id: reviews.id,
        decision: reviews.decision,
        note: reviews.note,
        reviewer: reviews.reviewer,
        createdAt: reviews.createdAt,
        undoesReviewId: reviews.undoesReviewId,
      })
      .from(reviews)
      .where(eq(reviews.modelId, modelId))
      .orderBy(asc(reviews.createdAt), asc(reviews.id))
      .prepare(),
  };
}

type Statements = ReturnType<typeof prepare>;
const cache = new WeakMap<Store, Statements>();

function statements(store: Store): Statements {
  let prepared = cache.get(store);
  if (!prepared) {
    prepared = prepare(store);
    cache.set(store, prepared);
  }
  return prepared;
}

export type ModelRow = NonNullable<ReturnType<Statements['model']['get']>>;
export type ClassificationRow = NonNullable<ReturnType<Statements['classification']['get']>>;
export type FileRow = ReturnType<Statements['files']['all']>[number];
export type VersionRow = ReturnType<Statements['versions']['all']>[number];
export type SnapshotRow = ReturnType<Statements['snapshots']['all']>[number];
export type ReviewRow = ReturnType<Statements['reviews']['all']>[number];

export interface ModelRows {
  model: ModelRow;
  tags: string[];
  /** Null when this classifier version has not decided the model (or no version is given). */
  classification: ClassificationRow | null;
  versions: VersionRow[];
  /** Every file of every version, primary files first. */
  files: FileRow[];
  /** Oldest first. */
  snapshots: SnapshotRow[];
  sharedFiles: SharedFileRow[];
  /** Oldest first; the last is the current status. */
  reviews: ReviewRow[];
}

/** The rows of one stored model (its id from findModelId), with the decision of `classifierVersion`. */
export function readModelRows(store: Store, modelId: number, classifierVersion: string | null): ModelRows | null {
  const read = statements(store);
  const model = read.model.get({ modelId });
  if (!model) return null;
  return {
    model,
    tags: read.tags.all({ modelId }).map((row) => row.tag),
    classification: classifierVersion === null ? null : (read.classification.get({ modelId, version: classifierVersion }) ?? null),
    versions: read.versions.all({ modelId }),
    files: read.files.all({ modelId }),
    snapshots: read.snapshots.all({ modelId }),
    sharedFiles: read.sharedFiles.all({ modelId }),
    reviews: read.reviews.all({ modelId }),
  };
}
