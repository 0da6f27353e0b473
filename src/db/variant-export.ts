// The variant export's rows (src/export/variants.ts shapes them): every archive file with its repo,
// hashes, the Civitai model it was matched to (the sidecar's first) and its classifier decision.
import type { StoredDecisionColumns } from './decision-columns.js';
import { prepared } from './prepared.js';
import type { Store } from './open.js';

export interface VariantExportRow extends StoredDecisionColumns {
  repo: string;
  repoUrl: string;
  path: string;
  sizeBytes: number | null;
  sha256: string | null;
  autov2: string | null;
  /** The sidecar's id (a number), or the linked model's platform id (text). */
  civitaiModelId: string | number | null;
  civitaiVersionId: number | null;
  matchedOn: string | null;
  civitaiName: string | null;
  /** JSON array. */
  trainedWords: string;
  sidecarStatus: string;
  headerStatus: string;
  poi: number | null;
  firstSeenAt: string;
  lastSeenAt: string;
  classifierVersion: string | null;
  personScore: number | null;
  nciiLevel: string | null;
  /** JSON array, or null before classification. */
  evidence: string | null;
}

const ROWS = `SELECT r.platform_id AS repo, r.url AS repoUrl, v.path, v.size_bytes AS sizeBytes, v.sha256, v.autov2,
         COALESCE(v.civitai_model_id, (SELECT l.civitai_model_id FROM variant_links l WHERE l.variant_id = v.id ORDER BY l.matched_on = 'sidecar' DESC, l.civitai_model_id LIMIT 1)) AS civitaiModelId,
         v.civitai_version_id AS civitaiVersionId,
         (SELECT l.matched_on FROM variant_links l WHERE l.variant_id = v.id ORDER BY l.matched_on = 'sidecar' DESC, l.civitai_model_id LIMIT 1) AS matchedOn,
         v.civitai_name AS civitaiName, v.trained_words AS trainedWords, v.sidecar_status AS sidecarStatus, v.header_status AS headerStatus, v.poi,
         v.first_seen_at AS firstSeenAt, v.last_seen_at AS lastSeenAt, v.classifier_version AS classifierVersion, v.person_score AS personScore,
         v.person_target AS personTarget, v.person_target_no_poi AS personTargetNoPoi, v.target_name AS targetName, v.target_gender AS targetGender,
         v.fame, v.sexual, v.ncii, v.ncii_level AS nciiLevel, v.minor_signal AS minorSignal, v.base_family AS baseFamily, v.evidence
       FROM hub_variants v JOIN models r ON r.id = v.model_id
       ORDER BY r.platform_id, v.path`;

/** Streamed in repo and path order. */
export function variantExportRows(store: Store): IterableIterator<VariantExportRow> {
  return prepared<[], VariantExportRow>(store, ROWS).iterate();
}
