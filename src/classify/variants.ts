// Classifies the variants of Hugging Face archive repos (hub_variants), one decision per model file.
// A variant's text is its own: the file and folder names, its Civitai sidecar (original name,
// trigger words, base model, flags) and its safetensors training metadata (output name, training
// folders, caption tags). When the file is a known Civitai model (same sidecar model id, or the
// same SHA256/AutoV2 as a stored Civitai file) that model's own listing text is added: it is the
// same file, and sidecar-less copies would otherwise be judged on a file name alone. The decision
// is written onto the variant row with the classifier version, and redone when either changes
// (the reads and writes: src/db/variant-decisions.ts).
import type { Store } from '../db/open.js';
import { modelInputsById } from '../db/classifier-input.js';
import { variantDecisionWriter, variantInputBatches, type VariantDecisionRow, type VariantInputRow } from '../db/variant-decisions.js';
import type { Classifier } from './index.js';
import { inputFromRow } from './load.js';
import { MAX_DESCRIPTION_CHARS } from './text.js';
import type { ClassifierInput } from './types.js';

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
  const read = variantInputBatches(store, { version: classifier.version, all: options.all, batchSize: BATCH });
  const linkedRows = modelInputsById(store, { maxTextChars: MAX_DESCRIPTION_CHARS });
  const write = variantDecisionWriter(store, { version: classifier.version });
  const summary: VariantClassifySummary = { classifierVersion: classifier.version, classified: 0, personTarget: 0, personTargetNoPoi: 0 };
  for (let rows = read(); rows.length > 0; rows = read()) {
    const linkedIds = [...new Set(rows.flatMap((row) => (row.linked_id === null ? [] : [row.linked_id])))];
    const linked = new Map(linkedRows(linkedIds).map((row) => [row.id, inputFromRow(row)]));
    write(
      rows.map((row): VariantDecisionRow => {
        const decision = classifier.classify(variantInput(row, row.linked_id === null ? undefined : linked.get(row.linked_id)));
        summary.classified++;
        if (decision.personTarget) summary.personTarget++;
        if (decision.personTargetNoPoi) summary.personTargetNoPoi++;
        return {
          id: row.id,
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
        };
      }),
    );
  }
  return summary;
}
