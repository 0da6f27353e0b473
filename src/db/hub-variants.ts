// Reads and writes hub_variants: the model files of Hugging Face archive repos (schema.ts explains
// the model). The crawler writes a repo's variants with their sidecar and header evidence; the
// classifier reads the variants still to decide and writes each decision onto its row.
import type { Store } from './open.js';
import { prepared } from './prepared.js';
import { capText, TEXT_CAPS } from './text-caps.js';

/** What the crawler knows about one variant (mirrors the evidence columns). */
export interface VariantRow {
  path: string;
  name: string;
  folder: string | null;
  format: string;
  sizeBytes: number | null;
  sha256: string | null;
  autov2: string | null;
  sidecarPath: string | null;
  sidecarStatus: string;
  civitaiModelId: number | null;
  civitaiVersionId: number | null;
  civitaiName: string | null;
  civitaiVersionName: string | null;
  civitaiType: string | null;
  trainedWords: string[];
  baseModel: string | null;
  poi: boolean | null;
  nsfw: boolean | null;
  headerStatus: string;
  /** JSON, already bounded by the reader. */
  headerMetadata: string | null;
}

const REPO_ID = `SELECT id FROM models WHERE platform = 'huggingface' AND platform_id = ?`;

const UPSERT = `INSERT INTO hub_variants (model_id, path, name, folder, format, size_bytes, sha256, autov2, first_seen_at, last_seen_at, sidecar_path, sidecar_status,
       civitai_model_id, civitai_version_id, civitai_name, civitai_version_name, civitai_type, trained_words, base_model, poi, nsfw, header_status, header_metadata)
     VALUES (@modelId, @path, @name, @folder, @format, @sizeBytes, @sha256, @autov2, @asOf, @asOf, @sidecarPath, @sidecarStatus,
       @civitaiModelId, @civitaiVersionId, @civitaiName, @civitaiVersionName, @civitaiType, @trainedWords, @baseModel, @poi, @nsfw, @headerStatus, @headerMetadata)
     ON CONFLICT (model_id, path) DO UPDATE SET name = excluded.name, folder = excluded.folder, format = excluded.format, size_bytes = excluded.size_bytes,
       sha256 = excluded.sha256, autov2 = excluded.autov2, last_seen_at = excluded.last_seen_at, sidecar_path = excluded.sidecar_path,
       sidecar_status = excluded.sidecar_status, civitai_model_id = excluded.civitai_model_id, civitai_version_id = excluded.civitai_version_id,
       civitai_name = excluded.civitai_name, civitai_version_name = excluded.civitai_version_name, civitai_type = excluded.civitai_type,
       trained_words = excluded.trained_words, base_model = excluded.base_model, poi = excluded.poi, nsfw = excluded.nsfw,
       header_status = excluded.header_status, header_metadata = excluded.header_metadata, classifier_version = NULL`;

const DELETE_GONE = `DELETE FROM hub_variants WHERE model_id = ? AND path NOT IN (SELECT value FROM json_each(?))`;

const bool = (value: boolean | null) => (value === null ? null : value ? 1 : 0);

/**
 * Replaces a repo's variants with the files its current commit holds, keeping each file's first
 * sighting. Evidence may have changed, so every written variant waits for the classifier again.
 * Call inside the transaction that writes the repo. Statements are prepared once per store.
 */
export function writeRepoVariants(store: Store, repo: { platformId: string; asOf: string }, variants: readonly VariantRow[]): number {
  const model = prepared<[string], { id: number }>(store, REPO_ID).get(repo.platformId);
  if (!model) return 0;
  const upsert = prepared(store, UPSERT);
  for (const variant of variants) {
    upsert.run({
      ...variant,
      modelId: model.id,
      asOf: repo.asOf,
      path: capText(variant.path, TEXT_CAPS.fileName),
      name: capText(variant.name, TEXT_CAPS.fileName),
      folder: variant.folder === null ? null : capText(variant.folder, TEXT_CAPS.fileName),
      civitaiName: variant.civitaiName === null ? null : capText(variant.civitaiName, TEXT_CAPS.name),
      civitaiVersionName: variant.civitaiVersionName === null ? null : capText(variant.civitaiVersionName, TEXT_CAPS.name),
      trainedWords: JSON.stringify(variant.trainedWords),
      poi: bool(variant.poi),
      nsfw: bool(variant.nsfw),
    });
  }
  // Files gone from the repo's current commit are no longer hosted there.
  prepared(store, DELETE_GONE).run(model.id, JSON.stringify(variants.map((variant) => capText(variant.path, TEXT_CAPS.fileName))));
  return variants.length;
}
