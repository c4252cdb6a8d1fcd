import { z } from 'zod';
import { deepFreeze } from './deep-freeze.ts';
import { MAX_BAN_DELETE_SECONDS, MAX_TIMEOUT_SECONDS } from './discord-limits.ts';
import { Snowflake } from './message.ts';
import { WelcomePolicy } from './welcome-policy.ts';

/** The moderation tools a guild policy can grant or make autonomous; keys of `roleGrants` and `autonomous.tools`. */
export const ModerationToolName = z.enum([
  'ban_member',
  'kick_member',
  'timeout_member',
  'add_role',
  'remove_role',
]);
export type ModerationToolName = z.infer<typeof ModerationToolName>;

/**
 * Limits of each moderation tool Ery may use on its own (with no human requester). A tool that is
 * absent here is never used autonomously. Strict objects: a misspelt key is an error, not a silently
 * ignored limit.
 */
export const AutonomousTools = z.strictObject({
  ban_member: z
    .strictObject({
      /** Most message history an autonomous ban may delete; 0 keeps every message. */
      maxDeleteMessageSeconds: z.number().int().min(0).max(MAX_BAN_DELETE_SECONDS).default(0),
    })
    .optional(),
  kick_member: z.strictObject({}).optional(),
  timeout_member: z
    .strictObject({ maxDurationSeconds: z.number().int().min(1).max(MAX_TIMEOUT_SECONDS) })
    .optional(),
  /** Only these roles may be given autonomously. */
  add_role: z.strictObject({ roleIds: z.array(Snowflake).min(1) }).optional(),
  /** Only these roles may be taken away autonomously. */
  remove_role: z.strictObject({ roleIds: z.array(Snowflake).min(1) }).optional(),
});
export type AutonomousTools = z.infer<typeof AutonomousTools>;

/**
 * What a server lets Ery do, validated on read. Defaults are the safe ones: no autonomous
 * moderation, no extra role grants, no mass pings.
 */
export const GuildPolicy = z.strictObject({
  /** The server's rules in the words of its moderators; shown to the model. */
  rules: z.string().max(8_000).default(''),
  /**
   * Moderation tool → role ids whose holders may request that tool through Ery even without the
   * Discord permission it normally needs. Hierarchy rules still apply to them.
   */
  roleGrants: z.partialRecord(ModerationToolName, z.array(Snowflake)).default({}),
  /** Moderation with no human requester: off unless enabled, and then only for the tools listed. */
  autonomous: z
    .strictObject({
      enabled: z.boolean().default(false),
      tools: AutonomousTools.prefault({}),
    })
    .prefault({}),
  /** Which mass mentions Ery's messages may ping. User mentions always may. */
  allowMentions: z
    .strictObject({
      everyone: z.boolean().default(false),
      roles: z.boolean().default(false),
    })
    .prefault({}),
  /**
   * Auto-thread (issue 12 §4): when Ery is mentioned in a channel that got at least
   * `minMessagesPerMinute` messages in the last minute, Ery starts a thread from the mentioning
   * message and answers there, so a busy channel is not buried under one conversation. Off by default.
   */
  autoThread: z
    .strictObject({
      enabled: z.boolean().default(false),
      minMessagesPerMinute: z.number().int().min(1).max(1000).default(10),
    })
    .prefault({}),
  /** Welcoming members who join, and reporting raids to the mod-log (issue 12 §1; ./welcome-policy.ts). */
  welcome: WelcomePolicy.prefault({}),
  /**
   * Direct messages (issue 12 §4): when true, Ery answers the DMs of the members of this server
   * (a member of any server that enables it is answered; `ERY_DMS=1` answers everyone). Off by
   * default. No moderation tool works from a DM, whatever this server's grants say.
   */
  directMessages: z.boolean().default(false),
});
export type GuildPolicy = z.output<typeof GuildPolicy>;
/** A policy as written by a moderator: every field optional, defaults filled in by parsing. */
export type GuildPolicyInput = z.input<typeof GuildPolicy>;

/** The policy of a server that configured nothing. Frozen: it is shared by every such server. */
export const defaultGuildPolicy: GuildPolicy = deepFreeze(GuildPolicy.parse({}));

/** Parses a (partial) policy, filling defaults; throws a ZodError naming the bad field. */
export function parseGuildPolicy(input: GuildPolicyInput): GuildPolicy {
  return GuildPolicy.parse(input);
}
