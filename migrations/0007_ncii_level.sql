ALTER TABLE `classifications` ADD `ncii_level` text DEFAULT 'none' NOT NULL;--> statement-breakpoint
UPDATE `classifications` SET `ncii_level` = 'explicit' WHERE `ncii` = 1;
