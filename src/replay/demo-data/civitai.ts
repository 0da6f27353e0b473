// The demo's Civitai: 300 models on day 1; on day 2 downloads have grown (person LoRAs fastest),
// 20 models are new and 6 are gone (4 answer 404, 2 are TakenDown). Built from the synthetic
// generator's invented vocabulary, plus a few hand-written records for the shapes the API really
// serves: a 2023 record (image nsfw "X", no nsfwLevel), a poi-flagged model, a multi-version LoRA;
// and for every chart of the report: men and women, private people, a person checkpoint and
// embedding, a suggestive (lingerie) model and a hidden download counter.
import type { CivitaiSource } from '../civitai-server.js';
import { syntheticCivitaiItem, syntheticKind, syntheticSha256 } from '../synthetic.js';
import { GIVEN_NAMES_MALE } from './vocabulary.js';

export type DemoDay = 1 | 2;

export const DEMO_CIVITAI_DAY1_COUNT = 300;
const NEW_ON_DAY2 = 20;
/** Indexes that answer 404 on day 2. */
const REMOVED_ON_DAY2 = [11, 57, 102, 203];
/** Indexes whose /models/:id says TakenDown on day 2. */
const TAKEN_DOWN_ON_DAY2 = [30, 150];

/** Ids look like today's Civitai ids, ascending with the index (sort=Oldest). */
export function demoCivitaiId(index: number): number {
  return 1_200_000 + index * 137;
}

type Item = Record<string, unknown>;
type Version = Record<string, unknown> & { files: Item[]; images: Item[] };

/** Hand-written records that replace generated ones at these indexes. */
const FEATURED: Record<number, (item: Item) => Item> = {
  // A record in the 2023 shape: images carry nsfw "X"/"None", no nsfwLevel, favoriteCount and rating.
  3: (item) => {
    const version = (item.modelVersions as Version[])[0]!;
    return {
      ...item,
      name: 'Ivy Thistlecroft - realistic woman LoRA',
      nsfwLevel: undefined,
      minor: undefined,
      availability: undefined,
      nsfw: true,
      tags: ['celebrity', 'woman', 'realistic', 'nsfw'],
      stats: { downloadCount: 48_210, favoriteCount: 2_103, commentCount: 41, ratingCount: 88, rating: 4.9 },
      modelVersions: [
        {
          ...version,
          publishedAt: undefined,
          createdAt: '2023-04-02T18:11:09.000Z',
          images: [
            { id: 7_700_001, url: 'https://image.civitai.com/demo/a.jpeg', nsfw: 'X', width: 512, height: 768, hash: 'U8F~gc00', meta: { prompt: 'photo of ivythistlecroft, nude' } },
            { id: 7_700_002, url: 'https://image.civitai.com/demo/b.jpeg', nsfw: 'None', width: 512, height: 768, hash: 'U8F~gc00', meta: null },
          ],
        },
      ],
    };
  },
  // The uploader ticked "depicts a real person" (poi): listed before the 2025 ban, hidden after.
  8: (item) => ({ ...item, name: 'Stella Ravensholm (actress) SDXL', poi: true, tags: ['actress', 'celebrity', 'woman', 'portrait'] }),
  // Three versions over a year: base models move from SD 1.5 to Pony to Flux.
  15: (item) => {
    const version = (item.modelVersions as Version[])[0]!;
    const bases = ['SD 1.5', 'Pony', 'Flux.1 D'];
    return {
      ...item,
      name: 'Grace Quorvath | influencer | multi-base',
      tags: ['influencer', 'instagram', 'woman', 'sexy'],
      modelVersions: bases.map((baseModel, position) => ({
        ...version,
        id: Number(version.id) + position,
        name: `v${3 - position}.0`,
        baseModel,
        publishedAt: `2024-0${3 + position * 3}-15T09:30:00.000`,
        files: version.files.map((file) => ({ ...file, id: Number(file.id) + position, hashes: { ...(file.hashes as Item), SHA256: syntheticSha256(90_000 + position), AutoV2: syntheticSha256(90_000 + position).slice(0, 10) } })),
      })),
    };
  },
  // A description that says "likeness" without a role tag: the classifier must read the text.
  22: (item) => ({
    ...item,
    name: 'Nora Belvane',
    tags: ['woman', 'photorealistic'],
    description: '<p>A likeness of Nora Belvane, trained on 60 photos from her public Instagram account.</p><ul><li>weight 0.7</li><li>trigger: norabelvane</li></ul>',
  }),
  // Generic: a face mix that does not exist, which must not be flagged.
  27: (item) => ({ ...item, name: 'Generic Face Mix 04', tags: ['woman', 'portrait', 'face'], description: '<p>A blend of generated faces. This person does not exist.</p>' }),
  // A private person, not a public figure: the "private" fame tier.
  41: (item) => person(item, {
    name: 'Lena Corwellyn - my girlfriend (personal use)',
    tags: ['woman', 'realistic', 'photorealistic'],
    trigger: 'lenacorwellyn woman',
    description: '<p>LoRA of my girlfriend Lena Corwellyn, trained on 25 of her photos for personal use.</p>',
  }),
  43: (item) => person(item, {
    name: 'Owen Halvardine (coworker)',
    tags: ['man', 'realistic', 'portrait'],
    trigger: 'owenhalvardine man',
    description: '<p>A likeness of my coworker Owen Halvardine, for a farewell card.</p>',
  }),
  // A single-person Dreambooth checkpoint and a person embedding: person-targeting beyond LoRAs.
  44: (item) => person(item, {
    name: 'Henry Ashcombe-Rye Dreambooth (actor)',
    type: 'Checkpoint',
    tags: ['actor', 'celebrity', 'man', 'photorealistic'],
    trigger: 'henryashcomberye man',
    description: '<p>Dreambooth fine-tune of the actor Henry Ashcombe-Rye, 200 photos.</p>',
  }),
  46: (item) => person(item, {
    name: 'Sophie Draskovin embedding (actress)',
    type: 'TextualInversion',
    tags: ['actress', 'celebrity', 'woman'],
    trigger: 'sophiedraskovin',
    description: '<p>Textual inversion of the actress Sophie Draskovin.</p>',
  }),
  // Sexualised without nude imagery (lingerie, R-rated showcase only): the "suggestive" NCII level.
  47: (item) => ({
    ...person(item, {
      name: 'Clara Ocklund lingerie (influencer)',
      tags: ['influencer', 'instagram', 'woman', 'lingerie', 'sexy'],
      trigger: 'claraocklund woman',
      description: '<p>Clara Ocklund in lingerie, from her Instagram. SFW by default.</p>',
    }),
    nsfw: false,
    nsfwLevel: 4,
  }),
  // The creator hid the download counter: stored as null, never 0.
  49: (item) => ({
    ...person(item, { name: 'Felix Mortavelle (streamer)', tags: ['streamer', 'man', 'realistic'], trigger: 'felixmortavelle man', description: '<p>LoRA of the streamer Felix Mortavelle.</p>' }),
    stats: { thumbsUpCount: 12, commentCount: 3 },
  }),
};

