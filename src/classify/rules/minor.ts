// Minor signals: Civitai's minor flag on the model or an image, and words pointing to a child or a
// "young-looking" likeness, or a child actor. Combined with sexual content it tops every triage queue.
import type { Lexicon } from '../lexicon.js';
import type { ModelText } from '../text.js';
import type { ClassifierInput, Evidence } from '../types.js';

export interface MinorResult {
  minorSignal: boolean;
  evidence: Evidence[];
}

export function decideMinor(input: ClassifierInput, text: ModelText, lexicon: Lexicon): MinorResult {
  const evidence: Evidence[] = [];
  if (input.minor === true) evidence.push({ rule: 'minor.flag', field: 'minor', match: 'minor=true', weight: 1 });
  if (input.images.some((image) => image.minor === true)) evidence.push({ rule: 'minor.image-flag', field: 'images', match: 'image minor=true', weight: 1 });
  const tagText = [...text.tags].join(' | ');
  for (const [field, value] of [
    ['name', text.nameLower],
    ['tags', tagText],
    ['trainedWords', text.trainedLower],
    ['description', text.descriptionLower],
  ] as const) {
    lexicon.minor.exceptions.lastIndex = 0;
    const cleaned = value.replace(lexicon.minor.exceptions, ' ');
    lexicon.minor.words.lastIndex = 0;
    const match = lexicon.minor.words.exec(cleaned);
    if (match) evidence.push({ rule: 'minor.word', field, match: match[0], weight: 1 });
  }
  return { minorSignal: evidence.length > 0, evidence };
}
