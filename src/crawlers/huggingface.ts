// The Hugging Face Hub's /api/models: lenient schemas, the mapping to ModelRecord, listing
// definitions over the model tree, and URL builders (API-NOTES.md, "Hugging Face"). With `expand`
// only the asked-for fields come back, and any of them may be missing, so everything but `id` is
// optional; `downloads` counts the last 30 days and `downloadsAllTime` the lifetime.
import { z } from 'zod';
import { countersOf, type FileRecord, type ModelRecord, type VersionRecord } from '../db/ingest.js';
import { normalizeTimestamp } from './civitai.js';
import { InvalidModelIdError, OriginError } from './http-errors.js';

export const HUGGINGFACE_BASE_URL = 'https://huggingface.co';
export const HUGGINGFACE_WEB_URL = 'https://huggingface.co';

/** The fields every listing asks for (repeated `expand` parameters). */
export const LISTING_EXPAND = [
  'author',
  'createdAt',
  'lastModified',
  'downloads',
  'downloadsAllTime',
  'likes',
  'tags',
  'cardData',
  'gated',
  'disabled',
  'sha',
  'library_name',
  'pipeline_tag',
] as const;

/** The API reports pages of up to 1000; the crawl asks for that and takes whatever comes back. */
export const DEFAULT_PAGE_SIZE = 1000;

/** Card text kept per repo; enough for the classifier, bounded for a 1M-model store. */
export const MAX_CARD_BYTES = 64 * 1024;

/** cardData text (trigger words, widget prompts) kept as the description. */
const MAX_CARD_DATA_CHARS = 4000;

/**
 * Text-to-image base repos whose model tree is crawled. Checked against the Hub's tags in 2026; a
 * base missing from the Hub just gives empty listings. Extend with --base.
 */
export const BUILTIN_BASES = [
  // SD 1.x (runwayml's repo is gone, but older cards still name it)
  'CompVis/stable-diffusion-v1-4',
  'runwayml/stable-diffusion-v1-5',
  'stable-diffusion-v1-5/stable-diffusion-v1-5',
  // SD 2.x
  'stabilityai/stable-diffusion-2-1',
  'stabilityai/stable-diffusion-2-1-base',
  // SDXL and its families
  'stabilityai/stable-diffusion-xl-base-1.0',
  'LyliaEngine/Pony_Diffusion_V6_XL',
  'OnomaAIResearch/Illustrious-xl-early-release-v0',
  'Laxhar/noobai-XL-1.0',
  // Flux.1
  'black-forest-labs/FLUX.1-dev',
  'black-forest-labs/FLUX.1-schnell',
  // SD3
  'stabilityai/stable-diffusion-3-medium-diffusers',
  'stabilityai/stable-diffusion-3.5-large',
  'stabilityai/stable-diffusion-3.5-medium',
] as const;

/** The model-tree relations that make a repo a variant of its base (quantized copies are not). */
export const TREE_RELATIONS = ['adapter', 'finetune', 'merge'] as const;

/** One listing: a resumable unit of a run, identified by its query. */
export interface HubListing {
  /** Stable key, also the unit name in crawl_units (e.g. "filter=base_model:adapter:…"). */
  key: string;
  filter: string[];
  search?: string;
  pipelineTag?: string;
}

export interface HubScope {
  bases: readonly string[];
  searches: readonly string[];
  /** Repo-id searches without a pipeline tag: archive repos rarely carry one (issue 12, hub-archive.ts). */
  archiveSearches?: readonly string[];
}

function listingKey(listing: Omit<HubListing, 'key'>): string {
  const params = new URLSearchParams();
  for (const filter of listing.filter) params.append('filter', filter);
  if (listing.search) params.set('search', listing.search);
  if (listing.pipelineTag) params.set('pipeline_tag', listing.pipelineTag);
  return params.toString();
}

function listing(parts: Omit<HubListing, 'key'>): HubListing {
  return { ...parts, key: listingKey(parts) };
}

