// Civitai sidecars: the model-version JSON bulk archiving tools store beside each file they copy
// (`<file>.civitai.info`, `.civitai.json`, or a plain `.json` holding the same object). Read from
// untrusted repos, so every field is optional and checked, the text is capped, and anything that is
// not a Civitai model-version object is a status, never an error that stops the crawl.
import { z } from 'zod';
import type { VariantRow } from '../db/hub-variants.js';

/** A real sidecar is 2–30 KB (its images[] dominate); anything bigger is not read past this. */
export const MAX_SIDECAR_BYTES = 256 * 1024;

const MAX_WORDS = 50;
const MAX_WORD_CHARS = 200;
const MAX_NAME_CHARS = 500;

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const flag = z.boolean().nullish().catch(null);
const name = z
  .string()
  .nullish()
  .catch(null)
  .transform((value) => (value ? value.slice(0, MAX_NAME_CHARS) : null));

/** Civitai's `/api/v1/model-versions/:id` object as archiving tools save it (API-NOTES.md). */
export const CivitaiSidecar = z.looseObject({
  id: id.nullish().catch(null),
  modelId: id,
  name,
  baseModel: name,
  trainedWords: z
    .array(z.unknown())
    .nullish()
    .catch(null)
    .transform((words) =>
      (words ?? [])
        .filter((word): word is string => typeof word === 'string')
        .map((word) => word.trim().slice(0, MAX_WORD_CHARS))
        .filter(Boolean)
        .slice(0, MAX_WORDS),
    ),
  model: z.looseObject({ name, type: name, nsfw: flag, poi: flag }).nullish().catch(null),
});

export type SidecarStatus = 'read' | 'none' | 'not_json' | 'too_large' | 'invalid' | 'error';

/** What a sidecar says, as the variant columns hold it; a readable sidecar always names its model. */
export type SidecarFacts = Pick<VariantRow, 'civitaiVersionId' | 'civitaiName' | 'civitaiVersionName' | 'civitaiType' | 'trainedWords' | 'baseModel' | 'poi' | 'nsfw'> & {
  civitaiModelId: number;
};

export type SidecarReading = { status: 'read'; facts: SidecarFacts } | { status: Exclude<SidecarStatus, 'read'>; facts: null };

/** Reads a sidecar's bytes; `isCut` says the read stopped at the cap (the file is larger). */
export function readSidecar(bytes: Buffer, isCut: boolean): SidecarReading {
  if (isCut) return { status: 'too_large', facts: null };
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { status: 'not_json', facts: null };
  }
  const parsed = CivitaiSidecar.safeParse(raw);
  if (!parsed.success) return { status: 'invalid', facts: null };
  const sidecar = parsed.data;
  return {
    status: 'read',
    facts: {
      civitaiModelId: sidecar.modelId,
      civitaiVersionId: sidecar.id ?? null,
      civitaiName: sidecar.model?.name ?? null,
      civitaiVersionName: sidecar.name,
      civitaiType: sidecar.model?.type ?? null,
      trainedWords: sidecar.trainedWords,
      baseModel: sidecar.baseModel,
      poi: sidecar.model?.poi ?? null,
      nsfw: sidecar.model?.nsfw ?? null,
    },
  };
}
