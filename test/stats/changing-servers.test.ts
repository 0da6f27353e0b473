// Issue 5's second done-means, end to end: two crawls of changing replay servers (downloads grow,
// models vanish, a file reappears under a new Civitai id and on the Hub) give the right growth,
// removals and re-uploads in `computeStats`.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { computeStats } from '../../src/stats/stats.js';
import { crawlCivitai } from '../../src/crawlers/crawl-civitai.js';
import { crawlHuggingface } from '../../src/crawlers/crawl-huggingface.js';
import { BUILTIN_BASES } from '../../src/crawlers/huggingface.js';
import { HttpClient } from '../../src/crawlers/http.js';
import { openStore, type Store } from '../../src/db/open.js';
import { silentLogger } from '../../src/log.js';
import { arraySource, startFakeCivitai, type FakeCivitaiServer } from '../../src/replay/civitai-server.js';
import { arrayHubSource, startFakeHub, type FakeHubServer } from '../../src/replay/huggingface-server.js';
import { civitaiItem, civitaiItems } from '../helpers/civitai-items.js';
import { hubRepos } from '../helpers/hub-repos.js';
import { tempDir } from '../helpers/temp.js';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const DAY_1 = new Date('2026-06-01T00:00:00Z');
const DAY_2 = new Date('2026-06-08T00:00:00Z');

async function crawlBoth(store: Store, civitai: FakeCivitaiServer, hub: FakeHubServer, at: Date): Promise<void> {
  const http = new HttpClient({ userAgent: 'test', concurrency: 2, rps: 0, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
  try {
    await crawlCivitai({
      store, http, logger: silentLogger, baseUrl: civitai.url, listing: { types: ['LORA'], sort: 'Oldest', limit: 10 },
      fresh: false, verifyRemovals: true, recordedOptions: {}, now: () => at,
    });
    await crawlHuggingface({
      store, http, logger: silentLogger, baseUrl: hub.url, scope: { bases: BUILTIN_BASES, searches: [] }, pageSize: 1000,
      parallelListings: 2, fresh: false, isCandidate: () => true, verifyRemovals: true, recordedOptions: {}, now: () => at,
    });
  } finally {
    await http.close();
  }
}

describe('two crawls of a changing world', () => {
  it('measure growth, removals and re-uploads across Civitai and the Hub', async () => {
    const civitaiSource = arraySource(civitaiItems(30));
    const civitai = await startFakeCivitai({ source: civitaiSource });
    closers.push(() => civitai.close());
    const hubSource = arrayHubSource(hubRepos(8));
    const hub = await startFakeHub({ source: hubSource });
    closers.push(() => hub.close());
    const store = openStore({ path: path.join(tempDir(), 'world.db') });
    closers.push(() => store.close());

    await crawlBoth(store, civitai, hub, DAY_1);

    // A week later: every Civitai model gained 100 downloads and every Hub repo 7 (lifetime), two
    // Civitai models and one repo are gone, and model 5's file shows up again under a new Civitai
    // id and as a new Hub repo.
    for (const item of civitaiSource.items) (item.stats as { downloadCount: number }).downloadCount += 100;
    for (const repo of hubSource.repos) repo.downloadsAllTime = (repo.downloadsAllTime ?? 0) + 7;
    civitai.options.removedIds = new Set([3, 4]);
    hub.options.removedIds = new Set([hubSource.repos[0]!.id]);
    const reusedSha = (civitaiSource.items[4]!.modelVersions as { files: { hashes: { SHA256: string } }[] }[])[0]!.files[0]!.hashes.SHA256;
    const reupload = civitaiItem({ id: 500, sha256: reusedSha, downloads: 40 });
    (reupload.modelVersions as { publishedAt: string }[])[0]!.publishedAt = '2026-06-05T00:00:00.000Z';
    civitaiSource.items.push(reupload);
    const copy = hubRepos(1, 900)[0]!;
    copy.siblings = copy.siblings?.map((sibling) => (sibling.lfs ? { ...sibling, lfs: { ...sibling.lfs, sha256: reusedSha.toLowerCase() } } : sibling));
    copy.downloadsAllTime = 12;
    copy.createdAt = '2026-06-05T00:00:00.000Z';
    hubSource.repos.push(copy);

    await crawlBoth(store, civitai, hub, DAY_2);
    const stats = computeStats(store, { since: DAY_1.toISOString() });

    const growth = (scope: string) => stats.growth.rows.find((row) => row.scope === scope && row.population === 'all models')!;
    expect(stats.growth.method).toBe('snapshots');
    // 28 surviving Civitai models × 100, plus the new model's 40 downloads.
    expect(growth('civitai').downloadsGained).toBe(28 * 100 + 40);
    expect(growth('civitai').modelsNewSince).toBe(1);
    // 7 surviving repos × 7, plus the new repo's 12.
    expect(growth('huggingface').downloadsGained).toBe(7 * 7 + 12);

    const removed = stats.removals.filter((row) => row.scope !== 'all').map((row) => [row.scope, row.reason, row.models]);
    expect(removed).toEqual(expect.arrayContaining([
      ['civitai', 'not_found', 2],
      ['huggingface', 'not_found', 1],
    ]));

    const directions = Object.fromEntries(stats.reuploads.summary.map((row) => [row.direction, row.pairs]));
    expect(directions['civitai → civitai']).toBe(1);
    // Pairs are counted pairwise: the Hub copy pairs with both Civitai models that carry the file.
    expect(directions['civitai → huggingface']).toBe(2);
    const pairs = stats.reuploads.pairs.map((pair) => [pair.original.platformId, pair.reupload.platformId, pair.matchedOn]);
    expect(pairs).toEqual(expect.arrayContaining([
      ['5', '500', 'sha256'],
      ['5', copy.id, 'sha256'],
      ['500', copy.id, 'sha256'],
    ]));
  });
});