/** Every listing of a scope: three model-tree relations per base, image LoRAs, and each search. */
export function hubListings(scope: HubScope): HubListing[] {
  const listings: HubListing[] = [];
  for (const base of new Set(scope.bases)) {
    for (const relation of TREE_RELATIONS) listings.push(listing({ filter: [`base_model:${relation}:${base}`] }));
  }
  // LoRAs whose card names no base still say what they are.
  listings.push(listing({ filter: ['lora'], pipelineTag: 'text-to-image' }));
  for (const search of new Set(scope.searches)) listings.push(listing({ filter: [], search, pipelineTag: 'text-to-image' }));
  for (const search of new Set(scope.archiveSearches ?? [])) listings.push(listing({ filter: [], search }));
  return listings;
}

/**
 * The first page of a listing. sort=createdAt (always descending) keeps the keyset cursor stable
 * during a long walk: new repos arrive at the head, behind the cursor.
 */
export function hubListUrl(baseUrl: string | URL, listing: HubListing, limit: number): string {
  const url = new URL(LISTING_PATH, new URL(baseUrl).origin);
  for (const filter of listing.filter) url.searchParams.append('filter', filter);
  if (listing.search) url.searchParams.set('search', listing.search);
  if (listing.pipelineTag) url.searchParams.set('pipeline_tag', listing.pipelineTag);
  url.searchParams.set('sort', 'createdAt');
  url.searchParams.set('limit', String(limit));
  for (const field of LISTING_EXPAND) url.searchParams.append('expand', field);
  return url.toString();
}

const TOKEN_PARAMS = /^(?:token|access_token|api_key|apikey|key)$/i;
const LISTING_PATH = '/api/models';

/** A listing page on the API's origin, or an OriginError: the next page must never lead elsewhere. */
function listingPage(reference: string, baseUrl: string | URL, what: string): URL {
  const origin = new URL(baseUrl).origin;
  let url: URL;
  try {
    url = new URL(reference, origin);
  } catch {
    throw new OriginError(reference, origin, what);
  }
  if (url.origin !== origin || url.username !== '' || url.password !== '' || url.pathname !== LISTING_PATH) throw new OriginError(reference, `${origin}${LISTING_PATH}`, what);
  return url;
}

/**
 * The next page from a Link header, as a path and query relative to the API root: the checkpoint
 * then names no host (a resumed run may use another --base-url) and no token, even if a server
 * echoed one into the link. A link to another origin, or to anything but the listing, stops the
 * run with an OriginError: it is never followed, so no request (and no token) goes there.
 */
export function nextPageFromLink(link: string | null, baseUrl: string | URL): string | null {
  if (!link) return null;
  for (const part of link.split(/,(?=\s*<)/)) {
    const [, target, params] = /<([^>]*)>\s*;(.*)$/.exec(part.trim()) ?? [];
    if (target === undefined || params === undefined || !/\brel\s*=\s*"?next"?/i.test(params)) continue;
    const url = listingPage(target, baseUrl, 'the Link header');
    for (const name of [...url.searchParams.keys()]) if (TOKEN_PARAMS.test(name)) url.searchParams.delete(name);
    return `${url.pathname}${url.search}`;
  }
  return null;
}

/** A checkpointed next page resolved against the API root the run uses now; refused unless it is a listing page there. */
export function resolvePage(baseUrl: string | URL, pathAndQuery: string): string {
  if (!pathAndQuery.startsWith(`${LISTING_PATH}?`)) throw new OriginError(pathAndQuery, `${new URL(baseUrl).origin}${LISTING_PATH}`, 'the stored resume point');
  return listingPage(pathAndQuery, baseUrl, 'the stored resume point').toString();
}

/**
 * A Hub repo id: `owner/name` (or a legacy bare `name`), each part of letters, digits, `-`, `_`, `.`,
 * starting with a letter or digit, at most 96 characters, never `..`. Checked where ids enter
 * (listing items) and again before an id becomes a path.
 */
export function isHubRepoId(id: string): boolean {
  const parts = id.split('/');
  return parts.length <= 2 && parts.every((part) => /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/.test(part) && !part.includes('..'));
}

function repoPath(id: string): string {
  if (!isHubRepoId(id)) throw new InvalidModelIdError('huggingface', id);
  return id;
}

/** One repo with the listing's fields (removal checks): the same shape as a listing item. */
export function hubModelUrl(baseUrl: string | URL, id: string): string {
  const url = new URL(`/api/models/${repoPath(id)}`, new URL(baseUrl).origin);
  for (const field of LISTING_EXPAND) url.searchParams.append('expand', field);
  return url.toString();
}

