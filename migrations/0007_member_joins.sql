CREATE TABLE `member_joins` (
	`guild_id` text NOT NULL,
	`user_id` text NOT NULL,
	`joined_at` integer NOT NULL,
	`seen_at` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `user_id`, `joined_at`)
);
