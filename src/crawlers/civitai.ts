// Civitai's /api/v1/models: lenient schemas for the 2023 and 2026 shapes, the mapping to ModelRecord,
// and URL builders. Every field but id, name and type is optional, and a counter that is null (hidden
// by its creator) stays null rather than becoming 0 (API-NOTES.md, "Item shape today").
import { z } from 'zod';
import type { FileRecord, ImageRecord, ModelRecord, VersionRecord } from '../db/ingest.js';
import { htmlToText } from './html-text.js';
import { InvalidModelIdError } from './http-errors.js';

export const CIVITAI_BASE_URL = 'https://civitai.com';
export const CIVITAI_WEB_URL = 'https://civitai.com';

/** The model types that can carry a person's likeness. */
export const DEFAULT_CIVITAI_TYPES = ['Checkpoint', 'LORA', 'LoCon', 'DoRA', 'TextualInversion'] as const;

const count = z.number().nullish();
const text = z.string().nullish();
const flag = z.boolean().nullish();

const ApiStats = z.looseObject({
  downloadCount: count,
  thumbsUpCount: count,
  thumbsDownCount: count,
  commentCount: count,
  tippedAmountCount: count,
  favoriteCount: count,
  ratingCount: count,
  rating: count,
});

const ApiFile = z.looseObject({
  id: z.union([z.number(), z.string()]).nullish(),
  name: text,
  sizeKB: count,
  type: text,
  metadata: z.looseObject({ format: text, size: text, fp: text }).nullish(),
  hashes: z.record(z.string(), z.string().nullish()).nullish(),
  primary: flag,
});

const ApiImage = z.looseObject({
  nsfwLevel: count,
  // 2023 records: "None" | "Soft" | "Mature" | "X"; some older dumps have a boolean.
  nsfw: z.union([z.string(), z.boolean()]).nullish(),
  minor: flag,
  poi: flag,
  meta: z.unknown().optional(),
});

const ApiVersion = z.looseObject({
  id: z.union([z.number(), z.string()]),
  name: text,
  baseModel: text,
  baseModelType: text,
  createdAt: text,
  publishedAt: text,
  nsfwLevel: count,
  trainedWords: z.array(z.unknown()).nullish(),
  stats: ApiStats.nullish(),
  files: z.array(ApiFile).nullish(),
  images: z.array(ApiImage).nullish(),
});

export const ApiCivitaiModel = z.looseObject({
  id: z.number().int().positive(),
  name: z.string(),
  description: text,
  type: z.string(),
  nsfw: flag,
  nsfwLevel: count,
  poi: flag,
  minor: flag,
  mode: text,
  availability: text,
  tags: z.array(z.union([z.string(), z.looseObject({ name: z.string() })])).nullish(),
  creator: z.looseObject({ username: text }).nullish(),
  stats: ApiStats.nullish(),
  modelVersions: z.array(ApiVersion).nullish(),
});
export type ApiCivitaiModel = z.infer<typeof ApiCivitaiModel>;

/** The page envelope; items stay unknown here so one bad item cannot sink its page. */
export const ApiCivitaiPage = z.looseObject({
  items: z.array(z.unknown()),
  metadata: z
    .looseObject({
      nextCursor: z.union([z.string(), z.number()]).nullish(),
      nextPage: text,
    })
    .nullish(),
});

const LEVEL_OF_2023_LABEL: Record<string, number> = { None: 1, Soft: 2, Mature: 4, X: 8 };

