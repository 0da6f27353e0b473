DROP INDEX `models_creator`;--> statement-breakpoint
CREATE INDEX `models_creator` ON `models` (`creator`,`platform`,`downloads`,`downloads_all_time`);--> statement-breakpoint
DROP INDEX `snapshots_model`;--> statement-breakpoint
CREATE INDEX `snapshots_model` ON `snapshots` (`model_id`,`taken_at`,`run_id`);