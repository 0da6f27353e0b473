import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { crawlCivitai, type CivitaiCrawlOptions } from '../../src/crawlers/crawl-civitai.js';
import { HttpClient } from '../../src/crawlers/http.js';
import { openStore, type Store } from '../../src/db/open.js';
import { silentLogger } from '../../src/log.js';
import { arraySource, startFakeCivitai, type FakeCivitaiOptions, type FakeCivitaiServer } from '../../src/replay/civitai-server.js';
import { civitaiItem, civitaiItems } from '../helpers/civitai-items.js';
import { crawlCivitaiReplay } from '../helpers/civitai-crawl.js';
import { tempDir } from '../helpers/temp.js';

const servers: FakeCivitaiServer[] = [];
const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  for (const store of stores.splice(0)) store.close();
});

async function fake(options: FakeCivitaiOptions): Promise<FakeCivitaiServer> {
  const server = await startFakeCivitai(options);
  servers.push(server);
  return server;
}

function store(): Store {
  const opened = openStore({ path: path.join(tempDir(), 'test.db') });
  stores.push(opened);
  return opened;
}

const crawl = (server: FakeCivitaiServer, target: Store, overrides: Partial<CivitaiCrawlOptions> = {}) => crawlCivitaiReplay(server, target, { crawl: overrides });

const count = (target: Store, sql: string, ...params: unknown[]) => (target.sqlite.prepare(sql).get(...params) as { n: number }).n;

