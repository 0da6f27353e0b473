// Re-hosting figures (issue 12): Civitai models living on in Hugging Face archive repos, counted by
// file (variant), with repos alongside. Every figure is defined in DEFINITIONS, which `stats --json`
// prints with the numbers. Person-targeting counts use each variant's own decision with poi
// ignored (person_target_no_poi), the mode that works where Civitai's flag is gone.
import type { Store } from '../db/open.js';

export const REHOSTING_DEFINITIONS = {
  archiveRepos: 'Hugging Face repos holding two or more model files (.safetensors/.ckpt/.pt/.bin of 1 MiB or more).',
  variants: 'Model files inside archive repos, each counted once per repo and path.',
  variantsWithSidecar: 'Variants whose Civitai sidecar (.civitai.info/.civitai.json/.json) was read and validated.',
  linkedVariants: 'Variants matched to a stored Civitai model by the sidecar model id, by SHA256, or by AutoV2 where one side lacks the SHA256.',
  rehostedCivitaiModels: 'Distinct stored Civitai models that at least one variant re-hosts.',
  personTargetingVariants: "Variants the classifier flags as targeting a real person with Civitai's poi flag ignored.",
  personTargetingVariantsWithPoi: 'Variants flagged with every signal, the sidecar poi flag included.',
  poiVariants: "Variants re-hosting a Civitai model flagged poi (by the sidecar or the stored model): hidden from Civitai's API since 22 May 2025.",
  rehostedAfterRemoval:
    'Variants whose linked Civitai model is marked removed, still seen on the Hub at or after that removal; civitaiModels counts those models, repoDownloads sums the lifetime downloads of the repos hosting them (the Hub counts downloads per repo, not per file).',
  topArchiveRepos: 'Archive repos ranked by person-targeting variants, then by variants.',
} as const;

export interface ArchiveRepoRow {
  repo: string;
  url: string;
  variants: number;
  personTargetingVariants: number;
  linkedVariants: number;
  downloadsAllTime: number | null;
  firstSeenAt: string;
}

export interface RehostingFigures {
  definitions: typeof REHOSTING_DEFINITIONS;
  archiveRepos: number;
  variants: number;
  variantsWithSidecar: number;
  linkedVariants: number;
  rehostedCivitaiModels: number;
  personTargetingVariants: number;
  personTargetingVariantsWithPoi: number;
  /** Variants without a decision yet (run `dfwatch classify`). */
  unclassifiedVariants: number;
  poiVariants: number;
  rehostedAfterRemoval: { variants: number; civitaiModels: number; repoDownloads: number };
  topArchiveRepos: ArchiveRepoRow[];
}

// One pass over the links: which variants link, to which Civitai models (the view can repeat a pair).
const LINKED = `SELECT DISTINCT l.variant_id, l.civitai_model_row FROM variant_links l`;

export function rehostingFigures(store: Store, options: { topN: number }): RehostingFigures {
  const db = store.sqlite;
  const totals = db
    .prepare(
      `SELECT COUNT(DISTINCT model_id) AS archiveRepos, COUNT(*) AS variants,
         COALESCE(SUM(sidecar_status = 'read'), 0) AS variantsWithSidecar,
         COALESCE(SUM(person_target_no_poi = 1), 0) AS personTargetingVariants,
         COALESCE(SUM(person_target = 1), 0) AS personTargetingVariantsWithPoi,
         COALESCE(SUM(classifier_version IS NULL), 0) AS unclassifiedVariants
       FROM hub_variants`,
    )
    .get() as Pick<RehostingFigures, 'archiveRepos' | 'variants' | 'variantsWithSidecar' | 'personTargetingVariants' | 'personTargetingVariantsWithPoi' | 'unclassifiedVariants'>;
  const links = db
    .prepare(
      `WITH linked AS (${LINKED})
       SELECT COUNT(DISTINCT variant_id) AS linkedVariants, COUNT(DISTINCT civitai_model_row) AS rehostedCivitaiModels FROM linked`,
    )
    .get() as { linkedVariants: number; rehostedCivitaiModels: number };
  const poi = db
    .prepare(
      `WITH linked AS (${LINKED})
       SELECT COUNT(*) AS n FROM hub_variants v
       WHERE v.poi = 1 OR EXISTS (SELECT 1 FROM linked l JOIN models m ON m.id = l.civitai_model_row WHERE l.variant_id = v.id AND m.poi = 1)`,
    )
    .get() as { n: number };
  const removed = db
    .prepare(
      `WITH linked AS (${LINKED}),
       after AS (
         SELECT v.id AS variantId, v.model_id AS repoId, m.id AS civitaiId FROM linked l
         JOIN hub_variants v ON v.id = l.variant_id JOIN models m ON m.id = l.civitai_model_row
         WHERE m.removed_at IS NOT NULL AND v.last_seen_at >= m.removed_at)
       SELECT (SELECT COUNT(DISTINCT variantId) FROM after) AS variants, (SELECT COUNT(DISTINCT civitaiId) FROM after) AS civitaiModels,
         (SELECT COALESCE(SUM(r.downloads_all_time), 0) FROM models r WHERE r.id IN (SELECT repoId FROM after)) AS repoDownloads`,
    )
    .get() as RehostingFigures['rehostedAfterRemoval'];
  const top = db
    .prepare(
      `WITH linked AS (${LINKED})
       SELECT r.platform_id AS repo, r.url, COUNT(*) AS variants, COALESCE(SUM(v.person_target_no_poi = 1), 0) AS personTargetingVariants,
         SUM(EXISTS (SELECT 1 FROM linked l WHERE l.variant_id = v.id)) AS linkedVariants, r.downloads_all_time AS downloadsAllTime, r.first_seen_at AS firstSeenAt
       FROM hub_variants v JOIN models r ON r.id = v.model_id
       GROUP BY r.id ORDER BY personTargetingVariants DESC, variants DESC, r.platform_id LIMIT ?`,
    )
    .all(options.topN) as ArchiveRepoRow[];
  return { definitions: REHOSTING_DEFINITIONS, ...totals, ...links, poiVariants: poi.n, rehostedAfterRemoval: removed, topArchiveRepos: top };
}
