CREATE TABLE `budget_limits` (
	`guild_id` text PRIMARY KEY NOT NULL,
	`guild_tokens_per_day` integer,
	`member_tokens_per_hour` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `budget_notices` (
	`scope` text NOT NULL,
	`guild_id` text NOT NULL,
	`member_id` text NOT NULL,
	`window_start` integer NOT NULL,
	`thread_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`message_id` text,
	`at` integer NOT NULL,
	PRIMARY KEY(`scope`, `guild_id`, `member_id`, `window_start`)
);
--> statement-breakpoint
CREATE TABLE `member_token_charges` (
	`usage_id` integer NOT NULL,
	`guild_id` text NOT NULL,
	`member_id` text NOT NULL,
	`tokens` integer NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`usage_id`, `member_id`),
	FOREIGN KEY (`usage_id`) REFERENCES `token_usage`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `member_token_charges_member_idx` ON `member_token_charges` (`guild_id`,`member_id`,`at`);--> statement-breakpoint
CREATE TABLE `token_usage` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`thread_id` text NOT NULL,
	`step` integer NOT NULL,
	`guild_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`model` text NOT NULL,
	`prompt_tokens` integer NOT NULL,
	`completion_tokens` integer NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `token_usage_guild_idx` ON `token_usage` (`guild_id`,`at`);