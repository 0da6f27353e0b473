-- Views with plain names so the database is itself an output: open it in sqlite3 or Datasette.

-- Each model's most recent snapshot.
CREATE VIEW `latest_snapshot` AS
SELECT s.* FROM `snapshots` s
WHERE s.`run_id` = (
  SELECT s2.`run_id` FROM `snapshots` s2
  WHERE s2.`model_id` = s.`model_id`
  ORDER BY s2.`taken_at` DESC, s2.`run_id` DESC LIMIT 1
);
--> statement-breakpoint
-- Files that appear under more than one model (on one platform or across both): the trace of
-- re-uploads. SHA256 where both sides have it; AutoV2 (its first 10 hex digits) where one lacks it.
CREATE VIEW `file_links` AS
SELECT
  a.`id` AS `file_id`,
  a.`model_id` AS `model_id`,
  b.`id` AS `other_file_id`,
  b.`model_id` AS `other_model_id`,
  CASE WHEN a.`sha256` IS NOT NULL AND b.`sha256` IS NOT NULL THEN 'sha256' ELSE 'autov2' END AS `matched_on`,
  COALESCE(a.`sha256`, a.`autov2`) AS `hash`
FROM `files` a
JOIN `files` b ON b.`autov2` = a.`autov2` AND b.`model_id` <> a.`model_id`
WHERE a.`autov2` IS NOT NULL
  AND (a.`sha256` IS NULL OR b.`sha256` IS NULL OR a.`sha256` = b.`sha256`);
