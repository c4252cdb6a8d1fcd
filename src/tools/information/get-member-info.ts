import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { snowflake } from '../fields.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Looks up one member of the server Ery is working in. */
export default defineTool({
  file: import.meta.url,
  name: 'get_member_info',
  category: 'information',
  description:
    'Look up one member of this server: names, roles (highest first), permissions, whether they own the ' +
    'server, when they joined and whether they are timed out. Use it to check who someone is before acting.',
  input: z.object({
    user_id: snowflake('Id of the member to look up.'),
  }),
  permission: { kind: 'none', needsServer: true },
  async run(input, call) {
    // Already fetched (and proven to be in this guild) by the authorisation step.
    const member =
      call.targets.member ??
      (await call.actions.getMember({ guildId: call.guildId, userId: input.user_id }, call.signal));
    return {
      user_id: member.userId,
      username: member.username,
      display_name: member.displayName,
      bot: member.bot,
      is_owner: member.isOwner,
      roles: member.roles.map((role) => ({ id: role.id, name: role.name, position: role.position })),
      highest_role_position: member.highestRolePosition,
      permissions: member.permissions,
      joined_at: iso(member.joinedAt),
      timed_out_until: iso(member.communicationDisabledUntil),
    };
  },
});
