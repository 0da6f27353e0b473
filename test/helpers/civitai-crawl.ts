// The Civitai crawl as the tests run it: a fresh HTTP client (no rate limit, fast retries) against a
// replay server, closed afterwards.
import { crawlCivitai, type CivitaiCrawlOptions } from '../../src/crawlers/crawl-civitai.js';
import { HttpClient, type HttpClientOptions } from '../../src/crawlers/http.js';
import type { Store } from '../../src/db/open.js';
import type { RunSummary } from '../../src/db/runs.js';
import { silentLogger } from '../../src/log.js';

export interface CivitaiTestCrawl {
  http?: Partial<HttpClientOptions>;
  crawl?: Partial<CivitaiCrawlOptions>;
}

export async function crawlCivitaiReplay(server: { url: string }, store: Store, setup: CivitaiTestCrawl = {}): Promise<RunSummary> {
  const http = new HttpClient({ userAgent: 'dfwatch-test', concurrency: 2, rps: 0, retry: { baseDelayMs: 1, maxDelayMs: 5, limit: 4 }, ...setup.http });
  try {
    return await crawlCivitai({
      store,
      http,
      logger: silentLogger,
      baseUrl: server.url,
      listing: { types: ['LORA', 'Checkpoint'], sort: 'Oldest', limit: 20 },
      fresh: false,
      verifyRemovals: true,
      recordedOptions: {},
      ...setup.crawl,
    });
  } finally {
    await http.close();
  }
}
