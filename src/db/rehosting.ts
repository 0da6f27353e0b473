// The re-hosting queries (issue 12): archive repos, their variants, and the Civitai models the
// variants re-host (the variant_links view: sidecar id, file hash, or Civitai's by-hash answer).
// src/stats/rehosting.ts names and defines each figure; the SQL lives here, prepared once per store.
import { prepared } from './prepared.js';
import type { Store } from './open.js';

export interface VariantTotals {
  archiveRepos: number;
  variants: number;
  variantsWithSidecar: number;
  personTargetingVariants: number;
  personTargetingVariantsWithPoi: number;
  unclassifiedVariants: number;
}

export interface LinkTotals {
  linkedVariants: number;
  rehostedCivitaiModels: number;
  /** Variants linked by each route (a variant linked by two routes counts in both). */
  linkedBySidecar: number;
  linkedBySha256: number;
  linkedByAutov2: number;
  linkedByCivitaiApi: number;
}

export interface RemovedRehosting {
  variants: number;
  civitaiModels: number;
  repoDownloads: number;
}

export interface ArchiveRepoRow {
  repo: string;
  url: string;
  variants: number;
  personTargetingVariants: number;
  linkedVariants: number;
  downloadsAllTime: number | null;
  firstSeenAt: string;
}

// One pass over the links: which variants link, to which Civitai models (the view can repeat a pair).
const LINKED = `SELECT DISTINCT l.variant_id, l.civitai_model_row, l.civitai_model_id, l.matched_on FROM variant_links l`;

const TOTALS = `
  SELECT COUNT(DISTINCT model_id) AS archiveRepos, COUNT(*) AS variants,
    COALESCE(SUM(sidecar_status = 'read'), 0) AS variantsWithSidecar,
    COALESCE(SUM(person_target_no_poi = 1), 0) AS personTargetingVariants,
    COALESCE(SUM(person_target = 1), 0) AS personTargetingVariantsWithPoi,
    COALESCE(SUM(classifier_version IS NULL), 0) AS unclassifiedVariants
  FROM hub_variants`;

const LINKS = `
  WITH linked AS (${LINKED})
  SELECT COUNT(DISTINCT variant_id) AS linkedVariants, COUNT(DISTINCT civitai_model_id) AS rehostedCivitaiModels,
    COUNT(DISTINCT CASE WHEN matched_on = 'sidecar' THEN variant_id END) AS linkedBySidecar,
    COUNT(DISTINCT CASE WHEN matched_on = 'sha256' THEN variant_id END) AS linkedBySha256,
    COUNT(DISTINCT CASE WHEN matched_on = 'autov2' THEN variant_id END) AS linkedByAutov2,
    COUNT(DISTINCT CASE WHEN matched_on = 'civitai_api' THEN variant_id END) AS linkedByCivitaiApi
  FROM linked`;

const POI = `
  WITH linked AS (${LINKED})
  SELECT COUNT(*) AS n FROM hub_variants v
  WHERE v.poi = 1 OR EXISTS (SELECT 1 FROM linked l JOIN models m ON m.id = l.civitai_model_row WHERE l.variant_id = v.id AND m.poi = 1)`;

const REMOVED = `
  WITH linked AS (${LINKED}),
  after AS (
    SELECT v.id AS variantId, v.model_id AS repoId, m.id AS civitaiId FROM linked l
    JOIN hub_variants v ON v.id = l.variant_id JOIN models m ON m.id = l.civitai_model_row
    WHERE m.removed_at IS NOT NULL AND v.last_seen_at >= m.removed_at)
  SELECT (SELECT COUNT(DISTINCT variantId) FROM after) AS variants, (SELECT COUNT(DISTINCT civitaiId) FROM after) AS civitaiModels,
    (SELECT COALESCE(SUM(r.downloads_all_time), 0) FROM models r WHERE r.id IN (SELECT repoId FROM after)) AS repoDownloads`;

const TOP_REPOS = `
  SELECT r.platform_id AS repo, r.url, COUNT(*) AS variants, COALESCE(SUM(v.person_target_no_poi = 1), 0) AS personTargetingVariants,
    SUM(EXISTS (SELECT 1 FROM variant_links l WHERE l.variant_id = v.id)) AS linkedVariants, r.downloads_all_time AS downloadsAllTime, r.first_seen_at AS firstSeenAt
  FROM hub_variants v JOIN models r ON r.id = v.model_id
  GROUP BY r.id ORDER BY personTargetingVariants DESC, variants DESC, r.platform_id LIMIT ?`;

export function variantTotals(store: Store): VariantTotals {
  return prepared<[], VariantTotals>(store, TOTALS).get()!;
}

export function linkTotals(store: Store): LinkTotals {
  return prepared<[], LinkTotals>(store, LINKS).get()!;
}

/** Variants re-hosting a model flagged poi, by the sidecar or the stored Civitai model. */
export function poiVariantCount(store: Store): number {
  return prepared<[], { n: number }>(store, POI).get()!.n;
}

export function removedRehosting(store: Store): RemovedRehosting {
  return prepared<[], RemovedRehosting>(store, REMOVED).get()!;
}

/** Archive repos ranked by person-targeting variants, then by variants. */
export function topArchiveRepos(store: Store, limit: number): ArchiveRepoRow[] {
  return prepared<[number], ArchiveRepoRow>(store, TOP_REPOS).all(limit);
}
