// Minor signals: Civitai's minor flag on the model or an image, and words pointing to a child or a
// "young-looking" likeness, or a child actor. Combined with sexual content it tops every triage queue.
import type { Lexicon } from '../lexicon.js';
import type { ModelText } from '../text.js';
import type { ClassifierInput, Evidence } from '../types.js';

const NEGATION_WINDOW_CHARS = 40;

// Descriptions carry disclaimers ("do not generate children", "禁止生成未成年"): a negation just before the word cancels it.
function isNegated(text: string, index: number, lexicon: Lexicon): boolean {
  lexicon.minor.negations.lastIndex = 0;
  return lexicon.minor.negations.test(text.slice(Math.max(0, index - NEGATION_WINDOW_CHARS), index));
}

export interface MinorResult {
  minorSignal: boolean;
  evidence: Evidence[];
}

export function decideMinor(input: ClassifierInput, text: ModelText, lexicon: Lexicon): MinorResult {
  const evidence: Evidence[] = [];
  if (input.minor === true) evidence.push({ rule: 'minor.flag', field: 'minor', match: 'minor=true', weight: 1 });
  if (input.images.some((image) => image.minor === true)) evidence.push({ rule: 'minor.image-flag', field: 'images', match: 'image minor=true', weight: 1 });
  const { words, exceptions } = lexicon.minor;
  for (const [field, value] of [
    ['name', text.nameLower],
    ['tags', text.tagText],
    ['trainedWords', text.trainedLower],
    ['description', text.descriptionLower],
  ] as const) {
    const present = text.present[field];
    // Without an exception in the text, cleaning changes nothing and the words' gate applies as is.
    const hasException = exceptions.mayMatch(present);
    if (!hasException && !words.mayMatch(present)) continue;
    const cleaned = hasException ? value.replace(exceptions.regex, ' ') : value;
    words.regex.lastIndex = 0;
    for (const match of cleaned.matchAll(words.regex)) {
      if (field === 'description' && isNegated(cleaned, match.index, lexicon)) continue;
      evidence.push({ rule: 'minor.word', field, match: match[0], weight: 1 });
      break;
    }
  }
  return { minorSignal: evidence.length > 0, evidence };
}
