// Takedown rows: one line per flagged model with what a platform's trust-and-safety team needs to act
// (URL, platform id, file hashes to block re-uploads, the evidence in brief, when dfwatch first saw
// it, and the analyst's decision). Streamed from SQL so a million-model store never sits in memory.
import type { Store } from '../db/open.js';
import type { Platform } from '../db/schema.js';
import { newestClassifierVersion } from '../db/classifier-version.js';
import { parseEvidence, summariseEvidence, type ReviewStatus } from './triage.js';

export interface TakedownOptions {
  /** Only models whose latest review decision is this ('unreviewed': never reviewed). */
  status?: ReviewStatus;
}

export interface TakedownRow {
  /** The store's id; not an export column (the signal lists use it). */
  modelId: number;
  platform: Platform;
  platformId: string;
  name: string;
  url: string;
  creator: string | null;
  targetName: string | null;
  targetGender: string;
  fame: string;
  ncii: boolean;
  /** Civitai `downloadCount`, Hugging Face `downloadsAllTime`. */
  downloadsLifetime: number | null;
  /** Hugging Face only: the last 30 days. */
  downloads30d: number | null;
  /** Distinct SHA256 hashes of the model's files (AutoV2 where no SHA256 is known), space-separated. */
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

const LATEST_REVIEW = `(SELECT r.id FROM reviews r WHERE r.model_id = m.id ORDER BY r.created_at DESC, r.id DESC LIMIT 1)`;

/** Models the newest classifier flags as targeting a real person, most downloaded first. */
export function* takedownRows(store: Store, options: TakedownOptions = {}): Generator<TakedownRow> {
  const classifierVersion = newestClassifierVersion(store);
  if (classifierVersion === null) return;
  const params: unknown[] = [classifierVersion];
  let statusSql = '';
  // Never reviewed, or set back: the latest row then says 'unreviewed'.
  if (options.status === 'unreviewed') statusSql = "AND (r.id IS NULL OR r.decision = 'unreviewed')";
  else if (options.status) {
    statusSql = 'AND r.decision = ?';
    params.push(options.status);
  }
  const statement = store.sqlite.prepare(
    `SELECT m.id AS modelId, m.platform, m.platform_id AS platformId, m.name, m.url, m.creator, c.target_name AS targetName,
       c.target_gender AS targetGender, c.fame, c.ncii,
       CASE WHEN m.platform = 'huggingface' THEN m.downloads_all_time ELSE m.downloads END AS downloadsLifetime,
       CASE WHEN m.platform = 'huggingface' THEN m.downloads END AS downloads30d,
       (SELECT group_concat(h, ' ') FROM (
          SELECT DISTINCT COALESCE(f.sha256, f.autov2) AS h FROM files f
          WHERE f.model_id = m.id AND COALESCE(f.sha256, f.autov2) IS NOT NULL ORDER BY h)) AS fileHashes,
       c.evidence, m.first_seen_at AS firstSeenAt, m.created_at AS createdAt, m.removed_at AS removedAt,
       COALESCE(r.decision, 'unreviewed') AS status, r.created_at AS reviewedAt, r.reviewer, r.note AS reviewNote, c.classifier_version AS classifierVersion
     FROM classifications c
     JOIN models m ON m.id = c.model_id
     LEFT JOIN reviews r ON r.id = ${LATEST_REVIEW}
     WHERE c.classifier_version = ? AND c.person_target = 1 ${statusSql}
     ORDER BY downloadsLifetime DESC, m.id`,
  );
  for (const row of statement.iterate(...params) as Iterable<Omit<TakedownRow, 'ncii'> & { ncii: number }>) {
    yield {
      ...row,
      ncii: row.ncii === 1,
      fileHashes: row.fileHashes ?? '',
      evidence: summariseEvidence(parseEvidence(row.evidence), 5),
    };
  }
}
