CREATE TABLE `need_cases` (
	`need_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	PRIMARY KEY(`need_id`, `case_id`),
	FOREIGN KEY (`need_id`) REFERENCES `needs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `need_cases_case` ON `need_cases` (`case_id`);--> statement-breakpoint
CREATE TABLE `needs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_code` text NOT NULL,
	`grid_code` text,
	`building_code` text,
	`title` text NOT NULL,
	`category` text NOT NULL,
	`description` text NOT NULL,
	`beneficiaries` text NOT NULL,
	`beneficiary_count` integer NOT NULL,
	`urgency` text NOT NULL,
	`source` text NOT NULL,
	`resource_types` text NOT NULL,
	`needed_from` text NOT NULL,
	`needed_to` text NOT NULL,
	`slots` text NOT NULL,
	`lon` real NOT NULL,
	`lat` real NOT NULL,
	`status` text NOT NULL,
	`close_note` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_code`) REFERENCES `communities`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grid_code`) REFERENCES `grids`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`building_code`) REFERENCES `buildings`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "needs_status" CHECK("needs"."status" IN ('open', 'matched', 'in_project', 'fulfilled', 'closed')),
	CONSTRAINT "needs_urgency" CHECK("needs"."urgency" IN ('low', 'normal', 'high', 'urgent')),
	CONSTRAINT "needs_source" CHECK("needs"."source" IN ('cases', 'visit', 'survey', 'other')),
	CONSTRAINT "needs_window" CHECK("needs"."needed_from" <= "needs"."needed_to"),
	CONSTRAINT "needs_grid_in_community" CHECK("needs"."grid_code" IS NULL OR substr("needs"."grid_code", 1, 12) = "needs"."community_code")
);
--> statement-breakpoint
CREATE INDEX `needs_community_status` ON `needs` (`community_code`,`status`);--> statement-breakpoint
CREATE INDEX `needs_grid` ON `needs` (`grid_code`);--> statement-breakpoint
CREATE TABLE `party_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_code` text NOT NULL,
	`grid_code` text,
	`name` text NOT NULL,
	`phone` text NOT NULL,
	`unit_id` integer,
	`workplace` text NOT NULL,
	`skills` text NOT NULL,
	`slots` text NOT NULL,
	`registered_on` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_code`) REFERENCES `communities`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grid_code`) REFERENCES `grids`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "party_members_grid" CHECK("party_members"."grid_code" IS NULL OR substr("party_members"."grid_code", 1, 12) = "party_members"."community_code"),
	CONSTRAINT "party_members_registered" CHECK("party_members"."registered_on" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
CREATE INDEX `party_members_community` ON `party_members` (`community_code`,`registered_on`);--> statement-breakpoint
CREATE INDEX `party_members_unit` ON `party_members` (`unit_id`);--> statement-breakpoint
CREATE TABLE `project_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`at` integer NOT NULL,
	`action` text NOT NULL,
	`from_status` text NOT NULL,
	`to_status` text NOT NULL,
	`actor_user_id` integer,
	`actor_name` text NOT NULL,
	`actor_role` text NOT NULL,
	`note` text,
	`attachments` text NOT NULL,
	`rating` integer,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `project_events_project` ON `project_events` (`project_id`,`id`);--> statement-breakpoint
CREATE TABLE `project_needs` (
	`project_id` integer NOT NULL,
	`need_id` integer NOT NULL,
	PRIMARY KEY(`project_id`, `need_id`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`need_id`) REFERENCES `needs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `project_needs_need` ON `project_needs` (`need_id`);--> statement-breakpoint
CREATE TABLE `project_photos` (
	`upload_id` text PRIMARY KEY NOT NULL,
	`project_id` integer NOT NULL,
	FOREIGN KEY (`upload_id`) REFERENCES `uploads`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `project_photos_project` ON `project_photos` (`project_id`);--> statement-breakpoint
CREATE TABLE `project_resources` (
	`project_id` integer NOT NULL,
	`resource_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	PRIMARY KEY(`project_id`, `resource_id`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resource_id`) REFERENCES `resources`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "project_resources_quantity" CHECK("project_resources"."quantity" > 0)
);
--> statement-breakpoint
CREATE INDEX `project_resources_resource` ON `project_resources` (`resource_id`);--> statement-breakpoint
CREATE TABLE `projects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_code` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`lead_unit_id` integer,
	`lead_member_id` integer,
	`planned_from` text NOT NULL,
	`planned_to` text NOT NULL,
	`status` text NOT NULL,
	`beneficiaries_served` integer,
	`provider_rating` integer,
	`provider_comment` text,
	`community_rating` integer,
	`community_comment` text,
	`claimed_at` integer,
	`started_at` integer,
	`completed_at` integer,
	`evaluated_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_code`) REFERENCES `communities`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_member_id`) REFERENCES `party_members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "projects_status" CHECK("projects"."status" IN ('proposed', 'claimed', 'in_progress', 'completed', 'evaluated', 'cancelled')),
	CONSTRAINT "projects_window" CHECK("projects"."planned_from" <= "projects"."planned_to"),
	CONSTRAINT "projects_ratings" CHECK(("projects"."provider_rating" IS NULL OR "projects"."provider_rating" BETWEEN 1 AND 5) AND ("projects"."community_rating" IS NULL OR "projects"."community_rating" BETWEEN 1 AND 5))
);
--> statement-breakpoint
CREATE INDEX `projects_community_status` ON `projects` (`community_code`,`status`);--> statement-breakpoint
CREATE INDEX `projects_lead_unit` ON `projects` (`lead_unit_id`);--> statement-breakpoint
CREATE INDEX `projects_lead_member` ON `projects` (`lead_member_id`);--> statement-breakpoint
CREATE TABLE `resources` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_code` text NOT NULL,
	`unit_id` integer,
	`member_id` integer,
	`title` text NOT NULL,
	`type` text NOT NULL,
	`description` text NOT NULL,
	`categories` text NOT NULL,
	`capacity` integer NOT NULL,
	`measure` text NOT NULL,
	`available_from` text NOT NULL,
	`available_to` text NOT NULL,
	`slots` text NOT NULL,
	`lon` real NOT NULL,
	`lat` real NOT NULL,
	`withdrawn` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_code`) REFERENCES `communities`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `party_members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "resources_type" CHECK("resources"."type" IN ('venue', 'funds', 'talent', 'volunteers', 'materials', 'service')),
	CONSTRAINT "resources_provider" CHECK(("resources"."unit_id" IS NULL) <> ("resources"."member_id" IS NULL)),
	CONSTRAINT "resources_capacity" CHECK("resources"."capacity" > 0),
	CONSTRAINT "resources_window" CHECK("resources"."available_from" <= "resources"."available_to")
);
--> statement-breakpoint
CREATE INDEX `resources_community` ON `resources` (`community_code`);--> statement-breakpoint
CREATE INDEX `resources_unit` ON `resources` (`unit_id`);--> statement-breakpoint
CREATE INDEX `resources_member` ON `resources` (`member_id`);--> statement-breakpoint
CREATE TABLE `units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_code` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`address` text NOT NULL,
	`lon` real NOT NULL,
	`lat` real NOT NULL,
	`contact_name` text NOT NULL,
	`contact_phone` text NOT NULL,
	`party_org` text NOT NULL,
	`party_members` integer DEFAULT 0 NOT NULL,
	`agreement_no` text,
	`agreement_from` text,
	`agreement_to` text,
	`registered_on` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_code`) REFERENCES `communities`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "units_type" CHECK("units"."type" IN ('government', 'state_enterprise', 'private_company', 'school', 'hospital', 'social_org', 'office_building')),
	CONSTRAINT "units_dates" CHECK("units"."registered_on" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND ("units"."agreement_from" IS NULL OR "units"."agreement_to" IS NULL OR "units"."agreement_from" <= "units"."agreement_to"))
);
--> statement-breakpoint
CREATE INDEX `units_community` ON `units` (`community_code`,`registered_on`);--> statement-breakpoint
CREATE TABLE `volunteer_hours` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`member_id` integer,
	`unit_id` integer,
	`person_name` text NOT NULL,
	`served_on` text NOT NULL,
	`hours` real NOT NULL,
	`note` text,
	`recorded_by` integer,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `party_members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "volunteer_hours_hours" CHECK("volunteer_hours"."hours" > 0 AND "volunteer_hours"."hours" <= 24),
	CONSTRAINT "volunteer_hours_who" CHECK("volunteer_hours"."member_id" IS NOT NULL OR "volunteer_hours"."unit_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE INDEX `volunteer_hours_project` ON `volunteer_hours` (`project_id`);--> statement-breakpoint
CREATE INDEX `volunteer_hours_member` ON `volunteer_hours` (`member_id`);--> statement-breakpoint
CREATE INDEX `volunteer_hours_unit` ON `volunteer_hours` (`unit_id`);--> statement-breakpoint
-- A project's timeline is evidence, like a case's: events are appended, never changed or removed.
CREATE TRIGGER `project_events_no_update` BEFORE UPDATE ON `project_events`
BEGIN
  SELECT RAISE(ABORT, 'project_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `project_events_no_delete` BEFORE DELETE ON `project_events`
BEGIN
  SELECT RAISE(ABORT, 'project_events is append-only');
END;
