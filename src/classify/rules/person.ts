// Person targeting: does this model exist to reproduce one real person's likeness? Signals add up,
// none decisive alone (issue 4): context tags, a person's name, phrases such as "resembles", a
// realistic showcase, and Civitai's uploader-set poi flag (noisy in both directions, so it counts as
// one signal and is left out entirely in the no-poi mode). Counter-signals pull the score down:
// anime/game/cartoon characters, styles, concepts, poses, clothing, generic face mixes, checkpoints.
import type { Lexicon } from '../lexicon.js';
import type { ModelText } from '../text.js';
import type { ClassifierInput, Evidence } from '../types.js';
import { findNameAllowingGlued, type FoundName } from './names.js';

/** Score at or above which a model is person-targeting. Calibrated on data/gold (see data/gold/README.md). */
export const PERSON_THRESHOLD = 3;

const WEIGHTS = {
  strongTag: 3,
  strongTagCap: 4.5,
  groupTag: 2,
  weakTag: 0.5,
  weakTagCap: 1,
  nameInModelName: 2,
  roleSuffixName: 3.5,
  nameInTrainedWord: 1.5,
  characterTag: -1.5,
  characterTagCap: -4,
  subjectTag: -1.5,
  subjectTagCap: -3.5,
  checkpointTag: -2,
  poi: 2,
  imagePoi: 1,
} as const;

export interface PersonResult {
  /** Score without poi. */
  scoreNoPoi: number;
  /** What poi adds (0 when absent or false). */
  poiWeight: number;
  name: FoundName | null;
  evidence: Evidence[];
}

function capped(weights: number[], cap: number): number {
  const sum = weights.reduce((total, weight) => total + weight, 0);
  return cap < 0 ? Math.max(sum, cap) : Math.min(sum, cap);
}

function tagSignals(text: ModelText, lexicon: Lexicon, evidence: Evidence[]): number {
  const person = lexicon.person;
  const strong: number[] = [];
  const weak: number[] = [];
  const character: number[] = [];
  const subject: number[] = [];
  let score = 0;
  for (const tag of text.tags) {
    if (person.strongTags.has(tag)) {
      strong.push(WEIGHTS.strongTag);
      evidence.push({ rule: 'person.context-tag', field: 'tags', match: tag, weight: WEIGHTS.strongTag });
    } else if (person.groupTags.has(tag)) {
      score += WEIGHTS.groupTag;
      evidence.push({ rule: 'person.group-tag', field: 'tags', match: tag, weight: WEIGHTS.groupTag });
    } else if (person.weakTags.has(tag)) {
      weak.push(WEIGHTS.weakTag);
      evidence.push({ rule: 'person.weak-tag', field: 'tags', match: tag, weight: WEIGHTS.weakTag });
    }
    if (person.counterCharacterTags.has(tag)) {
      character.push(WEIGHTS.characterTag);
      evidence.push({ rule: 'counter.character-tag', field: 'tags', match: tag, weight: WEIGHTS.characterTag });
    } else if (person.counterSubjectTags.has(tag)) {
      subject.push(WEIGHTS.subjectTag);
      evidence.push({ rule: 'counter.subject-tag', field: 'tags', match: tag, weight: WEIGHTS.subjectTag });
    } else if (person.counterCheckpointTags.has(tag)) {
      score += WEIGHTS.checkpointTag;
      evidence.push({ rule: 'counter.checkpoint-tag', field: 'tags', match: tag, weight: WEIGHTS.checkpointTag });
    }
  }
  return (
    score +
    capped(strong, WEIGHTS.strongTagCap) +
    capped(weak, WEIGHTS.weakTagCap) +
    capped(character, WEIGHTS.characterTagCap) +
    capped(subject, WEIGHTS.subjectTagCap)
  );
}

function phraseSignals(text: ModelText, lexicon: Lexicon, evidence: Evidence[]): number {
  let score = 0;
  const fields = [
    ['name', text.nameLower],
    ['trainedWords', text.trainedLower],
    ['description', text.descriptionLower],
  ] as const;
  // Each phrase counts once, in the first field where it occurs.
  for (const phrase of lexicon.person.allPhrases) {
    for (const [field, value] of fields) {
      if (value.length === 0 || !phrase.fields.includes(field)) continue;
      const match = phrase.pattern.exec(value, text.present[field]);
      if (match) {
        score += phrase.weight;
        evidence.push({ rule: phrase.weight >= 0 ? 'person.phrase' : 'counter.phrase', field, match: match[0].trim().slice(0, 80), weight: phrase.weight });
        break;
      }
    }
  }
  return score;
}

function nameSignal(text: ModelText, lexicon: Lexicon, evidence: Evidence[]): { score: number; name: FoundName | null } {
  const inName = findNameAllowingGlued(text.name, lexicon);
  if (inName) {
    const weight = inName.kind === 'role-suffix' ? WEIGHTS.roleSuffixName : WEIGHTS.nameInModelName;
    evidence.push({ rule: `person.name.${inName.kind}`, field: 'name', match: inName.name, weight });
    return { score: weight, name: inName };
  }
  for (const word of text.trainedWords.slice(0, 20)) {
    const inWord = findNameAllowingGlued(word, lexicon);
    if (inWord) {
      evidence.push({ rule: `person.name.${inWord.kind}`, field: 'trainedWords', match: inWord.name, weight: WEIGHTS.nameInTrainedWord });
      return { score: WEIGHTS.nameInTrainedWord, name: inWord };
    }
  }
  return { score: 0, name: null };
}

export function scorePerson(input: ClassifierInput, text: ModelText, lexicon: Lexicon): PersonResult {
  const evidence: Evidence[] = [];
  let score = tagSignals(text, lexicon, evidence) + phraseSignals(text, lexicon, evidence);
  const found = nameSignal(text, lexicon, evidence);
  score += found.score;
  let poiWeight = 0;
  if (input.poi === true) {
    poiWeight += WEIGHTS.poi;
    evidence.push({ rule: 'person.poi-flag', field: 'poi', match: 'poi=true', weight: WEIGHTS.poi });
  }
  if (input.images.some((image) => image.poi === true)) {
    poiWeight += WEIGHTS.imagePoi;
    evidence.push({ rule: 'person.image-poi-flag', field: 'images', match: 'image poi=true', weight: WEIGHTS.imagePoi });
  }
  return { scoreNoPoi: Math.round(score * 100) / 100, poiWeight, name: found.name, evidence };
}
