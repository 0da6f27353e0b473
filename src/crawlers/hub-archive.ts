// Hugging Face archive repos: a repo whose file list holds several model files is an archive, and
// each model file is a variant with its own name, folder, size and SHA256 (the LFS object id the
// Hub's `?blobs=true` siblings carry). Which sidecar belongs to which file is decided here too, by
// name: bulk archiving tools write `<file stem>.civitai.info` (or `.civitai.json`, or `<stem>.json`)
// beside each file. Pure functions over the sibling list; fetching lives in hub-archive-fetch.ts.
import type { VariantRow } from '../db/hub-variants.js';

/** Weight formats a LoRA or checkpoint is shared in. */
export const MODEL_EXTENSIONS = ['safetensors', 'ckpt', 'pt', 'bin'] as const;

/**
 * Below this size a ".bin"/".pt" is a tokenizer, optimizer state or an embedding, not a model the
 * census counts; the smallest LoRAs (rank 1–4, SD 1.5) are a few hundred KB larger than this.
 */
export const MODEL_FILE_FLOOR_BYTES = 1024 * 1024;

/** Two model files or more make an archive (one is an ordinary single-model repo). */
export const ARCHIVE_MIN_FILES = 2;

export interface HubSiblingFile {
  rfilename: string;
  size?: number | null;
  lfs?: { sha256?: string | null; size?: number | null } | null;
}

/** A model file of an archive: where it is, what it is, and the sidecar beside it (null: none). */
export type VariantFile = Pick<VariantRow, 'path' | 'name' | 'folder' | 'format' | 'sizeBytes' | 'sha256' | 'autov2' | 'sidecarPath'>;

const SIDECAR_SUFFIXES = ['.civitai.info', '.civitai.json', '.json'] as const;

function extensionOf(path: string): string | null {
  return /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase() ?? null;
}

function sizeOf(file: HubSiblingFile): number | null {
  return file.lfs?.size ?? file.size ?? null;
}

/** A model file: a weight format, and (when the size is known) above the floor. */
export function isModelFile(file: HubSiblingFile): boolean {
  const extension = extensionOf(file.rfilename);
  if (!extension || !(MODEL_EXTENSIONS as readonly string[]).includes(extension)) return false;
  const size = sizeOf(file);
  return size === null || size >= MODEL_FILE_FLOOR_BYTES;
}

/** Whether a repo's file list makes it an archive. */
export function isArchive(siblings: readonly HubSiblingFile[]): boolean {
  let count = 0;
  for (const file of siblings) if (isModelFile(file) && ++count >= ARCHIVE_MIN_FILES) return true;
  return false;
}

function normalizeSha256(value: string | null | undefined): string | null {
  return value && /^[0-9a-fA-F]{64}$/.test(value) ? value.toUpperCase() : null;
}

/** Every model file of a repo as a variant, with its sidecar when one sits beside it. */
export function archiveVariants(siblings: readonly HubSiblingFile[]): VariantFile[] {
  const paths = new Set(siblings.map((file) => file.rfilename));
  const variants: VariantFile[] = [];
  for (const file of siblings) {
    if (!isModelFile(file)) continue;
    const path = file.rfilename;
    const slash = path.lastIndexOf('/');
    const folder = slash === -1 ? null : path.slice(0, slash);
    const format = extensionOf(path) ?? '';
    const stemPath = path.slice(0, path.length - format.length - 1);
    const sha256 = normalizeSha256(file.lfs?.sha256);
    variants.push({
      path,
      name: stemPath.slice(slash + 1),
      folder,
      format,
      sizeBytes: sizeOf(file),
      sha256,
      autov2: sha256 ? sha256.slice(0, 10) : null,
      sidecarPath: SIDECAR_SUFFIXES.map((suffix) => `${stemPath}${suffix}`).find((candidate) => paths.has(candidate)) ?? null,
    });
  }
  return variants;
}

/** A file's page on the Hub (its blob view, not a download), from the repo's page URL: each path segment encoded. */
export function hubFileUrl(repoUrl: string, path: string): string {
  return `${repoUrl}/blob/main/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** Words archive repos put in their ids; the default Hub scope searches repo ids for each. */
export const ARCHIVE_SEARCH_WORDS = ['civitai', 'archive', 'backup', 'mirror'] as const;

const ARCHIVE_NAME = /civitai|archive|backup|mirror|re-?upload|lora[-_ ]?(?:collection|pack|dump)/i;

/** A repo whose id says it is an archive: its file list is always read (archives are processed whenever met). */
export function looksLikeArchiveRepo(model: { name: string; creator: string | null }): boolean {
  return ARCHIVE_NAME.test(model.name) || (model.creator !== null && ARCHIVE_NAME.test(model.creator));
}
