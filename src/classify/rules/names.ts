// Finds a person's name in a model name or trigger word: Latin "First Last" backed by the first-name
// list, Chinese/Japanese/Korean names romanised ("Kubo Yurika", "JangWonYoung", "liuyifei") or in
// native script ("新垣 結衣", "刘亦菲", "장원영"). A name alone is never decisive: anime characters have
// names too, which is why person.ts weighs it against the counter-signals.
import { romajiKey, type Lexicon, type NameGender } from '../lexicon.js';
import { TextMemo } from '../memo.js';
import type { NameScript } from '../types.js';

export type NameKind = 'first-name' | 'full-name' | 'east-asian' | 'native' | 'cyrillic' | 'role-suffix';

export interface FoundName {
  name: string;
  script: NameScript;
  /**
   * Which rule found it: 'first-name' (a listed given name and a capitalised word), 'full-name' (a
   * listed given name and a listed surname), 'east-asian' (romanised surname and given name, either
   * order, spaced or glued), 'native' (Han/kana/Hangul shapes), 'cyrillic', 'role-suffix'.
   */
  kind: NameKind;
  /** Both halves of the name are on a list: a clear name, weighed more than a guess. */
  strong: boolean;
  /** Gender of the given name on the lists, where known and not unisex. */
  gender: 'female' | 'male' | null;
}

function genderOf(value: NameGender | undefined): 'female' | 'male' | null {
  return value === 'female' || value === 'male' ? value : null;
}

/** Words that are capitalised in model names but never a surname. */
export const NOT_A_SURNAME: ReadonlySet<string> = new Set(
  `style styles lora locon lycoris loha model models mix merge girl girls boy woman women man men dress outfit outfits costume costumes art artist concept pose poses hair
  eyes face body anime realistic real photo version edition pack character characters skin skins armor suit uniform bikini swimsuit lingerie background landscape
  fantasy diffusion the and of in on with from for by to v1 v2 v3 xl sdxl sd embedding ti hypernetwork checkpoint test beta alpha final new old big small little cute
  sexy hot dark light red blue green black white pink yellow purple gold silver clothes clothing shirt skirt jacket coat hat boots shoes gloves collection bundle set
  series season chan san kun sama tan sensei senpai maid nurse witch queen princess prince king lady lord knight warrior elf demon angel devil cat dog fox wolf bunny
  rabbit dragon tech world city street house room school office beach sea sky star stars moon sun night day summer winter spring autumn fall rain snow fire water
  ice wind earth forest garden flower flowers food cake wars trek punk core wave life love heart soul mind dream dreams magic mecha robot gundam bondage gag tattoo
  tattoos piercing makeup portrait portraits painting illustration sketch comic comics manga cartoon render 3d 2d pixel vector studio shot slider helper tweak
  detail details enhancer lighting effect effects theme themed fashion design vibes aesthetic look looks likeness doll dolls idol idols mode form forms type
  my our your his her its their this that first best super ultra diffusion`.split(/\s+/),
);

