-- A version per period key, bumped whenever a case_rollups row of that key is inserted, updated or
-- deleted — by the case triggers, a batch's deferred intakes, a rebuild or a hand edit — in the
-- writing transaction. The dashboard keeps a key's figures in memory while its version stands.
CREATE TABLE `rollup_versions` (
	`period` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER `case_rollups_version_insert` AFTER INSERT ON `case_rollups`
BEGIN
  INSERT INTO rollup_versions (period, version) VALUES (NEW.period, 1) ON CONFLICT (period) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `case_rollups_version_update` AFTER UPDATE ON `case_rollups`
BEGIN
  INSERT INTO rollup_versions (period, version) VALUES (NEW.period, 1) ON CONFLICT (period) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `case_rollups_version_delete` AFTER DELETE ON `case_rollups`
BEGIN
  INSERT INTO rollup_versions (period, version) VALUES (OLD.period, 1) ON CONFLICT (period) DO UPDATE SET version = version + 1;
END;
