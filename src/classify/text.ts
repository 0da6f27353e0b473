// Normalised views of a model's text, computed once per model so every rule reads the same words.
import type { LiteralScanner } from './gate.js';
import type { ClassifierInput } from './types.js';

/** Descriptions can be long; rules only need the opening, where uploaders say what the model is. */
export const MAX_DESCRIPTION_CHARS = 3000;

/** Which gated-pattern literals (gate.ts) occur in each lowercased text field. */
export interface PresentLiterals {
  name: ReadonlySet<string>;
  tags: ReadonlySet<string>;
  trainedWords: ReadonlySet<string>;
  description: ReadonlySet<string>;
}

export interface ModelText {
  name: string;
  nameLower: string;
  tags: Set<string>;
  /** The lowercased tags joined with " | ", as the word-list rules read them. */
  tagText: string;
  trainedWords: string[];
  trainedLower: string;
  descriptionLower: string;
  present: PresentLiterals;
}

export function prepareText(input: ClassifierInput, scanner: LiteralScanner): ModelText {
  const description = [input.description ?? '', input.cardText ?? ''].join('\n').slice(0, MAX_DESCRIPTION_CHARS);
  const trainedWords = input.trainedWords.map((word) => word.trim()).filter((word) => word.length > 0);
  // A Hub repo id "owner/Some-Person_LoRA" reads as "Some Person LoRA": the owner is not the subject.
  const name = input.platform === 'huggingface' ? input.name.slice(input.name.indexOf('/') + 1).replace(/[-_]+/g, ' ') : input.name;
  const nameLower = name.toLowerCase();
  const tags = new Set(input.tags.map((tag) => tag.trim().toLowerCase()));
  const tagText = [...tags].join(' | ');
  const trainedLower = trainedWords.join(' | ').toLowerCase();
  const descriptionLower = description.toLowerCase();
  return {
    name,
    nameLower,
    tags,
    tagText,
    trainedWords,
    trainedLower,
    descriptionLower,
    present: { name: scanner.scan(nameLower), tags: scanner.scan(tagText), trainedWords: scanner.scan(trainedLower), description: scanner.scan(descriptionLower) },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One regex matching any of the words as whole words. Words in scripts without spaces (CJK, kana,
 * Hangul) match anywhere, since those languages do not separate words.
 */
export function wordsRegExp(words: readonly string[]): RegExp {
  const spaced: string[] = [];
  const unspaced: string[] = [];
  for (const word of [...new Set(words)].sort((a, b) => b.length - a.length)) {
    (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(word) ? unspaced : spaced).push(escapeRegExp(word));
  }
  const parts: string[] = [];
  if (spaced.length > 0) parts.push(`(?<![\\p{L}\\p{N}])(?:${spaced.join('|')})(?![\\p{L}\\p{N}])`);
  if (unspaced.length > 0) parts.push(`(?:${unspaced.join('|')})`);
  return new RegExp(parts.join('|') || '(?!)', 'gu');
}

/** Distinct matches of a global regex in a text, in order, at most `limit`. */
export function distinctMatches(pattern: RegExp, text: string, limit = 5): string[] {
  const found = new Set<string>();
  pattern.lastIndex = 0;
  for (const match of text.matchAll(pattern)) {
    found.add(match[0]);
    if (found.size >= limit) break;
  }
  return [...found];
}