/** Timestamps without a zone (`2023-10-05T13:31:16.745`) are UTC; anything unparseable becomes null. */
export function normalizeTimestamp(value: string | null | undefined): string | null {
  if (!value) return null;
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(value);
  const time = Date.parse(hasZone || !value.includes('T') ? value : `${value}Z`);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function earliest(values: (string | null)[]): string | null {
  const present = values.filter((value): value is string => value !== null).sort();
  return present[0] ?? null;
}

function latest(values: (string | null)[]): string | null {
  const present = values.filter((value): value is string => value !== null).sort();
  return present[present.length - 1] ?? null;
}

function toFile(file: z.infer<typeof ApiFile>, index: number): FileRecord {
  const hashes = file.hashes ?? {};
  return {
    platformFileId: file.id !== null && file.id !== undefined ? String(file.id) : `${index}:${file.name ?? ''}`,
    name: file.name ?? '',
    sizeBytes: typeof file.sizeKB === 'number' ? Math.round(file.sizeKB * 1024) : null,
    fileType: file.type ?? null,
    format: file.metadata?.format ?? null,
    isPrimary: file.primary ?? null,
    sha256: hashes.SHA256 ?? null,
    autov2: hashes.AutoV2 ?? null,
    blake3: hashes.BLAKE3 ?? null,
    crc32: hashes.CRC32 ?? null,
  };
}

function promptOf(meta: unknown): string | null {
  if (meta && typeof meta === 'object' && 'prompt' in meta) {
    const prompt = (meta as { prompt: unknown }).prompt;
    if (typeof prompt === 'string') return prompt;
  }
  return null;
}

function toImage(image: z.infer<typeof ApiImage>): ImageRecord {
  const label = typeof image.nsfw === 'string' ? image.nsfw : null;
  return {
    nsfwLevel: image.nsfwLevel ?? (label ? (LEVEL_OF_2023_LABEL[label] ?? null) : null),
    nsfwLabel: label,
    minor: image.minor ?? null,
    poi: image.poi ?? null,
    prompt: promptOf(image.meta),
  };
}

function toVersion(version: z.infer<typeof ApiVersion>): VersionRecord {
  return {
    platformVersionId: String(version.id),
    name: version.name ?? null,
    baseModel: version.baseModel ?? null,
    baseModelType: version.baseModelType ?? null,
    trainedWords: (version.trainedWords ?? []).filter((word): word is string => typeof word === 'string'),
    createdAt: normalizeTimestamp(version.createdAt),
    publishedAt: normalizeTimestamp(version.publishedAt),
    nsfwLevel: version.nsfwLevel ?? null,
    downloads: version.stats?.downloadCount ?? null,
    files: (version.files ?? []).map(toFile),
    images: (version.images ?? []).map(toImage),
  };
}

/** Maps a validated Civitai item to the record dfwatch stores. */
export function toModelRecord(item: ApiCivitaiModel): ModelRecord {
  const versions = (item.modelVersions ?? []).map(toVersion);
  const stats = item.stats;
  const baseModels = [...new Set(versions.map((version) => version.baseModel).filter((base): base is string => Boolean(base)))];
  return {
    platform: 'civitai',
    platformId: String(item.id),
    name: item.name,
    type: item.type,
    creator: item.creator?.username ?? null,
    description: htmlToText(item.description),
    url: `${CIVITAI_WEB_URL}/models/${item.id}`,
    nsfw: item.nsfw ?? null,
    nsfwLevel: item.nsfwLevel ?? null,
    poi: item.poi ?? null,
    minor: item.minor ?? null,
    mode: item.mode ?? null,
    availability: item.availability ?? null,
    gated: null,
    disabled: null,
    libraryName: null,
    pipelineTag: null,
    sha: null,
    cardText: null,
    baseModels: baseModels.length > 0 ? baseModels : null,
    // The list has no model-level date: the earliest version's createdAt or publishedAt stands in.
    createdAt: earliest(versions.map((version) => version.createdAt ?? version.publishedAt)),
    updatedAt: latest(versions.map((version) => version.publishedAt ?? version.createdAt)),
    tags: [...new Set((item.tags ?? []).map((tag) => (typeof tag === 'string' ? tag : tag.name)))],
    versions,
    counters: {
      downloads: stats?.downloadCount ?? null,
      downloadsAllTime: null,
      likes: null,
      thumbsUp: stats?.thumbsUpCount ?? null,
      thumbsDown: stats?.thumbsDownCount ?? null,
      comments: stats?.commentCount ?? null,
      tips: stats?.tippedAmountCount ?? null,
      favorites: stats?.favoriteCount ?? null,
      rating: stats?.rating ?? null,
      ratingCount: stats?.ratingCount ?? null,
    },
  };
}

export type ParsedItem = { ok: true; record: ModelRecord } | { ok: false; platformId: string | null; message: string; raw: string };

/** Validates one raw item; a malformed one comes back with its raw JSON instead of throwing. */
export function parseCivitaiItem(raw: unknown): ParsedItem {
  const parsed = ApiCivitaiModel.safeParse(raw);
  if (parsed.success) return { ok: true, record: toModelRecord(parsed.data) };
  const id = raw && typeof raw === 'object' && 'id' in raw ? (raw as { id: unknown }).id : null;
  const message = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(item)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, platformId: id === null || id === undefined ? null : String(id), message, raw: JSON.stringify(raw) ?? 'undefined' };
}

export interface CivitaiListingQuery {
  types: readonly string[];
  sort: string;
  limit: number;
  query?: string;
  username?: string;
  baseModels?: readonly string[];
}

/**
 * A listing cursor as Civitai writes them: a keyset (`75363|932023|257749`) or a numeric offset.
 * Printable ASCII without spaces, bounded; anything else (from the API or a stored checkpoint) is refused.
 */
export function isCivitaiCursor(cursor: string): boolean {
  return /^[\x21-\x7e]{1,512}$/.test(cursor);
}

/** A Civitai model id: a positive integer, as the API and our rows hold it. */
export function isCivitaiModelId(id: string): boolean {
  return /^[1-9]\d{0,15}$/.test(id);
}

/** The listing URL for a cursor (null: the first page). nsfw=true, or the API silently returns PG only. */
export function civitaiListUrl(baseUrl: string | URL, listing: CivitaiListingQuery, cursor: string | null): string {
  const url = new URL('/api/v1/models', new URL(baseUrl).origin);
  url.searchParams.set('limit', String(listing.limit));
  url.searchParams.set('nsfw', 'true');
  url.searchParams.set('sort', listing.sort);
  for (const type of listing.types) url.searchParams.append('types', type);
  for (const base of listing.baseModels ?? []) url.searchParams.append('baseModels', base);
  if (listing.query) url.searchParams.set('query', listing.query);
  if (listing.username) url.searchParams.set('username', listing.username);
  if (cursor !== null) url.searchParams.set('cursor', cursor);
  return url.toString();
}

/** One model by id; an id that is not a positive integer never becomes a path. */
export function civitaiModelUrl(baseUrl: string | URL, id: string): string {
  if (!isCivitaiModelId(id)) throw new InvalidModelIdError('civitai', id);
  return new URL(`/api/v1/models/${id}`, new URL(baseUrl).origin).toString();
}
