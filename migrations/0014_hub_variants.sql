CREATE TABLE `hub_variants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`model_id` integer NOT NULL,
	`path` text NOT NULL,
	`name` text NOT NULL,
	`folder` text,
	`format` text,
	`size_bytes` integer,
	`sha256` text,
	`autov2` text,
	`first_seen_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`sidecar_path` text,
	`sidecar_status` text NOT NULL,
	`civitai_model_id` integer,
	`civitai_version_id` integer,
	`civitai_name` text,
	`civitai_version_name` text,
	`civitai_type` text,
	`trained_words` text DEFAULT '[]' NOT NULL,
	`base_model` text,
	`poi` integer,
	`nsfw` integer,
	`header_status` text DEFAULT 'none' NOT NULL,
	`header_metadata` text,
	`classifier_version` text,
	`person_score` real,
	`person_target` integer,
	`person_target_no_poi` integer,
	`target_name` text,
	`target_gender` text,
	`fame` text,
	`sexual` integer,
	`ncii` integer,
	`ncii_level` text,
	`minor_signal` integer,
	`base_family` text,
	`evidence` text,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `hub_variants_key` ON `hub_variants` (`model_id`,`path`);--> statement-breakpoint
CREATE INDEX `hub_variants_autov2` ON `hub_variants` (`autov2`);--> statement-breakpoint
CREATE INDEX `hub_variants_civitai` ON `hub_variants` (`civitai_model_id`);--> statement-breakpoint
CREATE INDEX `hub_variants_classifier` ON `hub_variants` (`classifier_version`);--> statement-breakpoint
-- Each variant with the Civitai model it re-hosts: by the sidecar's model id, else by SHA256 (or
-- AutoV2 where one side lacks the SHA256) against the Civitai files table. A variant matching
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
  AND (v.`civitai_model_id` IS NULL OR m.`platform_id` <> CAST(v.`civitai_model_id` AS TEXT));
