CREATE TABLE `wikidata_people` (
	`qid` text PRIMARY KEY NOT NULL,
	`label` text,
	`gender` text,
	`sex_or_gender` text DEFAULT '[]' NOT NULL,
	`occupations` text DEFAULT '[]' NOT NULL,
	`sitelinks` integer NOT NULL,
	`fame` text,
	`fame_tier` text NOT NULL,
	`fetched_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `target_links` (
	`name_key` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`qid` text,
	`status` text NOT NULL,
	`looked_up_at` text NOT NULL,
	FOREIGN KEY (`qid`) REFERENCES `wikidata_people`(`qid`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `target_links_qid` ON `target_links` (`qid`) WHERE qid IS NOT NULL;
--> statement-breakpoint
-- Each looked-up target name that links to a person: join on name_key = lower(trim(target_name)) to
-- read the person's QID (one person's names in every script share it), gender and fame tier.
CREATE VIEW `target_identities` AS
SELECT l.`name_key`, l.`name`, l.`qid`, p.`label`, p.`gender`, p.`fame`, p.`fame_tier`, p.`sitelinks`, p.`occupations`, p.`fetched_at`
FROM `target_links` l
JOIN `wikidata_people` p ON p.`qid` = l.`qid`;
