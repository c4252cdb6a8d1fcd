import { ChannelType, type Client, type DMChannel, type Guild, type GuildTextBasedChannel } from 'discord.js';
import { MAX_TIMEOUT_SECONDS } from '../domain/discord-limits.ts';
import { DiscordActionError } from './errors.ts';

/** Discord's limit on the `X-Audit-Log-Reason` header, in characters. */
const MAX_AUDIT_REASON = 512;

/** The longest timeout Discord accepts, in ms (the REST call takes an end time, not a duration). */
export const MAX_TIMEOUT_MS = MAX_TIMEOUT_SECONDS * 1000;

/**
 * A text channel of a server, or a DM channel (issue 12 §4: Ery talks and reads history there too),
 * from the cache or fetched; anything else (a group DM, a voice channel) is `UNKNOWN_CHANNEL`. Which
 * channel a tool may reach is the authoriser's business (src/tools/rules/targets.ts), not this one's.
 */
export async function resolveTextChannel(
  client: Client,
  channelId: string,
): Promise<GuildTextBasedChannel | DMChannel> {
  const channel = client.channels.cache.get(channelId) ?? (await client.channels.fetch(channelId));
  // With the Channel partial a DM may be cached partial: fetching it fills it in.
  if (channel?.type === ChannelType.DM) return channel.partial ? await channel.fetch() : channel;
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
