CREATE TABLE `classifications` (
	`model_id` integer NOT NULL,
	`classifier_version` text NOT NULL,
	`content_hash` text NOT NULL,
	`classified_at` text NOT NULL,
	`person_score` real NOT NULL,
	`person_target` integer NOT NULL,
	`person_target_no_poi` integer NOT NULL,
	`target_name` text,
	`target_gender` text NOT NULL,
	`fame` text NOT NULL,
	`sexual` integer NOT NULL,
	`ncii` integer NOT NULL,
	`ncii_signals` text DEFAULT '[]' NOT NULL,
	`minor_signal` integer NOT NULL,
	`base_family` text NOT NULL,
	`evidence` text DEFAULT '[]' NOT NULL,
	PRIMARY KEY(`model_id`, `classifier_version`),
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `classifications_version_flags` ON `classifications` (`classifier_version`,`person_target`,`ncii`);--> statement-breakpoint
CREATE TABLE `crawl_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform` text NOT NULL,
	`kind` text NOT NULL,
	`scope` text NOT NULL,
	`is_full` integer NOT NULL,
	`status` text NOT NULL,
	`as_of` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`options` text DEFAULT '{}' NOT NULL,
	`pages` integer DEFAULT 0 NOT NULL,
	`items` integer DEFAULT 0 NOT NULL,
	`models_new` integer DEFAULT 0 NOT NULL,
	`models_changed` integer DEFAULT 0 NOT NULL,
	`models_removed` integer DEFAULT 0 NOT NULL,
	`item_errors` integer DEFAULT 0 NOT NULL,
	`requests` integer DEFAULT 0 NOT NULL,
	`retries` integer DEFAULT 0 NOT NULL,
	`last_error` text
);
--> statement-breakpoint
CREATE INDEX `crawl_runs_platform_scope` ON `crawl_runs` (`platform`,`scope`,`status`);--> statement-breakpoint
CREATE TABLE `crawl_units` (
	`run_id` integer NOT NULL,
	`unit` text NOT NULL,
	`cursor` text,
	`is_done` integer DEFAULT false NOT NULL,
	`pages` integer DEFAULT 0 NOT NULL,
	`items` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`run_id`, `unit`),
	FOREIGN KEY (`run_id`) REFERENCES `crawl_runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`model_id` integer NOT NULL,
	`version_id` integer NOT NULL,
	`platform_file_id` text NOT NULL,
	`name` text NOT NULL,
	`size_bytes` integer,
	`file_type` text,
	`format` text,
	`is_primary` integer,
	`sha256` text,
	`autov2` text,
	`blake3` text,
	`crc32` text,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`version_id`) REFERENCES `model_versions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `files_key` ON `files` (`version_id`,`platform_file_id`);--> statement-breakpoint
CREATE INDEX `files_sha256` ON `files` (`sha256`);--> statement-breakpoint
CREATE INDEX `files_autov2` ON `files` (`autov2`);--> statement-breakpoint
CREATE INDEX `files_model` ON `files` (`model_id`);--> statement-breakpoint
CREATE TABLE `images` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`model_id` integer NOT NULL,
	`version_id` integer,
	`nsfw_level` integer,
	`nsfw_label` text,
	`minor` integer,
	`poi` integer,
	`prompt` text,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`version_id`) REFERENCES `model_versions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `images_model` ON `images` (`model_id`);--> statement-breakpoint
CREATE TABLE `item_errors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`platform_id` text,
	`source` text NOT NULL,
	`message` text NOT NULL,
	`raw` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `crawl_runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `item_errors_run` ON `item_errors` (`run_id`);--> statement-breakpoint
CREATE TABLE `model_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`model_id` integer NOT NULL,
	`platform_version_id` text NOT NULL,
	`name` text,
	`base_model` text,
	`base_model_type` text,
	`trained_words` text DEFAULT '[]' NOT NULL,
	`created_at` text,
	`published_at` text,
	`nsfw_level` integer,
	`downloads` integer,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `model_versions_key` ON `model_versions` (`model_id`,`platform_version_id`);--> statement-breakpoint
CREATE TABLE `models` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform` text NOT NULL,
	`platform_id` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`creator` text,
	`description` text,
	`url` text NOT NULL,
	`nsfw` integer,
	`nsfw_level` integer,
	`poi` integer,
	`minor` integer,
	`mode` text,
	`availability` text,
	`gated` text,
	`disabled` integer,
	`library_name` text,
	`pipeline_tag` text,
	`sha` text,
	`card_text` text,
	`base_models` text,
	`created_at` text,
	`updated_at` text,
	`downloads` integer,
	`downloads_all_time` integer,
	`content_hash` text NOT NULL,
	`first_seen_run` integer NOT NULL,
	`last_seen_run` integer NOT NULL,
	`first_seen_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`removed_at` text,
	`removed_reason` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `models_platform_id` ON `models` (`platform`,`platform_id`);--> statement-breakpoint
CREATE INDEX `models_created` ON `models` (`created_at`);--> statement-breakpoint
CREATE INDEX `models_creator` ON `models` (`creator`);--> statement-breakpoint
CREATE INDEX `models_last_seen` ON `models` (`platform`,`last_seen_run`);--> statement-breakpoint
CREATE INDEX `models_downloads` ON `models` (`downloads`);--> statement-breakpoint
CREATE TABLE `reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`model_id` integer NOT NULL,
	`decision` text NOT NULL,
	`note` text,
	`reviewer` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `reviews_model` ON `reviews` (`model_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `snapshots` (
	`run_id` integer NOT NULL,
	`model_id` integer NOT NULL,
	`taken_at` text NOT NULL,
	`downloads` integer,
	`downloads_all_time` integer,
	`likes` integer,
	`thumbs_up` integer,
	`thumbs_down` integer,
	`comments` integer,
	`tips` integer,
	`favorites` integer,
	`rating` real,
	`rating_count` integer,
	PRIMARY KEY(`run_id`, `model_id`),
	FOREIGN KEY (`run_id`) REFERENCES `crawl_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `snapshots_model` ON `snapshots` (`model_id`,`taken_at`);--> statement-breakpoint
CREATE TABLE `tags` (
	`model_id` integer NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`model_id`, `tag`),
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `tags_tag` ON `tags` (`tag`);