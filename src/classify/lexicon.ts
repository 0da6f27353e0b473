// The word lists the rules read, loaded once from data/ and compiled into regexes and sets. Every
// list is a file a reviewer can open; the classifier version hashes them (see version.ts).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { GatedPattern, LiteralScanner } from './gate.js';
import { wordsRegExp } from './text.js';

export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../data', import.meta.url));

/** The files that make up the lexicon, relative to the data directory. */
export const LEXICON_FILES = [
  'lexicon/person.json',
  'lexicon/gender.json',
  'lexicon/fame.json',
  'lexicon/sexual.json',
  'lexicon/minor.json',
  'names/first-names-en.tsv',
  'names/east-asian-names.json',
] as const;

const PatternField = z.enum(['name', 'trainedWords', 'description']);
const WeightedPattern = z.object({ pattern: z.string(), weight: z.number(), fields: z.array(PatternField).optional() });

const PersonFile = z.object({
  strongTags: z.array(z.string()),
  weakTags: z.array(z.string()),
  groupTags: z.array(z.string()),
  phrases: z.array(WeightedPattern),
  roleSuffixes: z.array(z.string()),
  countrySuffixes: z.array(z.string()),
  counterTags: z.object({ character: z.array(z.string()), subject: z.array(z.string()), checkpoint: z.array(z.string()) }),
  counterPhrases: z.array(WeightedPattern),
});
const GenderFile = z.object({
  femaleTags: z.array(z.string()),
  maleTags: z.array(z.string()),
  femaleWords: z.array(z.string()),
  maleWords: z.array(z.string()),
});
const FameFile = z.object({
  adult_performer: z.array(z.string()),
  influencer: z.array(z.string()),
  celebrity: z.array(z.string()),
  private: z.array(z.string()),
});
const SexualFile = z.object({ words: z.array(z.string()), negations: z.array(z.string()), descriptionPatterns: z.array(z.string()) });
const MinorFile = z.object({ words: z.array(z.string()), exceptions: z.array(z.string()), negations: z.array(z.string()) });
const EastAsianFile = z.object({
  chineseSurnames: z.array(z.string()),
  japaneseSurnames: z.array(z.string()),
  koreanSurnames: z.array(z.string()),
  japaneseGivenFemale: z.array(z.string()),
  japaneseGivenMale: z.array(z.string()),
  koreanSyllables: z.array(z.string()),
  chineseSyllables: z.array(z.string()),
  nativeSurnames: z.array(z.string()),
});

export interface CompiledPattern {
  pattern: GatedPattern;
  source: string;
  weight: number;
  /** Where the pattern applies; all three text fields when the list does not say. */
  fields: ('name' | 'trainedWords' | 'description')[];
}

export interface Lexicon {
  person: {
    strongTags: Set<string>;
    weakTags: Set<string>;
    groupTags: Set<string>;
    phrases: CompiledPattern[];
    /** Phrases then counter-phrases. */
    allPhrases: CompiledPattern[];
    roleSuffixes: Set<string>;
    countrySuffixes: Set<string>;
    counterCharacterTags: Set<string>;
    counterSubjectTags: Set<string>;
    counterCheckpointTags: Set<string>;
    counterPhrases: CompiledPattern[];
  };
  gender: {
    femaleTags: Set<string>;
    maleTags: Set<string>;
    femaleWords: RegExp;
    maleWords: RegExp;
  };
  fame: { kind: 'adult_performer' | 'influencer' | 'celebrity' | 'private'; regex: RegExp }[];
  sexual: { words: GatedPattern; wordSet: Set<string>; negations: RegExp; descriptionPatterns: GatedPattern };
  minor: { words: GatedPattern; exceptions: GatedPattern; negations: RegExp };
  names: {
    /** Lowercased first name → gender. */
    firstNames: Map<string, 'female' | 'male' | 'unisex'>;
    eastAsianSurnames: Set<string>;
    japaneseGiven: Map<string, 'female' | 'male'>;
    givenSyllables: Set<string>;
    nativeSurnames: string[];
  };
  /** Scans a text once for the literals of every gated pattern above (see gate.ts). */
  scanner: LiteralScanner;
}

function readJson<T>(dataDir: string, file: string, schema: z.ZodType<T>): T {
  return schema.parse(JSON.parse(fs.readFileSync(path.join(dataDir, file), 'utf8')));
}

