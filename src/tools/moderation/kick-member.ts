import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { moderationReason, requestedByMessageId, snowflake } from '../fields.ts';

/** Removes a member from the server; they may rejoin with an invite. */
export default defineTool({
  file: import.meta.url,
  name: 'kick_member',
  category: 'moderation',
  description:
    'Kick a member out of this server (they can rejoin with an invite). Only when a member who holds the Kick ' +
    'Members permission (or a role the server grants it to) asked you for it in one of the messages of this ' +
    'turn, by mentioning or replying to you; cite that message. Never kick the owner, a moderator above the ' +
    'requester, or yourself.',
  input: z.object({
    user_id: snowflake('Id of the member to kick.'),
    reason: moderationReason,
    requested_by_message_id: requestedByMessageId,
  }),
  permission: {
    kind: 'moderation',
    discordPermission: 'KickMembers',
    policyKey: 'kick_member',
    autonomousLimit: () => null,
  },
  async run(input, call) {
    await call.actions.kick(
      { guildId: call.guildId, userId: input.user_id, reason: call.discordReason(input.reason) },
      call.signal,
    );
    return { kicked: input.user_id };
  },
});
