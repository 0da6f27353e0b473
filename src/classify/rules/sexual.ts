// Sexual content: the model signals nude or sexual imagery. Kept apart from person targeting so
// NCII = person ∧ sexual is derivable (issue 4). Signals: the model's nsfw flag and nsfwLevel bits
// (R=4, X=8, XXX=16), showcase images rated R and above (2023: "Mature"/"X"), sexual words in tags,
// trigger words and name. Descriptions are full of disclaimers ("do not make NSFW") and negative
// prompts, so there only affirmative phrases ("can do NSFW") count, and not after a negation.
import type { Lexicon } from '../lexicon.js';
import type { ModelText } from '../text.js';
import type { ClassifierInput, Evidence } from '../types.js';

const SEXUAL_LEVEL_BITS = 4 | 8 | 16;
const NEGATION_WINDOW_CHARS = 40;

export interface SexualResult {
  sexual: boolean;
  /** Short names of the signals that fired, e.g. "nsfw-flag", "image-x", "tag:nude". */
  signals: string[];
  evidence: Evidence[];
}

function isNegated(text: string, index: number, lexicon: Lexicon): boolean {
  const before = text.slice(Math.max(0, index - NEGATION_WINDOW_CHARS), index);
  lexicon.sexual.negations.lastIndex = 0;
  return lexicon.sexual.negations.test(before);
}

export function decideSexual(input: ClassifierInput, text: ModelText, lexicon: Lexicon): SexualResult {
  const evidence: Evidence[] = [];
  const signals: string[] = [];
  const add = (signal: string, item: Evidence) => {
    signals.push(signal);
    evidence.push(item);
  };
  if (input.nsfw === true) add('nsfw-flag', { rule: 'sexual.nsfw-flag', field: 'nsfw', match: 'nsfw=true', weight: 1 });
  if (input.nsfwLevel !== null && (input.nsfwLevel & SEXUAL_LEVEL_BITS) !== 0) {
    add('nsfw-level', { rule: 'sexual.nsfw-level', field: 'nsfwLevel', match: `nsfwLevel=${input.nsfwLevel}`, weight: 1 });
  }
  let explicitImages = 0;
  let matureImages = 0;
  for (const image of input.images) {
    const level = image.nsfwLevel ?? 0;
    if (image.nsfwLabel === 'X' || level >= 8) explicitImages++;
    else if (image.nsfwLabel === 'Mature' || level === 4) matureImages++;
  }
  if (explicitImages > 0) add('image-x', { rule: 'sexual.image-rating', field: 'images', match: `${explicitImages} image(s) rated X or above`, weight: 1 });
  if (matureImages > 0) add('image-mature', { rule: 'sexual.image-rating', field: 'images', match: `${matureImages} image(s) rated R/Mature`, weight: 1 });
  for (const tag of text.tags) {
    if (lexicon.sexual.wordSet.has(tag)) {
      add(`tag:${tag}`, { rule: 'sexual.tag', field: 'tags', match: tag, weight: 1 });
      break;
    }
  }
  for (const [field, value] of [
    ['name', text.nameLower],
    ['trainedWords', text.trainedLower],
  ] as const) {
    const match = lexicon.sexual.words.exec(value, text.present[field]);
    if (match) add(`${field === 'trainedWords' ? 'trigger' : field}:${match[0]}`, { rule: 'sexual.word', field, match: match[0], weight: 1 });
  }
  const descriptionPatterns = lexicon.sexual.descriptionPatterns;
  const descriptionMatches = descriptionPatterns.mayMatch(text.present.description) ? text.descriptionLower.matchAll(descriptionPatterns.regex) : [];
  for (const match of descriptionMatches) {
    if (isNegated(text.descriptionLower, match.index, lexicon)) continue;
    add('description', { rule: 'sexual.description', field: 'description', match: match[0], weight: 1 });
    break;
  }
  return { sexual: signals.length > 0, signals, evidence };
}
