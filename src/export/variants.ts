// The variant export (issue 12): one record per model file of a Hugging Face archive repo, streamed
// from SQLite, with the file's location, hashes, the Civitai ids it was matched to, and its own
// classifier decision. Schema in README ("Archive repos").
import type { Store } from '../db/open.js';

export interface VariantExportRecord {
  platform: 'huggingface';
  repo: string;
  path: string;
  /** The file on the Hub (the repo's blob page, not a download). */
  url: string;
  sizeBytes: number | null;
  sha256: string | null;
  autov2: string | null;
  civitaiModelId: number | null;
  civitaiVersionId: number | null;
  /** How the Civitai model was matched: sidecar | sha256 | autov2, or null. */
  matchedOn: string | null;
  civitaiName: string | null;
  trainedWords: string[];
  sidecarStatus: string;
  headerStatus: string;
  poi: boolean | null;
  firstSeenAt: string;
  lastSeenAt: string;
  classifierVersion: string | null;
  personScore: number | null;
  personTarget: boolean | null;
  personTargetNoPoi: boolean | null;
  targetName: string | null;
  targetGender: string | null;
  fame: string | null;
  sexual: boolean | null;
  ncii: boolean | null;
  nciiLevel: string | null;
  minorSignal: boolean | null;
  baseFamily: string | null;
  evidence: unknown[];
}

export const VARIANT_EXPORT_COLUMNS: (keyof VariantExportRecord)[] = [
  'platform', 'repo', 'path', 'url', 'sizeBytes', 'sha256', 'autov2', 'civitaiModelId', 'civitaiVersionId', 'matchedOn', 'civitaiName', 'trainedWords',
  'sidecarStatus', 'headerStatus', 'poi', 'firstSeenAt', 'lastSeenAt', 'classifierVersion', 'personScore', 'personTarget', 'personTargetNoPoi', 'targetName',
  'targetGender', 'fame', 'sexual', 'ncii', 'nciiLevel', 'minorSignal', 'baseFamily', 'evidence',
];

interface Row extends Omit<VariantExportRecord, 'platform' | 'url' | 'trainedWords' | 'evidence' | 'poi' | 'personTarget' | 'personTargetNoPoi' | 'sexual' | 'ncii' | 'minorSignal' | 'civitaiModelId'> {
  repoUrl: string;
  trainedWords: string;
  evidence: string | null;
  poi: number | null;
  personTarget: number | null;
  personTargetNoPoi: number | null;
  sexual: number | null;
  ncii: number | null;
  minorSignal: number | null;
  civitaiModelId: string | number | null;
}

const flag = (value: number | null) => (value === null ? null : value === 1);

/** A Hub path as a URL path: each segment encoded. */
function blobUrl(repoUrl: string, path: string): string {
  return `${repoUrl}/blob/main/${path.split('/').map(encodeURIComponent).join('/')}`;
}

export function* variantRecords(store: Store): Generator<VariantExportRecord> {
  const rows = store.sqlite
    .prepare(
      `SELECT r.platform_id AS repo, r.url AS repoUrl, v.path, v.size_bytes AS sizeBytes, v.sha256, v.autov2,
         COALESCE(v.civitai_model_id, (SELECT l.civitai_model_id FROM variant_links l WHERE l.variant_id = v.id ORDER BY l.matched_on = 'sidecar' DESC, l.civitai_model_id LIMIT 1)) AS civitaiModelId,
         v.civitai_version_id AS civitaiVersionId,
         (SELECT l.matched_on FROM variant_links l WHERE l.variant_id = v.id ORDER BY l.matched_on = 'sidecar' DESC, l.civitai_model_id LIMIT 1) AS matchedOn,
         v.civitai_name AS civitaiName, v.trained_words AS trainedWords, v.sidecar_status AS sidecarStatus, v.header_status AS headerStatus, v.poi,
         v.first_seen_at AS firstSeenAt, v.last_seen_at AS lastSeenAt, v.classifier_version AS classifierVersion, v.person_score AS personScore,
         v.person_target AS personTarget, v.person_target_no_poi AS personTargetNoPoi, v.target_name AS targetName, v.target_gender AS targetGender,
         v.fame, v.sexual, v.ncii, v.ncii_level AS nciiLevel, v.minor_signal AS minorSignal, v.base_family AS baseFamily, v.evidence
       FROM hub_variants v JOIN models r ON r.id = v.model_id
       ORDER BY r.platform_id, v.path`,
    )
    .iterate() as Iterable<Row>;
  for (const row of rows) {
    const { repoUrl, ...rest } = row;
    yield {
      platform: 'huggingface',
      ...rest,
      url: blobUrl(repoUrl, row.path),
      civitaiModelId: row.civitaiModelId === null ? null : Number(row.civitaiModelId),
      trainedWords: JSON.parse(row.trainedWords) as string[],
      poi: flag(row.poi),
      personTarget: flag(row.personTarget),
      personTargetNoPoi: flag(row.personTargetNoPoi),
      sexual: flag(row.sexual),
      ncii: flag(row.ncii),
      minorSignal: flag(row.minorSignal),
      evidence: row.evidence === null ? [] : (JSON.parse(row.evidence) as unknown[]),
    };
  }
}
