-- A second counter per period key, bumped only when one of its case_rollups rows is inserted or
-- deleted (an upsert that updates fires the UPDATE trigger, which leaves it): while it stands the
-- key holds the same territories, so the dashboard need not read them again.
ALTER TABLE `rollup_versions` ADD `rows` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `case_rollups_version_insert`;
--> statement-breakpoint
CREATE TRIGGER `case_rollups_version_insert` AFTER INSERT ON `case_rollups`
BEGIN
  INSERT INTO rollup_versions (period, version, rows) VALUES (NEW.period, 1, 1) ON CONFLICT (period) DO UPDATE SET version = version + 1, rows = rows + 1;
END;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `case_rollups_version_delete`;
--> statement-breakpoint
CREATE TRIGGER `case_rollups_version_delete` AFTER DELETE ON `case_rollups`
BEGIN
  INSERT INTO rollup_versions (period, version, rows) VALUES (OLD.period, 1, 1) ON CONFLICT (period) DO UPDATE SET version = version + 1, rows = rows + 1;
END;