interface PersonSpec {
  name: string;
  tags: string[];
  trigger: string;
  description: string;
  type?: string;
}

/** A hand-written person model on the generated item's versions, files and dates. */
function person(item: Item, spec: PersonSpec): Item {
  const version = (item.modelVersions as Version[])[0]!;
  return {
    ...item,
    name: spec.name,
    type: spec.type ?? 'LORA',
    tags: spec.tags,
    description: spec.description,
    nsfw: false,
    nsfwLevel: 1,
    modelVersions: [{ ...version, trainedWords: [spec.trigger], images: version.images.map((image) => ({ ...image, nsfwLevel: 1 })) }],
  };
}

const MALE_GIVEN_NAMES = new Set<string>(GIVEN_NAMES_MALE);
/** The generator tags every person "woman"; its men get a man's tags, so the demo shows both genders. */
const MALE_TAGS: Record<string, string> = { woman: 'man', actress: 'actor' };

export function withTargetGender(item: Item): Item {
  const given = String(item.name).split(' ')[0]!;
  if (!MALE_GIVEN_NAMES.has(given)) return item;
  return { ...item, tags: (item.tags as string[]).map((tag) => MALE_TAGS[tag] ?? tag) };
}

/** The Civitai item at an index on a given day. */
export function demoCivitaiItem(index: number, day: DemoDay): Item {
  const generated = syntheticCivitaiItem(index);
  const featured = FEATURED[index];
  const item: Item = { ...(featured ? featured(generated) : syntheticKind(index) === 'person' ? withTargetGender(generated) : generated), id: demoCivitaiId(index) };
  if (day === 2) {
    const stats = item.stats as Item;
    if (stats.downloadCount === undefined) return item;
    const downloads = Number(stats.downloadCount);
    // Person LoRAs grow about three times faster than the rest, as the study found.
    const growth = syntheticKind(index) === 'person' ? 0.3 : 0.1;
    item.stats = { ...stats, downloadCount: Math.round(downloads * (1 + growth)) + 5 };
    if (TAKEN_DOWN_ON_DAY2.includes(index)) item.mode = 'TakenDown';
  }
  return item;
}

/** The models the demo's Civitai serves, switchable from day 1 to day 2 while it runs. */
export function demoCivitaiSource(day: () => DemoDay): CivitaiSource {
  return {
    size: () => (day() === 1 ? DEMO_CIVITAI_DAY1_COUNT : DEMO_CIVITAI_DAY1_COUNT + NEW_ON_DAY2),
    id: demoCivitaiId,
    item: (index) => demoCivitaiItem(index, day()),
  };
}

/** Ids answered 404 (and left out of listings) on a given day. */
export function demoCivitaiRemovedIds(day: DemoDay): Set<number> {
  return new Set(day === 1 ? [] : REMOVED_ON_DAY2.map(demoCivitaiId));
}

/** Ids left out of listings but still served by /models/:id (taken down on day 2). */
export function demoCivitaiHiddenIds(day: DemoDay): Set<number> {
  return new Set(day === 1 ? [] : TAKEN_DOWN_ON_DAY2.map(demoCivitaiId));
}
