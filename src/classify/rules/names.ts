// Finds a person's name in a model name or trigger word: Latin "First Last" backed by the first-name
// list, Chinese/Japanese/Korean names romanised ("Kubo Yurika", "JangWonYoung", "liuyifei") or in
// native script ("新垣 結衣", "刘亦菲", "장원영"). A name alone is never decisive: anime characters have
// names too, which is why person.ts weighs it against the counter-signals.
import type { Lexicon } from '../lexicon.js';
import { TextMemo } from '../memo.js';
import type { NameScript } from '../types.js';

export interface FoundName {
  name: string;
  script: NameScript;
  /** What backed it: 'first-name', 'east-asian', 'native', 'role-suffix'. */
  kind: 'first-name' | 'east-asian' | 'native' | 'role-suffix';
  /** Gender of the first-name list entry or Japanese given name, where known. */
  gender: 'female' | 'male' | null;
}

/** Words that are capitalised in model names but never a surname. */
const NOT_A_SURNAME = new Set(
  `style styles lora locon lycoris loha model models mix merge girl girls boy woman women man men dress outfit outfits costume costumes art artist concept pose poses hair
  eyes face body anime realistic real photo version edition pack character characters skin skins armor suit uniform bikini swimsuit lingerie background landscape
  fantasy diffusion the and of in on with from for by to v1 v2 v3 xl sdxl sd embedding ti hypernetwork checkpoint test beta alpha final new old big small little cute
  sexy hot dark light red blue green black white pink yellow purple gold silver clothes clothing shirt skirt jacket coat hat boots shoes gloves collection bundle set
  series season chan san kun sama tan sensei senpai maid nurse witch queen princess prince king lady lord knight warrior elf demon angel devil cat dog fox wolf bunny
  rabbit dragon tech world city street house room school office beach sea sky star stars moon sun night day summer winter spring autumn fall rain snow fire water
  ice wind earth forest garden flower flowers food cake wars trek punk core wave life love heart soul mind dream dreams magic mecha robot gundam bondage gag tattoo
  tattoos piercing makeup portrait portraits painting illustration sketch comic comics manga cartoon render 3d 2d pixel vector studio shot slider helper tweak
  detail details enhancer lighting effect effects theme themed fashion design vibes aesthetic look looks likeness doll dolls idol idols mode form forms type`.split(/\s+/),
);

const LATIN_WORD = /^\p{Lu}[\p{Ll}\p{M}'’-]+$|^\p{Lu}{2,}$/u;
const HAN_OR_KANA = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;

/** Splits "KuboYurika_JP_VA" into ["Kubo", "Yurika", "JP", "VA"] and "Bella Hadid [LoRA]" into words. */
export function nameTokens(text: string): string[] {
  return text
    .replace(/[\[(（【「][^\])）】」]*[\])）】」]/g, ' ')
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

function isEastAsianGiven(word: string, lexicon: Lexicon): boolean {
  const lower = word.toLowerCase().replace(/[-'’]/g, '');
  return lexicon.names.japaneseGiven.has(lower) || (lower.length >= 3 && isSyllableString(lower, lexicon.names.givenSyllables));
}

function eastAsianPair(first: string, second: string, lexicon: Lexicon): FoundName | null {
  const surnames = lexicon.names.eastAsianSurnames;
  const a = first.toLowerCase();
  const b = second.toLowerCase();
  const given = surnames.has(a) && isEastAsianGiven(second, lexicon) ? b : surnames.has(b) && isEastAsianGiven(first, lexicon) ? a : null;
  if (given === null) return null;
  return { name: `${capitalise(first)} ${capitalise(second)}`, script: 'cjk', kind: 'east-asian', gender: lexicon.names.japaneseGiven.get(given) ?? null };
}

/** "liuyifei", "kuriyamachiaki", "jangwonyoung": a surname glued to a given name. */
export function splitGluedEastAsianName(word: string, lexicon: Lexicon): FoundName | null {
  const lower = word.toLowerCase();
  if (!/^[a-z]{5,18}$/.test(lower)) return null;
  for (let cut = 2; cut <= Math.min(9, lower.length - 2); cut++) {
    const surname = lower.slice(0, cut);
    const given = lower.slice(cut);
    if (!lexicon.names.eastAsianSurnames.has(surname)) continue;
    if (lexicon.names.japaneseGiven.has(given) || (given.length >= 3 && isSyllableString(given, lexicon.names.givenSyllables, 2))) {
      return { name: `${capitalise(surname)} ${capitalise(given)}`, script: 'cjk', kind: 'east-asian', gender: lexicon.names.japaneseGiven.get(given) ?? null };
    }
  }
  return null;
}

function nativeName(text: string, lexicon: Lexicon): FoundName | null {
  for (const run of text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+(?: [\p{Script=Han}\p{Script=Hangul}]+)?/gu) ?? []) {
    const compact = run.replace(/ /g, '');
    if (compact.length < 2 || compact.length > 5) continue;
    if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(compact)) continue;
    if (lexicon.names.nativeSurnames.some((surname) => compact.startsWith(surname) && compact.length > surname.length)) {
      return { name: run, script: 'cjk', kind: 'native', gender: null };
    }
  }
  return null;
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
        return { name: `${first} ${second}`, script: eastAsian ? 'cjk' : 'latin', kind: 'role-suffix', gender: eastAsian?.gender ?? null };
      }
    }
  }
  for (let i = 0; i + 1 < tokens.length; i++) {
    const first = tokens[i]!;
    const second = tokens[i + 1]!;
    if (!LATIN_WORD.test(first) && !/^[a-z]+$/.test(first)) continue;
    if (!LATIN_WORD.test(second) && !/^[a-z]+$/.test(second)) continue;
    const eastAsian = eastAsianPair(first, second, lexicon);
    if (eastAsian) return eastAsian;
    const firstGender = lexicon.names.firstNames.get(lower[i]!);
    if (firstGender && LATIN_WORD.test(first) && LATIN_WORD.test(second) && second.length >= 3 && !NOT_A_SURNAME.has(lower[i + 1]!) && !NOT_A_SURNAME.has(lower[i]!)) {
      return { name: `${first} ${second}`, script: 'latin', kind: 'first-name', gender: firstGender === 'unisex' ? null : firstGender };
    }
  }
  if (options.allowGlued) {
    for (const token of tokens) {
      const glued = splitGluedEastAsianName(token, lexicon);
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
