ALTER TABLE `crawl_runs` ADD `resume_status` text;
