// Scores the classifier against a gold set: precision, recall and F1 for each flag with and without
// poi, Civitai's poi flag alone as a baseline, gender accuracy on true positives, and recall per
// group (target gender, name script) with its gap to the overall figure.
import type { Classification } from './types.js';
import type { GoldLabel } from './gold.js';

export interface EvalCase {
  label: GoldLabel;
  decision: Classification;
  /** Civitai's own flag on the model (null where the platform has none). */
  poi: boolean | null;
}

export interface Scores {
  n: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface GroupRecall {
  group: string;
  positives: number;
  recallNoPoi: number;
  recallWithPoi: number;
  /** recallNoPoi minus the overall no-poi recall. */
  gapNoPoi: number;
}

export interface ErrorCase {
  platformId: string;
  modelName: string;
  score: number;
  evidence: Classification['evidence'];
}

export interface EvalReport {
  cases: number;
  undecided: number;
  personTarget: Scores;
  personTargetNoPoi: Scores;
  poiFlagAlone: Scores;
  ncii: Scores;
  nciiNoPoi: Scores;
  sexual: Scores;
  genderAccuracy: { n: number; correct: number; accuracy: number };
  groups: GroupRecall[];
  worstFalsePositives: ErrorCase[];
  worstFalseNegatives: ErrorCase[];
}

export function scores(pairs: { truth: boolean; predicted: boolean }[]): Scores {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  for (const { truth, predicted } of pairs) {
    if (truth && predicted) truePositives++;
    else if (!truth && predicted) falsePositives++;
    else if (truth && !predicted) falseNegatives++;
  }
  const precision = truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives);
  const recall = truePositives + falseNegatives === 0 ? 1 : truePositives / (truePositives + falseNegatives);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { n: pairs.length, truePositives, falsePositives, falseNegatives, precision, recall, f1 };
}

function recallOf(cases: EvalCase[], predicted: (decision: Classification) => boolean): number {
  return cases.length === 0 ? 1 : cases.filter((c) => predicted(c.decision)).length / cases.length;
}

function errorCase(c: EvalCase): ErrorCase {
  return { platformId: c.label.platformId, modelName: c.label.modelName ?? c.label.input?.name ?? '', score: c.decision.personScoreNoPoi, evidence: c.decision.evidence };
}

export function evaluateGold(cases: EvalCase[], worst = 5): EvalReport {
  const decided = cases.filter((c) => c.label.personTarget !== null);
  const isPerson = (c: EvalCase) => c.label.personTarget === true;
  const isNcii = (c: EvalCase) => isPerson(c) && c.label.sexual === true;
  const withSexual = decided.filter((c) => c.label.sexual !== null);
  const positives = decided.filter(isPerson);
  const overallNoPoi = recallOf(positives, (d) => d.personTargetNoPoi);
  const groups: GroupRecall[] = [];
  const addGroup = (group: string, members: EvalCase[]) => {
    if (members.length === 0) return;
    const recallNoPoi = recallOf(members, (d) => d.personTargetNoPoi);
    groups.push({ group, positives: members.length, recallNoPoi, recallWithPoi: recallOf(members, (d) => d.personTarget), gapNoPoi: recallNoPoi - overallNoPoi });
  };
  for (const gender of ['female', 'male', 'unknown'] as const) addGroup(`gender:${gender}`, positives.filter((c) => c.label.targetGender === gender));
  for (const script of ['latin', 'cjk', 'other'] as const) addGroup(`name:${script}`, positives.filter((c) => c.label.nameGroup === script));
  const genderCases = positives.filter((c) => c.decision.personTargetNoPoi && c.label.targetGender !== null && c.label.targetGender !== 'unknown');
  const correct = genderCases.filter((c) => c.decision.targetGender === c.label.targetGender).length;
  return {
    cases: cases.length,
    undecided: cases.length - decided.length,
    personTarget: scores(decided.map((c) => ({ truth: isPerson(c), predicted: c.decision.personTarget }))),
    personTargetNoPoi: scores(decided.map((c) => ({ truth: isPerson(c), predicted: c.decision.personTargetNoPoi }))),
    poiFlagAlone: scores(decided.filter((c) => c.poi !== null).map((c) => ({ truth: isPerson(c), predicted: c.poi === true }))),
    ncii: scores(withSexual.map((c) => ({ truth: isNcii(c), predicted: c.decision.ncii }))),
    nciiNoPoi: scores(withSexual.map((c) => ({ truth: isNcii(c), predicted: c.decision.nciiNoPoi }))),
    sexual: scores(cases.filter((c) => c.label.sexual !== null).map((c) => ({ truth: c.label.sexual === true, predicted: c.decision.sexual }))),
    genderAccuracy: { n: genderCases.length, correct, accuracy: genderCases.length === 0 ? 1 : correct / genderCases.length },
    groups,
    worstFalsePositives: decided
      .filter((c) => !isPerson(c) && c.decision.personTargetNoPoi)
      .sort((a, b) => b.decision.personScoreNoPoi - a.decision.personScoreNoPoi)
      .slice(0, worst)
      .map(errorCase),
    worstFalseNegatives: positives
      .filter((c) => !c.decision.personTargetNoPoi)
      .sort((a, b) => a.decision.personScoreNoPoi - b.decision.personScoreNoPoi)
      .slice(0, worst)
      .map(errorCase),
  };
}
