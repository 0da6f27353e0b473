import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { crawlHuggingface, type HuggingfaceCrawlOptions } from '../../src/crawlers/crawl-huggingface.js';
import { BUILTIN_BASES } from '../../src/crawlers/huggingface.js';
import { everyModel } from '../../src/crawlers/huggingface-candidates.js';
import { huggingfaceRateLimitPolicy } from '../../src/crawlers/huggingface-rate-limit.js';
import { HttpClient, type HttpClientOptions } from '../../src/crawlers/http.js';
import { Ingestor, type ModelRecord } from '../../src/db/ingest.js';
import { openStore, type Store } from '../../src/db/open.js';
import { startOrResumeRun } from '../../src/db/runs.js';
import { silentLogger } from '../../src/log.js';
import { arrayHubSource, startFakeHub, type FakeHubOptions, type FakeHubServer } from '../../src/replay/huggingface-server.js';
import { FLUX_DEV, hubRepo, hubRepos, SDXL, weightsSha256 } from '../helpers/hub-repos.js';
import { tempDir } from '../helpers/temp.js';

/** One "second" of the fake Hub's windows and resets, in milliseconds: rate-limit tests run fast. */
const SECOND_MS = 20;

const servers: FakeHubServer[] = [];
const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  for (const store of stores.splice(0)) store.close();
});

async function fake(options: FakeHubOptions): Promise<FakeHubServer> {
  const server = await startFakeHub({ secondMs: SECOND_MS, maxLimit: 10, ...options });
  servers.push(server);
  return server;
}

function store(): Store {
  const opened = openStore({ path: path.join(tempDir(), 'test.db') });
  stores.push(opened);
  return opened;
}

async function crawl(server: FakeHubServer, target: Store, overrides: Partial<HuggingfaceCrawlOptions> = {}, http: Partial<HttpClientOptions> = {}) {
  const client = new HttpClient({
    userAgent: 'test',
    concurrency: 2,
    rps: 0,
    retry: { baseDelayMs: 1, maxDelayMs: 5, limit: 4 },
    rateLimitPolicy: huggingfaceRateLimitPolicy({ secondMs: SECOND_MS, concurrency: http.concurrency ?? 2 }),
    ...http,
  });
  try {
    return await crawlHuggingface({
      store: target,
      http: client,
      logger: silentLogger,
      baseUrl: server.url,
      scope: { bases: BUILTIN_BASES, searches: [] },
      pageSize: 1000,
      parallelListings: 2,
      fresh: false,
      verifyRemovals: true,
      recordedOptions: {},
      ...overrides,
    });
  } finally {
    await client.close();
  }
}

const count = (target: Store, sql: string, ...params: unknown[]) => (target.sqlite.prepare(sql).get(...params) as { n: number }).n;

/** A repo in two listings at once: an adapter of Flux.1-dev that also names SDXL as an adapter base. */
function inTwoListings(index: number) {
  const repo = hubRepo(index);
  repo.tags = [...repo.tags!, `base_model:adapter:${SDXL}`];
  return repo;
}

