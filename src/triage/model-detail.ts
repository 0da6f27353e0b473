// Everything dfwatch knows about one model, for `dfwatch show` and the console's model page: the
// classification with all its evidence, versions, files and hashes, snapshot history, files shared
// with other models (re-uploads) and the review history.
import type { Store } from '../db/open.js';
import type { Platform } from '../db/schema.js';
import { formatModelRef, resolveModelId, type ModelRef } from './model-ref.js';
import { newestClassifierVersion } from '../db/classifier-version.js';
import { parseEvidence, type EvidenceItem, type ReviewStatus } from './triage.js';

export interface ModelSummary {
  ref: string;
  modelId: number;
  platform: Platform;
  platformId: string;
  name: string;
  type: string;
  creator: string | null;
  /** Untrusted crawled text: show as text, never as HTML. */
  description: string | null;
  url: string;
  nsfw: boolean | null;
  nsfwLevel: number | null;
  poi: boolean | null;
  minor: boolean | null;
  downloads: number | null;
  downloadsAllTime: number | null;
  createdAt: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  removedAt: string | null;
  removedReason: string | null;
  tags: string[];
}

export interface ClassificationDetail {
  classifierVersion: string;
  classifiedAt: string;
  personScore: number;
  personTarget: boolean;
  personTargetNoPoi: boolean;
  targetName: string | null;
  targetGender: string;
  fame: string;
  sexual: boolean;
  ncii: boolean;
  nciiSignals: string[];
  minorSignal: boolean;
  baseFamily: string;
  evidence: EvidenceItem[];
}

export interface FileDetail {
  name: string;
  sizeBytes: number | null;
  fileType: string | null;
  isPrimary: boolean | null;
  sha256: string | null;
  autov2: string | null;
  blake3: string | null;
  crc32: string | null;
}

export interface VersionDetail {
  platformVersionId: string;
  name: string | null;
  baseModel: string | null;
  publishedAt: string | null;
  trainedWords: string[];
  downloads: number | null;
  files: FileDetail[];
}

export interface SnapshotDetail {
  takenAt: string;
  runId: number;
  downloads: number | null;
  downloadsAllTime: number | null;
  likes: number | null;
  thumbsUp: number | null;
}

export interface ReuploadMatch {
  ref: string;
  name: string;
  url: string;
  matchedOn: string;
  hash: string;
}

export interface ReviewDetail {
  id: number;
  decision: string;
  note: string | null;
  reviewer: string;
  createdAt: string;
  /** Set when this row undid another review. */
  undoesReviewId: number | null;
}

export interface ModelDetail {
  model: ModelSummary;
  /** The newest classifier version's decision; null when the model has not been classified by it. */
  classification: ClassificationDetail | null;
  versions: VersionDetail[];
  snapshots: SnapshotDetail[];
  reuploads: ReuploadMatch[];
  /** Oldest first; the last is the current status. */
  reviews: ReviewDetail[];
  status: ReviewStatus;
}

function jsonStrings(json: string | null): string[] {
  if (!json) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}

const asBool = (value: number | null): boolean | null => (value === null ? null : value === 1);

