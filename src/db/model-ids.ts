// A model's store id from its platform and platform id (the unique key models_platform_id): how
// `show`, `review`, the console and the gold sets find one model.
import { and, eq, sql } from 'drizzle-orm';
import type { Store } from './open.js';
import { models, type Platform } from './schema.js';

function prepareLookup(store: Store) {
  return store.db
    .select({ id: models.id })
    .from(models)
    .where(and(eq(models.platform, sql.placeholder('platform')), eq(models.platformId, sql.placeholder('platformId'))))
    .prepare();
}

const lookups = new WeakMap<Store, ReturnType<typeof prepareLookup>>();

/** The store's id of this model, or null when it is not stored. */
export function findModelId(store: Store, key: { platform: Platform; platformId: string }): number | null {
  let lookup = lookups.get(store);
  if (!lookup) {
    lookup = prepareLookup(store);
    lookups.set(store, lookup);
  }
  return lookup.get({ platform: key.platform, platformId: key.platformId })?.id ?? null;
}
