// What earlier runs tell a new one: how many models the last full crawl of a platform saw, so a
// progress line can estimate the time left.
import { and, desc, eq } from 'drizzle-orm';
import type { Store } from './open.js';
import { crawlRuns, type Platform } from './schema.js';

/** Models seen by the newest finished full crawl of this platform, or null when there was none. */
export function lastFullCrawlItems(store: Store, platform: Platform): number | null {
  const row = store.db
    .select({ items: crawlRuns.items })
    .from(crawlRuns)
    .where(and(eq(crawlRuns.platform, platform), eq(crawlRuns.kind, 'crawl'), eq(crawlRuns.isFull, true), eq(crawlRuns.status, 'done')))
    .orderBy(desc(crawlRuns.id))
    .limit(1)
    .get();
  return row?.items ?? null;
}
