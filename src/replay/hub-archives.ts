// Synthetic Hugging Face archive repos that re-host synthetic Civitai LoRAs (synthetic.ts) the way
// bulk archiving tools do: one folder per base model, each .safetensors file with its
// `<stem>.civitai.info` sidecar (Civitai's model-version JSON) for most files, LFS SHA256 and size
// for all, and a safetensors header carrying kohya's training metadata. Built from indexes alone.
import { syntheticCivitaiItem, syntheticKind } from './synthetic.js';
import type { HubRepo } from './huggingface-server.js';
import { bytesBody, type HubFileBody, type HubFileSource } from './hub-resolve.js';

export interface SyntheticArchiveOptions {
  repos: number;
  filesPerRepo: number;
  /** A file gets no sidecar when its position is a multiple of this (10: 90% have one). */
  noSidecarEvery?: number;
}

export interface SyntheticArchives {
  repos: HubRepo[];
  files: HubFileSource;
  /** The synthetic Civitai item index behind each hosted file, in repo order. */
  civitaiIndexes: number[];
}

const LORA_TYPES = new Set(['LORA', 'LoCon', 'DoRA']);

interface CivitaiFile {
  name: string;
  sizeKB: number;
  hashes: { SHA256: string };
}
interface CivitaiVersion {
  id: number;
  name: string;
  baseModel: string;
  publishedAt: string;
  trainedWords: string[];
  files: CivitaiFile[];
  images: unknown[];
  downloadUrl: string;
}

/** The `.civitai.info` a bulk tool writes: `/api/v1/model-versions/:id` with `model{name,type,nsfw,poi}`. */
export function syntheticSidecar(index: number): Record<string, unknown> {
  const item = syntheticCivitaiItem(index) as { id: number; name: string; type: string; nsfw: boolean; modelVersions: CivitaiVersion[] };
  const version = item.modelVersions[0]!;
  return {
    id: version.id,
    modelId: item.id,
    name: version.name,
    createdAt: version.publishedAt,
    updatedAt: version.publishedAt,
    trainedWords: version.trainedWords,
    baseModel: version.baseModel,
    earlyAccessTimeFrame: 0,
    description: null,
    stats: { downloadCount: 0, ratingCount: 0, rating: 0 },
    model: { name: item.name, type: item.type, nsfw: item.nsfw, poi: syntheticKind(index) === 'person' },
    files: version.files,
    images: version.images,
    downloadUrl: version.downloadUrl,
  };
}

/** A safetensors file: 8-byte length, JSON header with kohya metadata, then zero "weights" up to `size`. */
export function safetensorsBody(metadata: Record<string, string>, size: number): HubFileBody {
  const json = Buffer.from(JSON.stringify({ __metadata__: metadata, 'lora_unet_down.weight': { dtype: 'F16', shape: [4, 4], data_offsets: [0, 32] } }), 'utf8');
  const head = Buffer.alloc(8 + json.length);
  head.writeBigUInt64LE(BigInt(json.length), 0);
  json.copy(head, 8);
  const total = Math.max(size, head.length);
  return {
    size: total,
    slice: (start, end) => {
      const out = Buffer.alloc(Math.max(0, Math.min(end, total) - start));
      if (start < head.length) head.copy(out, 0, start, Math.min(head.length, end));
      return out;
    },
  };
}

export function syntheticArchives(options: SyntheticArchiveOptions): SyntheticArchives {
  const noSidecarEvery = options.noSidecarEvery ?? 10;
  const wanted = options.repos * options.filesPerRepo;
  const civitaiIndexes: number[] = [];
  for (let index = 0; civitaiIndexes.length < wanted; index++) {
    if (LORA_TYPES.has(String(syntheticCivitaiItem(index).type))) civitaiIndexes.push(index);
  }
  const contents = new Map<string, () => HubFileBody>();
  const repos: HubRepo[] = [];
  for (let repoIndex = 0; repoIndex < options.repos; repoIndex++) {
    const id = `archiver${repoIndex}/civitai-lora-archive-${repoIndex}`;
    const siblings: NonNullable<HubRepo['siblings']> = [{ rfilename: 'README.md', blobId: 'a'.repeat(40), size: 120 }];
    for (let slot = 0; slot < options.filesPerRepo; slot++) {
      const position = repoIndex * options.filesPerRepo + slot;
      const index = civitaiIndexes[position]!;
      const version = (syntheticCivitaiItem(index) as { modelVersions: CivitaiVersion[] }).modelVersions[0]!;
      const file = version.files[0]!;
      const folder = `loras/${version.baseModel.replace(/[^A-Za-z0-9.]+/g, '_')}`;
      const stem = file.name.replace(/\.safetensors$/, '');
      const size = Math.round(file.sizeKB * 1024);
      const path = `${folder}/${stem}.safetensors`;
      siblings.push({ rfilename: path, blobId: file.hashes.SHA256.slice(0, 40).toLowerCase(), size, lfs: { sha256: file.hashes.SHA256.toLowerCase(), size, pointerSize: 134 } });
      contents.set(`${id}\n${path}`, () =>
        safetensorsBody({ ss_output_name: stem, ss_tag_frequency: JSON.stringify({ [`10_${stem}`]: { [version.trainedWords[0] ?? stem]: 40, '1girl': 30, portrait: 12 } }) }, size),
      );
      if (position % noSidecarEvery !== 0) {
        const sidecar = Buffer.from(JSON.stringify(syntheticSidecar(index), null, 2), 'utf8');
        const sidecarPath = `${folder}/${stem}.civitai.info`;
        siblings.push({ rfilename: sidecarPath, blobId: 'c'.repeat(40), size: sidecar.length });
        contents.set(`${id}\n${sidecarPath}`, () => bytesBody(sidecar));
      }
    }
    repos.push({
      _id: repoIndex.toString(16).padStart(24, 'a'),
      id,
      author: `archiver${repoIndex}`,
      createdAt: new Date(Date.UTC(2025, 6, 1 + repoIndex)).toISOString(),
      lastModified: new Date(Date.UTC(2025, 6, 2 + repoIndex)).toISOString(),
      downloads: 100 * (repoIndex + 1),
      downloadsAllTime: 1000 * (repoIndex + 1),
      likes: repoIndex,
      // Archives carry no model-tree tags and no pipeline tag: only the id search finds them.
      tags: ['region:us'],
      gated: false,
      disabled: false,
      private: false,
      sha: `${repoIndex.toString(16).padStart(8, '0')}${'f'.repeat(32)}`,
      siblings,
      readme: `# Civitai archive ${repoIndex}\n`,
    });
  }
  return { repos, files: (repoId, path) => contents.get(`${repoId}\n${path}`)?.() ?? null, civitaiIndexes };
}