describe('Civitai crawl against a misbehaving server', () => {
  it('stores every model exactly once with its downloads, through every kind of fault', async () => {
    const items = civitaiItems(230);
    // Types the crawl does not ask for make pages short (the API filters after its SQL limit).
    for (const item of items.slice(0, 30)) item.type = 'Workflows';
    const server = await fake({
      source: arraySource(items),
      faults: {
        duplicateAcrossPages: true,
        onPage: {
          1: { kind: 'rate-limit' },
          2: { kind: 'server-error', status: 502 },
          3: { kind: 'reset' },
          4: { kind: 'truncate' },
          5: { kind: 'truncate-json' },
          6: { kind: 'html' },
          7: { kind: 'server-error', status: 503 },
        },
      },
    });
    const target = store();
    const summary = await crawl(server, target);
    expect(summary.status).toBe('done');
    expect(summary.items).toBe(200);
    expect(count(target, 'SELECT count(*) AS n FROM models')).toBe(200);
    expect(count(target, 'SELECT count(*) AS n FROM snapshots')).toBe(200);
    const wrong = target.sqlite.prepare('SELECT platform_id, downloads FROM models WHERE downloads <> CAST(platform_id AS INTEGER) * 3').all();
    expect(wrong).toEqual([]);
    expect(server.stats.faults).toMatchObject({ 'rate-limit': 1, 'server-error': 2, reset: 1, truncate: 1, 'truncate-json': 1, html: 1 });
    expect(summary.retries).toBe(7);
  });

  it('asks for nsfw=true, so mature models are not silently dropped', async () => {
    const items = [civitaiItem({ id: 1, nsfw: true }), civitaiItem({ id: 2 })];
    const server = await fake({ source: arraySource(items) });
    const target = store();
    await crawl(server, target);
    expect(count(target, 'SELECT count(*) AS n FROM models WHERE nsfw = 1')).toBe(1);
  });

  it('honours Retry-After: no request reaches the server inside the pause', async () => {
    const server = await fake({ source: arraySource(civitaiItems(60)), faults: { onPage: { 1: { kind: 'rate-limit', retryAfterSeconds: 1 } } } });
    const target = store();
    const started = Date.now();
    await crawl(server, target);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.stats.requestsDuringPause).toBe(0);
  });

  it('never has more requests in flight than configured, also while verifying removals in parallel', async () => {
    const server = await fake({ source: arraySource(civitaiItems(100)), latencyMs: 5 });
    const target = store();
    await crawl(server, target);
    server.options.removedIds = new Set(Array.from({ length: 40 }, (_, index) => index + 1));
    await crawl(server, target, { fresh: false });
    expect(server.stats.modelRequests).toBe(40);
    expect(server.stats.maxInFlight).toBe(2);
  });

  it('keeps a malformed item as an error row with its raw JSON and stores the rest of its page', async () => {
    const items = civitaiItems(10);
    items[4] = { id: 5, name: 42, type: 'LORA', modelVersions: 'nope' };
    const server = await fake({ source: arraySource(items) });
    const target = store();
    const summary = await crawl(server, target);
    expect(summary.itemErrors).toBe(1);
    expect(count(target, 'SELECT count(*) AS n FROM models')).toBe(9);
    const error = target.sqlite.prepare('SELECT platform_id AS platformId, raw, message FROM item_errors').get() as { platformId: string; raw: string; message: string };
    expect(error.platformId).toBe('5');
    expect(JSON.parse(error.raw)).toMatchObject({ id: 5, name: 42 });
  });

  it('confirms a model the listing skipped by reading it by id, instead of calling it removed', async () => {
    const server = await fake({ source: arraySource(civitaiItems(60)) });
    const target = store();
    await crawl(server, target);
    server.options.faults = { skipItemOnPages: [0, 1] };
    server.stats.cursorsServed.length = 0;
    const summary = await crawl(server, target);
    expect(summary.modelsRemoved).toBe(0);
    expect(server.stats.modelRequests).toBe(2);
    expect(count(target, 'SELECT count(*) AS n FROM snapshots WHERE run_id = ?', summary.id)).toBe(60);
  });

  it('marks models gone between two full runs as removed, with date and reason, without deleting them', async () => {
    const source = arraySource(civitaiItems(50));
    const server = await fake({ source });
    const target = store();
    await crawl(server, target);
    server.options.removedIds = new Set([3, 4]);
    source.items[9] = civitaiItem({ id: 10, mode: 'TakenDown' });
    server.options.hiddenFromListIds = new Set([10]);
    const second = await crawl(server, target);
    expect(second.modelsRemoved).toBe(3);
    const removed = target.sqlite.prepare('SELECT platform_id AS id, removed_reason AS reason, removed_at AS at FROM models WHERE removed_at IS NOT NULL ORDER BY CAST(platform_id AS INTEGER)').all() as { id: string; reason: string; at: string }[];
    expect(removed.map((row) => [row.id, row.reason])).toEqual([
      ['3', 'not_found'],
      ['4', 'not_found'],
      ['10', 'taken_down'],
    ]);
    expect(count(target, 'SELECT count(*) AS n FROM models')).toBe(50);
  });

  it('brings a removed model back when it reappears', async () => {
    const server = await fake({ source: arraySource(civitaiItems(20)) });
    const target = store();
    server.options.removedIds = new Set([7]);
    await crawl(server, target);
    await crawl(server, target);
    server.options.removedIds = new Set();
    await crawl(server, target);
    expect(count(target, 'SELECT count(*) AS n FROM models WHERE removed_at IS NOT NULL')).toBe(0);
  });

  it('does not mark anything removed after a sample run (--max-pages)', async () => {
    const server = await fake({ source: arraySource(civitaiItems(100)) });
    const target = store();
    await crawl(server, target);
    const sample = await crawl(server, target, { maxPages: 1 });
    expect(sample.modelsRemoved).toBe(0);
    expect(server.stats.modelRequests).toBe(0);
  });

  it('resumes an interrupted run from its last committed page', async () => {
    const server = await fake({ source: arraySource(civitaiItems(100)), faults: { onPage: { 3: { kind: 'server-error', status: 500 } } } });
    const target = store();
    const failing = new HttpClient({ userAgent: 'test', concurrency: 1, rps: 0, retry: { limit: 0 } });
    await expect(
      crawlCivitai({ store: target, http: failing, logger: silentLogger, baseUrl: server.url, listing: { types: ['LORA'], sort: 'Oldest', limit: 20 }, fresh: false, verifyRemovals: true, recordedOptions: {} }),
    ).rejects.toThrow(/HTTP 500/);
    await failing.close();
    const summary = await crawl(server, target, { listing: { types: ['LORA'], sort: 'Oldest', limit: 20 } });
    expect(summary.items).toBe(100);
    expect(summary.pages).toBe(5);
    const served = server.stats.cursorsServed;
    expect(new Set(served).size).toBe(served.length);
    expect(count(target, 'SELECT count(*) AS n FROM crawl_runs')).toBe(1);
  });

  it('starts over with fresh, abandoning the unfinished run', async () => {
    const server = await fake({ source: arraySource(civitaiItems(40)) });
    const target = store();
    await crawl(server, target, { maxPages: 1 });
    target.sqlite.prepare("UPDATE crawl_runs SET status = 'running'").run();
    const summary = await crawl(server, target, { fresh: true });
    expect(summary.id).toBe(2);
    const first = target.sqlite.prepare('SELECT status FROM crawl_runs WHERE id = 1').get() as { status: string };
    expect(first.status).toBe('failed');
  });

  it('records a second crawl as growth: one snapshot per model per run', async () => {
    const items = civitaiItems(30);
    const server = await fake({ source: arraySource(items) });
    const target = store();
    await crawl(server, target);
    for (const item of items) (item.stats as { downloadCount: number }).downloadCount += 10;
    const second = await crawl(server, target);
    expect(second.modelsNew).toBe(0);
    expect(second.modelsChanged).toBe(0);
    const gained = target.sqlite
      .prepare('SELECT sum(b.downloads - a.downloads) AS n FROM snapshots a JOIN snapshots b ON b.model_id = a.model_id AND b.run_id = 2 WHERE a.run_id = 1')
      .get() as { n: number };
    expect(gained.n).toBe(300);
  });
});
