import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { moderationReason, requestedByMessageId, snowflake } from '../fields.ts';

/** Takes a role away from a member. */
export default defineTool({
  file: import.meta.url,
  name: 'remove_role',
  category: 'moderation',
  description:
    'Take one role away from a member of this server. Only when a member who holds the Manage Roles permission ' +
    '(or a role the server grants it to) asked you for it in one of the messages of this turn, by mentioning ' +
    'or replying to you; cite that message. Roles at or above your own highest role or the requester’s, ' +
    'integration roles and @everyone cannot be removed.',
  input: z.object({
    user_id: snowflake('Id of the member who loses the role.'),
    role_id: snowflake('Id of the role to remove.'),
    reason: moderationReason,
    requested_by_message_id: requestedByMessageId,
  }),
  permission: {
    kind: 'moderation',
    discordPermission: 'ManageRoles',
    policyKey: 'remove_role',
    autonomousLimit(input, limits) {
      return limits.roleIds.includes(input.role_id)
        ? null
        : `role ${input.role_id} is not one this server lets Ery remove on its own`;
    },
  },
  async run(input, call) {
    await call.actions.removeRole(
      {
        guildId: call.guildId,
        userId: input.user_id,
        roleId: input.role_id,
        reason: call.discordReason(input.reason),
      },
      call.signal,
    );
    return { user_id: input.user_id, role_id: input.role_id, role_name: call.targets.role?.name ?? null };
  },
});
