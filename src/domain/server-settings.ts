import { z } from 'zod';
import { deepFreeze } from './deep-freeze.ts';
import { Snowflake } from './message.ts';

/** Most characters of a persona: it goes into every system prompt of the server. */
export const MAX_PERSONA_CHARS = 2_000;
/** Most channels in the allow-list (Discord servers have at most 500 channels). */
export const MAX_ALLOWED_CHANNELS = 500;

/**
 * What a server says about where and how Ery talks, set with `/ery config` (issue 11 §5). Strict:
 * a misspelt field is an error that names it. The defaults keep Ery as it was before these
 * settings existed: every channel, every message, no persona, no mod-log.
 */
export const ServerSettings = z.strictObject({
  /** Text given to the model in the system prompt: how Ery should sound and present itself here. */
  persona: z
    .string()
    .max(MAX_PERSONA_CHARS, `a persona can be at most ${MAX_PERSONA_CHARS} characters long`)
    .default(''),
  /** The channels Ery answers in; empty means every channel it can read. Others are not batched. */
  channelIds: z.array(Snowflake).max(MAX_ALLOWED_CHANNELS).default([]),
  /** Only messages that mention Ery or reply to it start or join batches. */
  mentionOnly: z.boolean().default(false),
  /** Where moderation actions and refusals are mirrored; null for nowhere. */
  modLogChannelId: Snowflake.nullable().default(null),
});
export type ServerSettings = z.output<typeof ServerSettings>;

/** The settings of a server that set nothing. Frozen: shared by every such server. */
export const DEFAULT_SERVER_SETTINGS: ServerSettings = deepFreeze(ServerSettings.parse({}));

/**
 * Whether a message may start or join a batch under `settings`: it is in an allowed channel, or in
 * a thread or forum post of one (`parentId`), and under mention-only it addresses Ery
 * (`mentionsBot`: a mention of Ery or its role, or a reply to it).
 */
export function admitsMessage(
  settings: ServerSettings,
  message: { channelId: string; mentionsBot: boolean },
  parentId: string | null = null,
): boolean {
  const allowed = (id: string | null) => id !== null && settings.channelIds.includes(id);
  if (settings.channelIds.length > 0 && !allowed(message.channelId) && !allowed(parentId)) return false;
  return !settings.mentionOnly || message.mentionsBot;
}
