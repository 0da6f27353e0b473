DROP INDEX `classifications_version_flags`;--> statement-breakpoint
CREATE INDEX `classifications_classified_at` ON `classifications` (`classified_at`);--> statement-breakpoint
CREATE INDEX `classifications_version_flags` ON `classifications` (`classifier_version`,`person_target`,`ncii`,`model_id`,`person_score`,`target_gender`,`fame`,`base_family`);--> statement-breakpoint
CREATE INDEX `models_first_seen` ON `models` (`first_seen_at`,`created_at`);--> statement-breakpoint
CREATE INDEX `models_triage` ON `models` (`id`,`platform`,`downloads`,`first_seen_at`,`created_at`);