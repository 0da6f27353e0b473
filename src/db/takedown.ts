// The takedown queries (src/triage/takedown.ts shapes the rows): flagged models with their file
// hashes and latest review, and flagged files inside Hugging Face archive repos (hub_variants)
// with their SHA256. Statements are prepared once per store; the status filter picks one of three
// fixed texts.
import { prepared } from './prepared.js';
import type { Store } from './open.js';

/** Which review decision to keep: any, never reviewed (or set back), or one decision. */
export type TakedownStatusFilter = { kind: 'any' } | { kind: 'unreviewed' } | { kind: 'decision'; decision: string };

export interface TakedownModelDbRow {
  modelId: number;
  platform: 'civitai' | 'huggingface';
  platformId: string;
  name: string;
  url: string;
  creator: string | null;
  targetName: string | null;
  targetGender: string;
  fame: string;
  ncii: number;
  downloadsLifetime: number | null;
  downloads30d: number | null;
  fileHashes: string | null;
  evidence: string | null;
  firstSeenAt: string;
  createdAt: string | null;
  removedAt: string | null;
  status: string;
  reviewedAt: string | null;
  reviewer: string | null;
  reviewNote: string | null;
  classifierVersion: string;
}

export interface TakedownFileDbRow {
  variantId: number;
  /** The archive repo's store id. */
  modelId: number;
  repo: string;
  repoUrl: string;
  path: string;
  name: string;
  civitaiName: string | null;
  creator: string | null;
  targetName: string | null;
  targetGender: string | null;
  fame: string | null;
  ncii: number | null;
  downloadsAllTime: number | null;
  downloads30d: number | null;
  sha256: string | null;
  autov2: string | null;
  evidence: string | null;
  firstSeenAt: string;
  repoCreatedAt: string | null;
  repoRemovedAt: string | null;
  classifierVersion: string;
}

const LATEST_REVIEW = `(SELECT r.id FROM reviews r WHERE r.model_id = m.id ORDER BY r.created_at DESC, r.id DESC LIMIT 1)`;

const STATUS_SQL: Record<TakedownStatusFilter['kind'], string> = {
  any: '',
  // Never reviewed, or set back: the latest row then says 'unreviewed'.
  unreviewed: "AND (r.id IS NULL OR r.decision = 'unreviewed')",
  decision: 'AND r.decision = ?',
};

const modelSql = (kind: TakedownStatusFilter['kind']) => `
  SELECT m.id AS modelId, m.platform, m.platform_id AS platformId, m.name, m.url, m.creator, c.target_name AS targetName,
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
  WHERE c.classifier_version = ? AND c.person_target = 1 ${STATUS_SQL[kind]}
  ORDER BY downloadsLifetime DESC, m.id`;

// Files have no review of their own: they are listed as unreviewed (the CLI keeps them out of a
// filter on any other decision).
const FILES = `
  SELECT v.id AS variantId, r.id AS modelId, r.platform_id AS repo, r.url AS repoUrl, v.path, v.name, v.civitai_name AS civitaiName, r.creator,
    v.target_name AS targetName, v.target_gender AS targetGender, v.fame, v.ncii, r.downloads_all_time AS downloadsAllTime, r.downloads AS downloads30d,
    v.sha256, v.autov2, v.evidence, v.first_seen_at AS firstSeenAt, r.created_at AS repoCreatedAt, r.removed_at AS repoRemovedAt, v.classifier_version AS classifierVersion
  FROM hub_variants v JOIN models r ON r.id = v.model_id
  WHERE v.classifier_version = ? AND v.person_target = 1
  ORDER BY r.downloads_all_time DESC, r.platform_id, v.path`;

const SHA256_OF_MODELS = `
  SELECT DISTINCT lower(sha256) AS sha256 FROM files
  WHERE model_id IN (SELECT value FROM json_each(?)) AND length(sha256) = 64`;

const SHA256_OF_FILES = `
  SELECT DISTINCT lower(sha256) AS sha256 FROM hub_variants
  WHERE id IN (SELECT value FROM json_each(?)) AND length(sha256) = 64`;

/** Models this classifier version flags as targeting a real person, most downloaded first. */
export function takedownModelRows(store: Store, classifierVersion: string, filter: TakedownStatusFilter): IterableIterator<TakedownModelDbRow> {
  const statement = prepared<unknown[], TakedownModelDbRow>(store, modelSql(filter.kind));
  return filter.kind === 'decision' ? statement.iterate(classifierVersion, filter.decision) : statement.iterate(classifierVersion);
}

/** Archive files this classifier version flags, from the most downloaded repo down, by path. */
export function takedownFileRows(store: Store, classifierVersion: string): IterableIterator<TakedownFileDbRow> {
  return prepared<[string], TakedownFileDbRow>(store, FILES).iterate(classifierVersion);
}

/** The distinct SHA256 (lower case) of these models' files and these archive files, sorted. */
export function sha256OfFlagged(store: Store, ids: { modelIds: readonly number[]; variantIds: readonly number[] }): string[] {
  const models = prepared<[string], { sha256: string }>(store, SHA256_OF_MODELS).all(JSON.stringify(ids.modelIds));
  const variants = prepared<[string], { sha256: string }>(store, SHA256_OF_FILES).all(JSON.stringify(ids.variantIds));
  return [...new Set([...models, ...variants].map((row) => row.sha256))].sort();
}
