CREATE TABLE `case_number_days` (
	`day` text PRIMARY KEY NOT NULL,
	`last` integer NOT NULL
);
