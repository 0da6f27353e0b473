import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/open.js';
import { arrayHubSource, startFakeHub, type FakeHubServer } from '../../src/replay/huggingface-server.js';
import { runCli, runCliInProcess, startCli } from '../helpers/cli.js';
import { arraySource, startFakeCivitai, type FakeCivitaiServer } from '../../src/replay/civitai-server.js';
import { civitaiItems } from '../helpers/civitai-items.js';
import { hubRepo, hubRepos, SDXL } from '../helpers/hub-repos.js';
import { tempDir } from '../helpers/temp.js';

const servers: (FakeHubServer | FakeCivitaiServer)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** 300 repos over two listings (Flux.1-dev adapters, SDXL adapters), 30 of them in both. */
function repos() {
  return Array.from({ length: 300 }, (_, offset) => {
    const repo = hubRepo(offset + 1);
    if (offset % 2 === 1) repo.tags = repo.tags!.map((tag) => tag.replace('black-forest-labs/FLUX.1-dev', SDXL));
    if (offset % 10 === 0) repo.tags = [...repo.tags!, `base_model:adapter:${SDXL}`];
    return repo;
  });
}

describe('dfwatch crawl huggingface', () => {
  it('resumes after kill -9, re-fetching at most the page in flight per listing, and stores every repo once', async () => {
    const server = await startFakeHub({ source: arrayHubSource(repos()), maxLimit: 10, latencyMs: 15 });
    servers.push(server);
    const db = path.join(tempDir(), 'dfwatch.db');
    const args = ['--db', db, 'crawl', 'huggingface', '--base-url', server.url, '--rps', '0', '--concurrency', '2', '--limit', '10', '--log', 'json'];

    const { child, done } = startCli(args);
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        if (server.stats.pagesServed.length >= 40) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 2);
      child.once('exit', () => {
        clearInterval(poll);
        reject(new Error('the crawl finished before it could be killed'));
      });
    });
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');

    const resumed = await runCli(args);
    expect(resumed.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/huggingface run 1: 300 models/);

    const store = openStore({ path: db });
    try {
      const one = (sql: string) => (store.sqlite.prepare(sql).get() as { n: number }).n;
      expect(one('SELECT count(*) AS n FROM crawl_runs')).toBe(1);
      expect(one(`SELECT count(*) AS n FROM models`)).toBe(300);
      expect(one(`SELECT count(DISTINCT platform_id) AS n FROM models`)).toBe(300);
      expect(one(`SELECT count(*) AS n FROM snapshots`)).toBe(300);
      expect(one(`SELECT count(*) AS n FROM models WHERE downloads IS NULL OR downloads_all_time IS NULL`)).toBe(0);
      expect(one(`SELECT count(*) AS n FROM crawl_units WHERE cursor LIKE '%127.0.0.1%'`)).toBe(0);
    } finally {
      store.close();
    }
    const refetchedPerListing = new Map<string, number>();
    for (const [key, requests] of server.stats.pageRequests) {
      const listing = key.split('#')[0]!;
      if (requests > 1) refetchedPerListing.set(listing, (refetchedPerListing.get(listing) ?? 0) + (requests - 1));
    }
    expect([...refetchedPerListing.values()].every((refetched) => refetched <= 1)).toBe(true);
  });

  it('crawl all runs Civitai, then the Hub, from their base-URL variables', async () => {
    const civitai = await startFakeCivitai({ source: arraySource(civitaiItems(12)) });
    const hub = await startFakeHub({ source: arrayHubSource(hubRepos(7)) });
    servers.push(civitai, hub);
    const db = path.join(tempDir(), 'dfwatch.db');
    const result = await runCliInProcess(['--db', db, 'crawl', 'all', '--rps', '0', '--log', 'json'], { CIVITAI_BASE_URL: civitai.url, HF_BASE_URL: hub.url });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^civitai run 1: 12 models .*\nhuggingface run 2: 7 models /);
    const refused = await runCliInProcess(['--db', db, 'crawl', 'all', '--base-url', hub.url]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/CIVITAI_BASE_URL and \$HF_BASE_URL/);
  });

  it('says what is wrong with a bad --base in one line', async () => {
    const result = await runCliInProcess(['--db', path.join(tempDir(), 'x.db'), 'crawl', 'huggingface', '--base', 'not a repo', '--base-url', 'http://127.0.0.1:9']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('dfwatch: --base expects a repo id like owner/name, got: not a repo');
  });

  it('sends HF_TOKEN as a bearer token and never writes it anywhere', async () => {
    const token = 'hf_abcdefghijklmnopqrstuvwx';
    const server = await startFakeHub({ source: arrayHubSource([hubRepo(1, { id: 'someone/woman-lora' })]) });
    servers.push(server);
    const db = path.join(tempDir(), 'dfwatch.db');
    const result = await runCliInProcess(['--db', db, 'crawl', 'huggingface', '--base-url', server.url, '--rps', '0', '--log', 'json'], { HF_TOKEN: token });
    expect(result.code).toBe(0);
    expect(server.stats.authorizationHeaders.every((header) => header === `Bearer ${token}`)).toBe(true);
    expect(server.stats.authorizationHeaders.length).toBe(server.stats.requests);
    expect(result.stdout + result.stderr).not.toContain(token);
    const store = openStore({ path: db });
    try {
      const dump = JSON.stringify([
        store.sqlite.prepare('SELECT * FROM crawl_runs').all(),
        store.sqlite.prepare('SELECT * FROM crawl_units').all(),
        store.sqlite.prepare('SELECT * FROM item_errors').all(),
      ]);
      expect(dump).not.toContain(token);
      expect(dump).toMatch(/hasToken\W+true/);
    } finally {
      store.close();
    }
  });
});