/** One repo with every file's size and LFS SHA256 (blobs=true cannot be combined with expand). */
export function hubModelFilesUrl(baseUrl: string | URL, id: string): string {
  return new URL(`/api/models/${repoPath(id)}?blobs=true`, new URL(baseUrl).origin).toString();
}

export function hubReadmeUrl(baseUrl: string | URL, id: string): string {
  return new URL(`/${repoPath(id)}/raw/main/README.md`, new URL(baseUrl).origin).toString();
}

/** Who the token belongs to: checked once before a crawl with a token (401 means it is refused). */
export function hubWhoamiUrl(baseUrl: string | URL): string {
  return new URL('/api/whoami-v2', new URL(baseUrl).origin).toString();
}

const text = z.string().nullish();
const count = z.number().nullish();
const stringOrList = z.union([z.string(), z.array(z.unknown())]).nullish();

const ApiSibling = z.looseObject({
  rfilename: z.string(),
  blobId: text,
  size: count,
  lfs: z.looseObject({ sha256: text, size: count, pointerSize: count }).nullish(),
});

const ApiCardData = z.looseObject({
  base_model: stringOrList,
  base_model_relation: text,
  instance_prompt: stringOrList,
  widget: z.array(z.unknown()).nullish(),
});

export const ApiHubModel = z.looseObject({
  _id: text,
  id: z.string().refine(isHubRepoId, 'not a repo id (owner/name)'),
  modelId: text,
  author: text,
  createdAt: text,
  lastModified: text,
  downloads: count,
  downloadsAllTime: count,
  likes: count,
  tags: z.array(z.string()).nullish(),
  // Leniently: a cardData we cannot read must not sink the repo (front matter is free-form YAML).
  cardData: z.unknown().optional(),
  gated: z.union([z.boolean(), z.string()]).nullish(),
  disabled: z.boolean().nullish(),
  private: z.boolean().nullish(),
  sha: text,
  library_name: text,
  pipeline_tag: text,
  siblings: z.array(ApiSibling).nullish(),
});
export type ApiHubModel = z.infer<typeof ApiHubModel>;

/** The listing body is a bare array; items stay unknown so one bad item cannot sink its page. */
export const ApiHubPage = z.array(z.unknown());

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

function cardDataOf(item: ApiHubModel): z.infer<typeof ApiCardData> | null {
  const parsed = ApiCardData.safeParse(item.cardData);
  return parsed.success ? parsed.data : null;
}

function widgetTexts(widget: unknown[] | null | undefined): string[] {
  return (widget ?? []).flatMap((entry) => (entry && typeof entry === 'object' && 'text' in entry && typeof entry.text === 'string' ? [entry.text] : []));
}

/** Trigger words: the card's instance_prompt (DreamBooth/LoRA trainers write it). */
export function triggerWords(item: ApiHubModel): string[] {
  return strings(cardDataOf(item)?.instance_prompt)
    .map((word) => word.trim())
    .filter(Boolean);
}

/** The card's own words in the listing (trigger words, widget prompts), as a plain-text description. */
function describeCard(item: ApiHubModel): string | null {
  const card = cardDataOf(item);
  if (!card) return null;
  const lines: string[] = [];
  const triggers = triggerWords(item);
  if (triggers.length > 0) lines.push(`instance_prompt: ${triggers.join(' | ')}`);
  const prompts = widgetTexts(card.widget);
  if (prompts.length > 0) lines.push(`widget: ${prompts.join(' | ')}`);
  return lines.length > 0 ? lines.join('\n').slice(0, MAX_CARD_DATA_CHARS) : null;
}

/** Base repos from the card's base_model and the model-tree tags (base_model:<id>, base_model:<relation>:<id>). */
export function baseModelsOf(item: ApiHubModel): string[] {
  const bases = strings(cardDataOf(item)?.base_model).map((base) => base.trim());
  for (const tag of item.tags ?? []) {
    if (!tag.startsWith('base_model:')) continue;
    const rest = tag.slice('base_model:'.length);
    const relation = /^(adapter|finetune|merge|quantized):(.+)$/.exec(rest);
    bases.push(relation?.[2] ?? rest);
  }
  return [...new Set(bases.filter(Boolean))];
}

