// Takedown rows: one line per flagged model with what a platform's trust-and-safety team needs to act
// (URL, platform id, file hashes to block re-uploads, the evidence in brief, when dfwatch first saw
// it, and the analyst's decision), then one line per flagged file inside a Hugging Face archive
// repo (issue 12): the file's own URL, path and SHA256, since the Hub acts on files as well as
// repos. Streamed from SQL (src/db/takedown.ts) so a million-model store never sits in memory.
import type { Store } from '../db/open.js';
import type { Platform } from '../db/schema.js';
import { newestClassifierVersion } from '../db/classifier-version.js';
import { takedownFileRows, takedownModelRows, type TakedownStatusFilter } from '../db/takedown.js';
import { hubFileUrl } from '../crawlers/hub-archive.js';
import { parseEvidence, summariseEvidence, type ReviewStatus } from './triage.js';

export interface TakedownOptions {
  /** Only models whose latest review decision is this ('unreviewed': never reviewed). */
  status?: ReviewStatus;
}

export interface TakedownRow {
  /** The store's id (an archive file's repo); not an export column (the signal lists use it). */
  modelId: number;
  /** The archive file's id, null for a model; not an export column. */
  variantId: number | null;
  platform: Platform;
  /** The model's id, or the archive repo's for a file. */
  platformId: string;
  name: string;
  /** The model's page, or the file's page inside its repo. */
  url: string;
  /** The file's path inside its archive repo; null for a model. */
  filePath: string | null;
  creator: string | null;
  targetName: string | null;
  targetGender: string;
  fame: string;
  ncii: boolean;
  /** Civitai `downloadCount`, Hugging Face `downloadsAllTime`. */
  downloadsLifetime: number | null;
  /** Hugging Face only: the last 30 days. */
  downloads30d: number | null;
  /** Distinct SHA256 hashes of the model's files (AutoV2 where no SHA256 is known), space-separated; a file's own. */
  fileHashes: string;
  evidence: string;
  firstSeenAt: string;
  createdAt: string | null;
  removedAt: string | null;
  status: ReviewStatus;
  reviewedAt: string | null;
  reviewer: string | null;
  /** The note of the latest review. */
  reviewNote: string | null;
  classifierVersion: string;
}

export const TAKEDOWN_COLUMNS = [
  'platform',
  'platformId',
  'name',
  'url',
  'filePath',
  'creator',
  'targetName',
  'targetGender',
  'fame',
  'ncii',
  'downloadsLifetime',
  'downloads30d',
  'fileHashes',
  'evidence',
  'firstSeenAt',
  'createdAt',
  'removedAt',
  'status',
  'reviewedAt',
  'reviewer',
  'reviewNote',
  'classifierVersion',
] as const satisfies readonly (keyof TakedownRow)[];

function statusFilter(status: ReviewStatus | undefined): TakedownStatusFilter {
  if (status === undefined) return { kind: 'any' };
  return status === 'unreviewed' ? { kind: 'unreviewed' } : { kind: 'decision', decision: status };
}

/**
 * Models the newest classifier flags as targeting a real person, most downloaded first; then the
 * flagged archive files, which have no review of their own (they are left out of a filter on any
 * decision but 'unreviewed').
 */
export function* takedownRows(store: Store, options: TakedownOptions = {}): Generator<TakedownRow> {
  const classifierVersion = newestClassifierVersion(store);
  if (classifierVersion === null) return;
  for (const row of takedownModelRows(store, classifierVersion, statusFilter(options.status))) {
    yield {
      ...row,
      variantId: null,
      filePath: null,
      ncii: row.ncii === 1,
      fileHashes: row.fileHashes ?? '',
      evidence: summariseEvidence(parseEvidence(row.evidence), 5),
      status: row.status as ReviewStatus,
    };
  }
  if (options.status !== undefined && options.status !== 'unreviewed') return;
  for (const file of takedownFileRows(store, classifierVersion)) {
    yield {
      modelId: file.modelId,
      variantId: file.variantId,
      platform: 'huggingface',
      platformId: file.repo,
      name: file.civitaiName ?? file.name,
      url: hubFileUrl(file.repoUrl, file.path),
      filePath: file.path,
      creator: file.creator,
      targetName: file.targetName,
      targetGender: file.targetGender ?? 'unknown',
      fame: file.fame ?? 'unknown',
      ncii: file.ncii === 1,
      downloadsLifetime: file.downloadsAllTime,
      downloads30d: file.downloads30d,
      fileHashes: file.sha256 ?? file.autov2 ?? '',
      evidence: summariseEvidence(parseEvidence(file.evidence), 5),
      firstSeenAt: file.firstSeenAt,
      createdAt: file.repoCreatedAt,
      removedAt: file.repoRemovedAt,
      status: 'unreviewed',
      reviewedAt: null,
      reviewer: null,
      reviewNote: null,
      classifierVersion: file.classifierVersion,
    };
  }
}
