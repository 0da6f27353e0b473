// Civitai's by-hash answers for archive files (civitai_hash_lookups, migration 0016): which hashes
// still need asking, and the answers, written once per hash so Civitai is asked about each file once.
import { prepared } from './prepared.js';
import type { Store } from './open.js';

export interface HashLookupRow {
  /** Uppercase hex SHA256. */
  hash: string;
  status: 'found' | 'not_public';
  civitaiModelId: number | null;
  civitaiVersionId: number | null;
  modelName: string | null;
  modelType: string | null;
  nsfw: boolean | null;
  poi: boolean | null;
}

// Files no stored Civitai model accounts for (no link by sidecar or hash) and never asked about.
const PENDING = `
  SELECT DISTINCT v.sha256 AS hash FROM hub_variants v
  WHERE v.sha256 IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM variant_links l WHERE l.variant_id = v.id)
    AND NOT EXISTS (SELECT 1 FROM civitai_hash_lookups h WHERE h.hash = v.sha256)
  ORDER BY v.sha256`;

const INSERT = `
  INSERT INTO civitai_hash_lookups (hash, status, civitai_model_id, civitai_version_id, model_name, model_type, nsfw, poi, checked_at)
  VALUES (@hash, @status, @civitaiModelId, @civitaiVersionId, @modelName, @modelType, @nsfw, @poi, @checkedAt)
  ON CONFLICT (hash) DO NOTHING`;

const bool = (value: boolean | null) => (value === null ? null : value ? 1 : 0);

/** SHA256 of archive files that no stored Civitai model accounts for and that Civitai was never asked about. */
export function hashesToLookUp(store: Store): string[] {
  return prepared<[], { hash: string }>(store, PENDING)
    .all()
    .map((row) => row.hash);
}

/** Records Civitai's answers in one transaction; a hash already answered keeps its first answer. */
export function recordHashLookups(store: Store, rows: readonly HashLookupRow[], checkedAt: string): void {
  const insert = prepared(store, INSERT);
  store.sqlite.transaction(() => {
    for (const row of rows) insert.run({ ...row, nsfw: bool(row.nsfw), poi: bool(row.poi), checkedAt });
  })();
}