export function getModelDetail(store: Store, ref: ModelRef): ModelDetail {
  const db = store.sqlite;
  const modelId = resolveModelId(store, ref);
  const m = db
    .prepare(
      `SELECT platform, platform_id AS platformId, name, type, creator, description, url, nsfw, nsfw_level AS nsfwLevel, poi, minor,
        downloads, downloads_all_time AS downloadsAllTime, created_at AS createdAt, first_seen_at AS firstSeenAt,
        last_seen_at AS lastSeenAt, removed_at AS removedAt, removed_reason AS removedReason
       FROM models WHERE id = ?`,
    )
    .get(modelId) as Omit<ModelSummary, 'ref' | 'modelId' | 'tags' | 'nsfw' | 'poi' | 'minor'> & { nsfw: number | null; poi: number | null; minor: number | null };
  const tags = (db.prepare('SELECT tag FROM tags WHERE model_id = ? ORDER BY tag').all(modelId) as { tag: string }[]).map((row) => row.tag);
  const model: ModelSummary = {
    ref: formatModelRef(ref),
    modelId,
    ...m,
    nsfw: asBool(m.nsfw),
    poi: asBool(m.poi),
    minor: asBool(m.minor),
    tags,
  };

  const version = newestClassifierVersion(store);
  const c = version
    ? (db
        .prepare(
          `SELECT classifier_version AS classifierVersion, classified_at AS classifiedAt, person_score AS personScore,
            person_target AS personTarget, person_target_no_poi AS personTargetNoPoi, target_name AS targetName,
            target_gender AS targetGender, fame, sexual, ncii, ncii_signals AS nciiSignals, minor_signal AS minorSignal,
            base_family AS baseFamily, evidence
           FROM classifications WHERE model_id = ? AND classifier_version = ?`,
        )
        .get(modelId, version) as
        | (Omit<ClassificationDetail, 'personTarget' | 'personTargetNoPoi' | 'sexual' | 'ncii' | 'minorSignal' | 'nciiSignals' | 'evidence'> & {
            personTarget: number;
            personTargetNoPoi: number;
            sexual: number;
            ncii: number;
            minorSignal: number;
            nciiSignals: string;
            evidence: string;
          })
        | undefined)
    : undefined;
  const classification: ClassificationDetail | null = c
    ? {
        ...c,
        personTarget: c.personTarget === 1,
        personTargetNoPoi: c.personTargetNoPoi === 1,
        sexual: c.sexual === 1,
        ncii: c.ncii === 1,
        minorSignal: c.minorSignal === 1,
        nciiSignals: jsonStrings(c.nciiSignals),
        evidence: parseEvidence(c.evidence).sort((a, b) => b.weight - a.weight),
      }
    : null;

  const fileRows = db
    .prepare(
      `SELECT version_id AS versionId, name, size_bytes AS sizeBytes, file_type AS fileType, is_primary AS isPrimary,
        sha256, autov2, blake3, crc32
       FROM files WHERE model_id = ? ORDER BY is_primary DESC, name`,
    )
    .all(modelId) as (Omit<FileDetail, 'isPrimary'> & { versionId: number; isPrimary: number | null })[];
  const versionRows = db
    .prepare(
      `SELECT id, platform_version_id AS platformVersionId, name, base_model AS baseModel, published_at AS publishedAt,
        trained_words AS trainedWords, downloads
       FROM model_versions WHERE model_id = ? ORDER BY published_at DESC, id DESC`,
    )
    .all(modelId) as (Omit<VersionDetail, 'files' | 'trainedWords'> & { id: number; trainedWords: string })[];
  const versions = versionRows.map(({ id, trainedWords, ...versionRow }) => ({
    ...versionRow,
    trainedWords: jsonStrings(trainedWords),
    files: fileRows
      .filter((file) => file.versionId === id)
      .map(({ versionId: _versionId, isPrimary, ...file }) => ({ ...file, isPrimary: asBool(isPrimary) })),
  }));

  const snapshots = db
    .prepare(
      `SELECT taken_at AS takenAt, run_id AS runId, downloads, downloads_all_time AS downloadsAllTime, likes, thumbs_up AS thumbsUp
       FROM snapshots WHERE model_id = ? ORDER BY taken_at, run_id`,
    )
    .all(modelId) as SnapshotDetail[];

  const reuploads = (
    db
      .prepare(
        `SELECT DISTINCT o.platform, o.platform_id AS platformId, o.name, o.url, l.matched_on AS matchedOn, l.hash
         FROM file_links l JOIN models o ON o.id = l.other_model_id
         WHERE l.model_id = ? ORDER BY o.platform, o.platform_id`,
      )
      .all(modelId) as { platform: Platform; platformId: string; name: string; url: string; matchedOn: string; hash: string }[]
  ).map(({ platform, platformId, ...rest }) => ({ ref: formatModelRef({ platform, platformId }), ...rest }));

  const reviews = db
    .prepare('SELECT id, decision, note, reviewer, created_at AS createdAt, undoes_review_id AS undoesReviewId FROM reviews WHERE model_id = ? ORDER BY created_at, id')
    .all(modelId) as ReviewDetail[];
  const status = (reviews.at(-1)?.decision ?? 'unreviewed') as ReviewStatus;

  return { model, classification, versions, snapshots, reuploads, reviews, status };
}
