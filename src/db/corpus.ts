// Corpus evidence for the classifier (issue 14 item 3): what the other models in the store say about
// a trigger word and a creator. Built once per `classify` run into TEMP tables, then read per model
// by the batch query (CORPUS_COLUMNS) with primary-key lookups, so the cost is one grouped pass over
// the versions and models plus an indexed probe per trigger word. Deterministic for a given database.
// "Confirmed" means: Civitai's poi flag, a person context tag (the classifier's strong tags), or a
// review marked confirmed — never the classifier's own earlier decisions, so no decision feeds itself.
import type { Store } from './open.js';

/** Trigger words shared by more models than this are generic ("realistic", "1girl"), not a person. */
export const MAX_MODELS_PER_WORD = 200;
/** Creators with fewer models than this have no history worth a signal. */
export const MIN_CREATOR_MODELS = 3;

/** Fills temp.corpus_confirmed, temp.corpus_words and temp.corpus_creators for this connection. */
export function buildCorpusTables(store: Store, confirmingTags: readonly string[]): void {
  const db = store.sqlite;
  db.exec(`
    DROP TABLE IF EXISTS temp.corpus_confirmed;
    DROP TABLE IF EXISTS temp.corpus_words;
    DROP TABLE IF EXISTS temp.corpus_creators;
    CREATE TEMP TABLE corpus_confirmed (model_id INTEGER PRIMARY KEY) WITHOUT ROWID;
    CREATE TEMP TABLE corpus_words (word TEXT PRIMARY KEY, models INTEGER NOT NULL, confirmed INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TEMP TABLE corpus_creators (creator TEXT PRIMARY KEY, models INTEGER NOT NULL, confirmed INTEGER NOT NULL) WITHOUT ROWID;`);
  db.prepare(
    `INSERT OR IGNORE INTO temp.corpus_confirmed (model_id)
     SELECT id FROM models WHERE poi = 1
     UNION SELECT model_id FROM tags WHERE lower(tag) IN (SELECT value FROM json_each(?))
     UNION SELECT model_id FROM reviews WHERE decision = 'confirmed'`,
  ).run(JSON.stringify(confirmingTags.map((tag) => tag.toLowerCase())));
  db.prepare(
    `INSERT INTO temp.corpus_words (word, models, confirmed)
     SELECT word, count(*), sum(model_id IN (SELECT model_id FROM temp.corpus_confirmed))
     FROM (SELECT DISTINCT v.model_id, lower(trim(j.value)) AS word
           FROM model_versions v, json_each(v.trained_words) j
           WHERE j.type = 'text' AND length(j.value) BETWEEN 3 AND 40)
     GROUP BY word
     HAVING count(*) BETWEEN 2 AND ? AND sum(model_id IN (SELECT model_id FROM temp.corpus_confirmed)) >= 1`,
  ).run(MAX_MODELS_PER_WORD);
  db.prepare(
    `INSERT INTO temp.corpus_creators (creator, models, confirmed)
     SELECT creator, count(*), sum(id IN (SELECT model_id FROM temp.corpus_confirmed))
     FROM models WHERE creator IS NOT NULL GROUP BY creator HAVING count(*) >= ?`,
  ).run(MIN_CREATOR_MODELS);
}

/**
 * Per-model columns for the classify batch query (models aliased m); needs buildCorpusTables first.
 * corpus_words: [[word, models, confirmed], …] for this model's trigger words known to the corpus;
 * corpus_creator: [models, confirmed] or null; corpus_self: 1 when this model is itself confirmed.
 */
export const CORPUS_COLUMNS = `
  (SELECT json_group_array(json_array(cw.word, cw.models, cw.confirmed)) FROM (
     SELECT DISTINCT lower(trim(j.value)) AS word FROM model_versions v, json_each(v.trained_words) j WHERE v.model_id = m.id AND j.type = 'text'
   ) w JOIN temp.corpus_words cw ON cw.word = w.word) AS corpus_words,
  (SELECT json_array(cc.models, cc.confirmed) FROM temp.corpus_creators cc WHERE cc.creator = m.creator) AS corpus_creator,
  EXISTS (SELECT 1 FROM temp.corpus_confirmed cf WHERE cf.model_id = m.id) AS corpus_self`;
