// The classifier: a pure function from a stored model to a versioned decision with its evidence.
// Rules live in rules/*.ts, one file per family; word lists in data/ (see lexicon.ts, version.ts).
import { loadLexicon, type Lexicon } from './lexicon.js';
import { computeClassifierVersion } from './version.js';
import { prepareText } from './text.js';
import { PERSON_THRESHOLD, plainTargetName, scorePerson } from './rules/person.js';
import { NOT_A_SURNAME } from './rules/names.js';
import { decideGender } from './rules/gender.js';
import { decideFame } from './rules/fame.js';
import { decideSexual } from './rules/sexual.js';
import { decideMinor } from './rules/minor.js';
import { decideBaseFamily } from './rules/base.js';
import type { ClassifierInput, Classification, NameScript } from './types.js';

export type { ClassifierInput, Classification, Evidence } from './types.js';
export { PERSON_THRESHOLD } from './rules/person.js';

export interface Classifier {
  version: string;
  /** Tags that confirm a model targets a real person, for the corpus evidence (src/db/corpus.ts). */
  confirmingTags: readonly string[];
  classify(input: ClassifierInput): Classification;
}

/** Words that describe a model rather than name a person ("girl", "mix", "style", "realistic"). */
const isGenericWord = (word: string): boolean => NOT_A_SURNAME.has(word) || /^(?:v?\d+(?:\.\d+)*|asian|korean|japanese|chinese|photo|photorealistic|beautiful|nsfw|sfw|face|faces|hot|sexy)$/.test(word);

/** A lone trigger word that looks like a name or handle ("seolhyun", "pang3pong"), the last resort for a target name. */
function triggerTargetName(words: readonly string[]): string | null {
  const word = words.find((candidate) => /^[\p{L}][\p{L}\p{N}_.]{3,24}$/u.test(candidate) && !isGenericWord(candidate.toLowerCase()));
  return word ?? null;
}

const RESEMBLES = /resembles\s+(.+?)\s*(?:[（(「]|$)/i;

function scriptOf(name: string): NameScript {
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(name)) return 'cjk';
  if (/^[\p{Script=Latin}\p{M}\s'’.-]+$/u.test(name)) return 'latin';
  return 'other';
}

export function createClassifier(lexicon: Lexicon = loadLexicon(), version: string = computeClassifierVersion()): Classifier {
  return {
    version,
    confirmingTags: [...lexicon.person.strongTags],
    classify(input) {
      const text = prepareText(input, lexicon.scanner);
      const person = scorePerson(input, text, lexicon);
      const personScore = person.scoreNoPoi + person.poiWeight;
      const personTarget = personScore >= PERSON_THRESHOLD;
      const personTargetNoPoi = person.scoreNoPoi >= PERSON_THRESHOLD;
      const isPerson = personTarget || personTargetNoPoi;
      const resembled = RESEMBLES.exec(input.name)?.[1]?.trim() ?? null;
      const targetName = isPerson ? (resembled ?? person.name?.name ?? plainTargetName(input, isGenericWord) ?? triggerTargetName(text.trainedWords)) : null;
      const gender = isPerson ? decideGender(text, person.name, lexicon) : null;
      const fame = isPerson ? decideFame(text, lexicon) : null;
      const sexual = decideSexual(input, text, lexicon);
      const minor = decideMinor(input, text, lexicon);
      const base = decideBaseFamily(input.baseModels);
      return {
        classifierVersion: version,
        personScore,
        personScoreNoPoi: person.scoreNoPoi,
        personTarget,
        personTargetNoPoi,
        targetName,
        targetNameScript: targetName ? (person.name && !resembled ? person.name.script : scriptOf(targetName)) : null,
        targetGender: gender?.gender ?? 'unknown',
        fame: fame?.fame ?? 'unknown',
        sexual: sexual.sexual,
        ncii: personTarget && sexual.level === 'explicit',
        nciiNoPoi: personTargetNoPoi && sexual.level === 'explicit',
        nciiLevel: isPerson ? sexual.level : 'none',
        nciiSignals: isPerson ? sexual.signals : [],
        minorSignal: minor.minorSignal,
        baseFamily: base.baseFamily,
        evidence: [...person.evidence, ...(gender?.evidence ?? []), ...(fame?.evidence ?? []), ...sexual.evidence, ...minor.evidence, ...base.evidence],
      };
    },
  };
}

let defaultClassifier: Classifier | null = null;

/** The classifier over the shipped word lists (loaded once). */
export function getClassifier(): Classifier {
  defaultClassifier ??= createClassifier();
  return defaultClassifier;
}

export function classifyModel(input: ClassifierInput): Classification {
  return getClassifier().classify(input);
}
