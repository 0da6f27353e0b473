// A local stand-in for the Hugging Face Hub's model API on 127.0.0.1, used by the tests, the
// benchmark and `dfwatch demo`. It speaks the real shapes (API-NOTES.md): a bare JSON array per
// page, `Link: <…>; rel="next"` paging with opaque cursors, `expand` returning only the fields
// asked for, `?blobs=true` siblings with LFS hashes, README files, 401 for a missing repo when
// anonymous. It enforces fixed rate-limit windows with `RateLimit` headers and counts every request
// that arrives inside a window it has closed; on request it answers 5xx, resets, truncated bodies.
import { listenOnLoopback } from './listen.js';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { decideFault, type Fault, type FaultPlan, writeTransportFault } from './faults.js';
import { createResolveHandler, type ResolveOptions, type ResolveStats } from './hub-resolve.js';

/** A repo as the Hub holds it: every field the API can return, plus its README. */
export interface HubRepo {
  _id?: string;
  id: string;
  author?: string;
  createdAt?: string;
  lastModified?: string;
  downloads?: number;
  downloadsAllTime?: number;
  likes?: number;
  trendingScore?: number;
  tags?: string[];
  cardData?: Record<string, unknown>;
  gated?: false | 'auto' | 'manual';
  disabled?: boolean;
  private?: boolean;
  sha?: string;
  library_name?: string;
  pipeline_tag?: string;
  siblings?: { rfilename: string; blobId?: string; size?: number; lfs?: { sha256: string; size: number; pointerSize: number } }[];
  /** The README.md text; null: the repo has none. Defaults to a small generated card. */
  readme?: string | null;
}

/**
 * The repos the server holds, in listing order, by index: a source can generate them on demand,
 * so a benchmark can serve a million repos without holding them. id() and tags() are the cheap
 * parts a listing filters on; repo() builds the whole item.
 */
export interface HubSource {
  size(): number;
  id(index: number): string;
  tags(index: number): readonly string[];
  repo(index: number): HubRepo;
  /** Index of a repo id, or -1. */
  indexOf(id: string): number;
}

export function arrayHubSource(repos: HubRepo[]): HubSource & { repos: HubRepo[] } {
  return {
    repos,
    size: () => repos.length,
    id: (index) => repos[index]!.id,
    tags: (index) => repos[index]!.tags ?? [],
    repo: (index) => repos[index]!,
    indexOf: (id) => repos.findIndex((repo) => repo.id === id),
  };
}

const SYNTHETIC_BASES = ['black-forest-labs/FLUX.1-dev', 'stabilityai/stable-diffusion-xl-base-1.0', 'stable-diffusion-v1-5/stable-diffusion-v1-5', 'Laxhar/noobai-XL-1.0'];
const SYNTHETIC_RELATIONS = ['adapter', 'adapter', 'adapter', 'finetune', 'merge'] as const;
const SYNTHETIC_SUBJECTS = ['woman-portrait', 'watercolor-style', 'anime-girl', 'pixel-art', 'realistic-man', 'landscape'];

/**
 * `count` synthetic repos built from their index alone (nothing is held in memory): varied bases,
 * relations and names (some person-like, so details get exercised), both download counters, and
 * one LFS file each whose SHA256 derives from the index.
 */
