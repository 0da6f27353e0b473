-- Civitai's answers to GET /api/v1/model-versions/by-hash/{SHA256} for archive files (issue 12),
-- kept so a hash is asked once: found (a public model version) or not_public (404: never published,
-- removed, or hidden like every poi model since May 2025).
CREATE TABLE `civitai_hash_lookups` (
	`hash` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`civitai_model_id` integer,
	`civitai_version_id` integer,
	`model_name` text,
	`model_type` text,
	`nsfw` integer,
	`poi` integer,
	`checked_at` text NOT NULL
);
--> statement-breakpoint
DROP VIEW `variant_links`;
--> statement-breakpoint
-- Each variant with the Civitai model it re-hosts: by the sidecar's model id, else by SHA256 (or
-- AutoV2 where one side lacks the SHA256) against the Civitai files table, else by Civitai's own
-- by-hash answer (civitai_model_row is then NULL when that model is not stored). A variant matching
-- several Civitai files by hash yields one row per model.
CREATE VIEW `variant_links` AS
SELECT v.`id` AS `variant_id`, v.`model_id` AS `repo_model_id`, m.`id` AS `civitai_model_row`, m.`platform_id` AS `civitai_model_id`, 'sidecar' AS `matched_on`
FROM `hub_variants` v
JOIN `models` m ON m.`platform` = 'civitai' AND m.`platform_id` = CAST(v.`civitai_model_id` AS TEXT)
WHERE v.`civitai_model_id` IS NOT NULL
UNION
SELECT v.`id`, v.`model_id`, f.`model_id`, m.`platform_id`, CASE WHEN v.`sha256` IS NOT NULL AND f.`sha256` IS NOT NULL THEN 'sha256' ELSE 'autov2' END
FROM `hub_variants` v
JOIN `files` f ON f.`autov2` = v.`autov2`
JOIN `models` m ON m.`id` = f.`model_id` AND m.`platform` = 'civitai'
WHERE v.`autov2` IS NOT NULL
  AND (v.`sha256` IS NULL OR f.`sha256` IS NULL OR v.`sha256` = f.`sha256`)
  AND (v.`civitai_model_id` IS NULL OR m.`platform_id` <> CAST(v.`civitai_model_id` AS TEXT))
UNION
SELECT v.`id`, v.`model_id`, m.`id`, CAST(h.`civitai_model_id` AS TEXT), 'civitai_api'
FROM `hub_variants` v
JOIN `civitai_hash_lookups` h ON h.`hash` = v.`sha256` AND h.`status` = 'found'
LEFT JOIN `models` m ON m.`platform` = 'civitai' AND m.`platform_id` = CAST(h.`civitai_model_id` AS TEXT)
WHERE (v.`civitai_model_id` IS NULL OR h.`civitai_model_id` <> v.`civitai_model_id`)
  AND NOT EXISTS (
    SELECT 1 FROM `files` f JOIN `models` fm ON fm.`id` = f.`model_id` AND fm.`platform` = 'civitai'
    WHERE f.`autov2` = v.`autov2` AND fm.`platform_id` = CAST(h.`civitai_model_id` AS TEXT));
