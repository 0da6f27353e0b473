// Removals are marked with a date and a reason, never deleted: a model that vanished is a finding.
import type { Store } from '../db/open.js';
import type { Platform } from '../db/schema.js';

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

/** Marks one model removed (once; an earlier mark keeps its date) and counts it on the run. */
export function markRemoved(store: Store, mark: RemovalMark): boolean {
  const changed = store.sqlite
    .prepare(
      `UPDATE models SET removed_at = ?, removed_reason = ?, mode = COALESCE(?, mode)
       WHERE platform = ? AND platform_id = ? AND removed_at IS NULL`,
    )
    .run(mark.at, mark.reason, mark.mode ?? null, mark.platform, mark.platformId).changes;
  if (changed > 0) store.sqlite.prepare('UPDATE crawl_runs SET models_removed = models_removed + 1 WHERE id = ?').run(mark.runId);
  return changed > 0;
}
