import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyModel, getClassifier } from '../../src/classify/index.js';
import { inputFromRecord } from '../../src/classify/input.js';
import { classifyVariants } from '../../src/classify/variants.js';
import { crawlHuggingface } from '../../src/crawlers/crawl-huggingface.js';
import { parseCivitaiItem } from '../../src/crawlers/civitai.js';
import { ARCHIVE_SEARCH_WORDS } from '../../src/crawlers/hub-archive.js';
import { bucketRateLimitPolicy, RESOLVERS_BUCKET } from '../../src/crawlers/hub-resolvers-rate-limit.js';
import { huggingfaceRateLimitPolicy } from '../../src/crawlers/huggingface-rate-limit.js';
import { HttpClient } from '../../src/crawlers/http.js';
import { MAX_SIDECAR_BYTES } from '../../src/crawlers/hub-sidecar.js';
import { headerLength, MAX_HEADER_READ_BYTES } from '../../src/crawlers/safetensors-header.js';
import { Ingestor, type ModelRecord } from '../../src/db/ingest.js';
import { openStore, type Store } from '../../src/db/open.js';
import { startOrResumeRun } from '../../src/db/runs.js';
import { silentLogger } from '../../src/log.js';
import { safetensorsBody, syntheticArchives, syntheticSidecar } from '../../src/replay/hub-archives.js';
import { bytesBody, type HubFileSource } from '../../src/replay/hub-resolve.js';
import { arrayHubSource, startFakeHub, type FakeHubOptions, type FakeHubServer, type HubRepo } from '../../src/replay/huggingface-server.js';
import { syntheticCivitaiItem, syntheticKind } from '../../src/replay/synthetic.js';
import { tempDir } from '../helpers/temp.js';
import { startFakeCdn, type FakeCdnServer } from '../../src/replay/hub-cdn-server.js';
import { rehostingFigures } from '../../src/stats/rehosting.js';
import { variantRecords } from '../../src/export/variants.js';

const SECOND_MS = 20;
const servers: FakeHubServer[] = [];
const cdns: FakeCdnServer[] = [];
const stores: Store[] = [];
afterEach(async () => {
  await Promise.all([...servers.splice(0), ...cdns.splice(0)].map((server) => server.close()));
  for (const store of stores.splice(0)) store.close();
});

function store(): Store {
  const opened = openStore({ path: path.join(tempDir(), 'test.db') });
  stores.push(opened);
  return opened;
}

async function fake(options: FakeHubOptions): Promise<FakeHubServer> {
  const server = await startFakeHub({ secondMs: SECOND_MS, ...options });
  servers.push(server);
  return server;
}

/** Civitai models as an earlier import stored them (pre-ban: persons carry poi). */
function importCivitai(target: Store, indexes: readonly number[]): Map<string, ModelRecord> {
  const records: ModelRecord[] = indexes.map((index) => {
    const item = { ...syntheticCivitaiItem(index), poi: syntheticKind(index) === 'person' };
    const parsed = parseCivitaiItem(item);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.record;
  });
  const { run } = startOrResumeRun(target, { platform: 'civitai', kind: 'import', scope: 'test', isFull: false, asOf: '2025-01-01T00:00:00.000Z', options: {}, fresh: true });
  new Ingestor(target).ingestPage({ runId: run.id, asOf: run.asOf }, records, [], { unit: 'test', cursor: null, isDone: true });
  return new Map(records.map((record) => [record.platformId, record]));
}

interface CrawlOptions {
  headers?: boolean;
  concurrency?: number;
  /** Allowlisted CDN hosts (host:port of a replay CDN). */
  cdnHosts?: string[];
}

