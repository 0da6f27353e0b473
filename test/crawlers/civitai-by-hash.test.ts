// Archive files without a sidecar, whose Civitai models were never crawled, linked by asking
// Civitai's by-hash API: once per hash, cached in the store, 404 read as "not public".
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lookUpArchiveHashes } from '../../src/crawlers/civitai-by-hash.js';
import { crawlHuggingface } from '../../src/crawlers/crawl-huggingface.js';
import { ARCHIVE_SEARCH_WORDS } from '../../src/crawlers/hub-archive.js';
import { HttpClient } from '../../src/crawlers/http.js';
import { openStore, type Store } from '../../src/db/open.js';
import { silentLogger } from '../../src/log.js';
import { arraySource, startFakeCivitai, type FakeCivitaiServer } from '../../src/replay/civitai-server.js';
import { syntheticArchives } from '../../src/replay/hub-archives.js';
import { arrayHubSource, startFakeHub, type FakeHubServer } from '../../src/replay/huggingface-server.js';
import { syntheticCivitaiItem, syntheticKind } from '../../src/replay/synthetic.js';
import { rehostingFigures } from '../../src/stats/rehosting.js';
import { runCliInProcess } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const closers: { close(): Promise<void> }[] = [];
const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((server) => server.close()));
  for (const store of stores.splice(0)) store.close();
});

type SyntheticItem = Record<string, unknown> & { id: number; modelVersions: { files: { hashes: { SHA256: string } }[] }[] };

/** An archive of `files` LoRAs with no sidecars, and a Civitai that knows them (poi ones hidden, as since the ban). */
async function setUp(files: number) {
  const archives = syntheticArchives({ repos: 1, filesPerRepo: files, noSidecarEvery: 1 });
  const items = archives.civitaiIndexes.map((index) => ({ ...(syntheticCivitaiItem(index) as SyntheticItem), poi: syntheticKind(index) === 'person' }));
  const hub: FakeHubServer = await startFakeHub({ source: arrayHubSource(archives.repos), resolve: { files: archives.files } });
  const civitai: FakeCivitaiServer = await startFakeCivitai({ source: arraySource(items) });
  closers.push(hub, civitai);
  const dbPath = path.join(tempDir(), 'test.db');
  const store = openStore({ path: dbPath });
  stores.push(store);
  return { archives, items, hub, civitai, store, dbPath };
}

async function crawlHub(store: Store, hub: FakeHubServer): Promise<void> {
  const client = () => new HttpClient({ userAgent: 'test', concurrency: 4, rps: 0, retry: { baseDelayMs: 1, maxDelayMs: 5, limit: 2 } });
  const [api, resolvers, cdn] = [client(), client(), client()];
  try {
    await crawlHuggingface({
      store,
      http: api,
      logger: silentLogger,
      baseUrl: hub.url,
      scope: { bases: [], searches: [], archiveSearches: ARCHIVE_SEARCH_WORDS },
      pageSize: 1000,
      parallelListings: 1,
      fresh: false,
      verifyRemovals: false,
      recordedOptions: {},
      archives: { resolvers, cdn: { client: cdn, allowedHosts: [] }, readHeaders: false },
    });
  } finally {
    await Promise.all([api.close(), resolvers.close(), cdn.close()]);
  }
}

async function byHash(store: Store, baseUrl: string) {
  const civitai = new HttpClient({ userAgent: 'test', concurrency: 4, rps: 0, origin: baseUrl, retry: { baseDelayMs: 1, maxDelayMs: 5, limit: 1 } });
  try {
    return await lookUpArchiveHashes({ store, http: civitai, baseUrl, logger: silentLogger });
  } finally {
    await civitai.close();
  }
}

describe('crawl huggingface --civitai-by-hash', () => {
  it('links unlinked files by asking each hash once, reads 404 as not public, and asks nothing the second time', async () => {
    const { items, hub, civitai, store } = await setUp(40);
    await crawlHub(store, hub);
    expect(rehostingFigures(store, { topN: 5 }).linkedVariants).toBe(0);

    const summary = await byHash(store, civitai.url);
    const poi = items.filter((item) => item.poi).length;
    expect(poi).toBeGreaterThan(0);
    expect(summary).toEqual({ asked: 40, found: 40 - poi, notPublic: poi, failed: 0 });
    expect([...civitai.stats.byHashRequests.values()].every((count) => count === 1)).toBe(true);
    expect(civitai.stats.byHashRequests.size).toBe(40);

    // Each found file links to the model that holds its SHA256; the poi ones stay unlinked.
    const links = store.sqlite
      .prepare(`SELECT v.sha256, l.civitai_model_id AS civitaiModelId, l.civitai_model_row AS row, l.matched_on AS matchedOn FROM variant_links l JOIN hub_variants v ON v.id = l.variant_id`)
      .all() as { sha256: string; civitaiModelId: string; row: number | null; matchedOn: string }[];
    const modelBySha = new Map(items.map((item) => [item.modelVersions[0]!.files[0]!.hashes.SHA256, item]));
    expect(links).toHaveLength(40 - poi);
    for (const link of links) {
      expect(link).toMatchObject({ matchedOn: 'civitai_api', row: null });
      const model = modelBySha.get(link.sha256)!;
      expect(link.civitaiModelId).toBe(String(model.id));
      expect(model.poi).toBe(false);
    }
    const figures = rehostingFigures(store, { topN: 5 });
    expect(figures).toMatchObject({ linkedVariants: 40 - poi, linkedByCivitaiApi: 40 - poi, rehostedCivitaiModels: 40 - poi });

    const again = await byHash(store, civitai.url);
    expect(again).toEqual({ asked: 0, found: 0, notPublic: 0, failed: 0 });
    expect([...civitai.stats.byHashRequests.values()].reduce((sum, count) => sum + count, 0)).toBe(40);
  });

  it('caches nothing from an answer that is not a model version, and asks again next time', async () => {
    const { hub, store } = await setUp(3);
    await crawlHub(store, hub);
    let requests = 0;
    const liar = http.createServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"items":[],"note":"not a model version"}');
    });
    await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
    closers.push({ close: () => new Promise<void>((resolve) => liar.close(() => resolve())) });
    const url = `http://127.0.0.1:${(liar.address() as AddressInfo).port}`;
    expect(await byHash(store, url)).toEqual({ asked: 3, found: 0, notPublic: 0, failed: 3 });
    expect(await byHash(store, url)).toEqual({ asked: 3, found: 0, notPublic: 0, failed: 3 });
    expect(requests).toBe(6);
    expect(store.sqlite.prepare(`SELECT COUNT(*) AS n FROM civitai_hash_lookups`).get()).toEqual({ n: 0 });
  });

  it('runs after the Hub crawl from the CLI, against $CIVITAI_BASE_URL', async () => {
    const { hub, civitai, store, dbPath } = await setUp(5);
    store.close();
    stores.splice(0);
    const result = await runCliInProcess(['--db', dbPath, 'crawl', 'huggingface', '--base-url', hub.url, '--rps', '0', '--civitai-by-hash', '--log', 'json'], { CIVITAI_BASE_URL: civitai.url });
    expect(result.code).toBe(0);
    expect(civitai.stats.byHashRequests.size).toBe(5);
    expect(result.stderr).toContain('civitai by-hash lookups');
  });
});
