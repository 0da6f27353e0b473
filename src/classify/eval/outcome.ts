// One gold case reduced to what the measures read: the truth, the text-only and with-poi
// predictions, gender, NCII (explicit) and name script, with a sampling weight and stratum.
import type { EvalCase } from '../evaluate.js';
import type { GoldLabel, NameScriptLabel } from '../gold.js';
import type { TargetGender } from '../types.js';

export interface Outcome {
  platformId: string;
  /** Inverse-probability weight (1 when the set is not weighted). */
  weight: number;
  /** Bootstrap resamples within each stratum, so every replicate keeps the sample's design. */
  stratum: string;
  person: boolean | null;
  predicted: boolean;
  predictedWithPoi: boolean;
  /** Civitai's poi flag; null where the record (or the Hub shape) has none. */
  poi: boolean | null;
  gender: TargetGender | null;
  predictedGender: TargetGender;
  /** NCII truth: person ∧ explicit; null where a positive's nciiLevel was not labelled. */
  explicit: boolean | null;
  predictedExplicit: boolean;
  script: NameScriptLabel | null;
}

const NATIVE_CJK = /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;

/** The label's five-way name script; older lines only say latin | cjk | other, so the name decides the rest. */
export function nameScriptOf(label: GoldLabel): NameScriptLabel | null {
  if (label.nameScript !== undefined && label.nameScript !== null) return label.nameScript;
  const name = label.targetName ?? '';
  if (NATIVE_CJK.test(name)) return 'cjk-native';
  if (CYRILLIC.test(name)) return 'cyrillic';
  if (label.nameGroup === 'cjk') return 'cjk-romanised';
  return label.nameGroup;
}

/** NCII gold: no person means no NCII; a positive counts only once its nciiLevel (or explicit) is labelled. */
export function explicitTruth(label: GoldLabel): boolean | null {
  if (label.personTarget === null) return null;
  if (label.personTarget === false) return false;
  if (label.explicit !== undefined && label.explicit !== null) return label.explicit;
  if (label.nciiLevel !== undefined && label.nciiLevel !== null) return label.nciiLevel === 'explicit';
  return null;
}

export function outcomeOf(evalCase: EvalCase, weight = 1): Outcome {
  const { label, decision } = evalCase;
  return {
    platformId: label.platformId,
    weight,
    stratum: label.stratum ?? '',
    person: label.personTarget,
    predicted: decision.personTargetNoPoi,
    predictedWithPoi: decision.personTarget,
    poi: evalCase.poi,
    gender: label.targetGender,
    predictedGender: decision.targetGender,
    explicit: explicitTruth(label),
    // `ncii` means explicit (issue 14): the text-only flag is person (no poi) ∧ the explicit level.
    predictedExplicit: decision.nciiNoPoi,
    script: nameScriptOf(label),
  };
}
