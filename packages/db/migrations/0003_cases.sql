CREATE TABLE `case_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`at` integer NOT NULL,
	`action` text NOT NULL,
	`from_status` text NOT NULL,
	`to_status` text NOT NULL,
	`actor_user_id` integer,
	`actor_name` text NOT NULL,
	`actor_role` text NOT NULL,
	`note` text,
	`attachments` text NOT NULL,
	`assignee_id` integer,
	`deadline` integer,
	`rating` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_events_case` ON `case_events` (`case_id`,`id`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`tracking_hash` text,
	`channel` text NOT NULL,
	`category_code` text NOT NULL,
	`description` text NOT NULL,
	`lon` real,
	`lat` real,
	`address` text,
	`building_code` text,
	`grid_code` text,
	`suggested_grid_code` text,
	`community_code` text NOT NULL,
	`reporter_name` text,
	`reporter_phone` text,
	`external_ref` text,
	`created_by` integer,
	`status` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`assignee_id` integer,
	`deadline` integer,
	`rework_count` integer DEFAULT 0 NOT NULL,
	`reopen_count` integer DEFAULT 0 NOT NULL,
	`extension_count` integer DEFAULT 0 NOT NULL,
	`extension_deadline` integer,
	`extension_by` text,
	`escalated` integer DEFAULT false NOT NULL,
	`rating` integer,
	`rating_comment` text,
	`reported_at` integer NOT NULL,
	`closed_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`building_code`) REFERENCES `buildings`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grid_code`) REFERENCES `grids`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`suggested_grid_code`) REFERENCES `grids`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`community_code`) REFERENCES `communities`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "cases_rating" CHECK("cases"."rating" IS NULL OR "cases"."rating" BETWEEN 1 AND 5),
	CONSTRAINT "cases_where" CHECK(("cases"."lon" IS NOT NULL AND "cases"."lat" IS NOT NULL) OR "cases"."building_code" IS NOT NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_number_unique` ON `cases` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `cases_tracking_hash_unique` ON `cases` (`tracking_hash`);--> statement-breakpoint
CREATE INDEX `cases_grid_status` ON `cases` (`grid_code`,`status`);--> statement-breakpoint
CREATE INDEX `cases_community_status` ON `cases` (`community_code`,`status`);--> statement-breakpoint
CREATE INDEX `cases_assignee_status` ON `cases` (`assignee_id`,`status`);--> statement-breakpoint
CREATE INDEX `cases_reported` ON `cases` (`reported_at`);--> statement-breakpoint
CREATE INDEX `cases_category_reported` ON `cases` (`category_code`,`reported_at`);--> statement-breakpoint
CREATE INDEX `cases_building` ON `cases` (`building_code`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`key` text NOT NULL,
	`principal` text NOT NULL,
	`route` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer NOT NULL,
	`response` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`principal`, `key`)
);
--> statement-breakpoint
CREATE TABLE `uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`mime` text NOT NULL,
	`bytes` integer NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`uploaded_by` integer,
	`case_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
