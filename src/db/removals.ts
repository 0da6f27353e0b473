// Removal marks: a model that vanished gets a date and a reason, never a DELETE, because a model that
// vanished is a finding. Both crawlers mark removals here; the statements are prepared once per store.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Store } from './open.js';
import { crawlRuns, models, type Platform } from './schema.js';

export type RemovalReason = 'not_found' | 'taken_down' | 'archived' | 'gated' | 'disabled';

export interface RemovalMark {
  runId: number;
  platform: Platform;
  platformId: string;
  reason: RemovalReason;
  /** ISO 8601: when the removal was observed. */
  at: string;
  /** Civitai's mode, when the API still answers with one. */
  mode?: string | null;
}

/** The removal columns as the schema types them. */
export type RemovalState = Pick<typeof models.$inferSelect, 'removedAt' | 'removedReason'>;

function statements(store: Store) {
  const mark = store.db
    .update(models)
    .set({
      removedAt: sql`${sql.placeholder('at')}`,
      removedReason: sql`${sql.placeholder('reason')}`,
      mode: sql`COALESCE(${sql.placeholder('mode')}, ${models.mode})`,
    })
    .where(and(eq(models.platform, sql.placeholder('platform')), eq(models.platformId, sql.placeholder('platformId')), isNull(models.removedAt)))
    .prepare();
  const restore = store.db
    .update(models)
    .set({ removedAt: sql`${sql.placeholder('removedAt')}`, removedReason: sql`${sql.placeholder('removedReason')}` })
    .where(and(eq(models.platform, sql.placeholder('platform')), eq(models.platformId, sql.placeholder('platformId'))))
    .prepare();
  const countOnRun = store.db
    .update(crawlRuns)
    .set({ modelsRemoved: sql`${crawlRuns.modelsRemoved} + 1` })
    .where(eq(crawlRuns.id, sql.placeholder('runId')))
    .prepare();
  return { mark, restore, countOnRun };
}

/** Marks models removed for one store; create once per crawl, call inside the page's transaction. */
export class RemovalMarker {
  private readonly statements: ReturnType<typeof statements>;

  constructor(store: Store) {
    this.statements = statements(store);
  }

  /** Marks one model removed (once; an earlier mark keeps its date) and counts it on the run. */
  mark(mark: RemovalMark): boolean {
    const { changes } = this.statements.mark.run({ at: mark.at, reason: mark.reason, mode: mark.mode ?? null, platform: mark.platform, platformId: mark.platformId });
    if (changes > 0) this.statements.countOnRun.run({ runId: mark.runId });
    return changes > 0;
  }

  /**
   * Puts back a mark that an upsert of the model cleared (any model seen again loses its mark), when
   * the same reason still holds: the removal keeps the date it was first observed.
   */
  restore(platform: Platform, platformId: string, state: RemovalState): void {
    this.statements.restore.run({ platform, platformId, removedAt: state.removedAt, removedReason: state.removedReason });
  }
}
