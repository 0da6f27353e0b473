// The whole `dfwatch eval`: every gold set classified twice — as the Civitai record and reshaped as a
// Hugging Face repo — and scored with bootstrap intervals on four views: the grouped held-out split
// (the headline: held-out and new records sharing no creator or target name with the tuning set),
// the old held-out set, the new sample weighted back to its population, and the tuning set (in-sample).
import type { Classifier } from '../index.js';
import { evaluateGold, type ErrorCase, type EvalCase } from '../evaluate.js';
import { goldInputs, type InputLookup } from '../gold-cases.js';
import type { GoldLabel } from '../gold.js';
import { UserError } from '../../errors.js';
import { bootstrap, type Figure } from './bootstrap.js';
import { groupedSplit } from './grouped-split.js';
import { hubShaped } from './hub-shape.js';
import { outcomeOf } from './outcome.js';
import { stratumWeights, type Population } from './weights.js';

export type GoldRole = 'tuning' | 'heldout' | 'new';
export type Shape = 'civitai' | 'hub';
export const SHAPES: readonly Shape[] = ['civitai', 'hub'];

export interface GoldSet {
  role: GoldRole;
  file: string;
  labels: GoldLabel[];
}

export interface EvalSuiteOptions {
  sets: GoldSet[];
  lookup: InputLookup;
  classifier: Classifier;
  /** Population size per stratum of the `new` set; weights its own view back to the population. */
  population: Population | null;
  replicates: number;
  seed: number;
  worst: number;
}

export interface SectionReport {
  key: 'grouped-heldout' | 'heldout' | 'new-weighted' | 'tuning';
  title: string;
  cases: number;
  positives: number;
  undecided: number;
  figures: Record<Shape, Record<string, Figure>>;
  worstFalsePositives: ErrorCase[];
  worstFalseNegatives: ErrorCase[];
}

export interface EvalSuiteReport {
  classifierVersion: string;
  replicates: number;
  seed: number;
  sections: SectionReport[];
  missing: { file: string; count: number }[];
}

interface Scored {
  key: string;
  role: GoldRole;
  creator: string | null;
  cases: Record<Shape, EvalCase>;
}

function scoreAll(sets: GoldSet[], lookup: InputLookup, classifier: Classifier): { scored: Scored[]; missing: EvalSuiteReport['missing'] } {
  const scored: Scored[] = [];
  const missing: EvalSuiteReport['missing'] = [];
  const seen = new Map<string, string>();
  for (const set of sets) {
    const { found, missing: absent } = goldInputs(set.labels, lookup);
    if (found.length === 0) throw new UserError(`none of the ${set.labels.length} models of ${set.file} found (import the archive first, or pass --records FILE)`);
    if (absent.length > 0) missing.push({ file: set.file, count: absent.length });
    for (const { label, input } of found) {
      const key = `${label.platform}:${label.platformId}`;
      const other = seen.get(key);
      // One model on two sides would make every split leak.
      if (other !== undefined) throw new UserError(`${key} is in both ${other} and ${set.file}`);
      seen.set(key, set.file);
      const hubInput = input.platform === 'civitai' ? hubShaped(input, label.platformId) : input;
      scored.push({
        key,
        role: set.role,
        creator: input.creator,
        cases: {
          civitai: { label, decision: classifier.classify(input), poi: input.poi },
          hub: { label, decision: classifier.classify(hubInput), poi: hubInput.poi },
        },
      });
    }
  }
  return { scored, missing };
}

function section(key: SectionReport['key'], title: string, members: Scored[], options: EvalSuiteOptions, weights?: Map<string, number>): SectionReport {
  const labels = members.map((member) => member.cases.civitai.label);
  const figures = {} as Record<Shape, Record<string, Figure>>;
  for (const shape of SHAPES) {
    const outcomes = members.map((member) => outcomeOf(member.cases[shape], weights?.get(member.cases[shape].label.stratum ?? '') ?? 1));
    figures[shape] = Object.fromEntries(bootstrap(outcomes, { replicates: options.replicates, seed: options.seed }));
  }
  const errors = evaluateGold(
    members.map((member) => member.cases.civitai),
    options.worst,
  );
  return {
    key,
    title,
    cases: members.length,
    positives: labels.filter((label) => label.personTarget === true).length,
    undecided: labels.filter((label) => label.personTarget === null).length,
    figures,
    worstFalsePositives: errors.worstFalsePositives,
    worstFalseNegatives: errors.worstFalseNegatives,
  };
}

export function runEvalSuite(options: EvalSuiteOptions): EvalSuiteReport {
  const { scored, missing } = scoreAll(options.sets, options.lookup, options.classifier);
  const ofRole = (role: GoldRole) => scored.filter((member) => member.role === role);
  const sections: SectionReport[] = [];
  const untouched = scored.filter((member) => member.role !== 'tuning');
  if (untouched.length > 0) {
    const split = groupedSplit(
      scored.map((member) => ({ id: member.key, creator: member.creator, targetName: member.cases.civitai.label.targetName })),
      { seed: options.seed, heldoutShare: 1, pinnedTuning: new Set(ofRole('tuning').map((member) => member.key)) },
    );
    const heldout = untouched.filter((member) => split.heldout.has(member.key));
    sections.push(
      section(
        'grouped-heldout',
        `grouped held-out split: ${heldout.length} of ${untouched.length} untuned models (held-out and new sets) that share no creator and no target name with the tuning set`,
        heldout,
        options,
      ),
    );
  }
  if (ofRole('heldout').length > 0) sections.push(section('heldout', 'old held-out set (labelled after tuning, never tuned on; not grouped)', ofRole('heldout'), options));
  const fresh = ofRole('new');
  if (fresh.length > 0 && options.population) {
    const weights = stratumWeights(
      fresh.map((member) => member.cases.civitai.label.stratum),
      options.population,
    );
    const total = Object.values(options.population).reduce((sum, size) => sum + size, 0);
    sections.push(section('new-weighted', `new stratified sample, weighted back to its population of ${total.toLocaleString('en')} models`, fresh, options, weights));
  }
  if (ofRole('tuning').length > 0) sections.push(section('tuning', 'tuning set (in-sample: the rules were tuned on it)', ofRole('tuning'), options));
  return { classifierVersion: options.classifier.version, replicates: options.replicates, seed: options.seed, sections, missing };
}
