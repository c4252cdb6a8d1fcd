import type { ToolInvocation } from './define-tool.ts';

/** The arguments add_role and remove_role share. */
interface RoleChangeInput {
  user_id: string;
  role_id: string;
  reason: string;
}

/**
 * What add_role and remove_role do once authorised: one Discord call on the member's roles, with
 * the audit reason, and the same result shape for the model.
 */
export function runRoleChange(method: 'addRole' | 'removeRole') {
  return async (input: RoleChangeInput, call: ToolInvocation) => {
    await call.actions[method](
      {
        guildId: call.guildId,
        userId: input.user_id,
        roleId: input.role_id,
        reason: call.discordReason(input.reason),
      },
      call.signal,
    );
    return { user_id: input.user_id, role_id: input.role_id, role_name: call.targets.role?.name ?? null };
  };
}

/** The autonomous limit of a role change: only roles the server's policy names (`verb`: give, remove). */
export function policyRolesOnly(verb: 'give' | 'remove') {
  return (input: { role_id: string }, limits: { roleIds: readonly string[] }) =>
    limits.roleIds.includes(input.role_id)
      ? null
      : `role ${input.role_id} is not one this server lets Ery ${verb} on its own`;
}
