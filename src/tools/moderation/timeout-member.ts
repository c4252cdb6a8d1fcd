import { z } from 'zod';
import { MAX_TIMEOUT_SECONDS } from '../../domain/discord-limits.ts';
import { defineTool } from '../define-tool.ts';
import { moderationReason, requestedByMessageId, snowflake } from '../fields.ts';

/** Mutes a member for a while: they cannot send messages, react or join voice until it ends. */
export default defineTool({
  file: import.meta.url,
  name: 'timeout_member',
  category: 'moderation',
  description:
    'Time a member out for duration_seconds (1 to 2419200 = 28 days): they cannot write, react or speak until ' +
    'it ends. Only when a member who holds the Moderate Members permission (or a role the server grants it ' +
    'to) asked you for it in one of the messages of this turn, by mentioning or replying to you; cite that ' +
    'message. Without a requester it works only if the server allows autonomous timeouts, up to its limit.',
  input: z.object({
    user_id: snowflake('Id of the member to time out.'),
    duration_seconds: z
      .number()
      .int()
      .min(1)
      .max(MAX_TIMEOUT_SECONDS, 'Discord allows at most 28 days (2419200 seconds)')
      .describe('How long, in seconds: 600 = 10 minutes, 3600 = 1 hour, 86400 = 1 day; at most 2419200.'),
    reason: moderationReason,
    requested_by_message_id: requestedByMessageId,
  }),
  permission: {
    kind: 'moderation',
    discordPermission: 'ModerateMembers',
    policyKey: 'timeout_member',
    autonomousLimit(input, limits) {
      return input.duration_seconds > limits.maxDurationSeconds
        ? `duration_seconds ${input.duration_seconds} is above the ${limits.maxDurationSeconds} this server allows`
        : null;
    },
    check(_input, facts) {
      // Discord refuses to time out administrators; say so before asking.
      return facts.target.permissions.includes('Administrator')
        ? 'members with the Administrator permission cannot be timed out'
        : null;
    },
  },
  async run(input, call) {
    const until = call.now() + input.duration_seconds * 1000;
    await call.actions.timeout(
      { guildId: call.guildId, userId: input.user_id, until, reason: call.discordReason(input.reason) },
      call.signal,
    );
    return { timed_out: input.user_id, until: new Date(until).toISOString() };
  },
});
