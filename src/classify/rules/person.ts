// Person targeting: does this model exist to reproduce one real person's likeness? Signals add up,
// none decisive alone (issue 4): context tags, a person's name, phrases such as "resembles", a
// realistic showcase, and Civitai's uploader-set poi flag (noisy in both directions, so it counts as
// one signal and is left out entirely in the no-poi mode). Counter-signals pull the score down:
// anime/game/cartoon characters, styles, concepts, poses, clothing, generic face mixes, checkpoints.
import type { Lexicon } from '../lexicon.js';
import type { ModelText } from '../text.js';
import type { ClassifierInput, Evidence, EvidenceField } from '../types.js';
import { findName, findNameAllowingGlued, type FoundName } from './names.js';
import { corpusSignal } from './corpus.js';

/** Score at or above which a model is person-targeting. Calibrated on data/gold (see data/gold/README.md). */
export const PERSON_THRESHOLD = 3;

const WEIGHTS = {
  strongTag: 3,
  strongTagCap: 4.5,
  groupTag: 2,
  weakTag: 0.5,
  weakTagCap: 1,
  nameInModelName: 2,
  /** Both halves of the name listed (a given name and a surname, or a native-script shape with a listed surname). */
  strongNameInModelName: 2.5,
  roleSuffixName: 3.5,
  nameInTrainedWord: 1.5,
  strongNameInTrainedWord: 2,
  nameInDescription: 1.5,
  nameInTag: 1.5,
  /** A name in the model name beside a "woman"/"man" tag: a model of one person of that gender. */
  nameWithGenderTag: 0.5,
  /** "<Name> in <Film>", "<Name> as <Role>": an actor named with a role. */
  actorInRole: 1,
  characterTag: -1.5,
  characterTagCap: -4,
  subjectTag: -1.5,
  subjectTagCap: -3.5,
  checkpointTag: -2,
  poi: 2,
  imagePoi: 1,
} as const;

export interface PersonResult {
  /** Score without poi. */
  scoreNoPoi: number;
  /** What poi adds (0 when absent or false). */
  poiWeight: number;
  name: FoundName | null;
  evidence: Evidence[];
}

function capped(weights: number[], cap: number): number {
  const sum = weights.reduce((total, weight) => total + weight, 0);
  return cap < 0 ? Math.max(sum, cap) : Math.min(sum, cap);
}

/** What a clear name in the model name says about the counter-tags: none, a single person (checkpoint and subject counters soften), an actor in a role (subject counters drop). */
type NameContext = 'none' | 'single-person' | 'actor-in-role';

function tagSignals(text: ModelText, lexicon: Lexicon, evidence: Evidence[], context: NameContext): number {
  const isSinglePerson = context !== 'none';
  const person = lexicon.person;
  const strong: number[] = [];
  const weak: number[] = [];
  const character: number[] = [];
  const subject: number[] = [];
  let score = 0;
  for (const tag of text.tags) {
    if (person.strongTags.has(tag)) {
      strong.push(WEIGHTS.strongTag);
      evidence.push({ rule: 'person.context-tag', field: 'tags', match: tag, weight: WEIGHTS.strongTag });
    } else if (person.groupTags.has(tag)) {
      score += WEIGHTS.groupTag;
      evidence.push({ rule: 'person.group-tag', field: 'tags', match: tag, weight: WEIGHTS.groupTag });
    } else if (person.weakTags.has(tag)) {
      weak.push(WEIGHTS.weakTag);
      evidence.push({ rule: 'person.weak-tag', field: 'tags', match: tag, weight: WEIGHTS.weakTag });
    }
    if (person.counterCharacterTags.has(tag)) {
      character.push(WEIGHTS.characterTag);
      evidence.push({ rule: 'counter.character-tag', field: 'tags', match: tag, weight: WEIGHTS.characterTag });
    } else if (person.counterSubjectTags.has(tag)) {
      subject.push(WEIGHTS.subjectTag);
      evidence.push({ rule: 'counter.subject-tag', field: 'tags', match: tag, weight: WEIGHTS.subjectTag });
    } else if (person.counterCheckpointTags.has(tag) && !isSinglePerson) {
      score += WEIGHTS.checkpointTag;
      evidence.push({ rule: 'counter.checkpoint-tag', field: 'tags', match: tag, weight: WEIGHTS.checkpointTag });
    }
  }
  return (
    score +
    capped(strong, WEIGHTS.strongTagCap) +
    capped(weak, WEIGHTS.weakTagCap) +
    capped(character, WEIGHTS.characterTagCap) +
    (context === 'actor-in-role' ? 0 : capped(subject, isSinglePerson ? WEIGHTS.subjectTag : WEIGHTS.subjectTagCap))
  );
}

