-- Each model's latest classification (by the newest decision, i.e. the classifier version last run),
-- for the models it flags as targeting a real person in either mode (with or without Civitai's poi).
CREATE VIEW `person_targeting_models` AS
SELECT
  m.`id` AS `model_id`, m.`platform`, m.`platform_id`, m.`name`, m.`type`, m.`creator`, m.`url`, m.`downloads`, m.`poi`,
  c.`classifier_version`, c.`person_score`, c.`person_target`, c.`person_target_no_poi`, c.`target_name`, c.`target_gender`,
  c.`fame`, c.`sexual`, c.`ncii`, c.`ncii_signals`, c.`minor_signal`, c.`base_family`, c.`evidence`
FROM `models` m
JOIN `classifications` c ON c.`model_id` = m.`id`
WHERE c.rowid = (
  SELECT c2.rowid FROM `classifications` c2 WHERE c2.`model_id` = m.`id`
  ORDER BY c2.`classified_at` DESC, c2.rowid DESC LIMIT 1
)
AND (c.`person_target` = 1 OR c.`person_target_no_poi` = 1);
