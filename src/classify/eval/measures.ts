// The figures `dfwatch eval` reports, each a weighted ratio over outcomes, so the same code gives
// the point estimate and every bootstrap replicate. Undefined ratios (no cases) are null.
import type { NameScriptLabel } from '../gold.js';
import { NAME_SCRIPTS } from '../gold.js';
import type { Outcome } from './outcome.js';

export interface Ratio {
  value: number | null;
  /** Unweighted count of the cases in the denominator. */
  n: number;
}

export interface Measure {
  key: string;
  label: string;
  compute(outcomes: readonly Outcome[]): Ratio;
}

function ratio(outcomes: readonly Outcome[], inDenominator: (o: Outcome) => boolean, inNumerator: (o: Outcome) => boolean): Ratio {
  let numerator = 0;
  let denominator = 0;
  let n = 0;
  for (const o of outcomes) {
    if (!inDenominator(o)) continue;
    n++;
    denominator += o.weight;
    if (inNumerator(o)) numerator += o.weight;
  }
  return { value: denominator === 0 ? null : numerator / denominator, n };
}

function f1(precision: Ratio, recall: Ratio): Ratio {
  const n = precision.n + recall.n;
  if (precision.value === null || recall.value === null) return { value: null, n };
  const sum = precision.value + recall.value;
  return { value: sum === 0 ? 0 : (2 * precision.value * recall.value) / sum, n };
}

type Flag = (o: Outcome) => boolean;

function detection(key: string, title: string, truth: (o: Outcome) => boolean | null, predicted: Flag): Measure[] {
  const precision = (outcomes: readonly Outcome[]) => ratio(outcomes, (o) => truth(o) !== null && predicted(o), (o) => truth(o) === true);
  const recall = (outcomes: readonly Outcome[]) => ratio(outcomes, (o) => truth(o) === true, predicted);
  return [
    { key: `${key}.precision`, label: `${title} precision`, compute: precision },
    { key: `${key}.recall`, label: `${title} recall`, compute: recall },
    { key: `${key}.f1`, label: `${title} F1`, compute: (outcomes) => f1(precision(outcomes), recall(outcomes)) },
  ];
}

const GENDERS = ['female', 'male', 'unknown'] as const;

function recallWhere(key: string, label: string, where: Flag): Measure {
  return { key, label, compute: (outcomes) => ratio(outcomes, (o) => o.person === true && where(o), (o) => o.predicted) };
}

export const SCRIPT_MEASURES: Measure[] = NAME_SCRIPTS.map((script: NameScriptLabel) => recallWhere(`recall.script.${script}`, `  recall, ${script} names`, (o) => o.script === script));

/** In report order: text only first (the headline), then with poi, poi alone, gender, NCII, groups. */
export const MEASURES: Measure[] = [
  ...detection('person', 'person-targeting (text only)', (o) => o.person, (o) => o.predicted),
  ...detection('personWithPoi', 'person-targeting (with poi)', (o) => o.person, (o) => o.predictedWithPoi),
  ...detection('poiAlone', "Civitai's poi flag alone", (o) => (o.poi === null ? null : o.person), (o) => o.poi === true),
  {
    key: 'gender.accuracy',
    label: 'target gender accuracy (true positives)',
    compute: (outcomes) => ratio(outcomes, (o) => o.person === true && o.predicted && (o.gender === 'female' || o.gender === 'male'), (o) => o.predictedGender === o.gender),
  },
  ...detection('ncii', 'NCII explicit (text only)', (o) => (o.person === null ? null : o.explicit), (o) => o.predictedExplicit),
  ...GENDERS.map((gender) => recallWhere(`recall.gender.${gender}`, `  recall, ${gender} targets`, (o) => o.gender === gender)),
  ...SCRIPT_MEASURES,
];

export function measureAll(outcomes: readonly Outcome[], measures: readonly Measure[] = MEASURES): Map<string, Ratio> {
  return new Map(measures.map((measure) => [measure.key, measure.compute(outcomes)]));
}