function phraseSignals(text: ModelText, lexicon: Lexicon, evidence: Evidence[]): number {
  let score = 0;
  const fields = [
    ['name', text.nameLower],
    ['trainedWords', text.trainedLower],
    ['description', text.descriptionLower],
  ] as const;
  // Each phrase counts once, in the first field where it occurs.
  for (const phrase of lexicon.person.allPhrases) {
    for (const [field, value] of fields) {
      if (value.length === 0 || !phrase.fields.includes(field)) continue;
      const match = phrase.pattern.exec(value, text.present[field]);
      if (match) {
        score += phrase.weight;
        evidence.push({ rule: phrase.weight >= 0 ? 'person.phrase' : 'counter.phrase', field, match: match[0].trim().slice(0, 80), weight: phrase.weight });
        break;
      }
    }
  }
  return score;
}

/** "lora of firstname lastname", "trained on photos of firstname lastname" in a description. */
const DESCRIBED_NAME = /\b(?:lora|locon|lycoris|model|embedding|checkpoint|dreambooth|likeness|photos|pictures|images|portraits?) of (?:the )?(?:(?:actress|actor|singer|model|idol|streamer|cosplayer|celebrity|influencer) )?([a-z][a-z'’-]+ [a-z][a-z'’-]+)/;
/** Tokens of a Hub repo name or model name that say what kind of file it is, not whom it shows. */
const FILE_WORDS = /^(?:lora|locon|lycoris|loha|lokr|dreambooth|db|sdxl|xl|sd|sd15|sd1|sd2|flux|pony|ti|embedding|textual|inversion|model|checkpoint|ckpt|safetensors|v\d+(?:\.\d+)*|\d+(?:\.\d+)*|final|test|beta|alpha|face|realistic|real)$/i;
const ROLE_AFTER_NAME = /^\s*(?:in|as|from)\s+\p{Lu}/u;

/** The name part of a model name: a Hub repo id loses its owner and is split on -/_, and file words ("LoRA", "v2", "144") go. */
export function nameText(input: Pick<ClassifierInput, 'platform' | 'name'>): string {
  if (input.platform !== 'huggingface') return input.name;
  return input.name
    .slice(input.name.indexOf('/') + 1)
    .split(/[-_\s]+/)
    .filter((token) => !FILE_WORDS.test(token))
    .join(' ');
}

/**
 * The name a flagged model gives its target when no rule recognised a name: the model name without
 * bracketed notes, file words and version tokens, when what is left is one to four words and none
 * of them a generic word ("girl", "mix", "style"). "Yurisa Lora" → "Yurisa", "Momo TWICE" → "Momo TWICE".
 */
