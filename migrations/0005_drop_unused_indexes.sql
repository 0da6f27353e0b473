DROP INDEX `files_sha256`;--> statement-breakpoint
DROP INDEX `tags_tag`;