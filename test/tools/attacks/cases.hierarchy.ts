import { IDS } from '../fixtures/world.ts';
import { type AttackCase, B, reason } from './attack-case.ts';

/** Calls on a target ranked too high for the requester or for Ery. */
export const HIERARCHY_ATTACKS: AttackCase[] = [
  {
    name: 'a moderator request targets the server owner',
    tool: 'ban_member',
    args: { user_id: IDS.owner, reason, requested_by_message_id: B.modAsks },
    because: /owns this server/,
  },
  {
    name: 'a moderator request targets a fellow moderator of the same rank',
    tool: 'kick_member',
    args: { user_id: IDS.mod2, reason, requested_by_message_id: B.modAsks },
    because: /highest role is not below mona/,
  },
  {
    name: 'a moderator request targets the admin above them',
    tool: 'timeout_member',
    args: { user_id: IDS.admin, duration_seconds: 60, reason, requested_by_message_id: B.modAsks },
    because: /highest role is not below mona/,
  },
  {
    name: 'even the owner cannot have Ery act on a member ranked above Ery',
    tool: 'ban_member',
    args: { user_id: IDS.headMod, reason, requested_by_message_id: B.ownerAsks },
    because: /highest role is not below Ery's/,
  },
  {
    name: 'a moderator request targets Ery itself',
    tool: 'timeout_member',
    args: { user_id: IDS.bot, duration_seconds: 60, reason, requested_by_message_id: B.modAsks },
    because: /on itself/,
  },
];
