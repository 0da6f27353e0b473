// `dfwatch classify`: classifies every model that has no decision for the current classifier version
// and content hash, in keyset-paged batches (bounded memory at any store size), each batch written in
// one transaction with prepared statements (src/db/classifier-input.ts and classification-store.ts).
// parallel.ts runs the same batches with the classifying done on a worker thread.
import type { Store } from '../db/open.js';
import { decisionUpsert } from '../db/classification-store.js';
import { modelInputBatches, type ModelInputRow } from '../db/classifier-input.js';
import { DECISION_COLUMNS, decisionRow, type DecisionRow } from './decision-row.js';
import type { Classifier } from './index.js';
import { MAX_DESCRIPTION_CHARS } from './text.js';

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

export const DEFAULT_BATCH_SIZE = 2000;

/** Reads the models to classify, one batch after another in id order; an empty batch means done. */
export function modelBatchReader(store: Store, options: { version: string; all: boolean; batchSize: number; confirmingTags: readonly string[] }): () => ModelInputRow[] {
  return modelInputBatches(store, { ...options, maxTextChars: MAX_DESCRIPTION_CHARS });
}

export interface DecisionWriter {
  /** Stores one batch of decisions in one transaction and counts them into the summary. */
  write(rows: readonly DecisionRow[]): void;
  summary: ClassifySummary;
}

export function decisionWriter(store: Store, options: { version: string; now: () => Date }): DecisionWriter {
  const upsert = decisionUpsert<DecisionRow>(store, { decisionColumns: DECISION_COLUMNS, version: options.version });
  const summary: ClassifySummary = { classifierVersion: options.version, classified: 0, personTarget: 0, personTargetNoPoi: 0, ncii: 0, minorSignal: 0, sexualMinor: 0 };
  const count = (row: DecisionRow) => {
    summary.classified++;
    summary.personTarget += row[3];
    summary.personTargetNoPoi += row[4];
    summary.ncii += row[9];
    summary.minorSignal += row[12];
    if (row[12] === 1 && row[8] === 1) summary.sexualMinor++;
  };
  return { write: (rows) => upsert(rows, options.now().toISOString(), count), summary };
}

export function runClassify(store: Store, options: ClassifyRunOptions): ClassifySummary {
  const { classifier } = options;
  const read = modelBatchReader(store, { version: classifier.version, all: options.all, batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE, confirmingTags: classifier.confirmingTags });
  const writer = decisionWriter(store, { version: classifier.version, now: options.now ?? (() => new Date()) });
  for (let rows = read(); rows.length > 0; rows = read()) {
    writer.write(rows.map((row) => decisionRow(classifier, row)));
    options.onBatch?.(writer.summary);
  }
  return writer.summary;
}
