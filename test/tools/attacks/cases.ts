import { IDS } from '../fixtures/world.ts';
import { type AttackCase, B, type ControlCase, reason } from './attack-case.ts';
import { AUTONOMOUS_ATTACKS } from './cases.autonomous.ts';
import { HIERARCHY_ATTACKS } from './cases.hierarchy.ts';
import { REACH_ATTACKS } from './cases.reach.ts';
import { REQUESTER_ATTACKS } from './cases.requester.ts';
import { ROLES_ATTACKS } from './cases.roles.ts';

/**
 * Tool calls a model might be tricked into by what members write (prompt injection), each of which
 * must be denied before anything reaches Discord. Plain data over the world of fixtures/world.ts, so
 * the same table runs against the in-memory double and, later, the real adapter on the playground.
 */
export type { AttackCase, ControlCase } from './attack-case.ts';

export const ATTACKS: AttackCase[] = [
  ...REQUESTER_ATTACKS,
  ...HIERARCHY_ATTACKS,
  ...ROLES_ATTACKS,
  ...REACH_ATTACKS,
  ...AUTONOMOUS_ATTACKS,
];

export const CONTROLS: ControlCase[] = [
  {
    name: 'a moderator asks Ery to ban the spammer',
    tool: 'ban_member',
    args: { user_id: IDS.spammer, reason, requested_by_message_id: B.modAsks },
    reaches: 'ban',
  },
  {
    name: 'Ery says hello in its channel',
    tool: 'send_message',
    args: { content: 'hello everyone' },
    reaches: 'sendMessage',
  },
  {
    name: 'an autonomous timeout within the limit',
    tool: 'timeout_member',
    args: { user_id: IDS.spammer, duration_seconds: 600, reason, requested_by_message_id: null },
    policy: { autonomous: { enabled: true, tools: { timeout_member: { maxDurationSeconds: 600 } } } },
    reaches: 'timeout',
  },
];
