// A variant's evidence as the row hub_variants stores (src/db/hub-variants.ts).
import type { VariantRow } from '../db/hub-variants.js';
import type { VariantEvidence } from './hub-archive-fetch.js';

export function toVariantRow(variant: VariantEvidence): VariantRow {
  const sidecar = variant.sidecar;
  return {
    path: variant.path,
    name: variant.name,
    folder: variant.folder,
    format: variant.format,
    sizeBytes: variant.sizeBytes,
    sha256: variant.sha256,
    autov2: variant.autov2,
    sidecarPath: variant.sidecarPath,
    sidecarStatus: variant.sidecarStatus,
    civitaiModelId: sidecar?.civitaiModelId ?? null,
    civitaiVersionId: sidecar?.civitaiVersionId ?? null,
    civitaiName: sidecar?.civitaiName ?? null,
    civitaiVersionName: sidecar?.civitaiVersionName ?? null,
    civitaiType: sidecar?.civitaiType ?? null,
    trainedWords: sidecar?.trainedWords ?? [],
    baseModel: sidecar?.baseModel ?? variant.header?.baseModel ?? null,
    poi: sidecar?.poi ?? null,
    nsfw: sidecar?.nsfw ?? null,
    headerStatus: variant.headerStatus,
    headerMetadata: variant.header ? JSON.stringify(variant.header) : null,
  };
}