export function syntheticHubSource(count: number): HubSource {
  const parse = (id: string): number => {
    const match = /^user\d+\/synthetic-[a-z-]+-(\d+)$/.exec(id);
    const index = match ? Number(match[1]) : -1;
    return index >= 0 && index < count ? index : -1;
  };
  const base = (index: number) => SYNTHETIC_BASES[index % SYNTHETIC_BASES.length];
  const relation = (index: number) => SYNTHETIC_RELATIONS[Math.floor(index / SYNTHETIC_BASES.length) % SYNTHETIC_RELATIONS.length];
  const id = (index: number) => `user${index % 997}/synthetic-${SYNTHETIC_SUBJECTS[index % SYNTHETIC_SUBJECTS.length]}-${index}`;
  const tags = (index: number) => {
    const isAdapter = relation(index) === 'adapter';
    return ['diffusers', 'text-to-image', ...(isAdapter ? ['lora', 'template:sd-lora'] : []), `base_model:${base(index)}`, `base_model:${relation(index)}:${base(index)}`, 'license:other'];
  };
  return {
    size: () => count,
    id,
    tags,
    indexOf: parse,
    repo: (index) => {
      const repoId = id(index);
      const created = new Date(Date.UTC(2026, 0, 1) - index * 60_000).toISOString();
      const sha256 = createHash('sha256').update(`synthetic-weights-${index}`).digest('hex');
      const downloads = (index * 7) % 1000;
      return {
        _id: index.toString(16).padStart(24, '0'),
        id: repoId,
        author: repoId.split('/')[0],
        createdAt: created,
        lastModified: created,
        downloads,
        downloadsAllTime: downloads * 10 + index,
        likes: index % 50,
        tags: tags(index),
        cardData: { base_model: base(index), instance_prompt: `tok${index}`, widget: [{ text: `a photo of tok${index}` }] },
        gated: false,
        disabled: false,
        private: false,
        sha: createHash('sha1').update(repoId).digest('hex'),
        library_name: 'diffusers',
        pipeline_tag: 'text-to-image',
        siblings: [
          { rfilename: 'README.md', blobId: 'b'.repeat(40), size: 512 },
          { rfilename: 'lora.safetensors', blobId: sha256.slice(0, 40), size: 171_000_000, lfs: { sha256, size: 171_000_000, pointerSize: 134 } },
        ],
      };
    },
  };
}

export interface HubRateLimitWindow {
  /** Requests per window (the Hub: ~500 anonymous, 1000 with a free token). */
  quota: number;
  /** Window length in seconds (the Hub: 300). */
  windowSeconds: number;
}

export interface FakeHubOptions {
  source: HubSource;
  faults?: FaultPlan;
  /** Largest page served whatever the client asks. */
  maxLimit?: number;
  /** Repos answered 401 (anonymous) or 404 (with a token) and left out of listings. */
  removedIds?: Set<string>;
  rateLimit?: HubRateLimitWindow;
  /** What one second means in milliseconds, for windows, resets and RateLimit's t (tests shrink it). */
  secondMs?: number;
  /** Milliseconds added before each answer (a slow API). */
  latencyMs?: number;
  /** File contents behind /{repo}/resolve/… with their own "resolvers" window (issue 12, hub-resolve.ts). */
  resolve?: ResolveOptions;
}

export interface FakeHubStats {
  requests: number;
  listRequests: number;
  modelRequests: number;
  readmeRequests: number;
  inFlight: number;
  maxInFlight: number;
  /** Every listing page answered in full: the listing key and the cursor (null: the first page). */
  pagesServed: { listing: string; cursor: string | null }[];
  /** Listing requests per listing key and cursor, answered or not. */
  pageRequests: Map<string, number>;
  faults: Record<string, number>;
  /** 429s sent. */
  rateLimited: number;
  /** Requests that arrived while a window the server had closed (r=0 or 429) was still running. */
  requestsInClosedWindow: number;
  authorizationHeaders: string[];
  userAgents: Set<string>;
}

export interface FakeHubServer {
  url: string;
  stats: FakeHubStats;
  /** The resolve path's counters (all zero without `resolve`). */
  resolveStats: ResolveStats;
  options: FakeHubOptions;
  close(): Promise<void>;
}

const DEFAULT_FIELDS = ['_id', 'id', 'likes', 'trendingScore', 'private', 'downloads', 'tags', 'pipeline_tag', 'library_name', 'createdAt', 'modelId'];
const REPO_FIELDS = ['_id', 'id', 'modelId', 'author', 'sha', 'lastModified', 'private', 'disabled', 'gated', 'downloads', 'likes', 'tags', 'pipeline_tag', 'library_name', 'createdAt', 'cardData', 'siblings'];

