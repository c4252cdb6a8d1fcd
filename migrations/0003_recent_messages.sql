CREATE TABLE `recent_message_buffers` (
	`channel_id` text PRIMARY KEY NOT NULL,
	`complete_from` text
);
--> statement-breakpoint
CREATE TABLE `recent_messages` (
	`channel_id` text NOT NULL,
	`message_id` text NOT NULL,
	`message` text NOT NULL,
	PRIMARY KEY(`channel_id`, `message_id`)
);
