// Everything dfwatch knows about one model, for `dfwatch show` and the console's model page: the
// classification with all its evidence, versions, files and hashes, snapshot history, files shared
// with other models (re-uploads) and the review history.
import type { Store } from '../db/open.js';
import type { Platform } from '../db/schema.js';
import { readModelRows } from '../db/model-detail.js';
import { newestClassifierVersion } from '../db/classifier-version.js';
import { UserError } from '../errors.js';
import { formatModelRef, resolveModelId, type ModelRef } from './model-ref.js';
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

export function getModelDetail(store: Store, ref: ModelRef): ModelDetail {
  const modelId = resolveModelId(store, ref);
  const rows = readModelRows(store, modelId, newestClassifierVersion(store));
  if (!rows) throw new UserError(`no model ${formatModelRef(ref)} in the database`);
  const model: ModelSummary = { ref: formatModelRef(ref), modelId, ...rows.model, tags: rows.tags };

  const c = rows.classification;
  const classification: ClassificationDetail | null = c
    ? {
        ...c,
        nciiSignals: jsonStrings(c.nciiSignals),
        evidence: parseEvidence(c.evidence).sort((a, b) => b.weight - a.weight),
      }
    : null;

  const versions = rows.versions.map(({ id, trainedWords, ...versionRow }) => ({
    ...versionRow,
    trainedWords: jsonStrings(trainedWords),
    // isPrimary last, where `show --json` has always printed it.
    files: rows.files.filter((file) => file.versionId === id).map(({ versionId: _versionId, isPrimary, ...file }) => ({ ...file, isPrimary })),
  }));

  const reuploads = rows.sharedFiles.map(({ platform, platformId, ...rest }) => ({ ref: formatModelRef({ platform, platformId }), ...rest }));
  const reviews: ReviewDetail[] = rows.reviews;
  const status = (reviews.at(-1)?.decision ?? 'unreviewed') as ReviewStatus;

  return { model, classification, versions, snapshots: rows.snapshots, reuploads, reviews, status };
}