function pick(repo: HubRepo, fields: readonly string[]): Record<string, unknown> {
  const full: Record<string, unknown> = { ...repo, modelId: repo.id };
  const out: Record<string, unknown> = {};
  for (const field of fields) if (full[field] !== undefined) out[field] = full[field];
  return out;
}

/** With expand, only the asked-for fields come back, plus _id and id (API-NOTES.md). */
function listingItem(repo: HubRepo, expand: string[]): Record<string, unknown> {
  return expand.length > 0 ? pick(repo, ['_id', 'id', ...expand]) : pick(repo, DEFAULT_FIELDS);
}

function repoItem(repo: HubRepo, expand: string[], withBlobs: boolean): Record<string, unknown> {
  if (expand.length > 0) return pick(repo, ['_id', 'id', ...expand]);
  const item = pick(repo, REPO_FIELDS);
  item.siblings = (repo.siblings ?? []).map((sibling) => (withBlobs ? sibling : { rfilename: sibling.rfilename }));
  return item;
}

function defaultReadme(repo: HubRepo): string {
  const base = repo.cardData?.base_model;
  return `---\n${typeof base === 'string' ? `base_model: ${base}\n` : ''}tags:\n${(repo.tags ?? []).map((tag) => `- ${tag}`).join('\n')}\n---\n\n# ${repo.id}\n`;
}

/** The listing a request belongs to: its query minus paging and field selection. */
export function fakeListingKey(url: URL): string {
  const params = new URLSearchParams();
  for (const filter of url.searchParams.getAll('filter').sort()) params.append('filter', filter);
  for (const name of ['search', 'author', 'pipeline_tag']) {
    const value = url.searchParams.get(name);
    if (value !== null) params.set(name, value);
  }
  return params.toString();
}

const encodeCursor = (index: number) => Buffer.from(JSON.stringify({ $index: index })).toString('base64url');
function decodeCursor(cursor: string): number | null {
  try {
    const value = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { $index?: unknown }).$index;
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
  } catch {
    return null;
  }
}

