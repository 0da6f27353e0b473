// The variant export (issue 12): one record per model file of a Hugging Face archive repo, streamed
// from SQLite, with the file's location, hashes, the Civitai ids it was matched to, and its own
// classifier decision. Schema in README ("Archive repos").
import type { Store } from '../db/open.js';
import { variantExportRows } from '../db/variant-export.js';
import { hubFileUrl } from '../crawlers/hub-archive.js';

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
  /** How the Civitai model was matched: sidecar | sha256 | autov2 | civitai_api, or null. */
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

const flag = (value: number | null) => (value === null ? null : value === 1);

export function* variantRecords(store: Store): Generator<VariantExportRecord> {
  for (const row of variantExportRows(store)) {
    const { repoUrl, ...rest } = row;
    yield {
      platform: 'huggingface',
      ...rest,
      url: hubFileUrl(repoUrl, row.path),
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