async function crawl(server: FakeHubServer, target: Store, options: CrawlOptions = {}) {
  const concurrency = options.concurrency ?? 4;
  const retry = { baseDelayMs: 1, maxDelayMs: 5, limit: 6 };
  const http = new HttpClient({ userAgent: 'test', concurrency, rps: 0, retry, rateLimitPolicy: huggingfaceRateLimitPolicy({ secondMs: SECOND_MS, concurrency }) });
  const resolvers = new HttpClient({ userAgent: 'test', concurrency, rps: 0, retry, rateLimitPolicy: bucketRateLimitPolicy(RESOLVERS_BUCKET, { secondMs: SECOND_MS, concurrency }) });
  const cdnClient = new HttpClient({ userAgent: 'test', concurrency, rps: 0, retry });
  try {
    const summary = await crawlHuggingface({
      store: target,
      http,
      logger: silentLogger,
      baseUrl: server.url,
      scope: { bases: [], searches: [], archiveSearches: ARCHIVE_SEARCH_WORDS },
      pageSize: 1000,
      parallelListings: 2,
      fresh: false,
      verifyRemovals: true,
      recordedOptions: {},
      archives: { resolvers, cdn: { client: cdnClient, allowedHosts: options.cdnHosts ?? [] }, readHeaders: options.headers ?? false },
    });
    return { summary, resolverBytes: resolvers.stats.bytes, resolverRequests: resolvers.stats.requests, cdnBytes: cdnClient.stats.bytes };
  } finally {
    await Promise.all([http.close(), resolvers.close(), cdnClient.close()]);
  }
}

const all = <T>(target: Store, sql: string, ...params: unknown[]) => target.sqlite.prepare(sql).all(...params) as T[];
const one = <T>(target: Store, sql: string, ...params: unknown[]) => target.sqlite.prepare(sql).get(...params) as T;

