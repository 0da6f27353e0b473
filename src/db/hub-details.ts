// The Hugging Face details step's work list: repos this run saw whose files and card are not yet
// stored for their current commit (or whose archive evidence failed to read), in model id order,
// so the step checkpoints the last id it finished. The statement is prepared once per step.
import type { Statement } from 'better-sqlite3';
import type { Store } from './open.js';
import type { models, snapshots } from './schema.js';

/** A repo waiting for details: what the candidate filter reads, and this run's listing counters. */
export type DetailRow = Pick<typeof models.$inferSelect, 'platformId' | 'name' | 'type' | 'creator' | 'description' | 'nsfw'> &
  Pick<typeof snapshots.$inferSelect, 'modelId' | 'downloads' | 'downloadsAllTime' | 'likes'> & { tags: string[]; baseModels: string[] };

interface RawDetailRow extends Omit<DetailRow, 'tags' | 'baseModels' | 'nsfw'> {
  tags: string;
  baseModels: string | null;
  nsfw: number | null;
}

export class HubDetailsQueue {
  private readonly select: Statement<[number, number, number], RawDetailRow>;

  constructor(store: Store) {
    this.select = store.sqlite.prepare(
      `SELECT m.id AS modelId, m.platform_id AS platformId, m.name, m.type, m.creator, m.description, m.base_models AS baseModels, m.nsfw,
         (SELECT json_group_array(t.tag) FROM tags t WHERE t.model_id = m.id) AS tags,
         s.downloads, s.downloads_all_time AS downloadsAllTime, s.likes
       FROM snapshots s JOIN models m ON m.id = s.model_id
       WHERE s.run_id = ? AND s.model_id > ? AND m.platform = 'huggingface' AND m.removed_at IS NULL
         AND (NOT EXISTS (SELECT 1 FROM model_versions v WHERE v.model_id = m.id AND v.platform_version_id = COALESCE(m.sha, 'main'))
           -- An archive file whose sidecar or header read failed (quota, server error) is read again (issue 12).
           OR EXISTS (SELECT 1 FROM hub_variants hv WHERE hv.model_id = m.id AND (hv.sidecar_status = 'error' OR hv.header_status = 'error')))
       ORDER BY s.model_id LIMIT ?`,
    );
  }

  /** The next repos of this run after a model id (0: from the start). */
  after(runId: number, afterModelId: number, limit: number): DetailRow[] {
    return this.select.all(runId, afterModelId, limit).map((row) => ({
      ...row,
      nsfw: row.nsfw === null ? null : row.nsfw === 1,
      tags: JSON.parse(row.tags) as string[],
      baseModels: row.baseModels ? (JSON.parse(row.baseModels) as string[]) : [],
    }));
  }
}
