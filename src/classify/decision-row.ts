// One model's decision as the values of its classifications row, in the column order of
// DECISION_COLUMNS. The sequential and the worker-thread runs both build rows here, so both store
// exactly the same values; a row is a plain array so it crosses to another thread cheaply.
import type { Classifier } from './index.js';
import { inputFromRow, type ModelInputRow } from './load.js';

/** The classifications columns a decision fills, after model_id, classifier_version, content_hash and classified_at. */
export const DECISION_COLUMNS = [
  'person_score',
  'person_target',
  'person_target_no_poi',
  'target_name',
  'target_gender',
  'fame',
  'sexual',
  'ncii',
  'ncii_level',
  'ncii_signals',
  'minor_signal',
  'base_family',
  'evidence',
] as const;

/** [model_id, content_hash, ...the DECISION_COLUMNS values]; booleans as 0/1, lists as JSON. */
export type DecisionRow = [
  modelId: number,
  contentHash: string,
  personScore: number,
  personTarget: 0 | 1,
  personTargetNoPoi: 0 | 1,
  targetName: string | null,
  targetGender: string,
  fame: string,
  sexual: 0 | 1,
  ncii: 0 | 1,
  nciiLevel: string,
  nciiSignals: string,
  minorSignal: 0 | 1,
  baseFamily: string,
  evidence: string,
];

export function decisionRow(classifier: Classifier, row: ModelInputRow): DecisionRow {
  const decision = classifier.classify(inputFromRow(row));
  return [
    row.id,
    row.content_hash,
    decision.personScore,
    decision.personTarget ? 1 : 0,
    decision.personTargetNoPoi ? 1 : 0,
    decision.targetName,
    decision.targetGender,
    decision.fame,
    decision.sexual ? 1 : 0,
    decision.ncii ? 1 : 0,
    decision.nciiLevel,
    JSON.stringify(decision.nciiSignals),
    decision.minorSignal ? 1 : 0,
    decision.baseFamily,
    JSON.stringify(decision.evidence),
  ];
}
