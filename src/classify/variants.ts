// Classifies the variants of Hugging Face archive repos (hub_variants), one decision per model file.
// A variant's text is its own: the file and folder names, its Civitai sidecar (original name,
// trigger words, base model, flags) and its safetensors training metadata (output name, training
// folders, caption tags). When the file is a known Civitai model (same sidecar model id, or the
// same SHA256/AutoV2 as a stored Civitai file) that model's own listing text is added: it is the
// same file, and sidecar-less copies would otherwise be judged on a file name alone. The decision
// is written onto the variant row with the classifier version, and redone when either changes.
import type { Store } from '../db/open.js';
import type { Classifier } from './index.js';
import { inputFromRow, MODEL_INPUT_COLUMNS, type ModelInputRow } from './load.js';
import type { ClassifierInput } from './types.js';

export interface VariantInputRow {
  id: number;
  path: string;
  name: string;
  folder: string | null;
  size_bytes: number | null;
  civitai_name: string | null;
  civitai_version_name: string | null;
  civitai_type: string | null;
  trained_words: string;
  base_model: string | null;
  poi: number | null;
  nsfw: number | null;
  header_metadata: string | null;
  repo_creator: string | null;
  repo_nsfw: number | null;
  linked_id: number | null;
}

export interface VariantClassifySummary {
  classifierVersion: string;
  classified: number;
  personTarget: number;
  personTargetNoPoi: number;
}

/** Above this a model file is a checkpoint, not a LoRA (LoRAs are 2 MB – ~1 GB). */
const CHECKPOINT_BYTES = 1_500_000_000;
const MAX_CAPTION_TAGS = 60;
const BATCH = 2000;

const SELECT_VARIANTS = `
  SELECT v.id, v.path, v.name, v.folder, v.size_bytes, v.civitai_name, v.civitai_version_name, v.civitai_type, v.trained_words,
    v.base_model, v.poi, v.nsfw, v.header_metadata, r.creator AS repo_creator, r.nsfw AS repo_nsfw,
    COALESCE(
      (SELECT m.id FROM models m WHERE m.platform = 'civitai' AND m.platform_id = CAST(v.civitai_model_id AS TEXT)),
      (SELECT f.model_id FROM files f JOIN models m ON m.id = f.model_id AND m.platform = 'civitai'
       WHERE v.autov2 IS NOT NULL AND f.autov2 = v.autov2 AND (v.sha256 IS NULL OR f.sha256 IS NULL OR f.sha256 = v.sha256)
       ORDER BY f.model_id LIMIT 1)
    ) AS linked_id
  FROM hub_variants v JOIN models r ON r.id = v.model_id
  WHERE v.id > @after AND (@all = 1 OR v.classifier_version IS NULL OR v.classifier_version <> @version)
  ORDER BY v.id LIMIT @limit`;

interface HeaderMetadataJson {
  outputName?: string | null;
  baseModel?: string | null;
  datasetDirs?: string[];
  captionTags?: string[];
  trainingComment?: string | null;
}

function flag(value: number | null): boolean | null {
  return value === null ? null : value === 1;
}

/** The classifier input of one variant, with the linked Civitai model's input when there is one. */
export function variantInput(row: VariantInputRow, linked: ClassifierInput | undefined): ClassifierInput {
  const header = row.header_metadata ? (JSON.parse(row.header_metadata) as HeaderMetadataJson) : {};
  const lines = [
    linked?.description ?? null,
    `file: ${row.path}`,
    row.civitai_version_name ? `version: ${row.civitai_version_name}` : null,
    header.outputName ? `output name: ${header.outputName}` : null,
    header.datasetDirs?.length ? `training folders: ${header.datasetDirs.join(', ')}` : null,
    header.captionTags?.length ? `training captions: ${header.captionTags.slice(0, MAX_CAPTION_TAGS).join(', ')}` : null,
    header.trainingComment ? `training comment: ${header.trainingComment}` : null,
  ];
  const words = [...(JSON.parse(row.trained_words) as string[]), ...(linked?.trainedWords ?? [])];
  return {
    platform: 'huggingface',
    name: row.civitai_name ?? linked?.name ?? header.outputName ?? row.name,
    type: row.civitai_type ?? linked?.type ?? (row.size_bytes !== null && row.size_bytes >= CHECKPOINT_BYTES ? 'Checkpoint' : 'LORA'),
    creator: row.repo_creator,
    description: lines.filter((line): line is string => line !== null).join('\n'),
    cardText: null,
    tags: linked?.tags ?? [],
    trainedWords: [...new Set(words)],
    baseModels: [row.base_model, header.baseModel ?? null, ...(linked?.baseModels ?? [])].filter((base): base is string => Boolean(base)),
    nsfw: flag(row.nsfw) ?? linked?.nsfw ?? flag(row.repo_nsfw),
    nsfwLevel: linked?.nsfwLevel ?? null,
    poi: flag(row.poi) ?? linked?.poi ?? null,
    minor: linked?.minor ?? null,
    images: linked?.images ?? [],
  };
}

/** Decides every variant without a decision for this classifier version (all of them with `all`). */
export function classifyVariants(store: Store, classifier: Classifier, options: { all: boolean }): VariantClassifySummary {
  const db = store.sqlite;
  const select = db.prepare<{ after: number; all: number; version: string; limit: number }, VariantInputRow>(SELECT_VARIANTS);
  const linkedRows = db.prepare<[string], ModelInputRow>(`SELECT ${MODEL_INPUT_COLUMNS} FROM models m WHERE m.id IN (SELECT value FROM json_each(?))`);
  const update = db.prepare(
    `UPDATE hub_variants SET classifier_version = @version, person_score = @personScore, person_target = @personTarget, person_target_no_poi = @personTargetNoPoi,
       target_name = @targetName, target_gender = @targetGender, fame = @fame, sexual = @sexual, ncii = @ncii, ncii_level = @nciiLevel,
       minor_signal = @minorSignal, base_family = @baseFamily, evidence = @evidence
     WHERE id = @id`,
  );
  const summary: VariantClassifySummary = { classifierVersion: classifier.version, classified: 0, personTarget: 0, personTargetNoPoi: 0 };
  let after = 0;
  for (;;) {
    const rows = select.all({ after, all: options.all ? 1 : 0, version: classifier.version, limit: BATCH });
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    const linkedIds = [...new Set(rows.flatMap((row) => (row.linked_id === null ? [] : [row.linked_id])))];
    const linked = new Map(linkedRows.all(JSON.stringify(linkedIds)).map((row) => [row.id, inputFromRow(row)]));
    db.transaction(() => {
      for (const row of rows) {
        const decision = classifier.classify(variantInput(row, row.linked_id === null ? undefined : linked.get(row.linked_id)));
        update.run({
          id: row.id,
          version: classifier.version,
          personScore: decision.personScore,
          personTarget: decision.personTarget ? 1 : 0,
          personTargetNoPoi: decision.personTargetNoPoi ? 1 : 0,
          targetName: decision.targetName,
          targetGender: decision.targetGender,
          fame: decision.fame,
          sexual: decision.sexual ? 1 : 0,
          ncii: decision.ncii ? 1 : 0,
          nciiLevel: decision.nciiLevel,
          minorSignal: decision.minorSignal ? 1 : 0,
          baseFamily: decision.baseFamily,
          evidence: JSON.stringify(decision.evidence),
        });
        summary.classified++;
        if (decision.personTarget) summary.personTarget++;
        if (decision.personTargetNoPoi) summary.personTargetNoPoi++;
      }
    })();
  }
  return summary;
}
