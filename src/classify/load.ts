// Reads models from the store as classifier inputs: one statement returns each model with its tags,
// versions and image ratings as JSON arrays from correlated subqueries on the model_id indexes (no
// query per model). Only what the rules read is loaded: image prompts are not (no rule uses them,
// and on the July 2023 records they were 12 of the 17 MB the query returned), and descriptions and
// model cards are cut in SQL at the length the rules read (text.ts MAX_DESCRIPTION_CHARS).
import { MAX_DESCRIPTION_CHARS } from './text.js';
import type { ClassifierInput, ImageSignal } from './types.js';

export interface ModelInputRow {
  id: number;
  platform: 'civitai' | 'huggingface';
  name: string;
  type: string;
  creator: string | null;
  description: string | null;
  card_text: string | null;
  base_models: string | null;
  nsfw: number | null;
  nsfw_level: number | null;
  poi: number | null;
  minor: number | null;
  content_hash: string;
  tags: string;
  versions: string;
  images: string;
  /** Present when the batch query joined the corpus tables (src/db/corpus.ts). */
  corpus_words?: string | null;
  corpus_creator?: string | null;
  corpus_self?: number;
}

// SQLite's substr counts code points, JavaScript's slice UTF-16 units, so a substr of N code points
// always holds the N units prepareText keeps: the cut never changes what the rules see.
export const MODEL_INPUT_COLUMNS = `
  m.id, m.platform, m.name, m.type, m.creator,
  substr(m.description, 1, ${MAX_DESCRIPTION_CHARS}) AS description, substr(m.card_text, 1, ${MAX_DESCRIPTION_CHARS}) AS card_text,
  m.base_models, m.nsfw, m.nsfw_level, m.poi, m.minor, m.content_hash,
  (SELECT json_group_array(t.tag) FROM tags t WHERE t.model_id = m.id) AS tags,
  (SELECT json_group_array(json_array(v.base_model, json(v.trained_words))) FROM (SELECT base_model, trained_words FROM model_versions WHERE model_id = m.id ORDER BY id) v) AS versions,
  (SELECT json_group_array(json_array(i.nsfw_level, i.nsfw_label, i.minor, i.poi)) FROM images i WHERE i.model_id = m.id) AS images`;

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
