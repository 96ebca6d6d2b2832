CREATE TABLE `buildings` (
	`code` text PRIMARY KEY NOT NULL,
	`grid_code` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`floors` integer NOT NULL,
	`households` integer NOT NULL,
	`party_group` text,
	`lon` real NOT NULL,
	`lat` real NOT NULL,
	`footprint` text,
	`simulated` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`grid_code`) REFERENCES `grids`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "buildings_code" CHECK(length("buildings"."code") = 18 AND "buildings"."code" NOT GLOB '*[^0-9]*' AND substr("buildings"."code", 1, 15) = "buildings"."grid_code"),
	CONSTRAINT "buildings_type" CHECK("buildings"."type" IN ('residential', 'office', 'market', 'public', 'mixed')),
	CONSTRAINT "buildings_size" CHECK("buildings"."floors" >= 1 AND "buildings"."households" >= 0)
);
--> statement-breakpoint
CREATE INDEX `buildings_grid` ON `buildings` (`grid_code`);--> statement-breakpoint
CREATE TABLE `communities` (
	`code` text PRIMARY KEY NOT NULL,
	`street_code` text NOT NULL,
	`name` text NOT NULL,
	`full_name` text NOT NULL,
	`kind` text NOT NULL,
	`geometry` text NOT NULL,
	`min_lon` real NOT NULL,
	`min_lat` real NOT NULL,
	`max_lon` real NOT NULL,
	`max_lat` real NOT NULL,
	`center_lon` real NOT NULL,
	`center_lat` real NOT NULL,
	`simulated` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`street_code`) REFERENCES `streets`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "communities_code" CHECK(length("communities"."code") = 12 AND "communities"."code" NOT GLOB '*[^0-9]*'),
	CONSTRAINT "communities_kind" CHECK("communities"."kind" IN ('community', 'village'))
);
--> statement-breakpoint
CREATE INDEX `communities_street` ON `communities` (`street_code`);--> statement-breakpoint
CREATE TABLE `data_versions` (
	`name` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `districts` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`geometry` text NOT NULL,
	`min_lon` real NOT NULL,
	`min_lat` real NOT NULL,
	`max_lon` real NOT NULL,
	`max_lat` real NOT NULL,
	`center_lon` real NOT NULL,
	`center_lat` real NOT NULL,
	`simulated` integer DEFAULT false NOT NULL,
	CONSTRAINT "districts_code" CHECK(length("districts"."code") = 6 AND "districts"."code" NOT GLOB '*[^0-9]*')
);
--> statement-breakpoint
CREATE TABLE `grid_assignments` (
	`grid_code` text NOT NULL,
	`staff_id` integer NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`grid_code`, `staff_id`),
	FOREIGN KEY (`grid_code`) REFERENCES `grids`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "grid_assignments_role" CHECK("grid_assignments"."role" IN ('leader', 'member'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `grid_assignments_one_leader` ON `grid_assignments` (`grid_code`) WHERE role = 'leader';--> statement-breakpoint
CREATE INDEX `grid_assignments_staff` ON `grid_assignments` (`staff_id`);--> statement-breakpoint
CREATE TABLE `grids` (
	`code` text PRIMARY KEY NOT NULL,
	`community_code` text NOT NULL,
	`name` text NOT NULL,
	`party_branch` text NOT NULL,
	`households` integer NOT NULL,
	`residents` integer NOT NULL,
	`party_members` integer NOT NULL,
	`geometry` text NOT NULL,
	`min_lon` real NOT NULL,
	`min_lat` real NOT NULL,
	`max_lon` real NOT NULL,
	`max_lat` real NOT NULL,
	`center_lon` real NOT NULL,
	`center_lat` real NOT NULL,
	`simulated` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`community_code`) REFERENCES `communities`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "grids_code" CHECK(length("grids"."code") = 15 AND "grids"."code" NOT GLOB '*[^0-9]*' AND substr("grids"."code", 1, 12) = "grids"."community_code"),
	CONSTRAINT "grids_population" CHECK("grids"."households" >= 0 AND "grids"."residents" >= 0 AND "grids"."party_members" >= 0)
);
--> statement-breakpoint
CREATE INDEX `grids_community` ON `grids` (`community_code`);--> statement-breakpoint
CREATE TABLE `staff` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`phone` text NOT NULL,
	`party_member` integer NOT NULL,
	`simulated` integer DEFAULT false NOT NULL,
	CONSTRAINT "staff_phone" CHECK("staff"."phone" GLOB '1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]')
);
--> statement-breakpoint
CREATE TABLE `streets` (
	`code` text PRIMARY KEY NOT NULL,
	`district_code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`geometry` text NOT NULL,
	`min_lon` real NOT NULL,
	`min_lat` real NOT NULL,
	`max_lon` real NOT NULL,
	`max_lat` real NOT NULL,
	`center_lon` real NOT NULL,
	`center_lat` real NOT NULL,
	`simulated` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`district_code`) REFERENCES `districts`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "streets_code" CHECK(length("streets"."code") = 9 AND "streets"."code" NOT GLOB '*[^0-9]*'),
	CONSTRAINT "streets_kind" CHECK("streets"."kind" IN ('street', 'town', 'township'))
);
--> statement-breakpoint
CREATE INDEX `streets_district` ON `streets` (`district_code`);