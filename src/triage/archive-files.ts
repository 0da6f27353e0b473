// The files of a Hugging Face archive repo as triage shows them (`dfwatch show`): each row points at
// the file inside the repo by its URL, so a flagged LoRA among hundreds can be acted on alone.
import { hubFileUrl } from '../crawlers/hub-archive.js';
import { archiveFilesOf } from '../db/archive-files.js';
import type { Store } from '../db/open.js';

export interface ArchiveFile {
  path: string;
  /** The file's page inside the repo. */
  url: string;
  sizeBytes: number | null;
  sha256: string | null;
  civitaiModelId: string | null;
  matchedOn: string | null;
  civitaiName: string | null;
  /** The file's own decision (null before dfwatch classify). */
  personTarget: boolean | null;
  targetName: string | null;
  ncii: boolean | null;
}

const flag = (value: number | null) => (value === null ? null : value === 1);

export function archiveFiles(store: Store, repo: { modelId: number; url: string }): ArchiveFile[] {
  return archiveFilesOf(store, repo.modelId).map((row) => ({
    path: row.path,
    url: hubFileUrl(repo.url, row.path),
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    civitaiModelId: row.civitaiModelId,
    matchedOn: row.matchedOn,
    civitaiName: row.civitaiName,
    personTarget: flag(row.personTarget),
    targetName: row.targetName,
    ncii: flag(row.ncii),
  }));
}
