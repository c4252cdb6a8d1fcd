import type { Client, Guild, GuildTextBasedChannel } from 'discord.js';
import { DiscordActionError } from './errors.ts';

/** Discord's limit on the `X-Audit-Log-Reason` header, in characters. */
export const MAX_AUDIT_REASON = 512;

/** The longest timeout Discord accepts: 28 days. */
export const MAX_TIMEOUT_MS = 28 * 24 * 60 * 60 * 1000;

/** The most message history Discord deletes with a ban: 7 days, in seconds. */
export const MAX_BAN_DELETE_SECONDS = 7 * 24 * 60 * 60;

/** A text channel of a server, from the cache or fetched; anything else is `UNKNOWN_CHANNEL`. */
export async function resolveTextChannel(client: Client, channelId: string): Promise<GuildTextBasedChannel> {
  const channel = client.channels.cache.get(channelId) ?? (await client.channels.fetch(channelId));
  if (!channel?.isTextBased() || channel.isDMBased()) {
    throw new DiscordActionError(
      'UNKNOWN_CHANNEL',
      `Channel ${channelId} is not a text channel of a server Ery is in; check the channel id.`,
    );
  }
  return channel;
}

/** A server Ery is in, from the cache or fetched. */
export async function resolveGuild(client: Client, guildId: string): Promise<Guild> {
  return client.guilds.cache.get(guildId) ?? (await client.guilds.fetch(guildId));
}

/** Audit-log reasons are cut to Discord's limit rather than refused: the action matters more. */
export function auditReason(reason: string): string {
  return reason.length > MAX_AUDIT_REASON ? `${reason.slice(0, MAX_AUDIT_REASON - 1)}…` : reason;
}

/** Throws `INVALID_FORM` with `message` unless `ok`. Checks here save a doomed request. */
export function check(ok: boolean, message: string): void {
  if (!ok) throw new DiscordActionError('INVALID_FORM', message);
}
