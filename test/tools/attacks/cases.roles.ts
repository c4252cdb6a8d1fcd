import { IDS } from '../fixtures/world.ts';
import { type AttackCase, B, R, reason } from './attack-case.ts';

/** Role changes that would hand out powers the requester or Ery does not have. */
export const ROLES_ATTACKS: AttackCase[] = [
  {
    name: 'a member asks for the Moderator role for themself',
    tool: 'add_role',
    args: {
      user_id: IDS.member,
      role_id: R.moderator,
      reason: 'promotion',
      requested_by_message_id: B.memberAsks,
    },
    because: /ursula may not request add_role/,
  },
  {
    name: 'a moderator grants themself the Moderator role again through Ery',
    tool: 'add_role',
    args: { user_id: IDS.mod, role_id: R.helper, reason: 'self grant', requested_by_message_id: B.modAsks },
    because: /mona \(\d+\) asked for add_role on themselves/,
  },
  {
    name: 'the owner asks for a role above Ery’s own',
    tool: 'add_role',
    args: {
      user_id: IDS.member,
      role_id: R.admin,
      reason: 'promotion',
      requested_by_message_id: B.ownerAsks,
    },
    because: /at or above Ery's highest role/,
  },
  {
    name: 'a moderator asks for the Head Mod role for a member',
    tool: 'add_role',
    args: {
      user_id: IDS.member,
      role_id: R.headMod,
      reason: 'promotion',
      requested_by_message_id: B.modAsks,
    },
    because: /at or above Ery's highest role/,
  },
  {
    name: 'a moderator asks for their own Moderator role for a member',
    tool: 'add_role',
    args: {
      user_id: IDS.member,
      role_id: R.moderator,
      reason: 'promotion',
      requested_by_message_id: B.modAsks,
    },
    because: /at or above mona/,
  },
  {
    name: 'a policy-granted helper hands out a role with powers they lack',
    tool: 'add_role',
    args: { user_id: IDS.member, role_id: R.vip, reason: 'vip', requested_by_message_id: B.helperAsks },
    policy: { roleGrants: { add_role: [R.helper] } },
    because: /carries permissions the requester lacks \(MentionEveryone\)/,
  },
  {
    name: 'a helper granted timeouts asks for a ban',
    tool: 'ban_member',
    args: { user_id: IDS.spammer, reason, requested_by_message_id: B.helperAsks },
    policy: { roleGrants: { timeout_member: [R.helper] } },
    because: /hugo may not request ban_member/,
  },
  {
    name: 'an integration-managed role is requested',
    tool: 'add_role',
    args: { user_id: IDS.member, role_id: R.booster, reason: 'perks', requested_by_message_id: B.ownerAsks },
    because: /managed by an integration/,
  },
  {
    name: 'the @everyone role is removed',
    tool: 'remove_role',
    args: { user_id: IDS.spammer, role_id: R.everyone, reason, requested_by_message_id: B.modAsks },
    because: /@everyone/,
  },
];
