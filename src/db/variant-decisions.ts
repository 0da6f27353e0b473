// The classifier's side of hub_variants (hub-variants.ts writes what the crawler found): the
// variants still to decide, keyset-paged, each with the stored Civitai model it re-hosts when one is
// known (the same sidecar model id, or the same SHA256/AutoV2 as a stored Civitai file), and the
// decisions written back onto the variant rows, one transaction per batch. Statements are prepared
// once per run. Hand-written SQL: the link is a COALESCE of two correlated subqueries.
import { keysetBatches } from './keyset.js';
import type { Store } from './open.js';

export interface VariantInputRow {
  id: number;
  path: string;
  name: string;
  folder: string | null;
  size_bytes: number | null;
  civitai_name: string | null;
  civitai_version_name: string | null;
  civitai_type: string | null;
  trained_words: string;
  base_model: string | null;
  poi: number | null;
  nsfw: number | null;
  header_metadata: string | null;
  repo_creator: string | null;
  repo_nsfw: number | null;
  /** The stored Civitai model this file is, or null. */
  linked_id: number | null;
}

/** One variant's decision as its columns hold it: booleans as 0/1, evidence as JSON. */
export interface VariantDecisionRow {
  id: number;
  personScore: number;
  personTarget: 0 | 1;
  personTargetNoPoi: 0 | 1;
  targetName: string | null;
  targetGender: string;
  fame: string;
  sexual: 0 | 1;
  ncii: 0 | 1;
  nciiLevel: string;
  minorSignal: 0 | 1;
  baseFamily: string;
  evidence: string;
}

export interface VariantBatchOptions {
  /** The classifier version whose decisions count as done. */
  version: string;
  /** Every variant, not only those without a decision for this version. */
  all: boolean;
  batchSize: number;
}

/** Reads the variants to decide, one batch after another in id order; an empty batch means done. */
export function variantInputBatches(store: Store, options: VariantBatchOptions): () => VariantInputRow[] {
  const select = store.sqlite.prepare<{ after: number; all: number; version: string; limit: number }, VariantInputRow>(`
    SELECT v.id, v.path, v.name, v.folder, v.size_bytes, v.civitai_name, v.civitai_version_name, v.civitai_type, v.trained_words,
      v.base_model, v.poi, v.nsfw, v.header_metadata, r.creator AS repo_creator, r.nsfw AS repo_nsfw,
      COALESCE(
        (SELECT m.id FROM models m WHERE m.platform = 'civitai' AND m.platform_id = CAST(v.civitai_model_id AS TEXT)),
        (SELECT f.model_id FROM files f JOIN models m ON m.id = f.model_id AND m.platform = 'civitai'
         WHERE v.autov2 IS NOT NULL AND f.autov2 = v.autov2 AND (v.sha256 IS NULL OR f.sha256 IS NULL OR f.sha256 = v.sha256)
         ORDER BY f.model_id LIMIT 1)
      ) AS linked_id
    FROM hub_variants v JOIN models r ON r.id = v.model_id
    WHERE v.id > @after AND (@all = 1 OR v.classifier_version IS NULL OR v.classifier_version <> @version)
    ORDER BY v.id LIMIT @limit`);
  return keysetBatches(select, { all: options.all ? 1 : 0, version: options.version }, options.batchSize);
}

/** Writes a batch of decisions of this classifier version onto their variants, in one transaction. */
export function variantDecisionWriter(store: Store, options: { version: string }): (rows: readonly VariantDecisionRow[]) => void {
  const update = store.sqlite.prepare<VariantDecisionRow & { version: string }>(
    `UPDATE hub_variants SET classifier_version = @version, person_score = @personScore, person_target = @personTarget, person_target_no_poi = @personTargetNoPoi,
       target_name = @targetName, target_gender = @targetGender, fame = @fame, sexual = @sexual, ncii = @ncii, ncii_level = @nciiLevel,
       minor_signal = @minorSignal, base_family = @baseFamily, evidence = @evidence
     WHERE id = @id`,
  );
  return store.sqlite.transaction((rows: readonly VariantDecisionRow[]) => {
    for (const row of rows) update.run({ ...row, version: options.version });
  });
}
