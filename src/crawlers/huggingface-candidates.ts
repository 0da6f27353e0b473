// Which repos are worth two more requests (file hashes and the card): a cheap pre-filter on what
// the listing already gave, tuned to miss little, since the classifier decides later on the full
// card. At the Hub's ~1.5 requests/s anonymous, details for every repo would take days; this keeps
// them to the repos that look like a person. `--details` bypasses it.
/** What the listing told about a repo, as stored. */
export interface CandidateInput {
  name: string;
  type: string;
  creator: string | null;
  tags: string[];
  /** The card's trigger words and widget prompts (the listing's cardData). */
  description: string | null;
  baseModels: string[];
  nsfw: boolean | null;
}

export type CandidateFilter = (model: CandidateInput) => boolean;

/** Words that say a model depicts people; DreamBooth's rare tokens (ohwx, sks) mostly train faces. */
const PERSON_WORDS = [
  'woman', 'women', 'man', 'men', 'girl', 'girls', 'boy', 'lady', 'person', 'people', 'face', 'faces',
  'portrait', 'headshot', 'selfie', 'likeness', 'celebrity', 'celeb', 'actress', 'actor', 'singer',
  'idol', 'kpop', 'influencer', 'instagram', 'tiktok', 'onlyfans', 'youtuber', 'streamer', 'cosplayer',
  'pornstar', 'model', 'realistic', 'photorealistic', 'real person', 'ohwx', 'sks', 'nude', 'naked',
  'nsfw', 'sexy', 'lingerie', 'bikini', 'her', 'his', 'she', 'he',
];
const PERSON_PATTERN = new RegExp(`(?<![\\p{L}\\p{N}])(?:${PERSON_WORDS.join('|')})(?![\\p{L}\\p{N}])`, 'u');

function words(text: string): string {
  // Repo names join words with -, _ and camel case: split them so whole-word matching works.
  return text.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[-_.]+/g, ' ').toLowerCase();
}

function mentionsPerson(text: string): boolean {
  return PERSON_PATTERN.test(words(text));
}

/** True for LoRAs and fine-tunes whose name, tags or card words suggest a person. */
export const looksLikePersonModel: CandidateFilter = (model) => {
  if (model.type === 'Other') return false;
  if (model.tags.includes('not-for-all-audiences')) return true;
  return mentionsPerson(model.name) || model.tags.some((tag) => !tag.includes(':') && mentionsPerson(tag)) || mentionsPerson(model.description ?? '');
};

/** Either filter picking a repo makes it a candidate (recall matters more than requests here). */
export function anyOf(...filters: CandidateFilter[]): CandidateFilter {
  return (model) => filters.some((filter) => filter(model));
}

/** Every repo (the --details option). */
export const everyModel: CandidateFilter = () => true;
