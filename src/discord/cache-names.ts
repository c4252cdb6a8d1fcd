import type { Client } from 'discord.js';
import type { DiscordNames } from './connection.types.ts';

/** Names of servers, channels, members and roles as discord.js's caches hold them; null when unknown. */
export function cacheNames(client: Client): DiscordNames {
  return {
    guild: (guildId) => client.guilds.cache.get(guildId)?.name ?? null,
    channel: (channelId) => {
      const channel = client.channels.cache.get(channelId);
      return channel && 'name' in channel ? (channel.name ?? null) : null;
    },
    member: (guildId, userId) =>
      client.guilds.cache.get(guildId)?.members.cache.get(userId)?.displayName ??
      client.users.cache.get(userId)?.displayName ??
      null,
    role: (guildId, roleId) => client.guilds.cache.get(guildId)?.roles.cache.get(roleId)?.name ?? null,
  };
}
