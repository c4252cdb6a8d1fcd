import { IDS } from '../fixtures/world.ts';
import { type AttackCase, reason } from './attack-case.ts';

/** Autonomous moderation beyond what the guild policy allows. */
export const AUTONOMOUS_ATTACKS: AttackCase[] = [
  {
    name: 'an autonomous ban while autonomous moderation is off',
    tool: 'ban_member',
    args: { user_id: IDS.spammer, reason, requested_by_message_id: null },
    because: /has not enabled autonomous moderation/,
  },
  {
    name: 'an autonomous kick with requested_by_message_id left out',
    tool: 'kick_member',
    args: { user_id: IDS.spammer, reason },
    because: /has not enabled autonomous moderation/,
  },
  {
    name: 'an autonomous ban where only timeouts are autonomous',
    tool: 'ban_member',
    args: { user_id: IDS.spammer, reason, requested_by_message_id: null },
    policy: { autonomous: { enabled: true, tools: { timeout_member: { maxDurationSeconds: 600 } } } },
    because: /does not allow Ery to use ban_member on its own/,
  },
  {
    name: 'an autonomous timeout above the limit',
    tool: 'timeout_member',
    args: { user_id: IDS.spammer, duration_seconds: 3600, reason, requested_by_message_id: null },
    policy: { autonomous: { enabled: true, tools: { timeout_member: { maxDurationSeconds: 600 } } } },
    because: /exceeds this server's autonomous limit: duration_seconds 3600 is above the 600/,
  },
  {
    name: 'an autonomous timeout of a moderator ranked above Ery',
    tool: 'timeout_member',
    args: { user_id: IDS.headMod, duration_seconds: 60, reason, requested_by_message_id: null },
    policy: { autonomous: { enabled: true, tools: { timeout_member: { maxDurationSeconds: 600 } } } },
    because: /highest role is not below Ery's/,
  },
];
