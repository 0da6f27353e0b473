// Hugging Face crawl throughput against its download floor: the same listing pages from the same
// fake Hub (synthetic repos generated from their index, so N can be large), first merely fetched
// and parsed, then crawled into a fresh SQLite file. Details and removal checks are off so both
// sides make exactly the same requests.
//   node bin/run-ts.js bench/huggingface-throughput.ts [repos=100000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crawlHuggingface } from '../src/crawlers/crawl-huggingface.js';
import { BUILTIN_BASES, DEFAULT_PAGE_SIZE, hubListings, hubListUrl, nextPageFromLink, resolvePage } from '../src/crawlers/huggingface.js';
import { HttpClient } from '../src/crawlers/http.js';
import { openStore } from '../src/db/open.js';
import { silentLogger } from '../src/log.js';
import { startFakeHub, syntheticHubSource } from '../src/replay/huggingface-server.js';

export interface HubThroughput {
  repos: number;
  pages: number;
  /** Items served over all listings (a repo in two listings counts twice). */
  items: number;
  downloadSeconds: number;
  crawlSeconds: number;
  downloadItemsPerSecond: number;
  crawlItemsPerSecond: number;
  /** crawl ÷ download: how much of the floor the crawl keeps. */
  ratio: number;
}

const CONCURRENCY = 2;

function client(): HttpClient {
  return new HttpClient({ userAgent: 'dfwatch-bench', concurrency: CONCURRENCY, rps: 0 });
}

export async function measureHuggingfaceThroughput(repos: number): Promise<HubThroughput> {
  const server = await startFakeHub({ source: syntheticHubSource(repos) });
  const listings = hubListings({ bases: BUILTIN_BASES, searches: [] });
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dfwatch-bench-hf-'));
  try {
    const http = client();
    let items = 0;
    let pages = 0;
    const downloadStarted = performance.now();
    const pending = [...listings];
    const walk = async () => {
      for (let listing = pending.shift(); listing; listing = pending.shift()) {
        for (let url: string | null = hubListUrl(server.url, listing, DEFAULT_PAGE_SIZE); url !== null; ) {
          const response = await http.getJson(url);
          items += (response.body as unknown[]).length;
          pages++;
          const next = nextPageFromLink(response.headers.get('link'), server.url);
          url = next === null ? null : resolvePage(server.url, next);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, walk));
    const downloadSeconds = (performance.now() - downloadStarted) / 1000;
    await http.close();

    const store = openStore({ path: path.join(directory, 'bench.db') });
    const crawlClient = client();
    const crawlStarted = performance.now();
    const summary = await crawlHuggingface({
      store,
      http: crawlClient,
      logger: silentLogger,
      baseUrl: server.url,
      scope: { bases: BUILTIN_BASES, searches: [] },
      pageSize: DEFAULT_PAGE_SIZE,
      parallelListings: CONCURRENCY,
      fresh: false,
      isCandidate: () => false,
      verifyRemovals: false,
      recordedOptions: {},
    });
    const crawlSeconds = (performance.now() - crawlStarted) / 1000;
    await crawlClient.close();
    store.close();
    if (summary.items !== repos) throw new Error(`crawl stored ${summary.items} repos, expected ${repos}`);
    return {
      repos,
      pages,
      items,
      downloadSeconds,
      crawlSeconds,
      downloadItemsPerSecond: items / downloadSeconds,
      crawlItemsPerSecond: items / crawlSeconds,
      ratio: downloadSeconds / crawlSeconds,
    };
  } finally {
    await server.close();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${path.resolve(process.argv[1] ?? '')}`) {
  const repos = Number(process.argv[2] ?? 100_000);
  const result = await measureHuggingfaceThroughput(repos);
  const rate = (value: number) => Math.round(value).toLocaleString('en');
  process.stdout.write(
    `huggingface: ${rate(result.repos)} repos, ${result.pages} pages, ${rate(result.items)} listing items\n` +
      `  download floor: ${result.downloadSeconds.toFixed(2)} s, ${rate(result.downloadItemsPerSecond)} items/s\n` +
      `  crawl:          ${result.crawlSeconds.toFixed(2)} s, ${rate(result.crawlItemsPerSecond)} items/s (${(result.ratio * 100).toFixed(0)}% of the floor)\n`,
  );
}