export function plainTargetName(input: Pick<ClassifierInput, 'platform' | 'name'>, isGeneric: (word: string) => boolean): string | null {
  const words = nameText(input)
    .replace(/[\[(（【「][^\])）】」]*[\])）】」]/g, ' ')
    .split(/[\s_|/\\,:;]+|(?<=\p{Ll})-(?=\p{Lu})/u)
    .map((word) => word.trim())
    .filter((word) => word.length > 0 && !FILE_WORDS.test(word));
  if (words.length === 0 || words.length > 4) return null;
  if (words.some((word) => isGeneric(word.toLowerCase()) || !/^[\p{L}\p{M}'’.-]+$/u.test(word))) return null;
  return words.join(' ');
}

interface NameSignal {
  score: number;
  name: FoundName | null;
}

function nameSignal(input: ClassifierInput, text: ModelText, lexicon: Lexicon, fiction: boolean, evidence: Evidence[]): NameSignal {
  // A name beside anime, game or franchise signals is most likely a character's: it is reported, not counted.
  const found = (weight: number, field: EvidenceField, name: FoundName): NameSignal => {
    const counted = fiction ? 0 : weight;
    evidence.push({ rule: `person.name.${name.kind}${name.strong ? '.strong' : ''}${fiction ? '.fictional-context' : ''}`, field, match: name.name, weight: counted });
    return { score: counted, name };
  };
  const modelName = nameText(input);
  const inName = findNameAllowingGlued(modelName, lexicon);
  if (inName) {
    const weight = inName.kind === 'role-suffix' ? WEIGHTS.roleSuffixName : inName.strong ? WEIGHTS.strongNameInModelName : WEIGHTS.nameInModelName;
    const result = found(weight, 'name', inName);
    const genderTag = fiction ? undefined : [...text.tags].find((tag) => lexicon.person.nameGenderTags.has(tag));
    if (genderTag) {
      evidence.push({ rule: 'person.name-with-gender-tag', field: 'tags', match: genderTag, weight: WEIGHTS.nameWithGenderTag });
      result.score += WEIGHTS.nameWithGenderTag;
    }
    const at = modelName.indexOf(inName.name.split(' ')[1] ?? inName.name);
    if (inName.strong && !fiction && at >= 0 && ROLE_AFTER_NAME.test(modelName.slice(at + (inName.name.split(' ')[1] ?? '').length))) {
      evidence.push({ rule: 'person.actor-in-role', field: 'name', match: modelName.slice(0, 80), weight: WEIGHTS.actorInRole });
      result.score += WEIGHTS.actorInRole;
    }
    return result;
  }
  for (const word of text.trainedWords.slice(0, 20)) {
    const inWord = findNameAllowingGlued(word, lexicon);
    if (inWord) return found(inWord.strong ? WEIGHTS.strongNameInTrainedWord : WEIGHTS.nameInTrainedWord, 'trainedWords', inWord);
  }
  // A tag that is a clear name ("irene montero"): uploaders often tag the person they trained on.
  for (const tag of text.tags) {
    if (!tag.includes(' ') || tag.length > 40) continue;
    const inTag = findName(tag, lexicon, { allowGlued: false });
    if (inTag?.strong) return found(WEIGHTS.nameInTag, 'tags', inTag);
  }
  const described = DESCRIBED_NAME.exec(text.descriptionLower)?.[1];
  const inDescription = described ? findName(described, lexicon, { allowGlued: false }) : null;
  if (inDescription?.strong) return found(WEIGHTS.nameInDescription, 'description', inDescription);
  return { score: 0, name: null };
}

/** "Mio Akiyama (K-ON!)", "Baby Bonnie Hood (Vampire)": a name, then a title in brackets. */
const BRACKETED = /^[^(（\[]*\p{L}[^(（\[]*[(（]\s*([A-Za-z][\w :!'’.&/+-]{1,40}?)\s*[)）]/u;
/** Bracket words that say who or what the model is, not which series: a role, a platform, a file kind, a country. */
const NOT_A_TITLE =
  /\b(?:from|in|as|nsfw|sfw|lora|locon|lycoris|loha|dreambooth|ti|embedding|v?\d[\w.]*|sd|sdxl|xl|person|people|real|irl|photos?|actress|actor|singer|idol|model|instagram|ig|tiktok|youtuber|streamer|cosplayer|coser|influencer|twitch|av|jav|gravure|kpop|k-pop|jpop|celebrity|celeb|politician|athlete|adult|pornstar|porn|onlyfans|girl|woman|man|boy|face|portrait|realistic|version|ver|fixed|update|jp|kr|cn|tw|hk|th|us|uk|korean|japanese|chinese|taiwanese|thai|american)\b/i;

/**
 * The series of a character named the booru way, "Name (Series)": a bracket right after the name
 * holding Latin words that are no role, platform, file kind or country, no listed given name (a real
 * person's other name: "Monroe (Katerina Kozlova)") and no idol group. Real people's models rarely
 * carry a title so; anime and game characters' often do (in data/gold/civitai-2023.jsonl it fires on
 * 10 negatives and no positive, beyond those the fiction tags already catch).
 */
function bracketedTitle(name: string, lexicon: Lexicon): string | null {
  const inside = BRACKETED.exec(name)?.[1];
  if (!inside || NOT_A_TITLE.test(inside)) return null;
  const lower = inside.toLowerCase();
  if (lexicon.person.groupTags.has(lower) || lexicon.person.groupTags.has(lower.replace(/[\s_]+/g, ''))) return null;
  const words = lower.split(/[^a-z'’-]+/).filter((word) => word.length > 0);
  if (words.some((word) => lexicon.names.firstNames.has(word))) return null;
  return inside;
}

/** Anime, game and franchise context: fiction tags, fiction words in the name or trigger words, booru-style trigger words. */
function fictionSignal(text: ModelText, lexicon: Lexicon, evidence: Evidence[]): boolean {
  const person = lexicon.person;
  for (const tag of text.tags) {
    if (person.fictionTags.has(tag)) {
      evidence.push({ rule: 'counter.fiction-tag', field: 'tags', match: tag, weight: 0 });
      return true;
    }
  }
  for (const [field, value] of [
    ['name', text.nameLower],
    ['trainedWords', text.trainedLower],
  ] as const) {
    person.fictionWords.lastIndex = 0;
    const match = person.fictionWords.exec(value);
    if (match) {
      evidence.push({ rule: 'counter.fiction-word', field, match: match[0], weight: 0 });
      return true;
    }
  }
  const title = bracketedTitle(text.name, lexicon);
  if (title) {
    evidence.push({ rule: 'counter.bracketed-title', field: 'name', match: title, weight: 0 });
    return true;
  }
  // "kasumi (doa)", "lisia \(pokemon\)": booru disambiguation; or two booru descriptors such as "1girl" and "school uniform".
  const booru = text.trainedWords.flatMap((word) => word.toLowerCase().split(/\s*,\s*/)).filter((word) => person.fictionTriggerWords.has(word) || /^[a-z_ ]+ \\?\([a-z_ :.!-]+\\?\)$/.test(word));
  if (new Set(booru).size >= 2 || booru.some((word) => word.includes('('))) {
    evidence.push({ rule: 'counter.booru-trigger-words', field: 'trainedWords', match: booru.slice(0, 3).join(', '), weight: 0 });
    return true;
  }
  return false;
}

export function scorePerson(input: ClassifierInput, text: ModelText, lexicon: Lexicon): PersonResult {
  const evidence: Evidence[] = [];
  // "idol" also tags idol-game characters (The Idolmaster, Love Live!), so it does not overrule fiction.
  const hasStrongTag = [...text.tags].some((tag) => lexicon.person.strongTags.has(tag) && tag !== 'idol');
  const fiction = !hasStrongTag && fictionSignal(text, lexicon, evidence);
  const found = nameSignal(input, text, lexicon, fiction, evidence);
  // A single-person Dreambooth checkpoint is a checkpoint too: with a clear name it is not penalised as one.
  const context: NameContext = evidence.some((item) => item.rule === 'person.actor-in-role') ? 'actor-in-role' : found.name?.strong === true && found.score > 0 ? 'single-person' : 'none';
  let score = tagSignals(text, lexicon, evidence, context) + phraseSignals(text, lexicon, evidence);
  score += found.score;
  score += corpusSignal(input.corpus, evidence);
  let poiWeight = 0;
  if (input.poi === true) {
    poiWeight += WEIGHTS.poi;
    evidence.push({ rule: 'person.poi-flag', field: 'poi', match: 'poi=true', weight: WEIGHTS.poi });
  }
  if (input.images.some((image) => image.poi === true)) {
    poiWeight += WEIGHTS.imagePoi;
    evidence.push({ rule: 'person.image-poi-flag', field: 'images', match: 'image poi=true', weight: WEIGHTS.imagePoi });
  }
  return { scoreNoPoi: Math.round(score * 100) / 100, poiWeight, name: found.name, evidence };
}
