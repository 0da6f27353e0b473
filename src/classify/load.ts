// Turns a stored model's row (src/db/classifier-input.ts: tags, versions and image ratings as JSON
// arrays, texts cut at text.ts MAX_DESCRIPTION_CHARS) into the classifier's input.
import type { ModelInputRow } from '../db/classifier-input.js';
import type { ClassifierInput, ImageSignal } from './types.js';

export type { ModelInputRow } from '../db/classifier-input.js';

function flag(value: number | null): boolean | null {
  return value === null ? null : value === 1;
}

export function inputFromRow(row: ModelInputRow): ClassifierInput {
  const versions = JSON.parse(row.versions) as [string | null, string[] | null][];
  const images = (JSON.parse(row.images) as [number | null, string | null, number | null, number | null][]).map(
    ([nsfwLevel, nsfwLabel, minor, poi]): ImageSignal => ({ nsfwLevel, nsfwLabel, minor: flag(minor), poi: flag(poi) }),
  );
  const hubBases = row.base_models ? (JSON.parse(row.base_models) as string[]) : [];
  return {
    platform: row.platform,
    name: row.name,
    type: row.type,
    creator: row.creator,
    description: row.description,
    cardText: row.card_text,
    tags: JSON.parse(row.tags) as string[],
    trainedWords: versions.flatMap(([, words]) => words ?? []),
    baseModels: [...versions.map(([base]) => base).filter((base): base is string => Boolean(base)), ...hubBases],
    nsfw: flag(row.nsfw),
    nsfwLevel: row.nsfw_level,
    poi: flag(row.poi),
    minor: flag(row.minor),
    images,
    ...(row.corpus_words === undefined
      ? {}
      : {
          corpus: {
            words: row.corpus_words ? (JSON.parse(row.corpus_words) as [string, number, number][]) : [],
            creator: row.corpus_creator ? (JSON.parse(row.corpus_creator) as [number, number]) : null,
            self: row.corpus_self === 1,
          },
        }),
  };
}
