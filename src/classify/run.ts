// `dfwatch classify`: classifies every model that has no decision for the current classifier version
// and content hash, in keyset-paged batches (bounded memory at any store size), each batch written in
// one transaction with prepared statements.
import type { Store } from '../db/open.js';
import type { Classifier } from './index.js';
import type { ClassifierInput, ImageSignal } from './types.js';

export interface ClassifyRunOptions {
  classifier: Classifier;
  /** Redo every model, not only those without a decision for this version. */
  all: boolean;
  batchSize?: number;
  /** Clock for the timestamps (tests inject one). */
  now?: () => Date;
  onBatch?: (progress: ClassifySummary) => void;
}

export interface ClassifySummary {
  classifierVersion: string;
  classified: number;
  personTarget: number;
  personTargetNoPoi: number;
  ncii: number;
  minorSignal: number;
  sexualMinor: number;
}

interface ModelRow {
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
}

function flag(value: number | null): boolean | null {
  return value === null ? null : value === 1;
}

// Children come back as JSON arrays from correlated subqueries: one statement per batch, no N+1.
const SELECT_MODELS = `
  SELECT m.id, m.platform, m.name, m.type, m.creator, m.description, m.card_text, m.base_models, m.nsfw, m.nsfw_level, m.poi, m.minor, m.content_hash,
    (SELECT json_group_array(t.tag) FROM tags t WHERE t.model_id = m.id) AS tags,
    (SELECT json_group_array(json_array(v.base_model, json(v.trained_words))) FROM (SELECT * FROM model_versions WHERE model_id = m.id ORDER BY id) v) AS versions,
    (SELECT json_group_array(json_array(i.nsfw_level, i.nsfw_label, i.minor, i.poi, i.prompt)) FROM images i WHERE i.model_id = m.id) AS images
  FROM models m
  WHERE m.id > @after
    AND (@all = 1 OR NOT EXISTS (
      SELECT 1 FROM classifications c WHERE c.model_id = m.id AND c.classifier_version = @version AND c.content_hash = m.content_hash))
  ORDER BY m.id
  LIMIT @limit`;

export function inputFromRow(row: ModelRow): ClassifierInput {
  const versions = JSON.parse(row.versions) as [string | null, string[]][];
  const images = (JSON.parse(row.images) as [number | null, string | null, number | null, number | null, string | null][]).map(
    ([nsfwLevel, nsfwLabel, minor, poi, prompt]): ImageSignal => ({ nsfwLevel, nsfwLabel, minor: flag(minor), poi: flag(poi), prompt }),
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
  };
}

export function runClassify(store: Store, options: ClassifyRunOptions): ClassifySummary {
  const { classifier } = options;
  const batchSize = options.batchSize ?? 2000;
  const now = options.now ?? (() => new Date());
  const select = store.sqlite.prepare<{ after: number; all: number; version: string; limit: number }, ModelRow>(SELECT_MODELS);
  const upsert = store.sqlite.prepare(
    `INSERT OR REPLACE INTO classifications (model_id, classifier_version, content_hash, classified_at, person_score, person_target, person_target_no_poi,
       target_name, target_gender, fame, sexual, ncii, ncii_signals, minor_signal, base_family, evidence)
     VALUES (@modelId, @version, @contentHash, @classifiedAt, @personScore, @personTarget, @personTargetNoPoi,
       @targetName, @targetGender, @fame, @sexual, @ncii, @nciiSignals, @minorSignal, @baseFamily, @evidence)`,
  );
  const summary: ClassifySummary = { classifierVersion: classifier.version, classified: 0, personTarget: 0, personTargetNoPoi: 0, ncii: 0, minorSignal: 0, sexualMinor: 0 };
  const writeBatch = store.sqlite.transaction((rows: ModelRow[], classifiedAt: string) => {
    for (const row of rows) {
      const decision = classifier.classify(inputFromRow(row));
      upsert.run({
        modelId: row.id,
        version: classifier.version,
        contentHash: row.content_hash,
        classifiedAt,
        personScore: decision.personScore,
        personTarget: decision.personTarget ? 1 : 0,
        personTargetNoPoi: decision.personTargetNoPoi ? 1 : 0,
        targetName: decision.targetName,
        targetGender: decision.targetGender,
        fame: decision.fame,
        sexual: decision.sexual ? 1 : 0,
        ncii: decision.ncii ? 1 : 0,
        nciiSignals: JSON.stringify(decision.nciiSignals),
        minorSignal: decision.minorSignal ? 1 : 0,
        baseFamily: decision.baseFamily,
        evidence: JSON.stringify(decision.evidence),
      });
      summary.classified++;
      if (decision.personTarget) summary.personTarget++;
      if (decision.personTargetNoPoi) summary.personTargetNoPoi++;
      if (decision.ncii) summary.ncii++;
      if (decision.minorSignal) summary.minorSignal++;
      if (decision.minorSignal && decision.sexual) summary.sexualMinor++;
    }
  });
  let after = 0;
  for (;;) {
    const rows = select.all({ after, all: options.all ? 1 : 0, version: classifier.version, limit: batchSize });
    if (rows.length === 0) break;
    writeBatch(rows, now().toISOString());
    after = rows[rows.length - 1]!.id;
    options.onBatch?.(summary);
  }
  return summary;
}
