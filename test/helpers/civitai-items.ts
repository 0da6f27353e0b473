// Synthetic Civitai items shaped after the real records (2026 shape unless asked otherwise).
export interface ItemOptions {
  id: number;
  name?: string;
  type?: string;
  downloads?: number | null;
  nsfw?: boolean;
  sha256?: string;
  shape?: '2023' | '2026';
  mode?: string;
}

export function civitaiItem(options: ItemOptions): Record<string, unknown> {
  const id = options.id;
  const sha256 = options.sha256 ?? id.toString(16).toUpperCase().padStart(64, 'A');
  const is2023 = options.shape === '2023';
  const image = is2023
    ? { id: id * 10, url: `https://image.civitai.com/x/${id}.jpeg`, nsfw: options.nsfw ? 'X' : 'None', width: 512, height: 768, hash: 'U00000', meta: { prompt: `photo of model ${id}` } }
    : { url: `https://image.civitai.com/x/${id}.jpeg`, nsfwLevel: options.nsfw ? 8 : 1, width: 512, height: 768, type: 'image', minor: false, poi: false };
  const stats = is2023
    ? { downloadCount: options.downloads ?? 0, favoriteCount: 1, commentCount: 0, ratingCount: 0, rating: 0 }
    : { downloadCount: options.downloads === undefined ? id * 3 : options.downloads, thumbsUpCount: 2, thumbsDownCount: 0, commentCount: 1, tippedAmountCount: null };
  return {
    id,
    name: options.name ?? `Model ${id}`,
    description: `<p>Model <b>${id}</b></p><p>second paragraph</p>`,
    type: options.type ?? 'LORA',
    poi: false,
    nsfw: options.nsfw ?? false,
    ...(is2023 ? {} : { nsfwLevel: options.nsfw ? 12 : 1, minor: false, sfwOnly: false, availability: 'Public', userId: 7 }),
    ...(options.mode ? { mode: options.mode } : {}),
    stats,
    creator: { username: `creator${id % 7}`, image: null },
    tags: ['character', 'woman'],
    modelVersions: [
      {
        id: id * 100,
        index: 0,
        name: 'v1',
        baseModel: 'SD 1.5',
        ...(is2023 ? { createdAt: '2023-03-01T10:00:00.000Z' } : { publishedAt: '2025-03-01T10:00:00.000' }),
        trainedWords: [`trigger${id}`],
        stats: { downloadCount: 1 },
        files: [
          {
            id: id * 1000,
            sizeKB: 144.5,
            name: `model_${id}.safetensors`,
            type: 'Model',
            metadata: { format: 'SafeTensor', fp: 'fp16' },
            hashes: { AutoV2: sha256.slice(0, 10), SHA256: sha256 },
            downloadUrl: `https://civitai.com/api/download/models/${id * 100}`,
            primary: true,
          },
        ],
        images: [image],
      },
    ],
  };
}

export function civitaiItems(count: number, first = 1): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => civitaiItem({ id: first + index }));
}
