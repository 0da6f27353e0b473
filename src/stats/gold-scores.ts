// The classifier's measured quality for the report: the current classifier scored against a labelled
// gold set (the same computation as `dfwatch eval`), reading each gold model from the store, else
// from a Civitai records archive (--gold-records), else from the label's own inline input.
import type { Store } from '../db/open.js';
import { getClassifier } from '../classify/index.js';
import { readGold, type GoldLabel } from '../classify/gold.js';
import { archiveLookup, goldCases, storeLookup, type InputLookup } from '../classify/gold-cases.js';
import { evaluateGold, type Scores } from '../classify/evaluate.js';
import { UserError } from '../errors.js';
import type { Confusion, GoldSetScores } from './types.js';

export interface GoldSource {
  /** A gold file (JSON lines, data/gold/README.md). */
  goldPath: string;
  /** A Civitai JSON-lines archive holding the gold models that are not in the database. */
  recordsPath?: string;
}

function confusion(scores: Scores): Confusion {
  return {
    truePositives: scores.truePositives,
    falsePositives: scores.falsePositives,
    falseNegatives: scores.falseNegatives,
    trueNegatives: scores.n - scores.truePositives - scores.falsePositives - scores.falseNegatives,
  };
}

async function lookupChain(store: Store, labels: GoldLabel[], recordsPath: string | undefined): Promise<InputLookup> {
  const fromStore = storeLookup(store);
  if (!recordsPath) return fromStore;
  const fromArchive = await archiveLookup(recordsPath, new Set(labels.filter((label) => label.platform === 'civitai').map((label) => label.platformId)));
  return (label) => fromStore(label) ?? fromArchive(label);
}

export async function goldSetScores(store: Store, source: GoldSource): Promise<GoldSetScores> {
  const classifier = getClassifier();
  const labels = readGold(source.goldPath);
  const { cases, missing } = goldCases(labels, await lookupChain(store, labels, source.recordsPath), classifier);
  if (cases.length === 0) {
    throw new UserError(`none of the ${labels.length} models of ${source.goldPath} are in the database (import them, or pass --gold-records FILE)`);
  }
  const report = evaluateGold(cases, 0);
  const { personTargetNoPoi } = report;
  return {
    source: `${source.goldPath}, classifier ${classifier.version}, person-targeting without poi${missing.length > 0 ? `, ${missing.length} gold models not found` : ''}`,
    precision: personTargetNoPoi.precision,
    recall: personTargetNoPoi.recall,
    f1: personTargetNoPoi.f1,
    examples: cases.length,
    goldSet: source.goldPath,
    classifierVersion: classifier.version,
    missing: missing.length,
    personTarget: confusion(report.personTarget),
    personTargetNoPoi: confusion(report.personTargetNoPoi),
    ncii: confusion(report.ncii),
  };
}
