// Civitai's /api/v1/models listing as pages: validated, mapped, and followed by metadata.nextCursor.
import type { ItemErrorRecord, ModelRecord } from '../db/ingest.js';
import { redact } from '../secrets.js';
import { ApiCivitaiPage, civitaiListUrl, isCivitaiCursor, parseCivitaiItem, type CivitaiListingQuery } from './civitai.js';
import type { HttpClient } from './http.js';
import { InvalidResponseError } from './http-errors.js';
import type { ListingPage } from './listing-walk.js';

export interface CivitaiListingOptions {
  http: HttpClient;
  /** The API root the run is bound to (origin.ts). */
  root: URL;
  query: CivitaiListingQuery;
}

/** The listing's pages from a cursor (null: the first page); a malformed item becomes an error row, not a failed page. */
export async function* civitaiListing(options: CivitaiListingOptions, cursor: string | null): AsyncGenerator<ListingPage, void, undefined> {
  for (let at = cursor; ; ) {
    const url = civitaiListUrl(options.root, options.query, at);
    const response = await options.http.getJson(url);
    const page = ApiCivitaiPage.safeParse(response.body);
    if (!page.success) throw new InvalidResponseError(redact(url), 'not a model page (no items array)', JSON.stringify(response.body).slice(0, 2000));
    const source = redact(url);
    const items: ModelRecord[] = [];
    const errors: ItemErrorRecord[] = [];
    for (const raw of page.data.items) {
      const parsed = parseCivitaiItem(raw);
      if (parsed.ok) items.push(parsed.record);
      else errors.push({ platformId: parsed.platformId, source, message: parsed.message, raw: redact(parsed.raw) });
    }
    const next = page.data.metadata?.nextCursor;
    const nextCursor = next === null || next === undefined || next === '' ? null : String(next);
    if (nextCursor !== null && !isCivitaiCursor(nextCursor)) throw new InvalidResponseError(source, 'metadata.nextCursor is not a cursor', nextCursor.slice(0, 200));
    yield { items, errors, nextCursor };
    if (nextCursor === null) return;
    at = nextCursor;
  }
}
