// The models as the classifier reads them: one statement returns each model with its tags, versions
// and image ratings as JSON arrays from correlated subqueries on the model_id indexes (no query per
// model). Only what the rules read is loaded: image prompts are not (no rule uses them, and on the
// July 2023 records they were 12 of the 17 MB the query returned), and descriptions and model cards
// are cut in SQL at the length the rules read (the caller passes it: src/classify/text.ts owns it).
// src/classify/load.ts turns a row into the classifier's input. Hand-written SQL: json_group_array
// subqueries per row, which drizzle cannot express.
import { keysetBatches } from './keyset.js';
import type { Store } from './open.js';
import { buildCorpusTables, CORPUS_COLUMNS } from './corpus.js';
import type { Platform } from './schema.js';

export interface ModelInputRow {
  id: number;
  platform: Platform;
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
  /** Present when the batch query joined the corpus tables (corpus.ts). */
  corpus_words?: string | null;
  corpus_creator?: string | null;
  corpus_self?: number;
}

export interface ModelInputOptions {
  /** Descriptions and model cards are cut to this many characters (what the rules read). */
  maxTextChars: number;
}

// SQLite's substr counts code points, JavaScript's slice UTF-16 units, so a substr of N code points
// always holds the N units prepareText keeps: the cut never changes what the rules see.
function modelInputColumns(options: ModelInputOptions): string {
  const chars = Math.trunc(options.maxTextChars);
  return `
  m.id, m.platform, m.name, m.type, m.creator,
  substr(m.description, 1, ${chars}) AS description, substr(m.card_text, 1, ${chars}) AS card_text,
  m.base_models, m.nsfw, m.nsfw_level, m.poi, m.minor, m.content_hash,
  (SELECT json_group_array(t.tag) FROM tags t WHERE t.model_id = m.id) AS tags,
  (SELECT json_group_array(json_array(v.base_model, json(v.trained_words))) FROM (SELECT base_model, trained_words FROM model_versions WHERE model_id = m.id ORDER BY id) v) AS versions,
  (SELECT json_group_array(json_array(i.nsfw_level, i.nsfw_label, i.minor, i.poi)) FROM images i WHERE i.model_id = m.id) AS images`;
}

export interface ModelBatchOptions extends ModelInputOptions {
  /** The classifier version whose decisions count as done. */
  version: string;
  /** Every model, not only those without a decision for this version and content hash. */
  all: boolean;
  batchSize: number;
  /** Tags that confirm a person, for the corpus tables. */
  confirmingTags: readonly string[];
}

/**
 * Reads the models to classify, one keyset-paged batch after another in id order, each with its
 * corpus evidence (corpus.ts, built once here); an empty batch means done.
 */
export function modelInputBatches(store: Store, options: ModelBatchOptions): () => ModelInputRow[] {
  buildCorpusTables(store, options.confirmingTags);
  const select = store.sqlite.prepare<{ after: number; all: number; version: string; limit: number }, ModelInputRow>(`
    SELECT ${modelInputColumns(options)}, ${CORPUS_COLUMNS}
    FROM models m
    WHERE m.id > @after
      AND (@all = 1 OR NOT EXISTS (
        SELECT 1 FROM classifications c WHERE c.model_id = m.id AND c.classifier_version = @version AND c.content_hash = m.content_hash))
    ORDER BY m.id
    LIMIT @limit`);
  return keysetBatches(select, { all: options.all ? 1 : 0, version: options.version }, options.batchSize);
}

/** One model's row by its platform key, or undefined when it is not stored. */
export function modelInputLookup(store: Store, options: ModelInputOptions): (key: { platform: Platform; platformId: string }) => ModelInputRow | undefined {
  const select = store.sqlite.prepare<[string, string], ModelInputRow>(`
    SELECT ${modelInputColumns(options)}
    FROM models m WHERE m.platform = ? AND m.platform_id = ?`);
  return (key) => select.get(key.platform, key.platformId);
}

/** The rows of these stored models (in no particular order; unknown ids are left out). */
export function modelInputsById(store: Store, options: ModelInputOptions): (ids: readonly number[]) => ModelInputRow[] {
  const select = store.sqlite.prepare<[string], ModelInputRow>(`SELECT ${modelInputColumns(options)} FROM models m WHERE m.id IN (SELECT value FROM json_each(?))`);
  return (ids) => select.all(JSON.stringify(ids));
}