const LATIN_WORD = /^\p{Lu}[\p{Ll}\p{M}'’-]+$|^\p{Lu}{2,}$/u;
const HAN_OR_KANA = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;

/** Splits "KuboYurika_JP_VA" into ["Kubo", "Yurika", "JP", "VA"] and "Bella Hadid [LoRA]" into words. */
export function nameTokens(text: string): string[] {
  return text
    .replace(/[\[(（【「][^\])）】」]*[\])）】」]/g, ' ')
    // File-kind words first, so camel-case splitting does not turn "LoRA" into "Lo RA".
    .replace(/lora|locon|lycoris|loha|lokr/gi, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[^\p{L}\p{M}'’-]+/u)
    .map((token) => token.replace(/^['’-]+|['’-]+$/g, ''))
    .filter((token) => token.length > 0);
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

/** True when a lowercase word is made of romanised Korean/Chinese syllables ("wonyoung" = won+young). */
export function isSyllableString(word: string, syllables: Set<string>, maxParts = 3): boolean {
  if (word.length === 0) return true;
  if (maxParts === 0) return false;
  for (let length = Math.min(6, word.length); length >= 1; length--) {
    if (syllables.has(word.slice(0, length)) && isSyllableString(word.slice(length), syllables, maxParts - 1)) return true;
  }
  return false;
}

/** A romanised given name: a listed Japanese/East Asian given name, or Korean/Chinese syllables ("Won-young"). */
function eastAsianGiven(word: string, lexicon: Lexicon): { listed: boolean; gender: 'female' | 'male' | null } | null {
  const key = romajiKey(word);
  const listed = lexicon.names.japaneseGiven.get(key);
  if (listed) return { listed: true, gender: genderOf(listed) };
  const plain = word.toLowerCase().replace(/[-'’]/g, '');
  return plain.length >= 3 && isSyllableString(plain, lexicon.names.givenSyllables) ? { listed: false, gender: null } : null;
}

/** "Kubo Yurika" (family first) or "Yurika Kubo" (given first). */
function eastAsianPair(first: string, second: string, lexicon: Lexicon): FoundName | null {
  const surnames = lexicon.names.eastAsianSurnames;
  const match = surnames.has(romajiKey(first)) ? eastAsianGiven(second, lexicon) : null;
  const swapped = match ? null : surnames.has(romajiKey(second)) ? eastAsianGiven(first, lexicon) : null;
  const given = match ?? swapped;
  if (!given) return null;
  return { name: `${capitalise(first)} ${capitalise(second)}`, script: 'cjk', kind: 'east-asian', strong: given.listed, gender: given.gender };
}

/** Shortest dictionary surname or given name trusted inside a glued word: shorter ones split ordinary words ("ma|chine"). */
const MIN_GLUED_PART = 4;

/**
 * "liuyifei", "kuriyamachiaki", "jangwonyoung", "nagasawamasami": a surname glued to a given name.
 * Never strong: a glued word is one token, and chance splits of ordinary words remain possible.
 */
export function splitGluedEastAsianName(word: string, lexicon: Lexicon): FoundName | null {
  const lower = word.toLowerCase();
  if (!/^[a-z]{5,18}$/.test(lower)) return null;
  const names = lexicon.names;
  for (let cut = 2; cut <= Math.min(9, lower.length - 2); cut++) {
    const surname = lower.slice(0, cut);
    const rest = lower.slice(cut);
    const isCurated = names.curatedSurnames.has(surname);
    if (!isCurated && !(surname.length >= MIN_GLUED_PART && names.eastAsianSurnames.has(romajiKey(surname)))) continue;
    const curatedGiven = names.curatedGiven.get(rest);
    const isLongSurname = surname.length >= MIN_GLUED_PART;
    const listed = curatedGiven ?? (isLongSurname && rest.length >= MIN_GLUED_PART ? names.japaneseGiven.get(romajiKey(rest)) : undefined);
    if ((listed && rest.length >= 3) || (isCurated && rest.length >= 3 && isSyllableString(rest, names.givenSyllables, 2))) {
      return { name: `${capitalise(surname)} ${capitalise(rest)}`, script: 'cjk', kind: 'east-asian', strong: false, gender: genderOf(listed) };
    }
  }
  return null;
}

/** "seikomatsuda", "adolfhitler": a listed given name glued to a listed surname (given first), both at least MIN_GLUED_PART long. */
function splitGluedGivenFirst(word: string, lexicon: Lexicon): FoundName | null {
  const lower = word.toLowerCase();
  if (!/^[a-z]{8,20}$/.test(lower)) return null;
  const names = lexicon.names;
  for (let cut = MIN_GLUED_PART; cut <= lower.length - MIN_GLUED_PART; cut++) {
    const given = lower.slice(0, cut);
    const surname = lower.slice(cut);
    const japanese = names.japaneseGiven.get(romajiKey(given));
    if (japanese && names.eastAsianSurnames.has(romajiKey(surname))) {
      return { name: `${capitalise(given)} ${capitalise(surname)}`, script: 'cjk', kind: 'east-asian', strong: false, gender: genderOf(japanese) };
    }
    const latin = names.firstNames.get(given);
    if (latin && names.surnames.has(surname)) return { name: `${capitalise(given)} ${capitalise(surname)}`, script: 'latin', kind: 'full-name', strong: false, gender: genderOf(latin) };
  }
  return null;
}

const NATIVE_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+(?:[ ・·][\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)?/gu;
const KANA = /^[\p{Script=Hiragana}\p{Script=Katakana}ー]+$/u;
const HAN = /^\p{Script=Han}+$/u;
const HANGUL_ONLY = /^\p{Script=Hangul}+$/u;

/**
 * Native-script name shapes: a listed surname followed by 1–2 Han characters ("刘亦菲", "新垣 結衣") or
 * by a listed kana given name ("長澤まさみ"); 2–4 Hangul syllables starting with a Korean surname
 * ("장원영") or a listed Hangul given name after one.
 */
function nativeName(text: string, lexicon: Lexicon): FoundName | null {
  const names = lexicon.names;
  for (const run of text.match(NATIVE_RUN) ?? []) {
    const compact = run.replace(/[ ・·]/g, '');
    if (compact.length < 2 || compact.length > 6) continue;
    if (HANGUL_ONLY.test(compact)) {
      if (compact.length > 4 || !names.hangulSurnames.has(compact[0]!)) continue;
      const given = names.nativeGiven.get(compact.slice(1));
      if (compact.length >= 3 || given) return { name: run, script: 'cjk', kind: 'native', strong: Boolean(given) || run.includes(' '), gender: genderOf(given) };
      continue;
    }
    for (let cut = Math.min(3, compact.length - 1); cut >= 1; cut--) {
      const surname = compact.slice(0, cut);
      if (!HAN.test(surname) || !names.nativeSurnames.has(surname)) continue;
      const rest = compact.slice(cut);
      const kanaGiven = KANA.test(rest) ? names.nativeGiven.get(rest) : undefined;
      if (kanaGiven) return { name: run, script: 'cjk', kind: 'native', strong: true, gender: genderOf(kanaGiven) };
      if (HAN.test(rest) && rest.length <= 2) return { name: run, script: 'cjk', kind: 'native', strong: run.includes(' ') || cut >= 2, gender: genderOf(names.nativeGiven.get(rest)) };
    }
  }
  return null;
}

const CYRILLIC_WORD = /^\p{Lu}[\p{Ll}'’-]+$/u;
const FEMALE_SURNAME_ENDING = /(?:ова|ева|ёва|ина|ына|ская|цкая|ая)$/u;
const SURNAME_ENDING = /(?:ов|ев|ёв|ин|ын|ский|цкий|енко|ук|юк|чук|ич|ова|ева|ёва|ина|ына|ская|цкая)$/u;

/** "Анна Петрова", "Петрова Анна": a listed Cyrillic given name beside a listed surname or one with a surname ending. */
function cyrillicPair(first: string, second: string, lexicon: Lexicon): FoundName | null {
  if (!CYRILLIC_WORD.test(first) || !CYRILLIC_WORD.test(second) || !/\p{Script=Cyrillic}/u.test(first + second)) return null;
  const names = lexicon.names;
  const isSurname = (word: string) => names.surnames.has(word.toLowerCase()) || SURNAME_ENDING.test(word.toLowerCase());
  const givenFirst = names.firstNames.get(first.toLowerCase());
  const givenSecond = names.firstNames.get(second.toLowerCase());
  const given = givenFirst && isSurname(second) ? givenFirst : givenSecond && isSurname(first) ? givenSecond : undefined;
  if (!given) return null;
  const surname = givenFirst && isSurname(second) ? second : first;
  const gender = genderOf(given) ?? (FEMALE_SURNAME_ENDING.test(surname.toLowerCase()) ? 'female' : null);
  return { name: `${first} ${second}`, script: 'other', kind: 'cyrillic', strong: true, gender };
}

export interface FindNameOptions {
  /** Allow a single glued lowercase word (trigger words such as "liuyifei"). */
  allowGlued: boolean;
}

/** The first person's name found in a short text (a model name or one trigger word), or null. */
export function findName(text: string, lexicon: Lexicon, options: FindNameOptions): FoundName | null {
  const tokens = nameTokens(text);
  const lower = tokens.map((token) => token.toLowerCase());
  // "KuboYurika_JP_VA", "HondaMarin_JP_Athlete": a name followed by a country and a role.
  for (let i = 0; i + 2 < tokens.length; i++) {
    // A bare "_Model" suffix is too common in checkpoint names; it needs a country code before it.
    const next = lower[i + 2]!;
    const hasCountry = lexicon.person.countrySuffixes.has(next) && lower.slice(i + 3).some((token) => lexicon.person.roleSuffixes.has(token));
    const hasRole = next !== 'model' && lexicon.person.roleSuffixes.has(next);
    if (hasCountry || hasRole) {
      const first = tokens[i]!;
      const second = tokens[i + 1]!;
      if (LATIN_WORD.test(first) && LATIN_WORD.test(second)) {
        const eastAsian = eastAsianPair(first, second, lexicon);
        const given = genderOf(lexicon.names.firstNames.get(lower[i]!));
        return { name: `${first} ${second}`, script: eastAsian ? 'cjk' : 'latin', kind: 'role-suffix', strong: true, gender: eastAsian?.gender ?? given };
      }
    }
  }
  // The strongest pair wins (both halves listed over one), then the first.
  let weak: FoundName | null = null;
  for (let i = 0; i + 1 < tokens.length; i++) {
    const first = tokens[i]!;
    const second = tokens[i + 1]!;
    const cyrillic = cyrillicPair(first, second, lexicon);
    if (cyrillic) return cyrillic;
    const isLower = /^[a-z]+$/.test(first) && /^[a-z]+$/.test(second);
    if (!isLower && !(LATIN_WORD.test(first) && LATIN_WORD.test(second))) continue;
    if (NOT_A_SURNAME.has(lower[i + 1]!) || NOT_A_SURNAME.has(lower[i]!)) continue;
    const paired = eastAsianPair(first, second, lexicon);
    // "Kim Hee Sun": a Korean given name written as two separate syllables.
    const third = tokens[i + 2];
    const eastAsian =
      paired && third && /^\p{Lu}?[a-z]+$/u.test(third) && lexicon.names.givenSyllables.has(third.toLowerCase()) && !paired.strong
        ? { ...paired, name: `${paired.name} ${capitalise(third)}`, strong: true }
        : paired;
    if (eastAsian?.strong) return eastAsian;
    const names = lexicon.names;
    // A curated given name (the SSA's longer list holds too many English words: "Special", "Unity"),
    // then a listed surname; the big human-names list backs the surname of a capitalised pair only.
    const given = names.firstNames.get(lower[i]!);
    // That list mixes given names in: a word the curated lists know as a given name ("Baby Bonnie")
    // is no surname on its word alone.
    const isSurname = names.surnames.has(lower[i + 1]!) || (!isLower && names.moreSurnames.has(lower[i + 1]!) && !names.firstNames.has(lower[i + 1]!));
    if (given && second.length >= 3 && isSurname) {
      // "Millie Bobby Brown": a given name just before a given-name–surname pair is the first name.
      const before = i > 0 ? tokens[i - 1]! : null;
      const firstName = before && LATIN_WORD.test(before) ? lexicon.names.firstNames.get(before.toLowerCase()) : undefined;
      if (before && firstName && !isLower) return { name: `${before} ${capitalise(first)} ${capitalise(second)}`, script: 'latin', kind: 'full-name', strong: true, gender: genderOf(firstName) };
      return { name: `${capitalise(first)} ${capitalise(second)}`, script: 'latin', kind: 'full-name', strong: true, gender: genderOf(given) };
    }
    weak ??= eastAsian;
    if (given && !isLower && second.length >= 3) weak ??= { name: `${first} ${second}`, script: 'latin', kind: 'first-name', strong: false, gender: genderOf(given) };
  }
  if (weak) return weak;
  // "IreneDiffusion", "Olivia Diffusion": how 2022–23 Dreambooth models of one person were named.
  const diffusion = tokens.length === 2 && lower[1] === 'diffusion' ? lexicon.names.firstNames.get(lower[0]!) : undefined;
  if (diffusion) return { name: capitalise(tokens[0]!), script: 'latin', kind: 'first-name', strong: false, gender: genderOf(diffusion) };
  if (options.allowGlued) {
    for (const token of tokens) {
      const glued = splitGluedEastAsianName(token, lexicon) ?? splitGluedGivenFirst(token, lexicon);
      if (glued) return glued;
    }
  }
  if (HAN_OR_KANA.test(text) || HANGUL.test(text)) return nativeName(text, lexicon);
  return null;
}

const gluedNameMemos = new WeakMap<Lexicon, TextMemo<FoundName | null>>();

/** findName with glued names allowed, memoised per lexicon: person.ts asks it for every model name and trigger word. */
export function findNameAllowingGlued(text: string, lexicon: Lexicon): FoundName | null {
  let memo = gluedNameMemos.get(lexicon);
  if (!memo) {
    memo = new TextMemo((value) => findName(value, lexicon, { allowGlued: true }));
    gluedNameMemos.set(lexicon, memo);
  }
  return memo.get(text);
}
