// `crawl huggingface --civitai-by-hash`: after the Hub crawl, ask Civitai once about each archive file
// no stored Civitai model accounts for (crawlers/civitai-by-hash.ts), with the Civitai client's own
// origin (`run --civitai-base-url`, else $CIVITAI_BASE_URL), token ($CIVITAI_API_KEY) and polite
// pacing (1 request per second).
import { CIVITAI_BASE_URL } from '../crawlers/civitai.js';
import { lookUpArchiveHashes, type ByHashSummary } from '../crawlers/civitai-by-hash.js';
import type { Store } from '../db/open.js';
import type { Logger } from '../log.js';
import { createClient, type CommonCrawlOptions } from './crawl-options.js';
import { checkBaseUrl } from './options.js';

const CIVITAI_RPS = 1;

export async function civitaiByHashJob(store: Store, options: CommonCrawlOptions & { civitaiBaseUrl?: string }, logger: Logger): Promise<ByHashSummary> {
  const baseUrl = options.civitaiBaseUrl ?? (process.env.CIVITAI_BASE_URL ? checkBaseUrl(process.env.CIVITAI_BASE_URL, '$CIVITAI_BASE_URL') : CIVITAI_BASE_URL);
  // The Hub crawl's --base-url is the Hub's: the Civitai client takes only its own root.
  const { http } = createClient({ options: { ...options, baseUrl }, baseUrl, defaultRps: CIVITAI_RPS, tokenEnv: 'CIVITAI_API_KEY', logger });
  try {
    return await lookUpArchiveHashes({ store, http, baseUrl, logger });
  } finally {
    await http.close();
  }
}
