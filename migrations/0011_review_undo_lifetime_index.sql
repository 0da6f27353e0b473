ALTER TABLE `reviews` ADD `undoes_review_id` integer REFERENCES reviews(id);--> statement-breakpoint
CREATE INDEX `models_lifetime` ON `models` ((CASE WHEN platform = 'huggingface' THEN downloads_all_time ELSE downloads END),`id`);
