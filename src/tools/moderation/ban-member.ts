import { z } from 'zod';
import { MAX_BAN_DELETE_SECONDS } from '../../domain/discord-limits.ts';
import { defineTool } from '../define-tool.ts';
import { moderationReason, requestedByMessageId, snowflake } from '../fields.ts';

/** Bans a member from the server, optionally deleting their recent messages. */
export default defineTool({
  file: import.meta.url,
  name: 'ban_member',
  category: 'moderation',
  description:
    'Ban a member from this server: they are removed and cannot rejoin. Only when a member who holds the Ban ' +
    'Members permission (or a role the server grants it to) asked you for it in one of the messages of this ' +
    'turn, by mentioning or replying to you; cite that message. Never ban the owner, a moderator above the ' +
    'requester, or yourself. Prefer timeout_member or kick_member for lesser problems.',
  input: z.object({
    user_id: snowflake('Id of the member to ban.'),
    reason: moderationReason,
    requested_by_message_id: requestedByMessageId,
    delete_message_seconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_BAN_DELETE_SECONDS)
      .optional()
      .describe('Also delete their messages from this many past seconds (0 to 604800 = 7 days). Default 0.'),
  }),
  permission: {
    kind: 'moderation',
    discordPermission: 'BanMembers',
    policyKey: 'ban_member',
    autonomousLimit(input, limits) {
      const seconds = input.delete_message_seconds ?? 0;
      return seconds > limits.maxDeleteMessageSeconds
        ? `delete_message_seconds ${seconds} is above the ${limits.maxDeleteMessageSeconds} this server allows`
        : null;
    },
  },
  async run(input, call) {
    await call.actions.ban(
      {
        guildId: call.guildId,
        userId: input.user_id,
        reason: call.discordReason(input.reason),
        ...(input.delete_message_seconds === undefined
          ? {}
          : { deleteMessageSeconds: input.delete_message_seconds }),
      },
      call.signal,
    );
    return { banned: input.user_id, deleted_message_seconds: input.delete_message_seconds ?? 0 };
  },
});
