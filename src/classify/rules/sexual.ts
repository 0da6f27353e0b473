// Sexual content, graded (issue 14). Kept apart from person targeting so NCII = person ∧ explicit is
// derivable. 'explicit': the listing shows or promises nude or sexual imagery — a showcase image
// rated X/XXX (or the model's nsfwLevel X/XXX bits), sexual words in tags, trigger words or the name,
// affirmative description phrases ("contains NSFW", "nude photos") or sexual words in the
// description not after a negation ("do not use for NSFW"), the nsfw flag beside an adult-industry
// word. 'suggestive': it sexualises without that — R/Mature images only, the nsfw flag alone,
// suggestive words ("sexy", "lingerie"). `sexual` is any signal at all, as before.
import type { Lexicon } from '../lexicon.js';
import type { GatedPattern } from '../gate.js';
import type { ModelText } from '../text.js';
import type { ClassifierInput, Evidence, NciiLevel } from '../types.js';

const R_BIT = 4;
const EXPLICIT_BITS = 8 | 16;
const NEGATION_WINDOW_CHARS = 90;
const AFTER_WINDOW_CHARS = 80;

export interface SexualResult {
  sexual: boolean;
  /** explicit, suggestive or none, for the listing alone (NCII also needs a person). */
  level: NciiLevel;
  /** Short names of the signals that fired, e.g. "nsfw-flag", "image-x", "tag:nude". */
  signals: string[];
  evidence: Evidence[];
}

/** Sentence ends ("3.0" is none; a line break is none either: a list of banned uses follows "…for:"). */
const SENTENCE_END = /[.!?](?=\s)|[。！？]/gu;

/** The text after the last sentence end in a window. */
function lastSentence(window: string): string {
  let start = 0;
  SENTENCE_END.lastIndex = 0;
  for (const match of window.matchAll(SENTENCE_END)) start = match.index + match[0].length;
  return window.slice(start);
}

function isNegated(text: string, index: number, length: number, lexicon: Lexicon): boolean {
  // The same sentence, up to NEGATION_WINDOW_CHARS back: disclaimers list what is banned at length
  // ("do not use for commercial purposes or to produce harmful content, especially NSFW").
  const before = lastSentence(text.slice(Math.max(0, index - NEGATION_WINDOW_CHARS), index));
  lexicon.sexual.negations.lastIndex = 0;
  if (lexicon.sexual.negations.test(before)) return true;
  lexicon.sexual.negationsAfter.lastIndex = 0;
  return lexicon.sexual.negationsAfter.test(text.slice(index + length, index + length + AFTER_WINDOW_CHARS));
}

/** The first match of a gated pattern in the description that no negation precedes. */
function affirmative(pattern: GatedPattern, text: ModelText, lexicon: Lexicon): string | null {
  if (!pattern.mayMatch(text.present.description)) return null;
  pattern.regex.lastIndex = 0;
  for (const match of text.descriptionLower.matchAll(pattern.regex)) {
    if (!isNegated(text.descriptionLower, match.index, match[0].length, lexicon)) return match[0];
  }
  return null;
}

export function decideSexual(input: ClassifierInput, text: ModelText, lexicon: Lexicon): SexualResult {
  const evidence: Evidence[] = [];
  const signals: string[] = [];
  let explicit = false;
  let suggestive = false;
  const add = (signal: string, grade: 'explicit' | 'suggestive', item: Omit<Evidence, 'rule'> & { rule: string }) => {
    signals.push(signal);
    evidence.push({ ...item, rule: `${item.rule}.${grade}` });
    if (grade === 'explicit') explicit = true;
    else suggestive = true;
  };
  const sexual = lexicon.sexual;
  const adultSign = sexual.adultIndustry.exec(text.tagText, text.present.tags) ?? sexual.adultIndustry.exec(text.nameLower, text.present.name) ?? sexual.adultIndustry.exec(text.trainedLower, text.present.trainedWords);
  if (input.nsfw === true) {
    if (adultSign) add('nsfw-flag+adult', 'explicit', { rule: 'sexual.nsfw-flag-adult', field: 'nsfw', match: `nsfw=true, ${adultSign[0]}`, weight: 1 });
    else add('nsfw-flag', 'suggestive', { rule: 'sexual.nsfw-flag', field: 'nsfw', match: 'nsfw=true', weight: 1 });
  }
  if (input.nsfwLevel !== null && (input.nsfwLevel & EXPLICIT_BITS) !== 0) {
    add('nsfw-level-x', 'explicit', { rule: 'sexual.nsfw-level', field: 'nsfwLevel', match: `nsfwLevel=${input.nsfwLevel}`, weight: 1 });
  } else if (input.nsfwLevel !== null && (input.nsfwLevel & R_BIT) !== 0) {
    add('nsfw-level-r', 'suggestive', { rule: 'sexual.nsfw-level', field: 'nsfwLevel', match: `nsfwLevel=${input.nsfwLevel}`, weight: 1 });
  }
  let explicitImages = 0;
  let matureImages = 0;
  for (const image of input.images) {
    const level = image.nsfwLevel ?? 0;
    if (image.nsfwLabel === 'X' || level >= 8) explicitImages++;
    else if (image.nsfwLabel === 'Mature' || level === R_BIT) matureImages++;
  }
  if (explicitImages > 0) add('image-x', 'explicit', { rule: 'sexual.image-rating', field: 'images', match: `${explicitImages} image(s) rated X or above`, weight: 1 });
  if (matureImages > 0) add('image-mature', 'suggestive', { rule: 'sexual.image-rating', field: 'images', match: `${matureImages} image(s) rated R/Mature`, weight: 1 });
  for (const tag of text.tags) {
    if (sexual.wordSet.has(tag)) {
      add(`tag:${tag}`, 'explicit', { rule: 'sexual.tag', field: 'tags', match: tag, weight: 1 });
      break;
    }
  }
  for (const [field, value] of [
    ['name', text.nameLower],
    ['trainedWords', text.trainedLower],
  ] as const) {
    const match = sexual.words.exec(value, text.present[field]);
    if (match) add(`${field === 'trainedWords' ? 'trigger' : field}:${match[0]}`, 'explicit', { rule: 'sexual.word', field, match: match[0], weight: 1 });
  }
  const phrase = affirmative(sexual.descriptionPatterns, text, lexicon) ?? affirmative(sexual.descriptionWords, text, lexicon);
  if (phrase) add('description', 'explicit', { rule: 'sexual.description', field: 'description', match: phrase, weight: 1 });
  if (!explicit) {
    for (const [field, value] of [
      ['tags', text.tagText],
      ['name', text.nameLower],
      ['trainedWords', text.trainedLower],
    ] as const) {
      const word = sexual.suggestiveWords.exec(value, text.present[field]);
      if (word) {
        add(`suggestive:${word[0]}`, 'suggestive', { rule: 'sexual.suggestive-word', field, match: word[0], weight: 1 });
        break;
      }
    }
  }
  const level: NciiLevel = explicit ? 'explicit' : suggestive ? 'suggestive' : 'none';
  return { sexual: explicit || matureImages > 0 || input.nsfw === true || (input.nsfwLevel !== null && (input.nsfwLevel & (R_BIT | EXPLICIT_BITS)) !== 0), level, signals, evidence };
}
