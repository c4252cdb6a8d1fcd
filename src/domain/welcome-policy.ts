import { z } from 'zod';
import { Snowflake } from './message.ts';
import { welcomeTemplateProblem } from './welcome-template.ts';

/** Most characters of a welcome template or instruction (a welcome is one short Discord message). */
export const MAX_WELCOME_TEXT_CHARS = 1_000;

/** Bounds of {@link RaidPolicy}'s fields (joins; windowMs and holdMs in ms), for the policy and `/ery config`. */
export const RAID_LIMITS = {
  joins: { min: 2, max: 1_000 },
  windowMs: { min: 1_000, max: 3_600_000 },
  holdMs: { min: 0, max: 600_000 },
} as const;

/**
 * What counts as a raid (issue 12 §1): at least `joins` members joining within `windowMs`. Joins in
 * a raid are not welcomed one by one; one summary goes to the mod-log. A welcome waits `holdMs`
 * after its join, so the first joins of a raid are not greeted before the raid is recognised.
 */
export const RaidPolicy = z.strictObject({
  joins: z.number().int().min(RAID_LIMITS.joins.min).max(RAID_LIMITS.joins.max).default(10),
  windowMs: z.number().int().min(RAID_LIMITS.windowMs.min).max(RAID_LIMITS.windowMs.max).default(60_000),
  holdMs: z.number().int().min(RAID_LIMITS.holdMs.min).max(RAID_LIMITS.holdMs.max).default(5_000),
});
export type RaidPolicy = z.output<typeof RaidPolicy>;

/**
 * Welcoming members who join (Discord GUILD_MEMBER_ADD, issue 12 §1). Off by default. When enabled,
 * with `channelId` set and a `template` or an `instruction`: a `template` is posted as it is, its
 * placeholders filled (see ./welcome-template.ts); otherwise the model is shown the join with the
 * `instruction` and writes the welcome. Bots are never welcomed.
 */
export const WelcomePolicy = z
  .strictObject({
    enabled: z.boolean().default(false),
    /** The channel welcomes are posted in; null for none (then nobody is welcomed). */
    channelId: Snowflake.nullable().default(null),
    /** A fixed welcome, e.g. `Welcome {user} to {server}!`; wins over `instruction` when both are set. */
    template: z
      .string()
      .max(MAX_WELCOME_TEXT_CHARS, `A welcome can be at most ${MAX_WELCOME_TEXT_CHARS} characters long.`)
      .superRefine((template, ctx) => {
        const problem = welcomeTemplateProblem(template);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .default(''),
    /** What the model is told when it welcomes someone itself, e.g. "point them to #rules". */
    instruction: z
      .string()
      .max(MAX_WELCOME_TEXT_CHARS, `An instruction can be at most ${MAX_WELCOME_TEXT_CHARS} characters long.`)
      .default(''),
    raid: RaidPolicy.prefault({}),
  })
  .superRefine((policy, ctx) => {
    // As `/ery config set welcome on` refuses it: an enabled welcome that could welcome nobody.
    if (
      policy.enabled &&
      (policy.channelId === null || (!policy.template.trim() && !policy.instruction.trim()))
    )
      ctx.addIssue({
        code: 'custom',
        path: ['enabled'],
        message: 'a welcome needs channelId and a template or an instruction before it is enabled',
      });
  });
export type WelcomePolicy = z.output<typeof WelcomePolicy>;

/** How a join is welcomed under `policy`, or why it is not (policy off, or incomplete). */
export type WelcomeMode =
  | { kind: 'template'; channelId: string; template: string }
  | { kind: 'instruction'; channelId: string; instruction: string }
  | { kind: 'off'; reason: 'disabled' | 'no_channel' | 'no_text' };

/** How `policy` welcomes a member: a template first, else an instruction for the model. */
export function welcomeMode(policy: WelcomePolicy): WelcomeMode {
  if (!policy.enabled) return { kind: 'off', reason: 'disabled' };
  if (policy.channelId === null) return { kind: 'off', reason: 'no_channel' };
  const template = policy.template.trim();
  if (template) return { kind: 'template', channelId: policy.channelId, template };
  const instruction = policy.instruction.trim();
  if (instruction) return { kind: 'instruction', channelId: policy.channelId, instruction };
  return { kind: 'off', reason: 'no_text' };
}
