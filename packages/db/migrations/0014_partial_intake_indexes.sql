-- Intake (issue 4): a new case has no assignee, usually no building code and (from a desk) no
-- tracking hash; as partial indexes over the rows that have one, these three take no entry for it.
-- Lookups by value (assignee_id = ?, building_code = ?, tracking_hash = ?) imply IS NOT NULL and
-- still use them.
DROP INDEX `cases_tracking_hash_unique`;--> statement-breakpoint
DROP INDEX `cases_assignee_status`;--> statement-breakpoint
DROP INDEX `cases_building`;--> statement-breakpoint
CREATE UNIQUE INDEX `cases_tracking_hash_unique` ON `cases` (`tracking_hash`) WHERE "cases"."tracking_hash" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `cases_assignee_status` ON `cases` (`assignee_id`,`status`) WHERE "cases"."assignee_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `cases_building` ON `cases` (`building_code`) WHERE "cases"."building_code" IS NOT NULL;