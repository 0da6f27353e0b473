// The methods section's gold-set scores: the current classifier scored against a labelled gold set
// (the same computation as `dfwatch eval`), reading the gold models from the store.
import type { Store } from '../db/open.js';
import { getClassifier } from '../classify/index.js';
import { readGold } from '../classify/gold.js';
import { goldCases, storeLookup } from '../classify/gold-cases.js';
import { evaluateGold } from '../classify/evaluate.js';
import { UserError } from '../errors.js';
import type { GoldSetScores } from './types.js';

export function goldSetScores(store: Store, goldPath: string): GoldSetScores {
  const classifier = getClassifier();
  const labels = readGold(goldPath);
  const { cases, missing } = goldCases(labels, storeLookup(store), classifier);
  if (cases.length === 0) throw new UserError(`none of the ${labels.length} models of ${goldPath} are in the database (import them, or run dfwatch eval --records FILE)`);
  const { personTargetNoPoi } = evaluateGold(cases, 0);
  return {
    source: `${goldPath}, classifier ${classifier.version}, person-targeting without poi${missing.length > 0 ? `, ${missing.length} gold models not in the database` : ''}`,
    precision: personTargetNoPoi.precision,
    recall: personTargetNoPoi.recall,
    f1: personTargetNoPoi.f1,
    examples: cases.length,
  };
}
