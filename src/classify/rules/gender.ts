// Target gender from tags ("woman", "1girl", "actor"), trigger and description words and pronouns,
// and the first-name lists. Each source votes with a weight; a tie or no vote is 'unknown'.
import type { Lexicon } from '../lexicon.js';
import { distinctMatches, type ModelText } from '../text.js';
import type { Evidence, TargetGender } from '../types.js';
import type { FoundName } from './names.js';

const WEIGHTS = { tag: 2, trainedWord: 2, nameWord: 2, nameList: 1.5, firstWordName: 1, descriptionWord: 0.5, descriptionCap: 2 } as const;

export interface GenderResult {
  gender: TargetGender;
  evidence: Evidence[];
}

export function decideGender(text: ModelText, name: FoundName | null, lexicon: Lexicon): GenderResult {
  const evidence: Evidence[] = [];
  let female = 0;
  let male = 0;
  for (const tag of text.tags) {
    if (lexicon.gender.femaleTags.has(tag)) {
      female += WEIGHTS.tag;
      evidence.push({ rule: 'gender.female-tag', field: 'tags', match: tag, weight: WEIGHTS.tag });
    } else if (lexicon.gender.maleTags.has(tag)) {
      male += WEIGHTS.tag;
      evidence.push({ rule: 'gender.male-tag', field: 'tags', match: tag, weight: WEIGHTS.tag });
    }
  }
  for (const match of distinctMatches(lexicon.gender.femaleWords, text.trainedLower, 2)) {
    female += WEIGHTS.trainedWord;
    evidence.push({ rule: 'gender.female-word', field: 'trainedWords', match, weight: WEIGHTS.trainedWord });
  }
  for (const match of distinctMatches(lexicon.gender.maleWords, text.trainedLower, 2)) {
    male += WEIGHTS.trainedWord;
    evidence.push({ rule: 'gender.male-word', field: 'trainedWords', match, weight: WEIGHTS.trainedWord });
  }
  // "cn_girl_ycy", "Korean actor Xyz": the model name says whom it shows as often as the tags do.
  for (const match of distinctMatches(lexicon.gender.femaleWords, text.nameLower, 2)) {
    female += WEIGHTS.nameWord;
    evidence.push({ rule: 'gender.female-word', field: 'name', match, weight: WEIGHTS.nameWord });
  }
  for (const match of distinctMatches(lexicon.gender.maleWords, text.nameLower, 2)) {
    male += WEIGHTS.nameWord;
    evidence.push({ rule: 'gender.male-word', field: 'name', match, weight: WEIGHTS.nameWord });
  }
  if (name?.gender) {
    if (name.gender === 'female') female += WEIGHTS.nameList;
    else male += WEIGHTS.nameList;
    evidence.push({ rule: `gender.${name.gender}-name`, field: 'name', match: name.name, weight: WEIGHTS.nameList });
  } else {
    // No name rule matched ("Kemal Kılıçdaroğlu Dreambooth": the surname is on no list): the model
    // name's first word, when it is a given name on any list (SSA births included), still says
    // something — a tie-breaker, weighed below every other source.
    const first = /^\s*(\p{Lu}[\p{Ll}\p{M}]{2,})(?=[\s_-])/u.exec(text.name)?.[1]?.toLowerCase();
    const listed = first === undefined ? undefined : (lexicon.names.firstNames.get(first) ?? lexicon.names.moreGiven.get(first));
    if (listed === 'female' || listed === 'male') {
      if (listed === 'female') female += WEIGHTS.firstWordName;
      else male += WEIGHTS.firstWordName;
      evidence.push({ rule: `gender.${listed}-first-word`, field: 'name', match: first!, weight: WEIGHTS.firstWordName });
    }
  }
  const countWords = (pattern: RegExp) => {
    pattern.lastIndex = 0;
    let count = 0;
    for (const _ of text.descriptionLower.matchAll(pattern)) if (++count >= 8) break;
    return Math.min(count * WEIGHTS.descriptionWord, WEIGHTS.descriptionCap);
  };
  const femaleText = countWords(lexicon.gender.femaleWords);
  const maleText = countWords(lexicon.gender.maleWords);
  if (femaleText > 0) evidence.push({ rule: 'gender.female-description', field: 'description', match: 'she/her/woman…', weight: femaleText });
  if (maleText > 0) evidence.push({ rule: 'gender.male-description', field: 'description', match: 'he/his/man…', weight: maleText });
  female += femaleText;
  male += maleText;
  const gender: TargetGender = female > male ? 'female' : male > female ? 'male' : 'unknown';
  return { gender, evidence };
}
