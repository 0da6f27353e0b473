// The rows of `dfwatch export` (src/export/export.ts turns each into a record): every model with
// its newest base model, tags and one classifier version's decision, streamed in (platform, id)
// order so a million models never sit in memory. Hand-written SQL: correlated subqueries per model.
import type { StoredDecisionColumns } from './decision-columns.js';
import type { Store } from './open.js';

export interface ExportRow extends StoredDecisionColumns {
  platform: 'civitai' | 'huggingface';
  id: string;
  name: string;
  type: string;
  url: string;
  creator: string | null;
  createdAt: string | null;
  downloads: number | null;
  downloadsAllTime: number | null;
  baseModel: string | null;
  tags: string | null;
  nsfw: number | null;
  poi: number | null;
  removedAt: string | null;
  removedReason: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  score: number | null;
  evidence: string | null;
  classifierVersion: string | null;
}

/** Every model, with the decision of `classifierVersion` (null columns when it has none, or no version is given). */
export function exportRows(store: Store, classifierVersion: string | null): IterableIterator<ExportRow> {
  // baseModel: the newest version's base (Civitai) or the first base repo named (Hugging Face).
  const statement = store.sqlite.prepare<[string | null], ExportRow>(`
    SELECT m.platform, m.platform_id AS id, m.name, m.type, m.url, m.creator, m.created_at AS createdAt,
      m.downloads, m.downloads_all_time AS downloadsAllTime,
      COALESCE(
        (SELECT v.base_model FROM model_versions v WHERE v.model_id = m.id AND v.base_model IS NOT NULL
          ORDER BY COALESCE(v.published_at, v.created_at) DESC, v.id DESC LIMIT 1),
        json_extract(m.base_models, '$[0]')) AS baseModel,
      (SELECT json_group_array(t.tag) FROM tags t WHERE t.model_id = m.id) AS tags,
      m.nsfw, m.poi, m.removed_at AS removedAt, m.removed_reason AS removedReason,
      m.first_seen_at AS firstSeenAt, m.last_seen_at AS lastSeenAt,
      c.person_target AS personTarget, c.person_target_no_poi AS personTargetNoPoi, c.target_name AS targetName,
      c.target_gender AS targetGender, c.fame, c.sexual, c.ncii, c.minor_signal AS minorSignal, c.base_family AS baseFamily,
      c.person_score AS score, c.evidence, c.classifier_version AS classifierVersion
    FROM models m
    LEFT JOIN classifications c ON c.model_id = m.id AND c.classifier_version = ?
    ORDER BY m.platform, m.id`);
  return statement.iterate(classifierVersion);
}