export async function startFakeHub(options: FakeHubOptions): Promise<FakeHubServer> {
  const stats: FakeHubStats = {
    requests: 0,
    listRequests: 0,
    modelRequests: 0,
    readmeRequests: 0,
    inFlight: 0,
    maxInFlight: 0,
    pagesServed: [],
    pageRequests: new Map(),
    faults: {},
    rateLimited: 0,
    requestsInClosedWindow: 0,
    authorizationHeaders: [],
    userAgents: new Set(),
  };
  const secondMs = options.secondMs ?? 1000;
  const startedAt = Date.now();
  const window = { index: -1, used: 0 };
  /** No request may arrive before this time: the server closed the window (or a 429 said so). */
  let closedUntil = 0;
  // Archive repos (issue 12): the resolve path answers from its own bucket, before the API window.
  const resolver = createResolveHandler(options.resolve ?? { files: () => null }, secondMs);

  const resetSeconds = (until: number, now: number) => Math.max(1, Math.ceil((until - now) / secondMs));

  /** Counts the request against the window; returns the RateLimit headers, or null if it must get a 429. */
  const admit = (now: number): { headers: Record<string, string>; isAllowed: boolean } => {
    const limit = options.rateLimit;
    if (now < closedUntil) {
      stats.requestsInClosedWindow++;
      return { headers: rateLimitHeaders(0, resetSeconds(closedUntil, now)), isAllowed: false };
    }
    if (!limit) return { headers: {}, isAllowed: true };
    const windowMs = limit.windowSeconds * secondMs;
    const index = Math.floor((now - startedAt) / windowMs);
    if (index !== window.index) {
      window.index = index;
      window.used = 0;
    }
    const windowEnd = startedAt + (index + 1) * windowMs;
    window.used++;
    const remaining = Math.max(0, limit.quota - window.used);
    // The request that spends the last slot is served, with r=0: the window is closed after it.
    if (remaining === 0) closedUntil = windowEnd;
    return { headers: rateLimitHeaders(remaining, resetSeconds(windowEnd, now)), isAllowed: true };
  };

  const rateLimitHeaders = (remaining: number, reset: number): Record<string, string> => {
    const headers: Record<string, string> = { ratelimit: `"api";r=${remaining};t=${reset}` };
    if (options.rateLimit) headers['ratelimit-policy'] = `"fixed window";"api";q=${options.rateLimit.quota};w=${options.rateLimit.windowSeconds}`;
    return headers;
  };

  const sendJson = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };

  const applyFault = (fault: Fault, res: http.ServerResponse, body: string): boolean => {
    stats.faults[fault.kind] = (stats.faults[fault.kind] ?? 0) + 1;
    switch (fault.kind) {
      case 'rate-limit': {
        // Someone else on the same IP spent the window: the server closes it now.
        const now = Date.now();
        const limit = options.rateLimit;
        const windowEnd = limit ? startedAt + (Math.floor((now - startedAt) / (limit.windowSeconds * secondMs)) + 1) * limit.windowSeconds * secondMs : 0;
        closedUntil = fault.retryAfterSeconds !== undefined ? now + fault.retryAfterSeconds * secondMs : Math.max(windowEnd, now + secondMs);
        stats.rateLimited++;
        sendJson(res, 429, { error: 'You have exceeded our rate limit' }, rateLimitHeaders(0, resetSeconds(closedUntil, now)));
        return true;
      }
      case 'server-error':
        sendJson(res, fault.status, { error: 'Internal Error' });
        return true;
      case 'reset':
      case 'truncate':
      case 'truncate-json':
      case 'challenge':
        return writeTransportFault(fault, res, body);
      case 'html':
        res.writeHead(503, { 'content-type': 'text/html' });
        res.end('<!DOCTYPE html><html><body>503 Service Temporarily Unavailable</body></html>');
        return true;
      case 'slow':
        return false;
    }
  };

  const matches = (index: number, url: URL): boolean => {
    const source = options.source;
    const id = source.id(index);
    if (options.removedIds?.has(id)) return false;
    const tags = source.tags(index);
    for (const filter of url.searchParams.getAll('filter')) if (!tags.includes(filter)) return false;
    const search = url.searchParams.get('search');
    if (search && !id.toLowerCase().includes(search.toLowerCase())) return false;
    const author = url.searchParams.get('author');
    if (author && !id.startsWith(`${author}/`)) return false;
    const pipeline = url.searchParams.get('pipeline_tag');
    // The Hub copies a repo's pipeline_tag into its tags; filtering on tags keeps generated sources cheap.
    if (pipeline && !tags.includes(pipeline)) return false;
    return true;
  };

  const listing = (url: URL, host: string): { items: Record<string, unknown>[]; link: string | null } | { error: string } => {
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 1000) || 1000, options.maxLimit ?? 1000);
    const cursor = url.searchParams.get('cursor');
    let index = cursor === null ? 0 : decodeCursor(cursor);
    if (index === null) return { error: 'Invalid cursor' };
    const expand = url.searchParams.getAll('expand');
    const source = options.source;
    const items: Record<string, unknown>[] = [];
    // Keyset skew under live sorting: the last item of the previous page shows up again.
    if (options.faults?.duplicateAcrossPages && cursor !== null) {
      for (let previous = index - 1; previous >= 0; previous--) {
        if (matches(previous, url)) {
          items.push(listingItem(source.repo(previous), expand));
          break;
        }
      }
    }
    let served = 0;
    for (; index < source.size() && served < limit; index++) {
      if (!matches(index, url)) continue;
      items.push(listingItem(source.repo(index), expand));
      served++;
    }
    let link: string | null = null;
    if (index < source.size()) {
      const next = new URL(url.pathname + url.search, `http://${host}`);
      next.searchParams.set('cursor', encodeCursor(index));
      link = `<${next.toString()}>; rel="next"`;
    }
    return { items, link };
  };

  const server = http.createServer(async (req, res) => {
    stats.requests++;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    res.on('close', () => stats.inFlight--);
    if (req.headers.authorization) stats.authorizationHeaders.push(req.headers.authorization);
    if (req.headers['user-agent']) stats.userAgents.add(req.headers['user-agent']);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'Method not allowed' });
    if (options.resolve && resolver.handle(req, res, url)) return;
    const admission = admit(Date.now());
    if (!admission.isAllowed) {
      stats.rateLimited++;
      return sendJson(res, 429, { error: 'You have exceeded our rate limit' }, admission.headers);
    }
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    const isAnonymous = !req.headers.authorization;
    const notFound = () =>
      isAnonymous ? sendJson(res, 401, { error: 'Invalid username or password.' }, admission.headers) : sendJson(res, 404, { error: 'Repository not found' }, admission.headers);

    // The token check a crawl with HF_TOKEN makes first; the replay accepts any token.
    if (url.pathname === '/api/whoami-v2') {
      return isAnonymous ? sendJson(res, 401, { error: 'Invalid credentials in Authorization header' }, admission.headers) : sendJson(res, 200, { type: 'user', name: 'replay' }, admission.headers);
    }

    if (url.pathname === '/api/models') {
      stats.listRequests++;
      const key = fakeListingKey(url);
      const cursor = url.searchParams.get('cursor');
      const requestKey = `${key}#${cursor ?? ''}`;
      const attempt = (stats.pageRequests.get(requestKey) ?? 0) + 1;
      stats.pageRequests.set(requestKey, attempt);
      const page = listing(url, req.headers.host ?? '127.0.0.1');
      if ('error' in page) return sendJson(res, 400, { error: page.error }, admission.headers);
      const body = JSON.stringify(page.items);
      const fault = decideFault(options.faults, { kind: 'list', key: requestKey, attempt, pageIndex: stats.pagesServed.length });
      if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.ms));
      if (fault && applyFault(fault, res, body)) return;
      stats.pagesServed.push({ listing: key, cursor });
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        ...(page.link ? { link: page.link } : {}),
        ...admission.headers,
      });
      res.end(body);
      return;
    }

    const readme = /^\/(.+)\/raw\/main\/README\.md$/.exec(url.pathname);
    if (readme) {
      stats.readmeRequests++;
      const index = options.source.indexOf(decodeURIComponent(readme[1]!));
      if (index === -1 || options.removedIds?.has(options.source.id(index))) return notFound();
      const repo = options.source.repo(index);
      const text = repo.readme === undefined ? defaultReadme(repo) : repo.readme;
      if (text === null) return sendJson(res, 404, { error: 'Entry not found' }, admission.headers);
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), ...admission.headers });
      res.end(text);
      return;
    }

    const model = /^\/api\/models\/(.+)$/.exec(url.pathname);
    if (model) {
      stats.modelRequests++;
      const id = decodeURIComponent(model[1]!);
      const index = options.source.indexOf(id);
      if (index === -1 || options.removedIds?.has(id)) return notFound();
      const body = JSON.stringify(repoItem(options.source.repo(index), url.searchParams.getAll('expand'), url.searchParams.get('blobs') === 'true'));
      const fault = decideFault(options.faults, { kind: 'model', key: id, attempt: 1, pageIndex: -1 });
      if (fault && applyFault(fault, res, body)) return;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...admission.headers });
      res.end(body);
      return;
    }
    sendJson(res, 404, { error: 'Not found' }, admission.headers);
  });
  server.keepAliveTimeout = 5000;
  const listener = await listenOnLoopback(server);
  return {
    url: listener.url,
    stats,
    resolveStats: resolver.stats,
    options,
    close: listener.close,
  };
}
