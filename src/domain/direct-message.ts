/**
 * The `guildId` Ery gives a direct message (DM) channel and everything in it: a DM belongs to no
 * server, and `@me` is Discord's own word for that place (its client links DMs as
 * `https://discord.com/channels/@me/<channel_id>`). Using it instead of `null` keeps one kind of
 * scope key everywhere (actors, permits, spend caps, stored rows): all DMs together count as one
 * scope, `@me`, for per-server limits and caps, and no server's settings or policy ever apply to it
 * (no row is ever stored under `@me`, so its settings and policy are the defaults). Issue 12 §4.
 */
export const DM_GUILD_ID = '@me';

/** Whether `guildId` is a DM's scope ({@link DM_GUILD_ID}) rather than a server's id. */
export function isDirectMessage(guildId: string): boolean {
  return guildId === DM_GUILD_ID;
}
