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
  'names/given-names.tsv',
  'names/surnames.tsv',
  'names/japanese-names.tsv',
  'names/us-given-names.tsv',
  'names/human-names.txt',
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
  nameGenderTags: z.array(z.string()),
  fiction: z.object({ tags: z.array(z.string()), words: z.array(z.string()), triggerWords: z.array(z.string()) }),
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
const SexualFile = z.object({
  words: z.array(z.string()),
  negations: z.array(z.string()),
  descriptionPatterns: z.array(z.string()),
  descriptionWords: z.array(z.string()),
  negationsAfter: z.array(z.string()),
  adultIndustry: z.array(z.string()),
  suggestiveWords: z.array(z.string()),
});
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
    /** "woman", "man"…: with a name found, the model is about one person of that gender. */
    nameGenderTags: Set<string>;
    /** Anime, game and franchise signals: tags matched whole, words in the name and trigger words. */
    fictionTags: Set<string>;
    fictionWords: RegExp;
    /** Booru-style trigger words ("1girl", "school uniform") that describe drawn characters. */
    fictionTriggerWords: Set<string>;
  };
  gender: {
    femaleTags: Set<string>;
    maleTags: Set<string>;
    femaleWords: RegExp;
    maleWords: RegExp;
  };
  fame: { kind: 'adult_performer' | 'influencer' | 'celebrity' | 'private'; regex: RegExp }[];
  sexual: {
    words: GatedPattern;
    wordSet: Set<string>;
    negations: RegExp;
    /** Disclaimers that follow the word ("NSFW content … is prohibited"). */
    negationsAfter: RegExp;
    descriptionPatterns: GatedPattern;
    /** Sexual words that count in a description when no negation precedes them. */
    descriptionWords: GatedPattern;
    /** Adult-industry words: with the nsfw flag they make a listing explicit. */
    adultIndustry: GatedPattern;
    suggestiveWords: GatedPattern;
  };
  minor: { words: GatedPattern; exceptions: GatedPattern; negations: RegExp };
  names: {
    /** Lowercased first name → gender. */
    firstNames: Map<string, NameGender>;
    /** Lowercased surnames of many countries, Latin and Cyrillic (names/surnames.tsv). */
    surnames: Set<string>;
    /** US given names (SSA) not on the lists above → gender: trusted only beside a listed surname. */
    moreGiven: Map<string, NameGender>;
    /** ~197,000 given names and surnames (names/human-names.txt): trusted only as the surname after a given name. */
    moreSurnames: Set<string>;
    eastAsianSurnames: Set<string>;
    /** Japanese given names in normalised romaji (see romajiKey) and Korean/Chinese list names → gender. */
    japaneseGiven: Map<string, NameGender>;
    givenSyllables: Set<string>;
    /** The hand-made lists of names/east-asian-names.json alone: trusted for glued words. */
    curatedSurnames: Set<string>;
    curatedGiven: Map<string, NameGender>;
    nativeSurnames: Set<string>;
    /** Korean surnames in Hangul (one syllable each). */
    hangulSurnames: Set<string>;
    /** Given names in native script (Hangul, Han, kana, Cyrillic…) → gender. */
    nativeGiven: Map<string, NameGender>;
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

export type NameGender = 'female' | 'male' | 'unisex';

/** The rows of a tab-separated name list, comment lines ("# …") skipped. */
function tsvRows(dataDir: string, file: string): string[][] {
  const rows: string[][] = [];
  for (const line of fs.readFileSync(path.join(dataDir, file), 'utf8').split('\n')) {
    if (line.startsWith('#') || !line.includes('\t')) continue;
    rows.push(line.split('\t'));
  }
  return rows;
}

function isGender(value: string | undefined): value is NameGender {
  return value === 'female' || value === 'male' || value === 'unisex';
}

/** Adds a name; a name listed with both genders becomes unisex. */
function addGendered(names: Map<string, NameGender>, name: string, gender: NameGender): void {
  const known = names.get(name);
  names.set(name, known === undefined || known === gender ? gender : 'unisex');
}

/**
 * Japanese romaji in one spelling: no macrons or apostrophes, long vowels written short ("Shouko",
 * "Shōko", "Shooko" → "shoko"), so Hepburn, Kunrei and dictionary spellings meet.
 */
export function romajiKey(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[-'’]/g, '')
    .replace(/ou|oo|oh(?=[^aeiou]|$)/g, 'o')
    .replace(/uu/g, 'u');
}

const LATIN_OR_CYRILLIC = /^[\p{Script=Latin}\p{Script=Cyrillic}'’-]+$/u;
const NATIVE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Cyrillic}\p{Script=Arabic}\p{Script=Thai}\p{Script=Devanagari}\p{Script=Greek}\p{Script=Hebrew}]/u;

interface NameLists {
  firstNames: Map<string, NameGender>;
  moreGiven: Map<string, NameGender>;
  moreSurnames: Set<string>;
  nativeGiven: Map<string, NameGender>;
  surnames: Set<string>;
  nativeSurnames: Set<string>;
  eastAsianSurnames: Set<string>;
  japaneseGiven: Map<string, NameGender>;
}

/** Births (1880–2024) an SSA name needs before its gender overrules "unisex" from the smaller lists. */
const MIN_BIRTHS_TO_SETTLE_GENDER = 1000;

const EAST_ASIAN_COUNTRIES = new Set(['CN', 'TW', 'HK', 'MO', 'JP', 'KR', 'KP', 'VN', 'SG']);

/** The name lists of names/: English first names, given names and surnames of many countries, ENAMDICT's Japanese names. */
function readNameLists(dataDir: string): NameLists {
  const lists: NameLists = { firstNames: new Map(), moreGiven: new Map(), moreSurnames: new Set(), nativeGiven: new Map(), surnames: new Set(), nativeSurnames: new Set(), eastAsianSurnames: new Set(), japaneseGiven: new Map() };
  for (const [name, gender] of tsvRows(dataDir, 'names/first-names-en.tsv')) if (name && isGender(gender)) lists.firstNames.set(name.toLowerCase(), gender);
  for (const [name, gender, countries] of tsvRows(dataDir, 'names/given-names.tsv')) {
    if (!name || !isGender(gender)) continue;
    const isEastAsian = (countries ?? '').split(',').some((country) => EAST_ASIAN_COUNTRIES.has(country));
    if (NATIVE_SCRIPT.test(name) && !/\p{Script=Cyrillic}/u.test(name)) addGendered(lists.nativeGiven, name, gender);
    else if (isEastAsian) addGendered(lists.japaneseGiven, romajiKey(name), gender);
    else if (LATIN_OR_CYRILLIC.test(name) && name.length >= 3) addGendered(lists.firstNames, name, gender);
  }
  for (const [name, countries] of tsvRows(dataDir, 'names/surnames.tsv')) {
    if (!name) continue;
    const isEastAsian = (countries ?? '').split(',').some((country) => EAST_ASIAN_COUNTRIES.has(country));
    if (NATIVE_SCRIPT.test(name) && !/\p{Script=Cyrillic}/u.test(name)) lists.nativeSurnames.add(name);
    else if (isEastAsian) lists.eastAsianSurnames.add(romajiKey(name));
    else if (LATIN_OR_CYRILLIC.test(name) && name.length >= 3) lists.surnames.add(name);
  }
  // US birth records (SSA): many more given names, and a gender by share of births. They back a
  // full "Given Surname" pair and the target's gender, not a lone given name beside any capitalised
  // word (the SSA lists "Unity", "Hope", "Summer"…). A name the smaller lists call unisex takes the
  // SSA's clear gender when at least 1,000 births back it ("Billie" is 77% female).
  for (const [name, gender, births] of tsvRows(dataDir, 'names/us-given-names.tsv')) {
    if (!name || !isGender(gender)) continue;
    const known = lists.firstNames.get(name);
    if (known === undefined) lists.moreGiven.set(name, gender);
    else if (known === 'unisex' && gender !== 'unisex' && Number(births) >= MIN_BIRTHS_TO_SETTLE_GENDER) lists.firstNames.set(name, gender);
  }
  for (const line of fs.readFileSync(path.join(dataDir, 'names/human-names.txt'), 'utf8').split('\n')) {
    if (line.length >= 3 && !line.startsWith('#')) lists.moreSurnames.add(line);
  }
  for (const [kind, name, gender] of tsvRows(dataDir, 'names/japanese-names.tsv')) {
    if (!name) continue;
    if (kind === 'given' && isGender(gender)) addGendered(lists.japaneseGiven, name, gender);
    else if (kind === 'kana-given' && isGender(gender)) addGendered(lists.nativeGiven, name, gender);
    else if (kind === 'surname') lists.eastAsianSurnames.add(name);
    else if (kind === 'kanji-surname') lists.nativeSurnames.add(name);
  }
  return lists;
}

export function loadLexicon(dataDir: string = DEFAULT_DATA_DIR): Lexicon {
  const person = readJson(dataDir, 'lexicon/person.json', PersonFile);
  const gender = readJson(dataDir, 'lexicon/gender.json', GenderFile);
  const fame = readJson(dataDir, 'lexicon/fame.json', FameFile);
  const sexual = readJson(dataDir, 'lexicon/sexual.json', SexualFile);
  const minor = readJson(dataDir, 'lexicon/minor.json', MinorFile);
  const eastAsian = readJson(dataDir, 'names/east-asian-names.json', EastAsianFile);
  const lists = readNameLists(dataDir);
  const japaneseGiven = lists.japaneseGiven;
  // The hand-made lists decide over the dictionary where they disagree.
  for (const name of eastAsian.japaneseGivenMale) japaneseGiven.set(romajiKey(name), 'male');
  for (const name of eastAsian.japaneseGivenFemale) japaneseGiven.set(romajiKey(name), 'female');
  const phrases = compile(person.phrases);
  const counterPhrases = compile(person.counterPhrases);
  const allPhrases = [...phrases, ...counterPhrases];
  const sexualWords = new GatedPattern(wordsRegExp(sexual.words));
  const sexualDescription = new GatedPattern(new RegExp(sexual.descriptionPatterns.join('|'), 'gu'));
  const sexualDescriptionWords = new GatedPattern(wordsRegExp(sexual.descriptionWords));
  const adultIndustry = new GatedPattern(wordsRegExp(sexual.adultIndustry));
  const suggestiveWords = new GatedPattern(wordsRegExp(sexual.suggestiveWords));
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
      nameGenderTags: lowerSet(person.nameGenderTags),
      fictionTags: lowerSet(person.fiction.tags),
      fictionWords: wordsRegExp(person.fiction.words),
      fictionTriggerWords: lowerSet(person.fiction.triggerWords),
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
      negationsAfter: wordsRegExp(sexual.negationsAfter),
      descriptionPatterns: sexualDescription,
      descriptionWords: sexualDescriptionWords,
      adultIndustry,
      suggestiveWords,
    },
    minor: { words: minorWords, exceptions: minorExceptions, negations: wordsRegExp(minor.negations) },
    names: {
      firstNames: lists.firstNames,
      surnames: lists.surnames,
      moreGiven: lists.moreGiven,
      moreSurnames: lists.moreSurnames,
      eastAsianSurnames: new Set([...lists.eastAsianSurnames, ...[...eastAsian.chineseSurnames, ...eastAsian.japaneseSurnames, ...eastAsian.koreanSurnames].map(romajiKey)]),
      japaneseGiven,
      givenSyllables: lowerSet([...eastAsian.koreanSyllables, ...eastAsian.chineseSyllables]),
      curatedSurnames: lowerSet([...eastAsian.chineseSurnames, ...eastAsian.japaneseSurnames, ...eastAsian.koreanSurnames]),
      curatedGiven: new Map([...eastAsian.japaneseGivenMale.map((name) => [name, 'male'] as const), ...eastAsian.japaneseGivenFemale.map((name) => [name, 'female'] as const)]),
      nativeSurnames: new Set([...eastAsian.nativeSurnames, ...lists.nativeSurnames]),
      hangulSurnames: new Set([...eastAsian.nativeSurnames, ...lists.nativeSurnames].filter((name) => /^\p{Script=Hangul}$/u.test(name))),
      nativeGiven: lists.nativeGiven,
    },
    scanner: new LiteralScanner([...allPhrases.map((phrase) => phrase.pattern), sexualWords, sexualDescription, sexualDescriptionWords, adultIndustry, suggestiveWords, minorWords, minorExceptions]),
  };
}
