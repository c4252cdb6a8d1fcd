CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`thread_id` text NOT NULL,
	`guild_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`step` integer NOT NULL,
	`call_id` text NOT NULL,
	`tool` text NOT NULL,
	`arguments` text NOT NULL,
	`requester_id` text,
	`requested_by_message_id` text,
	`decision` text NOT NULL,
	`reason` text,
	`outcome` text NOT NULL,
	`result` text,
	`error` text,
	`duration_ms` integer NOT NULL,
	`at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_thread_idx` ON `audit_log` (`thread_id`);--> statement-breakpoint
CREATE INDEX `audit_guild_idx` ON `audit_log` (`guild_id`,`at`);--> statement-breakpoint
CREATE TABLE `channel_events` (
	`channel_id` text NOT NULL,
	`seq` integer NOT NULL,
	`at` integer NOT NULL,
	`type` text NOT NULL,
	`event` text NOT NULL,
	PRIMARY KEY(`channel_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `channels` (
	`channel_id` text PRIMARY KEY NOT NULL,
	`guild_id` text NOT NULL,
	`machine_version` integer NOT NULL,
	`status` text NOT NULL,
	`snapshot` text NOT NULL,
	`last_event_seq` integer DEFAULT 0 NOT NULL,
	`permit_requested_at` integer,
	`updated_at` integer NOT NULL,
	`reaped_at` integer
);
--> statement-breakpoint
CREATE INDEX `channels_status_idx` ON `channels` (`status`);--> statement-breakpoint
CREATE TABLE `config_overrides` (
	`scope` text NOT NULL,
	`scope_id` text NOT NULL,
	`values` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`scope`, `scope_id`)
);
--> statement-breakpoint
CREATE TABLE `thread_steps` (
	`key` text PRIMARY KEY NOT NULL,
	`thread_id` text NOT NULL,
	`step` integer NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `thread_steps_thread_idx` ON `thread_steps` (`thread_id`,`step`);--> statement-breakpoint
CREATE TABLE `threads` (
	`id` text PRIMARY KEY NOT NULL,
	`channel_id` text NOT NULL,
	`guild_id` text NOT NULL,
	`trigger` text NOT NULL,
	`message_ids` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`error` text,
	`model` text,
	`prompt_tokens` integer DEFAULT 0 NOT NULL,
	`completion_tokens` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `threads_channel_idx` ON `threads` (`channel_id`,`started_at`);