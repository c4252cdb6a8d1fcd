import type { GuildPolicyInput } from '../../../src/domain/guild-policy.ts';
import type { ChatMessage } from '../../../src/domain/message.ts';
import { IDS } from '../fixtures/world.ts';

export interface AttackCase {
  name: string;
  tool: string;
  args: Record<string, unknown>;
  /** The guild policy in force (defaults when absent). */
  policy?: GuildPolicyInput;
  /** The messages of this turn (fixtures BATCH when absent). */
  batch?: ChatMessage[];
  /** The denial must say this: proves it was denied for the right reason. */
  because: RegExp;
}

/** Calls that must be allowed: they prove the harness can tell denial from breakage. */
export interface ControlCase {
  name: string;
  tool: string;
  args: Record<string, unknown>;
  policy?: GuildPolicyInput;
  /** The port method the call must reach. */
  reaches: string;
}

/** Ids of the batch messages a call may cite, the roles, and a reason most cases share. */
export const B = IDS.batch;
export const R = IDS.roles;
export const reason = 'spamming scam links';
