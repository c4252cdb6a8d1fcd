import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { moderationReason, requestedByMessageId, snowflake } from '../fields.ts';
import { policyRolesOnly, runRoleChange } from '../role-change.ts';

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
    autonomousLimit: policyRolesOnly('remove'),
  },
  run: runRoleChange('removeRole'),
});
