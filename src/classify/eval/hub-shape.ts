// The same record as it would look re-uploaded to the Hugging Face Hub, for the "Hub-shaped"
// figures: repo id `creator/Name-With-Dashes` (the Hub allows ASCII letters, digits, `-`, `_`, `.`),
// the card text = the description, the Civitai tags as card tags, trigger words as the card's
// instance_prompt, a model-tree base tag, nsfw as `not-for-all-audiences`; no poi, no image ratings,
// no nsfwLevel (the Hub has none of them). The item goes through the crawler's own mapping
// (parseHubItem, toHubVersion), so the classifier sees exactly what a Hub crawl would store.
import { parseHubItem, toHubVersion } from '../../crawlers/huggingface.js';
import { inputFromRecord } from '../input.js';
import type { ClassifierInput } from '../types.js';

/** Civitai base model names to the Hub repos such models name in `base_model` (2023 bases). */
const BASE_REPOS: [RegExp, string][] = [
  [/^SDXL/i, 'stabilityai/stable-diffusion-xl-base-1.0'],
  [/^SD 2/i, 'stabilityai/stable-diffusion-2-1'],
  [/^SD 1/i, 'stable-diffusion-v1-5/stable-diffusion-v1-5'],
];
/** 2023 uploads without a recognised base were almost all SD 1.5 derivatives. */
const DEFAULT_BASE_REPO = 'stable-diffusion-v1-5/stable-diffusion-v1-5';

const ADAPTER_TYPES = new Set(['LORA', 'LoCon', 'DoRA', 'LyCORIS']);

function asciiWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

/** `creator/Name-With-Dashes`; words in other scripts drop out, as the Hub's id rules force. */
export function hubRepoId(creator: string | null, name: string, fallbackId: string): string {
  const owner = asciiWords(creator ?? '').join('-') || 'user';
  const repo = asciiWords(name).join('-') || `model-${fallbackId}`;
  return `${owner}/${repo}`;
}

function baseRepoOf(baseModels: readonly string[]): string {
  for (const base of baseModels) for (const [pattern, repo] of BASE_REPOS) if (pattern.test(base)) return repo;
  return DEFAULT_BASE_REPO;
}

/** The raw Hub API item (repo endpoint, with cardData) a re-upload of this Civitai model would return. */
export function hubItemFor(input: ClassifierInput, platformId: string): Record<string, unknown> {
  const base = baseRepoOf(input.baseModels);
  const relation = ADAPTER_TYPES.has(input.type) ? 'adapter' : input.type === 'Checkpoint' ? 'finetune' : null;
  const tags = [
    'diffusers',
    'text-to-image',
    ...(relation === 'adapter' ? ['lora', 'template:sd-lora'] : []),
    ...(relation ? [`base_model:${base}`, `base_model:${relation}:${base}`] : []),
    ...input.tags,
    ...(input.nsfw === true ? ['not-for-all-audiences'] : []),
  ];
  const id = hubRepoId(input.creator, input.name, platformId);
  return {
    id,
    modelId: id,
    author: id.slice(0, id.indexOf('/')),
    tags,
    cardData: { base_model: base, instance_prompt: input.trainedWords.length > 0 ? input.trainedWords : undefined, tags: input.tags },
    library_name: 'diffusers',
    pipeline_tag: 'text-to-image',
    private: false,
  };
}

export function hubShaped(input: ClassifierInput, platformId: string): ClassifierInput {
  const parsed = parseHubItem(hubItemFor(input, platformId));
  // The item is built here from validated fields; a failure is a bug in this mapping, not bad data.
  if (!parsed.ok) throw new Error(`hub shape of ${platformId} does not parse: ${parsed.message}`);
  return inputFromRecord({ ...parsed.record, cardText: input.description, versions: [toHubVersion(parsed.item)] });
}
