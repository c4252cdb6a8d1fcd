import { z } from 'zod';
import { Snowflake } from '../domain/message.ts';

/**
 * Argument fields shared by several tools, each with the wording the model reads. Field NAMES carry
 * meaning to the authoriser: `user_id`, `role_id`, `channel_id` and `message_id` are resolved and
 * proven to belong to the thread's guild/channel, `requested_by_message_id` names the requester and
 * `content` is checked for mass mentions (see ./rules/targets.ts and ./authorise.ts).
 */

/**
 * Most text one message tool sends. Past Discord's 2000 characters a text is split into several
 * messages (`splitMessage`, issue 12), so a long answer is never refused; the bound keeps one call
 * from flooding a channel (about five messages).
 */
export const MAX_TEXT_LENGTH = 8000;
/** Discord keeps at most 512 characters of an audit-log reason; room is left for the requester. */
export const MAX_REASON_LENGTH = 400;

/** A Discord id argument described for the model. */
export function snowflake(description: string) {
  return Snowflake.describe(description);
}

/** Text of a message Ery sends. */
export const messageContent = z
  .string()
  .max(MAX_TEXT_LENGTH, `at most ${MAX_TEXT_LENGTH} characters may be sent at once; shorten it`)
  .refine((text) => text.trim().length > 0, 'the message is empty; write something to send');

/** Why a moderation action is taken; Discord shows it in the server's audit log. */
export const moderationReason = z
  .string()
  .trim()
  .min(1, 'give a reason; moderators read it in the audit log')
  .max(MAX_REASON_LENGTH)
  .describe(
    `Why, in a short sentence moderators will read in the server's audit log (at most ${MAX_REASON_LENGTH} characters).`,
  );

/**
 * The message in which a member asked Ery for a moderation action. Null (or absent) means Ery acts on
 * its own, which only works where the server enabled autonomous moderation for that tool.
 */
export const requestedByMessageId = Snowflake.nullable()
  .default(null)
  .describe(
    'Id of the message, among the messages you were given in this turn, in which a member who may do this ' +
      'asked you (by mentioning you or replying to you) to do it. Never cite a message that does not ask for ' +
      'this action. Use null only when acting on your own under the server rules; that is refused unless the ' +
      'server enabled autonomous moderation for this tool.',
  );
