// Hub repos shaped after the real API answers in API-NOTES.md (a Flux LoRA with its model-tree tags,
// card data, and an LFS weights file), varied by index.
import { createHash } from 'node:crypto';
import type { HubRepo } from '../../src/replay/huggingface-server.js';

export const FLUX_DEV = 'black-forest-labs/FLUX.1-dev';
export const SDXL = 'stabilityai/stable-diffusion-xl-base-1.0';

const hex = (text: string, length = 64) => createHash('sha256').update(text).digest('hex').slice(0, length);

export function weightsSha256(id: string): string {
  return hex(`weights of ${id}`);
}

export function hubRepo(index: number, overrides: Partial<HubRepo> = {}): HubRepo {
  const id = overrides.id ?? `creator${index % 7}/flux-style-${index}`;
  const base = FLUX_DEV;
  const created = new Date(Date.UTC(2026, 5, 1) - index * 3_600_000).toISOString();
  return {
    _id: hex(id, 24),
    id,
    author: id.split('/')[0],
    createdAt: created,
    lastModified: created,
    downloads: index * 3,
    downloadsAllTime: index * 30 + 1,
    likes: index % 10,
    trendingScore: 0,
    tags: ['diffusers', 'lora', 'template:sd-lora', 'text-to-image', 'flux', `base_model:${base}`, `base_model:adapter:${base}`, 'license:other'],
    cardData: {
      base_model: base,
      instance_prompt: 'TOK',
      license: 'other',
      tags: ['text-to-image', 'lora', 'diffusers'],
      widget: [{ text: 'a watercolor landscape, TOK style', output: { url: 'images/example.png' } }],
    },
    gated: false,
    disabled: false,
    private: false,
    sha: hex(`${id}@1`, 40),
    library_name: 'diffusers',
    pipeline_tag: 'text-to-image',
    siblings: [
      { rfilename: '.gitattributes', blobId: hex(`${id}/ga`, 40), size: 1519 },
      { rfilename: 'README.md', blobId: hex(`${id}/readme`, 40), size: 842 },
      {
        rfilename: 'lora.safetensors',
        blobId: hex(`${id}/blob`, 40),
        size: 171_969_408,
        lfs: { sha256: weightsSha256(id), size: 171_969_408, pointerSize: 135 },
      },
    ],
    ...overrides,
  };
}

export function hubRepos(count: number, start = 1): HubRepo[] {
  return Array.from({ length: count }, (_, offset) => hubRepo(start + offset));
}
