// The demo's Hugging Face Hub: 90 repos in the model tree of the built-in bases. 30 are re-uploads
// of the demo's Civitai person LoRAs (same weights, so the same SHA256), the rest are the Hub's
// usual mix of styles, characters, fine-tunes and a few person LoRAs of its own. On day 2 downloads
// have grown and 3 repos are gone (the Hub answers 401 to anonymous requests for them).
import { createHash } from 'node:crypto';
import type { HubRepo, HubSource } from '../huggingface-server.js';
import { syntheticCivitaiItem, syntheticKind, syntheticSha256 } from '../synthetic.js';
import { BASE_MODELS, CREATORS, HUB_BASES, INVENTED_CHARACTERS, STYLES } from './vocabulary.js';
import { DEMO_CIVITAI_DAY1_COUNT, withTargetGender, type DemoDay } from './civitai.js';

const OWN_REPOS = 60;
const REUPLOADS = 30;
const REMOVED_ON_DAY2 = [4, 41, 77];

type Base = (typeof BASE_MODELS)[number];

/** Civitai indexes whose weights were re-uploaded to the Hub: person LoRAs, spread over the list. */
function reuploadedCivitaiIndexes(): number[] {
  const indexes: number[] = [];
  for (let index = 0; index < DEMO_CIVITAI_DAY1_COUNT && indexes.length < REUPLOADS; index += 3) {
    if (syntheticKind(index) === 'person') indexes.push(index);
  }
  return indexes;
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

function treeTags(base: Base, relation: 'adapter' | 'finetune'): string[] {
  const repo = HUB_BASES[base];
  return [`base_model:${repo}`, `base_model:${relation}:${repo}`];
}

function weights(name: string, sha256: string, size: number): NonNullable<HubRepo['siblings']> {
  return [
    { rfilename: '.gitattributes', blobId: sha1(`${name}-attributes`), size: 1_519 },
    { rfilename: 'README.md', blobId: sha1(`${name}-readme`), size: 1_204 },
    { rfilename: name, blobId: sha1(`${name}-blob`), size, lfs: { sha256: sha256.toLowerCase(), size, pointerSize: 135 } },
  ];
}

function dates(position: number): { createdAt: string; lastModified: string } {
  const created = new Date(Date.UTC(2024, 5, 1) + position * 3 * 86_400_000);
  return { createdAt: created.toISOString(), lastModified: new Date(created.getTime() + 86_400_000).toISOString() };
}

/** A re-upload: the Civitai model's name, trigger word and weights under a Hub user's account. */
function reupload(civitaiIndex: number, position: number): HubRepo {
  const item = withTargetGender(syntheticCivitaiItem(civitaiIndex));
  const version = (item.modelVersions as { baseModel: Base; trainedWords: string[] }[])[0]!;
  const trigger = version.trainedWords[0] ?? `tok${civitaiIndex}`;
  const isNsfw = item.nsfw === true;
  const title = String(item.name).replace(/\s*\(.*\)|\s*LoRA$/g, '');
  const roleTags = (item.tags as string[]).filter((tag) => tag !== 'nsfw' && tag !== 'sexy');
  const id = `${CREATORS[(position * 5) % CREATORS.length]}-mirror/${title.replace(/\s+/g, '-')}-LoRA-${civitaiIndex}`;
  return {
    _id: sha1(id).slice(0, 24),
    id,
    author: id.split('/')[0],
    ...dates(position),
    downloads: 40 + ((civitaiIndex * 31) % 900),
    downloadsAllTime: 400 + ((civitaiIndex * 97) % 9000),
    likes: civitaiIndex % 40,
    tags: ['diffusers', 'lora', 'template:sd-lora', 'text-to-image', 'stable-diffusion', ...roleTags, ...treeTags(version.baseModel, 'adapter'), ...(isNsfw ? ['not-for-all-audiences'] : []), 'license:other'],
    cardData: {
      base_model: HUB_BASES[version.baseModel],
      instance_prompt: trigger,
      widget: [{ text: `photo of ${trigger}, a woman, portrait${isNsfw ? ', nude' : ''}` }],
    },
    gated: false,
    disabled: false,
    private: false,
    sha: sha1(`${id}-commit`),
    library_name: 'diffusers',
    pipeline_tag: 'text-to-image',
    siblings: weights(`${trigger}.safetensors`, syntheticSha256(civitaiIndex), 151_060_000),
    readme: `---\nbase_model: ${HUB_BASES[version.baseModel]}\ninstance_prompt: ${trigger}\ntags:\n- lora\n- text-to-image\n---\n\n# ${String(item.name)}\n\nRe-upload from Civitai: a LoRA of ${title}, a real person. Use \`${trigger}\` in the prompt.\n`,
  };
}

/** A repo of the Hub's own: styles, characters, fine-tunes and some person LoRAs. */
function ownRepo(position: number): HubRepo {
  const base = BASE_MODELS[position % BASE_MODELS.length]!;
  const slot = position % 6;
  const owner = `${CREATORS[(position * 3) % CREATORS.length]}`;
  let name: string;
  let words: string[];
  let relation: 'adapter' | 'finetune' = 'adapter';
  let readme: string;
  if (slot === 0 || slot === 1) {
    const style = STYLES[position % STYLES.length]!;
    name = `${style.toLowerCase().replace(/\s+/g, '-')}-lora`;
    words = ['style'];
    readme = `A ${style.toLowerCase()} style LoRA.`;
  } else if (slot === 2 || slot === 3) {
    const character = INVENTED_CHARACTERS[position % INVENTED_CHARACTERS.length]!;
    name = `${character.name.toLowerCase().replace(/\s+/g, '-')}-anime`;
    words = ['anime', 'character'];
    readme = `${character.name} from the anime ${character.show}.`;
  } else if (slot === 4) {
    name = `photoreal-finetune-v${position}`;
    words = ['photorealistic'];
    relation = 'finetune';
    readme = 'A photorealistic fine-tune for portraits and landscapes.';
  } else {
    const item = syntheticCivitaiItem(position * 20);
    const trigger = (item.modelVersions as { trainedWords: string[] }[])[0]!.trainedWords[0] ?? `tok${position}`;
    name = `${trigger}-realistic-woman-${position}`;
    words = ['woman', 'portrait'];
    readme = `LoRA trained on photos of ${String(item.name).replace(/\s*\(.*\)|\s*LoRA$/g, '')}, an actress.`;
  }
  const id = `${owner}/${name}`;
  const sha256 = createHash('sha256').update(`demo-hub-weights-${position}`).digest('hex');
  return {
    _id: sha1(id).slice(0, 24),
    id,
    author: owner,
    ...dates(position + REUPLOADS),
    downloads: (position * 53) % 2_000,
    downloadsAllTime: 1_000 + ((position * 379) % 40_000),
    likes: position % 70,
    tags: ['diffusers', ...(relation === 'adapter' ? ['lora', 'template:sd-lora'] : []), 'text-to-image', ...words, ...treeTags(base, relation), 'license:openrail++'],
    cardData: { base_model: HUB_BASES[base], instance_prompt: name.split('-')[0], widget: [{ text: `${name.replace(/-/g, ' ')}` }] },
    gated: position % 17 === 0 ? 'auto' : false,
    disabled: false,
    private: false,
    sha: sha1(`${id}-commit`),
    library_name: 'diffusers',
    pipeline_tag: 'text-to-image',
    siblings: weights(relation === 'adapter' ? 'pytorch_lora_weights.safetensors' : 'model.safetensors', sha256, relation === 'adapter' ? 45_000_000 : 6_940_000_000),
    readme: `---\nbase_model: ${HUB_BASES[base]}\ntags:\n- text-to-image\n---\n\n# ${name}\n\n${readme}\n`,
  };
}

function grown(repo: HubRepo, position: number): HubRepo {
  const isPerson = position < REUPLOADS || (position - REUPLOADS) % 6 === 5;
  const factor = isPerson ? 1.35 : 1.08;
  return { ...repo, downloads: Math.round((repo.downloads ?? 0) * factor), downloadsAllTime: Math.round((repo.downloadsAllTime ?? 0) * factor) + 3 };
}

/** Every demo repo on a day, in the Hub's listing order (sort=createdAt, newest first). */
export function demoHubRepos(day: DemoDay): HubRepo[] {
  const repos = [...reuploadedCivitaiIndexes().map(reupload), ...Array.from({ length: OWN_REPOS }, (_, position) => ownRepo(position))];
  const dated = day === 1 ? repos : repos.map(grown);
  return dated.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
}

/** A Hub source that switches from day 1 to day 2 while the server runs. */
export function demoHubSource(day: () => DemoDay): HubSource {
  const byDay = { 1: demoHubRepos(1), 2: demoHubRepos(2) };
  const repos = () => byDay[day()];
  return {
    size: () => repos().length,
    id: (index) => repos()[index]!.id,
    tags: (index) => repos()[index]!.tags ?? [],
    repo: (index) => repos()[index]!,
    indexOf: (id) => repos().findIndex((repo) => repo.id === id),
  };
}

/** Repo ids gone on a day (401 to anonymous requests, left out of listings). */
export function demoHubRemovedIds(day: DemoDay): Set<string> {
  if (day === 1) return new Set();
  const repos = demoHubRepos(1);
  return new Set(REMOVED_ON_DAY2.map((position) => repos[position]!.id));
}