describe('Hub archive repos, file by file', () => {
  it('stores and links a few thousand re-hosted Civitai LoRAs within both quotas, reads their headers from the CDN, and counts the poi ones as person-targeting without poi', async () => {
    const archives = syntheticArchives({ repos: 3, filesPerRepo: 1000 });
    const target = store();
    const civitai = importCivitai(target, archives.civitaiIndexes);
    // Civitai removed its real-person models: the earlier import holds them, marked removed.
    target.sqlite.prepare(`UPDATE models SET removed_at = '2025-05-22T00:00:00.000Z', removed_reason = 'not_found' WHERE platform = 'civitai' AND poi = 1`).run();
    const cdn = await startFakeCdn({ files: archives.files });
    cdns.push(cdn);
    const server = await fake({
      source: arrayHubSource(archives.repos),
      rateLimit: { quota: 40, windowSeconds: 3 },
      resolve: { files: archives.files, rateLimit: { quota: 500, windowSeconds: 3 }, redirect: { cdnUrl: cdn.url } },
    });
    const { cdnBytes } = await crawl(server, target, { concurrency: 6, headers: true, cdnHosts: [cdn.host] });

    // Every hosted file stored once, with its SHA256 and, where a sidecar sits beside it, its Civitai ids.
    const variants = all<{ path: string; sha256: string; civitaiModelId: number | null; civitaiVersionId: number | null; sidecarStatus: string }>(
      target,
      `SELECT path, sha256, civitai_model_id AS civitaiModelId, civitai_version_id AS civitaiVersionId, sidecar_status AS sidecarStatus FROM hub_variants ORDER BY id`,
    );
    expect(variants).toHaveLength(3000);
    expect(new Set(variants.map((variant) => variant.path)).size).toBe(3000);
    const expected = archives.civitaiIndexes.map((index) => syntheticSidecar(index));
    const byModel = new Map(expected.map((sidecar, position) => [sidecar.modelId as number, position]));
    const hostedSha = new Set(archives.repos.flatMap((repo) => (repo.siblings ?? []).flatMap((file) => (file.lfs ? [file.lfs.sha256.toUpperCase()] : []))));
    for (const variant of variants) expect(hostedSha.has(variant.sha256)).toBe(true);
    const withSidecar = variants.filter((variant) => variant.sidecarStatus === 'read');
    expect(withSidecar).toHaveLength(2700);
    for (const variant of withSidecar) {
      const sidecar = expected[byModel.get(variant.civitaiModelId!)!]!;
      expect(variant.civitaiVersionId).toBe(sidecar.id);
    }
    expect(variants.filter((variant) => variant.sidecarStatus === 'none')).toHaveLength(300);

    // Linked to the Civitai model each file re-hosts (sidecar id, else SHA256 against the imported files).
    const links = all<{ variantId: number; path: string; civitaiModelId: string }>(
      target,
      `SELECT l.variant_id AS variantId, v.path, l.civitai_model_id AS civitaiModelId FROM variant_links l JOIN hub_variants v ON v.id = l.variant_id`,
    );
    const expectedModelByPath = new Map(
      archives.repos.flatMap((repo) => (repo.siblings ?? []).filter((file) => file.lfs).map((file) => [file.rfilename, file.lfs!.sha256.toUpperCase()] as const)),
    );
    const civitaiModelBySha = new Map(archives.civitaiIndexes.map((index) => {
      const item = syntheticCivitaiItem(index) as { id: number; modelVersions: { files: { hashes: { SHA256: string } }[] }[] };
      return [item.modelVersions[0]!.files[0]!.hashes.SHA256, String(item.id)] as const;
    }));
    const correctlyLinked = new Set(links.filter((link) => civitaiModelBySha.get(expectedModelByPath.get(link.path)!) === link.civitaiModelId).map((link) => link.variantId));
    expect(correctlyLinked.size / variants.length).toBeGreaterThanOrEqual(0.99);
    expect(links.every((link) => correctlyLinked.has(link.variantId))).toBe(true);

    // Neither quota was overrun: nothing arrived inside a window the server had closed.
    expect(server.stats.requestsInClosedWindow).toBe(0);
    expect(server.resolveStats.requestsInClosedWindow).toBe(0);
    expect(server.resolveStats.rateLimited).toBe(0);
    // 2,700 sidecars served by the Hub, 3,000 headers redirected to the CDN: one Range each, no token
    // there, and only each header's 8 + N bytes read.
    expect(server.resolveStats.requests).toBe(5700);
    expect(server.resolveStats.redirects).toBe(3000);
    expect(cdn.stats.rangeRequests).toBe(3000);
    expect(cdn.stats.authorizationHeaders).toEqual([]);
    expect(all<{ headerStatus: string }>(target, `SELECT DISTINCT header_status AS headerStatus FROM hub_variants`)).toEqual([{ headerStatus: 'read' }]);
    expect(cdnBytes).toBeLessThan(3000 * 1000);

    // The poi models among them are person-targeting with poi ignored.
    const summary = classifyVariants(target, getClassifier(), { all: false });
    expect(summary.classified).toBe(3000);
    const poi = one<{ n: number; flagged: number }>(
      target,
      `SELECT COUNT(*) AS n, SUM(v.person_target_no_poi) AS flagged
       FROM hub_variants v JOIN variant_links l ON l.variant_id = v.id JOIN models m ON m.id = l.civitai_model_row WHERE m.poi = 1`,
    );
    expect(poi.n).toBeGreaterThan(1000);
    // The archive loses nothing: every Civitai model the classifier finds with poi ignored is found in
    // its re-hosted files too (a file can add evidence of its own: its name, the sidecar, the header).
    const poiVariants = all<{ flagged: number; civitaiModelId: string }>(
      target,
      `SELECT v.person_target_no_poi AS flagged, m.platform_id AS civitaiModelId FROM hub_variants v JOIN variant_links l ON l.variant_id = v.id
       JOIN models m ON m.id = l.civitai_model_row WHERE m.poi = 1`,
    );
    for (const variant of poiVariants) {
      const expectedDecision = classifyModel(inputFromRecord({ ...civitai.get(variant.civitaiModelId)!, poi: null })).personTargetNoPoi;
      if (expectedDecision) expect(variant.flagged).toBe(1);
    }
    expect(poi.flagged / poi.n).toBeGreaterThanOrEqual(0.99);
    // Re-hosting figures and the variant export, from the same store.
    const figures = rehostingFigures(target, { topN: 10 });
    // Every figure carries its definition.
    for (const key of Object.keys(figures).filter((name) => name !== 'definitions')) expect(figures.definitions).toHaveProperty(key);
    expect(figures).toMatchObject({ archiveRepos: 3, variants: 3000, variantsWithSidecar: 2700, linkedVariants: correctlyLinked.size, unclassifiedVariants: 0, poiVariants: poi.n });
    expect(figures.personTargetingVariants).toBe(one<{ n: number }>(target, `SELECT COUNT(*) AS n FROM hub_variants WHERE person_target_no_poi = 1`).n);
    expect(figures.rehostedAfterRemoval).toEqual({ variants: poi.n, civitaiModels: poi.n, repoDownloads: 1000 + 2000 + 3000 });
    expect(figures.topArchiveRepos.map((repo) => repo.variants)).toEqual([1000, 1000, 1000]);
    expect(figures.topArchiveRepos[0]!.personTargetingVariants).toBeGreaterThanOrEqual(figures.topArchiveRepos[2]!.personTargetingVariants);
    const exported = [...variantRecords(target)];
    expect(exported).toHaveLength(3000);
    const sample = exported.find((record) => record.sidecarStatus === 'none')!;
    expect(sample).toMatchObject({ platform: 'huggingface', matchedOn: 'sha256', civitaiModelId: Number(civitaiModelBySha.get(sample.sha256!)) });
    expect(sample.url).toBe(`https://huggingface.co/${sample.repo}/blob/main/${sample.path}`);

    // A second crawl of the same commits reads no sidecar again.
    const again = await crawl(server, target);
    expect(again.resolverRequests).toBe(0);
  }, 120_000);

  it('keeps going past a sidecar that is not JSON, one that is huge, and reads safetensors headers without reading past the caps', async () => {
    const id = 'hoarder/model-backup';
    const huge = Buffer.alloc(5 * 1024 * 1024, 0x20);
    huge.write('{"modelId": 1, "padding": "', 0);
    const normal = safetensorsBody({ ss_output_name: 'mira_vale_v2', ss_tag_frequency: JSON.stringify({ '10_mira vale': { 'mira vale': 40, 'nude': 3 } }), ss_dataset_dirs: JSON.stringify({ '10_mira vale': { n_repeats: 10 } }) }, 150_000_000);
    const giantHeader = Buffer.alloc(16);
    giantHeader.writeBigUInt64LE(50n * 1024n * 1024n, 0);
    const files: Record<string, ReturnType<typeof bytesBody>> = {
      'a.safetensors': normal,
      'a.civitai.info': bytesBody(Buffer.from('<html>not json</html>')),
      'b.safetensors': { size: 200_000_000, slice: (start, end) => Buffer.concat([giantHeader.subarray(Math.min(start, 16), Math.min(end, 16)), Buffer.alloc(Math.max(0, end - Math.max(start, 16)))]) },
      'b.civitai.info': bytesBody(huge),
      'c.ckpt': bytesBody(Buffer.alloc(8)),
      'c.json': bytesBody(Buffer.from(JSON.stringify(syntheticSidecar(0)))),
    };
    const siblings = [
      { rfilename: 'a.safetensors', size: normal.size, lfs: { sha256: 'ab'.repeat(32), size: normal.size, pointerSize: 134 } },
      { rfilename: 'a.civitai.info', size: 21 },
      { rfilename: 'b.safetensors', size: 200_000_000, lfs: { sha256: 'cd'.repeat(32), size: 200_000_000, pointerSize: 134 } },
      { rfilename: 'b.civitai.info', size: huge.length },
      { rfilename: 'c.ckpt', size: 2_000_000_000, lfs: { sha256: 'ef'.repeat(32), size: 2_000_000_000, pointerSize: 134 } },
      { rfilename: 'c.json', size: 2000 },
      { rfilename: 'tokenizer.bin', size: 1000 },
    ];
    const repo: HubRepo = { id, author: 'hoarder', tags: [], sha: '1'.repeat(40), siblings, createdAt: '2025-08-01T00:00:00.000Z' };
    const source: HubFileSource = (repoId, file) => (repoId === id ? (files[file] ?? null) : null);
    const target = store();
    const server = await fake({ source: arrayHubSource([repo]), resolve: { files: source } });
    const { resolverBytes } = await crawl(server, target, { headers: true });

    const rows = all<{ path: string; sidecarStatus: string; headerStatus: string; headerMetadata: string | null; civitaiModelId: number | null }>(
      target,
      `SELECT path, sidecar_status AS sidecarStatus, header_status AS headerStatus, header_metadata AS headerMetadata, civitai_model_id AS civitaiModelId FROM hub_variants ORDER BY path`,
    );
    expect(rows.map((row) => [row.path, row.sidecarStatus, row.headerStatus])).toEqual([
      ['a.safetensors', 'not_json', 'read'],
      ['b.safetensors', 'too_large', 'too_large'],
      ['c.ckpt', 'read', 'none'],
    ]);
    expect(rows[2]!.civitaiModelId).toBe(syntheticSidecar(0).modelId);
    expect(JSON.parse(rows[0]!.headerMetadata!)).toMatchObject({ outputName: 'mira_vale_v2', datasetDirs: ['10_mira vale'], captionTags: ['mira vale', 'nude'] });
    // Headers came by Range; no read went past a cap: 2 sidecars (one cut at the cap + 1), the whole
    // header of a (8 + N bytes) and only the length of b (its N is over the cap).
    expect(server.resolveStats.rangeRequests).toBe(2);
    const headerOfA = 8 + headerLength(normal.slice(0, 8))!;
    expect(resolverBytes).toBe(MAX_SIDECAR_BYTES + 1 + 21 + headerOfA + 8 + Buffer.byteLength(JSON.stringify(syntheticSidecar(0))));
    expect(server.resolveStats.paths.has('c.ckpt')).toBe(false);
  });

  it('reads a sidecar the Hub failed to serve again on the next run, and only that repo', async () => {
    const archives = syntheticArchives({ repos: 2, filesPerRepo: 5 });
    const failing = `${archives.repos[0]!.siblings!.find((file) => file.rfilename.endsWith('.civitai.info'))!.rfilename}`;
    const failingPaths = new Set([failing]);
    const target = store();
    const server = await fake({ source: arrayHubSource(archives.repos), resolve: { files: archives.files, failingPaths } });
    await crawl(server, target);
    const status = () => one<{ sidecarStatus: string }>(target, `SELECT sidecar_status AS sidecarStatus FROM hub_variants WHERE path = ?`, failing.replace(/\.civitai\.info$/, '.safetensors')).sidecarStatus;
    expect(status()).toBe('error');
    failingPaths.clear();
    const again = await crawl(server, target);
    expect(status()).toBe('read');
    // Only the repo with the failed read was fetched again: its 4 sidecars (1 of 5 files has none).
    expect(again.resolverRequests).toBe(4);
  });

  it('drops the variants of files gone from a new commit, and all of them when the repo is no longer an archive', async () => {
    const archives = syntheticArchives({ repos: 1, filesPerRepo: 3 });
    const repo = archives.repos[0]!;
    const target = store();
    const server = await fake({ source: arrayHubSource(archives.repos), resolve: { files: archives.files } });
    await crawl(server, target);
    const paths = () => all<{ path: string }>(target, `SELECT path FROM hub_variants ORDER BY path`).map((row) => row.path);
    const models = repo.siblings!.filter((file) => file.rfilename.endsWith('.safetensors')).map((file) => file.rfilename);
    expect(paths()).toEqual([...models].sort());
    repo.siblings = repo.siblings!.filter((file) => file.rfilename !== models[0]);
    repo.sha = 'a'.repeat(40);
    await crawl(server, target);
    expect(paths()).toEqual(models.slice(1).sort());
    repo.siblings = repo.siblings.filter((file) => file.rfilename !== models[1]);
    repo.sha = 'b'.repeat(40);
    await crawl(server, target);
    expect(paths()).toEqual([]);
  });

  it('stops reading a file at the end of its header when the server ignores Range', async () => {
    const id = 'hoarder/civitai-mirror';
    const body = safetensorsBody({ ss_output_name: 'kept' }, 300_000_000);
    const siblings = ['x', 'y'].map((name) => ({ rfilename: `${name}.safetensors`, size: body.size, lfs: { sha256: name.repeat(64).slice(0, 64).replace(/[xy]/g, 'a'), size: body.size, pointerSize: 134 } }));
    const target = store();
    const server = await fake({ source: arrayHubSource([{ id, tags: [], sha: '2'.repeat(40), siblings }]), resolve: { files: () => body, ignoreRange: true } });
    const { resolverBytes } = await crawl(server, target, { headers: true });
    const statuses = all<{ headerStatus: string }>(target, `SELECT header_status AS headerStatus FROM hub_variants`);
    expect(statuses.map((row) => row.headerStatus)).toEqual(['read', 'read']);
    expect(resolverBytes).toBe(2 * (8 + headerLength(body.slice(0, 8))!));
    expect(resolverBytes).toBeLessThan(2 * MAX_HEADER_READ_BYTES);
  });
});
