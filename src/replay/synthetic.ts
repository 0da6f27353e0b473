// N synthetic Civitai models in the real /api/v1/models item shape (2026), each built from its index
// alone: the replay server can serve a million of them without holding them, and the benchmark and
// the soak can check every stored row against the same function. Names come from the invented
// vocabulary of demo-data/ (never real people).
import { createHash } from 'node:crypto';
import type { CivitaiSource } from './civitai-server.js';
import { seededRandom } from './faults.js';
import {
  BASE_MODELS,
  CHECKPOINT_NAMES,
  CONCEPTS,
  CREATORS,
  GIVEN_NAMES_FEMALE,
  GIVEN_NAMES_MALE,
  INVENTED_CHARACTERS,
  INVENTED_SURNAMES,
  PERSON_ROLES,
  STYLES,
} from './demo-data/vocabulary.js';

export type SyntheticKind = 'person' | 'character' | 'style' | 'concept' | 'checkpoint' | 'embedding';

const pick = <T>(list: readonly T[], random: () => number): T => list[Math.floor(random() * list.length)]!;

/** Model id of the item at an index: ascending, like sort=Oldest. */
export function syntheticCivitaiId(index: number): number {
  return index + 1;
}

/** The kind of model at an index, in fixed shares (person-like LoRAs about a third, as in the study's sample). */
export function syntheticKind(index: number): SyntheticKind {
  const slot = index % 20;
  if (slot < 7) return 'person';
  if (slot < 11) return 'character';
  if (slot < 14) return 'style';
  if (slot < 17) return 'concept';
  if (slot < 19) return 'checkpoint';
  return 'embedding';
}

/** A heavy-tailed download count: most models have a few hundred, a few have hundreds of thousands. */
export function syntheticDownloads(index: number): number {
  const random = seededRandom(index * 7919 + 17);
  return Math.floor(10 ** (1 + random() * 4.5));
}

export function syntheticSha256(index: number): string {
  return createHash('sha256').update(`dfwatch-synthetic-weights-${index}`).digest('hex').toUpperCase();
}

interface Identity {
  name: string;
  type: string;
  tags: string[];
  trainedWord: string;
  description: string;
  isNsfw: boolean;
}

function identity(index: number, random: () => number): Identity {
  const kind = syntheticKind(index);
  switch (kind) {
    case 'person': {
      const isFemale = random() < 0.92;
      const given = isFemale ? pick(GIVEN_NAMES_FEMALE, random) : pick(GIVEN_NAMES_MALE, random);
      const surname = pick(INVENTED_SURNAMES, random);
      const role = pick(PERSON_ROLES, random);
      const isNsfw = role.role === 'pornstar' || random() < 0.35;
      return {
        name: `${given} ${surname} ${random() < 0.5 ? `(${role.role})` : 'LoRA'}`,
        type: 'LORA',
        tags: [...role.tags, ...(isNsfw ? ['nsfw', 'sexy'] : ['portrait'])],
        trainedWord: `${given.toLowerCase()}${surname.toLowerCase().replace(/[^a-z]/g, '')}`,
        description: `<p>LoRA of ${given} ${surname}, the ${role.role}.</p><p>Trained on 40 photos. Use weight 0.8.</p>`,
        isNsfw,
      };
    }
    case 'character': {
      const character = pick(INVENTED_CHARACTERS, random);
      const isNsfw = random() < 0.4;
      return {
        name: `${character.name} | ${character.show}`,
        type: random() < 0.8 ? 'LORA' : 'LoCon',
        tags: ['anime', 'character', 'anime girl', ...(isNsfw ? ['hentai'] : [])],
        trainedWord: character.name.toLowerCase().replace(/\s+/g, '_'),
        description: `<p>${character.name} from the anime <i>${character.show}</i>.</p>`,
        isNsfw,
      };
    }
    case 'style': {
      const style = pick(STYLES, random);
      return { name: `${style} Style`, type: 'LORA', tags: ['style', 'art style'], trainedWord: style.toLowerCase().replace(/\s+/g, ''), description: `<p>A ${style.toLowerCase()} style.</p>`, isNsfw: false };
    }
    case 'concept': {
      const concept = pick(CONCEPTS, random);
      return { name: `${concept} concept`, type: random() < 0.5 ? 'LORA' : 'DoRA', tags: ['concept', 'background'], trainedWord: concept.toLowerCase(), description: `<p>Adds ${concept.toLowerCase()}.</p>`, isNsfw: false };
    }
    case 'checkpoint': {
      const name = pick(CHECKPOINT_NAMES, random);
      const isNsfw = random() < 0.3;
      return { name: `${name} v${1 + (index % 9)}`, type: 'Checkpoint', tags: ['base model', 'checkpoint', ...(isNsfw ? ['nsfw'] : [])], trainedWord: '', description: `<p>A merged checkpoint.</p>`, isNsfw };
    }
    case 'embedding': {
      const style = pick(STYLES, random);
      return { name: `${style} embedding`, type: 'TextualInversion', tags: ['style', 'embedding'], trainedWord: `emb_${index}`, description: `<p>Negative-free embedding.</p>`, isNsfw: false };
    }
  }
}

