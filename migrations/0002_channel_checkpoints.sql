CREATE TABLE `channel_checkpoints` (
	`channel_id` text NOT NULL,
	`seq` integer NOT NULL,
	`at` integer NOT NULL,
	`machine_version` integer NOT NULL,
	`digest` text NOT NULL,
	PRIMARY KEY(`channel_id`, `seq`)
);
