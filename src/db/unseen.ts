// Models a finished full walk did not see: the candidates for removal, which a crawler re-reads one
// by one before marking anything removed. Read in id batches (a keyset, so memory stays bounded and
// a model confirmed or marked meanwhile simply drops out of the next batch).
import { and, count, eq, gt, inArray, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { Store } from './open.js';
import { models, type Platform } from './schema.js';

export type UnseenModel = Pick<typeof models.$inferSelect, 'id' | 'platformId'>;

export interface UnseenQuery {
  platform: Platform;
  /** The run whose walk is finished. */
  runId: number;
  /** Only models of these types (the types the walk listed); all types when absent. */
  types?: readonly string[];
  batchSize: number;
}

function unseenWhere(query: UnseenQuery): SQL | undefined {
  return and(
    eq(models.platform, query.platform),
    ne(models.lastSeenRun, query.runId),
    isNull(models.removedAt),
    query.types ? inArray(models.type, [...query.types]) : undefined,
  );
}

/** How many models the walk did not see (for progress). */
export function countUnseen(store: Store, query: UnseenQuery): number {
  return store.db.select({ count: count() }).from(models).where(unseenWhere(query)).get()?.count ?? 0;
}

/** Batches of unseen models in id order, one prepared query for the whole walk. */
export function* unseenBatches(store: Store, query: UnseenQuery): Generator<UnseenModel[], void, undefined> {
  const batch = store.db
    .select({ id: models.id, platformId: models.platformId })
    .from(models)
    .where(and(unseenWhere(query), gt(models.id, sql.placeholder('after'))))
    .orderBy(models.id)
    .limit(query.batchSize)
    .prepare();
  for (let after = 0; ; ) {
    const rows = batch.all({ after });
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}
