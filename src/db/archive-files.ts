// One archive repo's files (hub_variants) for triage: flagged files first, each with what an analyst
// needs to point at it (path, hashes, the Civitai model it re-hosts, the file's own decision).
import { prepared } from './prepared.js';
import type { Store } from './open.js';

export interface ArchiveFileDbRow {
  variantId: number;
  path: string;
  sizeBytes: number | null;
  sha256: string | null;
  civitaiModelId: string | null;
  matchedOn: string | null;
  civitaiName: string | null;
  personTarget: number | null;
  targetName: string | null;
  ncii: number | null;
  classifierVersion: string | null;
}

const FILES = `
  SELECT v.id AS variantId, v.path, v.size_bytes AS sizeBytes, v.sha256,
    (SELECT l.civitai_model_id FROM variant_links l WHERE l.variant_id = v.id ORDER BY l.matched_on = 'sidecar' DESC, l.civitai_model_id LIMIT 1) AS civitaiModelId,
    (SELECT l.matched_on FROM variant_links l WHERE l.variant_id = v.id ORDER BY l.matched_on = 'sidecar' DESC, l.civitai_model_id LIMIT 1) AS matchedOn,
    v.civitai_name AS civitaiName, v.person_target AS personTarget, v.target_name AS targetName, v.ncii, v.classifier_version AS classifierVersion
  FROM hub_variants v WHERE v.model_id = ?
  ORDER BY v.person_target = 1 DESC, v.path`;

/** The repo's archive files, flagged ones first, then by path (none for a repo that is not an archive). */
export function archiveFilesOf(store: Store, modelId: number): ArchiveFileDbRow[] {
  return prepared<[number], ArchiveFileDbRow>(store, FILES).all(modelId);
}
