// One Hub model listing (/api/models with its filters) as pages, followed by the Link header's
// next page. The cursor is that next page as a path and query (no host, no token): a checkpoint.
import type { ItemErrorRecord, ModelRecord } from '../db/ingest.js';
import { redact } from '../secrets.js';
import type { HttpClient } from './http.js';
import { InvalidResponseError } from './http-errors.js';
import { ApiHubPage, hubListUrl, nextPageFromLink, parseHubItem, resolvePage, type HubListing } from './huggingface.js';
import type { ListingPage } from './listing-walk.js';

export interface HubListingOptions {
  http: HttpClient;
  baseUrl: string;
  listing: HubListing;
  /** Asked of the API; the server may return fewer. */
  pageSize: number;
}

/** The listing's pages from a stored next page (null: the first page); a malformed item becomes an error row. */
export async function* huggingfaceListing(options: HubListingOptions, cursor: string | null): AsyncGenerator<ListingPage, void, undefined> {
  for (let at = cursor; ; ) {
    const url = at === null ? hubListUrl(options.baseUrl, options.listing, options.pageSize) : resolvePage(options.baseUrl, at);
    const response = await options.http.getJson(url);
    const page = ApiHubPage.safeParse(response.body);
    if (!page.success) throw new InvalidResponseError(redact(url), 'not a model listing (no JSON array)', JSON.stringify(response.body).slice(0, 2000));
    const source = redact(url);
    const items: ModelRecord[] = [];
    const errors: ItemErrorRecord[] = [];
    for (const raw of page.data) {
      const parsed = parseHubItem(raw);
      if (parsed.ok) items.push(parsed.record);
      else errors.push({ platformId: parsed.platformId, source, message: parsed.message, raw: redact(parsed.raw) });
    }
    const nextCursor = nextPageFromLink(response.headers.get('link'), options.baseUrl);
    yield { items, errors, nextCursor };
    if (nextCursor === null) return;
    at = nextCursor;
  }
}