describe('Hugging Face crawl against a misbehaving Hub', () => {
  it('stores every repo exactly once with both download counts, through every kind of fault', async () => {
    const repos = [...hubRepos(45), ...Array.from({ length: 15 }, (_, offset) => inTwoListings(100 + offset))];
    const server = await fake({
      source: arrayHubSource(repos),
      faults: {
        duplicateAcrossPages: true,
        onPage: {
          1: { kind: 'rate-limit' },
          2: { kind: 'server-error', status: 502 },
          3: { kind: 'reset' },
          4: { kind: 'truncate' },
          5: { kind: 'truncate-json' },
          6: { kind: 'html' },
        },
      },
    });
    const target = store();
    // One listing at a time, so each scripted fault lands on exactly one page.
    const summary = await crawl(server, target, { parallelListings: 1 });
    expect(summary.status).toBe('done');
    expect(summary.items).toBe(60);
    expect(count(target, 'SELECT count(*) AS n FROM models')).toBe(60);
    expect(count(target, 'SELECT count(*) AS n FROM snapshots')).toBe(60);
    expect(count(target, 'SELECT count(*) AS n FROM models WHERE downloads IS NULL OR downloads_all_time IS NULL')).toBe(0);
    const wrong = target.sqlite
      .prepare(`SELECT m.platform_id FROM models m JOIN snapshots s ON s.model_id = m.id WHERE s.downloads_all_time <> s.downloads * 10 + 1 OR m.downloads_all_time <> s.downloads_all_time`)
      .all();
    expect(wrong).toEqual([]);
    expect(server.stats.faults).toMatchObject({ 'rate-limit': 1, 'server-error': 1, reset: 1, truncate: 1, 'truncate-json': 1, html: 1 });
    expect(server.stats.requestsInClosedWindow).toBe(0);
    // The repeated repos came from both listings: seen twice, stored once.
    const flux = server.stats.pagesServed.filter((page) => page.listing.includes('adapter%3Ablack-forest-labs')).length;
    const sdxl = server.stats.pagesServed.filter((page) => page.listing.includes('adapter%3Astabilityai%2Fstable-diffusion-xl')).length;
    expect(flux).toBeGreaterThanOrEqual(6);
    expect(sdxl).toBe(2);
  });

  it('never sends a request inside a rate-limit window the server closed', async () => {
    const server = await fake({ source: arrayHubSource(hubRepos(40)), rateLimit: { quota: 6, windowSeconds: 3 }, latencyMs: 1 });
    const target = store();
    const summary = await crawl(server, target, { parallelListings: 1 }, { concurrency: 1 });
    expect(summary.items).toBe(40);
    // 43 listings plus 3 more pages: several windows' worth of requests.
    expect(server.stats.requests).toBeGreaterThan(6 * 5);
    expect(server.stats.requestsInClosedWindow).toBe(0);
    expect(server.stats.rateLimited).toBe(0);
  });

  it('keeps out of closed windows with two requests in flight, details included', async () => {
    const repos = Array.from({ length: 40 }, (_, index) => hubRepo(index + 1, index % 4 === 0 ? { id: `someone/woman-portrait-${index + 1}` } : {}));
    const server = await fake({ source: arrayHubSource(repos), rateLimit: { quota: 7, windowSeconds: 3 }, latencyMs: 2 });
    const target = store();
    const summary = await crawl(server, target);
    expect(summary.items).toBe(40);
    expect(server.stats.modelRequests).toBe(10);
    expect(server.stats.maxInFlight).toBe(2);
    expect(server.stats.requestsInClosedWindow).toBe(0);
    expect(server.stats.rateLimited).toBe(0);
  });

  it('waits out a 429 whose RateLimit header closes the window early', async () => {
    const server = await fake({ source: arrayHubSource(hubRepos(40)), faults: { onPage: { 2: { kind: 'rate-limit', retryAfterSeconds: 5 } } } });
    const target = store();
    const started = Date.now();
    await crawl(server, target, { parallelListings: 1 }, { concurrency: 1 });
    expect(server.stats.rateLimited).toBe(1);
    expect(server.stats.requestsInClosedWindow).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(5 * SECOND_MS);
  });

  it('fetches files and card text only for candidates, once per commit', async () => {
    const person = hubRepo(1, { id: 'someone/jane-doe-woman-flux', readme: '---\nbase_model: black-forest-labs/FLUX.1-dev\n---\n# Jane Doe\nA likeness LoRA.' });
    const style = hubRepo(2);
    const source = arrayHubSource([person, style]);
    const server = await fake({ source });
    const target = store();
    await crawl(server, target);
    expect(server.stats.modelRequests).toBe(1);
    expect(server.stats.readmeRequests).toBe(1);
    const stored = target.sqlite.prepare(`SELECT card_text AS cardText, id FROM models WHERE platform_id = ?`).get(person.id) as { cardText: string; id: number };
    expect(stored.cardText).toContain('A likeness LoRA.');
    const files = target.sqlite.prepare('SELECT name, sha256, size_bytes AS size FROM files WHERE model_id = ? ORDER BY name').all(stored.id);
    expect(files).toEqual([
      { name: '.gitattributes', sha256: null, size: 1519 },
      { name: 'README.md', sha256: null, size: 842 },
      { name: 'lora.safetensors', sha256: weightsSha256(person.id).toUpperCase(), size: 171_969_408 },
    ]);

    const second = await crawl(server, target);
    expect(second.modelsChanged).toBe(0);
    expect(server.stats.modelRequests).toBe(1);
    expect((target.sqlite.prepare('SELECT card_text AS cardText FROM models WHERE id = ?').get(stored.id) as { cardText: string }).cardText).toContain('A likeness LoRA.');

    source.repos[0] = { ...person, sha: 'f'.repeat(40), readme: '# Jane Doe v2' };
    await crawl(server, target);
    expect(server.stats.modelRequests).toBe(2);
    expect((target.sqlite.prepare('SELECT card_text AS cardText FROM models WHERE id = ?').get(stored.id) as { cardText: string }).cardText).toBe('# Jane Doe v2');
  });

  it('caps the card text and never asks for weights', async () => {
    const repo = hubRepo(1, { id: 'someone/woman-lora', readme: 'x'.repeat(200_000) });
    const server = await fake({ source: arrayHubSource([repo]) });
    const target = store();
    await crawl(server, target);
    const { length } = target.sqlite.prepare('SELECT length(card_text) AS length FROM models').get() as { length: number };
    expect(length).toBe(64 * 1024);
    expect(server.stats.requests).toBe(server.stats.listRequests + server.stats.modelRequests + server.stats.readmeRequests);
  });

  it('marks repos gone, turned gated or disabled between two full runs, with date and reason, never deleting them', async () => {
    const repos = hubRepos(8);
    repos[4]!.gated = 'auto';
    const source = arrayHubSource(repos);
    const server = await fake({ source });
    const target = store();
    const day = (n: number) => () => new Date(Date.UTC(2026, 6, n));
    await crawl(server, target, { now: day(1) });
    server.options.removedIds = new Set([repos[1]!.id]);
    source.repos[2] = { ...repos[2]!, gated: 'manual' };
    source.repos[3] = { ...repos[3]!, disabled: true };
    const second = await crawl(server, target, { now: day(2) });
    expect(second.modelsRemoved).toBe(3);
    const removed = () =>
      target.sqlite.prepare('SELECT platform_id AS id, removed_reason AS reason, removed_at AS at FROM models WHERE removed_at IS NOT NULL ORDER BY platform_id').all() as { id: string; reason: string; at: string }[];
    const july2 = new Date(Date.UTC(2026, 6, 2)).toISOString();
    expect(removed()).toEqual(
      [
        { id: repos[1]!.id, reason: 'not_found', at: july2 },
        { id: repos[2]!.id, reason: 'gated', at: july2 },
        { id: repos[3]!.id, reason: 'disabled', at: july2 },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    // The vanished repo was checked by id; anonymous, the Hub answers 401 rather than 404.
    expect(server.stats.modelRequests).toBe(1);

    const third = await crawl(server, target, { now: day(3) });
    expect(third.modelsRemoved).toBe(0);
    expect(removed().every((row) => row.at === july2)).toBe(true);
    expect(count(target, 'SELECT count(*) AS n FROM models')).toBe(8);

    source.repos[2] = { ...repos[2]!, gated: false };
    await crawl(server, target, { now: day(4) });
    expect(removed().map((row) => row.id)).not.toContain(repos[2]!.id);
  });

  it('reads a 404 as gone when it crawls with a token', async () => {
    const repos = hubRepos(3);
    const server = await fake({ source: arrayHubSource(repos) });
    const target = store();
    await crawl(server, target, {}, { origin: server.url, credentials: { headers: { authorization: 'Bearer hf_test' }, name: 'HF_TOKEN' } });
    server.options.removedIds = new Set([repos[0]!.id]);
    const second = await crawl(server, target, {}, { origin: server.url, credentials: { headers: { authorization: 'Bearer hf_test' }, name: 'HF_TOKEN' } });
    expect(second.modelsRemoved).toBe(1);
  });

  it('marks nothing removed after a sample run', async () => {
    const server = await fake({ source: arrayHubSource(hubRepos(30)) });
    const target = store();
    await crawl(server, target);
    const sample = await crawl(server, target, { maxPages: 1 });
    expect(sample.modelsRemoved).toBe(0);
    expect(server.stats.modelRequests).toBe(0);
  });

  it('takes fields that appear and vanish between runs, and keeps a malformed item as an error row', async () => {
    const repos = hubRepos(5);
    const bare = { ...repos[0]! };
    delete bare.downloadsAllTime;
    delete bare.cardData;
    delete bare.createdAt;
    const source = arrayHubSource([bare, ...repos.slice(1), { id: 'broken/repo', tags: 'lora' as unknown as string[] }]);
    source.tags = (index) => (index === 5 ? [`base_model:adapter:${FLUX_DEV}`] : (source.repos[index]!.tags ?? []));
    const server = await fake({ source });
    const target = store();
    const first = await crawl(server, target);
    expect(first.itemErrors).toBe(1);
    expect(count(target, 'SELECT count(*) AS n FROM models')).toBe(5);
    expect(count(target, 'SELECT count(*) AS n FROM models WHERE downloads_all_time IS NULL')).toBe(1);
    source.repos[0] = repos[0]!;
    await crawl(server, target);
    expect(count(target, 'SELECT count(*) AS n FROM models WHERE downloads_all_time IS NULL OR created_at IS NULL')).toBe(0);
  });

  it('links a Civitai file and a Hub file with the same SHA256', async () => {
    const target = store();
    const repo = hubRepo(1, { id: 'reuploader/celebrity-woman-lora' });
    const sha256 = weightsSha256(repo.id);
    const { run } = startOrResumeRun(target, { platform: 'civitai', kind: 'import', scope: 'test', isFull: false, asOf: '2025-01-01T00:00:00.000Z', options: {}, fresh: false });
    new Ingestor(target).ingestPage({ runId: run.id, asOf: run.asOf }, [civitaiRecord(sha256.toUpperCase())], []);
    const server = await fake({ source: arrayHubSource([repo]) });
    await crawl(server, target);
    const links = target.sqlite
      .prepare(
        `SELECT a.platform AS platform, b.platform AS other, l.matched_on AS matchedOn, l.hash
         FROM file_links l JOIN models a ON a.id = l.model_id JOIN models b ON b.id = l.other_model_id ORDER BY a.platform`,
      )
      .all();
    expect(links).toEqual([
      { platform: 'civitai', other: 'huggingface', matchedOn: 'sha256', hash: sha256.toUpperCase() },
      { platform: 'huggingface', other: 'civitai', matchedOn: 'sha256', hash: sha256.toUpperCase() },
    ]);
  });

  it('adds a listing per --search and per --base, each walked once', async () => {
    const repos = hubRepos(4);
    repos.push(hubRepo(50, { id: 'someone/generic-name-upload', tags: ['lora', 'text-to-image'] }));
    repos.push(hubRepo(51, { id: 'other/extra-base-finetune', tags: ['text-to-image', 'base_model:finetune:me/my-base'] }));
    const server = await fake({ source: arrayHubSource(repos) });
    const target = store();
    const summary = await crawl(server, target, { scope: { bases: [...BUILTIN_BASES, 'me/my-base'], searches: ['generic-name'] } });
    expect(summary.items).toBe(6);
    expect(server.stats.pagesServed.filter((page) => page.listing.includes('search=generic-name'))).toHaveLength(1);
    const types = target.sqlite.prepare(`SELECT platform_id AS id, type FROM models WHERE platform_id IN ('someone/generic-name-upload', 'other/extra-base-finetune') ORDER BY id`).all();
    expect(types).toEqual([
      { id: 'other/extra-base-finetune', type: 'Checkpoint' },
      { id: 'someone/generic-name-upload', type: 'LORA' },
    ]);
  });

  it('never has more requests in flight than configured, details included', async () => {
    const repos = Array.from({ length: 30 }, (_, index) => hubRepo(index + 1, { id: `someone/woman-portrait-${index + 1}` }));
    const server = await fake({ source: arrayHubSource(repos), latencyMs: 3 });
    const target = store();
    await crawl(server, target);
    expect(server.stats.modelRequests).toBe(30);
    expect(server.stats.maxInFlight).toBe(2);
  });

  it('fetches details for every repo with --details', async () => {
    const server = await fake({ source: arrayHubSource(hubRepos(12)) });
    const target = store();
    await crawl(server, target, { isCandidate: everyModel });
    expect(server.stats.modelRequests).toBe(12);
    expect(count(target, `SELECT count(DISTINCT model_id) AS n FROM files WHERE sha256 IS NOT NULL`)).toBe(12);
  });
});

function civitaiRecord(sha256: string): ModelRecord {
  return {
    platform: 'civitai',
    platformId: '4242',
    name: 'Celebrity woman',
    type: 'LORA',
    creator: 'someone',
    description: null,
    url: 'https://civitai.com/models/4242',
    nsfw: false,
    nsfwLevel: 1,
    poi: true,
    minor: false,
    mode: null,
    availability: 'Public',
    gated: null,
    disabled: null,
    libraryName: null,
    pipelineTag: null,
    sha: null,
    cardText: null,
    baseModels: ['Flux.1 D'],
    createdAt: '2024-10-01T00:00:00.000Z',
    updatedAt: '2024-10-01T00:00:00.000Z',
    tags: ['celebrity'],
    versions: [
      {
        platformVersionId: '9001',
        name: 'v1',
        baseModel: 'Flux.1 D',
        baseModelType: null,
        trainedWords: [],
        createdAt: null,
        publishedAt: '2024-10-01T00:00:00.000Z',
        nsfwLevel: 1,
        downloads: 100,
        files: [{ platformFileId: '1', name: 'celeb.safetensors', sizeBytes: 171_969_408, fileType: 'Model', format: 'SafeTensor', isPrimary: true, sha256, autov2: null, blake3: null, crc32: null }],
        images: [],
      },
    ],
    counters: { downloads: 100, downloadsAllTime: null, likes: null, thumbsUp: 1, thumbsDown: 0, comments: 0, tips: 0, favorites: null, rating: null, ratingCount: null },
  };
}