/** LORA for adapters, Checkpoint for fine-tunes and merges, Other for the rest. */
export function hubModelType(tags: readonly string[]): 'LORA' | 'Checkpoint' | 'Other' {
  if (tags.some((tag) => tag === 'lora' || tag.startsWith('base_model:adapter:'))) return 'LORA';
  if (tags.some((tag) => tag.startsWith('base_model:finetune:') || tag.startsWith('base_model:merge:'))) return 'Checkpoint';
  return 'Other';
}

function gatedText(gated: boolean | string | null | undefined): string | null {
  if (gated === null || gated === undefined) return null;
  return String(gated);
}

/** Maps a validated Hub item (listing, or one repo) to the record dfwatch stores; no files yet. */
export function toHubModelRecord(item: ApiHubModel): ModelRecord {
  const tags = [...new Set(item.tags ?? [])];
  const slash = item.id.indexOf('/');
  const bases = baseModelsOf(item);
  return {
    platform: 'huggingface',
    platformId: item.id,
    name: slash === -1 ? item.id : item.id.slice(slash + 1),
    type: hubModelType(tags),
    creator: item.author ?? (slash === -1 ? null : item.id.slice(0, slash)),
    description: describeCard(item),
    url: `${HUGGINGFACE_WEB_URL}/${item.id}`,
    // The Hub's only content flag is the not-for-all-audiences tag; its absence proves nothing.
    nsfw: tags.includes('not-for-all-audiences') ? true : null,
    nsfwLevel: null,
    poi: null,
    minor: null,
    mode: null,
    availability: item.private ? 'Private' : null,
    gated: gatedText(item.gated),
    disabled: item.disabled ?? null,
    libraryName: item.library_name ?? null,
    pipelineTag: item.pipeline_tag ?? null,
    sha: item.sha ?? null,
    cardText: null,
    baseModels: bases.length > 0 ? bases : null,
    createdAt: normalizeTimestamp(item.createdAt),
    updatedAt: normalizeTimestamp(item.lastModified),
    tags,
    versions: undefined,
    counters: countersOf({
      downloads: item.downloads ?? null,
      downloadsAllTime: item.downloadsAllTime ?? null,
      likes: item.likes ?? null,
    }),
  };
}

/** The key a repo's details are stored under: its commit, so a new commit means new details. */
export function detailsVersionKey(sha: string | null): string {
  return sha ?? 'main';
}

function toFile(sibling: z.infer<typeof ApiSibling>): FileRecord {
  const extension = /\.([A-Za-z0-9]+)$/.exec(sibling.rfilename)?.[1]?.toLowerCase() ?? null;
  return {
    platformFileId: sibling.rfilename,
    name: sibling.rfilename,
    sizeBytes: sibling.lfs?.size ?? sibling.size ?? null,
    fileType: sibling.lfs ? 'LFS' : 'Git',
    format: extension,
    isPrimary: null,
    sha256: sibling.lfs?.sha256 ?? null,
    autov2: null,
    blake3: null,
    crc32: null,
  };
}

/** The repo at one commit as a version: its files (LFS SHA256 and sizes) and trigger words. */
export function toHubVersion(item: ApiHubModel): VersionRecord {
  return {
    platformVersionId: detailsVersionKey(item.sha ?? null),
    name: item.sha ?? null,
    baseModel: baseModelsOf(item)[0] ?? null,
    baseModelType: null,
    trainedWords: triggerWords(item),
    createdAt: normalizeTimestamp(item.createdAt),
    publishedAt: normalizeTimestamp(item.lastModified),
    nsfwLevel: null,
    downloads: null,
    files: (item.siblings ?? []).map(toFile),
    images: [],
  };
}

export type ParsedHubItem = { ok: true; item: ApiHubModel; record: ModelRecord } | { ok: false; platformId: string | null; message: string; raw: string };

/** Validates one raw item; a malformed one comes back with its raw JSON instead of throwing. */
export function parseHubItem(raw: unknown): ParsedHubItem {
  const parsed = ApiHubModel.safeParse(raw);
  if (parsed.success) return { ok: true, item: parsed.data, record: toHubModelRecord(parsed.data) };
  const id = raw && typeof raw === 'object' && 'id' in raw ? (raw as { id: unknown }).id : null;
  const message = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(item)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, platformId: typeof id === 'string' ? id : null, message, raw: JSON.stringify(raw) ?? 'undefined' };
}