/** Uploads are concentrated: a few prolific accounts, a long tail of one-model accounts. */
function creatorName(random: () => number): string {
  return `${CREATORS[Math.floor(random() ** 2 * CREATORS.length)]}${Math.floor(random() ** 4 * 2000)}`;
}

/** The Civitai API item of the model at an index (deterministic). */
export function syntheticCivitaiItem(index: number): Record<string, unknown> {
  const random = seededRandom(index + 1);
  const id = syntheticCivitaiId(index);
  const who = identity(index, random);
  const base = pick(BASE_MODELS, random);
  const downloads = syntheticDownloads(index);
  const sha256 = syntheticSha256(index);
  const created = new Date(Date.UTC(2023, 0, 1) + index * 90_000).toISOString().replace('Z', '');
  const nsfwLevel = who.isNsfw ? pick([4, 8, 16, 28], random) : 1;
  const versionId = id * 10;
  const images = [0, 1].map((position) => ({
    url: `https://image.civitai.com/synthetic/${id}-${position}.jpeg`,
    nsfwLevel: who.isNsfw && position === 0 ? nsfwLevel : 1,
    width: 832,
    height: 1216,
    hash: 'U9Fr%c00~q-;',
    type: 'image',
    hasMeta: true,
    hasPositivePrompt: true,
    onSite: false,
    remixOfId: null,
    minor: false,
    poi: false,
  }));
  return {
    id,
    name: who.name,
    description: who.description,
    allowNoCredit: true,
    allowCommercialUse: ['Image'],
    allowDerivatives: true,
    allowDifferentLicense: true,
    type: who.type,
    minor: false,
    sfwOnly: false,
    poi: false,
    nsfw: who.isNsfw,
    nsfwLevel: who.isNsfw ? nsfwLevel | 1 : 1,
    availability: 'Public',
    cosmetic: null,
    supportsGeneration: who.type !== 'TextualInversion',
    userId: 1000 + (index % 5000),
    stats: {
      downloadCount: downloads,
      thumbsUpCount: Math.floor(downloads / 20),
      thumbsDownCount: Math.floor(downloads / 2000),
      commentCount: Math.floor(downloads / 500),
      tippedAmountCount: null,
    },
    creator: { username: creatorName(random), image: null },
    tags: who.tags,
    modelVersions: [
      {
        id: versionId,
        index: 0,
        name: 'v1.0',
        baseModel: base,
        baseModelType: 'Standard',
        publishedAt: created,
        availability: 'Public',
        nsfwLevel,
        description: null,
        trainedWords: who.trainedWord ? [who.trainedWord] : [],
        stats: { downloadCount: downloads, thumbsUpCount: Math.floor(downloads / 20), thumbsDownCount: 0 },
        covered: true,
        files: [
          {
            id: versionId * 10,
            sizeKB: who.type === 'Checkpoint' ? 2_082_642.4 : 147_523.6,
            name: `${who.trainedWord || 'model'}_${id}.safetensors`,
            type: 'Model',
            pickleScanResult: 'Success',
            virusScanResult: 'Success',
            metadata: { format: 'SafeTensor', size: 'pruned', fp: 'fp16' },
            hashes: { AutoV1: sha256.slice(0, 8), AutoV2: sha256.slice(0, 10), SHA256: sha256, CRC32: sha256.slice(0, 8), BLAKE3: sha256.toLowerCase() },
            downloadUrl: `https://civitai.com/api/download/models/${versionId}`,
            primary: true,
          },
        ],
        images,
        downloadUrl: `https://civitai.com/api/download/models/${versionId}`,
      },
    ],
  };
}

/** A replay-server source of `count` synthetic models, built on demand. */
export function syntheticCivitaiSource(count: number): CivitaiSource {
  return { size: () => count, id: syntheticCivitaiId, item: syntheticCivitaiItem };
}