function compile(patterns: z.infer<typeof WeightedPattern>[]): CompiledPattern[] {
  return patterns.map((entry) => ({
    // Non-unicode regexes run markedly faster in V8; only patterns with non-ASCII text need 'u'.
    pattern: new GatedPattern(new RegExp(entry.pattern, /^[\x00-\x7f]*$/.test(entry.pattern) ? '' : 'u')),
    source: entry.pattern,
    weight: entry.weight,
    fields: entry.fields ?? ['name', 'trainedWords', 'description'],
  }));
}

function lowerSet(words: string[]): Set<string> {
  return new Set(words.map((word) => word.toLowerCase()));
}

function readFirstNames(dataDir: string): Map<string, 'female' | 'male' | 'unisex'> {
  const names = new Map<string, 'female' | 'male' | 'unisex'>();
  for (const line of fs.readFileSync(path.join(dataDir, 'names/first-names-en.tsv'), 'utf8').split('\n')) {
    if (line.startsWith('#') || !line.includes('\t')) continue;
    const [name, gender] = line.split('\t');
    if (name && (gender === 'female' || gender === 'male' || gender === 'unisex')) names.set(name.toLowerCase(), gender);
  }
  return names;
}

export function loadLexicon(dataDir: string = DEFAULT_DATA_DIR): Lexicon {
  const person = readJson(dataDir, 'lexicon/person.json', PersonFile);
  const gender = readJson(dataDir, 'lexicon/gender.json', GenderFile);
  const fame = readJson(dataDir, 'lexicon/fame.json', FameFile);
  const sexual = readJson(dataDir, 'lexicon/sexual.json', SexualFile);
  const minor = readJson(dataDir, 'lexicon/minor.json', MinorFile);
  const eastAsian = readJson(dataDir, 'names/east-asian-names.json', EastAsianFile);
  const japaneseGiven = new Map<string, 'female' | 'male'>();
  for (const name of eastAsian.japaneseGivenMale) japaneseGiven.set(name, 'male');
  for (const name of eastAsian.japaneseGivenFemale) japaneseGiven.set(name, 'female');
  const phrases = compile(person.phrases);
  const counterPhrases = compile(person.counterPhrases);
  const allPhrases = [...phrases, ...counterPhrases];
  const sexualWords = new GatedPattern(wordsRegExp(sexual.words));
  const sexualDescription = new GatedPattern(new RegExp(sexual.descriptionPatterns.join('|'), 'gu'));
  const minorWords = new GatedPattern(wordsRegExp(minor.words));
  const minorExceptions = new GatedPattern(wordsRegExp(minor.exceptions));
  return {
    person: {
      allPhrases,
      strongTags: lowerSet(person.strongTags),
      weakTags: lowerSet(person.weakTags),
      groupTags: lowerSet(person.groupTags),
      phrases,
      roleSuffixes: lowerSet(person.roleSuffixes),
      countrySuffixes: lowerSet(person.countrySuffixes),
      counterCharacterTags: lowerSet(person.counterTags.character),
      counterSubjectTags: lowerSet(person.counterTags.subject),
      counterCheckpointTags: lowerSet(person.counterTags.checkpoint),
      counterPhrases,
    },
    gender: {
      femaleTags: lowerSet(gender.femaleTags),
      maleTags: lowerSet(gender.maleTags),
      femaleWords: wordsRegExp(gender.femaleWords),
      maleWords: wordsRegExp(gender.maleWords),
    },
    fame: (['adult_performer', 'influencer', 'celebrity', 'private'] as const).map((kind) => ({ kind, regex: wordsRegExp(fame[kind]) })),
    sexual: {
      words: sexualWords,
      wordSet: lowerSet(sexual.words),
      negations: wordsRegExp(sexual.negations),
      descriptionPatterns: sexualDescription,
    },
    minor: { words: minorWords, exceptions: minorExceptions, negations: wordsRegExp(minor.negations) },
    names: {
      firstNames: readFirstNames(dataDir),
      eastAsianSurnames: lowerSet([...eastAsian.chineseSurnames, ...eastAsian.japaneseSurnames, ...eastAsian.koreanSurnames]),
      japaneseGiven,
      givenSyllables: lowerSet([...eastAsian.koreanSyllables, ...eastAsian.chineseSyllables]),
      nativeSurnames: [...new Set(eastAsian.nativeSurnames)].sort((a, b) => b.length - a.length),
    },
    scanner: new LiteralScanner([...allPhrases.map((phrase) => phrase.pattern), sexualWords, sexualDescription, minorWords, minorExceptions]),
  };
}
