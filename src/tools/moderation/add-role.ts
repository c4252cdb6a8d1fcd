import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { moderationReason, requestedByMessageId, snowflake } from '../fields.ts';
import { policyRolesOnly, runRoleChange } from '../role-change.ts';
import { holdsPermission } from '../rules/permissions.ts';

/** Gives a member a role. */
export default defineTool({
  file: import.meta.url,
  name: 'add_role',
  category: 'moderation',
  description:
    'Give a member one role of this server. Only when a member who holds the Manage Roles permission (or a ' +
    'role the server grants it to) asked you for it in one of the messages of this turn, by mentioning or ' +
    'replying to you; cite that message. Roles at or above your own highest role or the requester’s, ' +
    'integration roles and @everyone cannot be given. Use get_server_stats to find role ids.',
  input: z.object({
    user_id: snowflake('Id of the member who receives the role.'),
    role_id: snowflake('Id of the role to give.'),
    reason: moderationReason,
    requested_by_message_id: requestedByMessageId,
  }),
  permission: {
    kind: 'moderation',
    discordPermission: 'ManageRoles',
    policyKey: 'add_role',
    autonomousLimit: policyRolesOnly('give'),
    check(_input, facts) {
      // A member allowed only by the policy's roleGrants must not hand out powers they lack; a holder
      // of Manage Roles could give the role in Discord directly, so Ery adds nothing for them.
      const requester = facts.requester;
      if (requester === null || holdsPermission(requester, 'ManageRoles')) return null;
      const extra = (facts.role?.permissions ?? []).filter((name) => !requester.permissions.includes(name));
      return extra.length === 0
        ? null
        : `role ${facts.role?.name} carries permissions the requester lacks (${extra.join(', ')})`;
    },
  },
  run: runRoleChange('addRole'),
});
