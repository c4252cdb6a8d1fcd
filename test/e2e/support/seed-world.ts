import type { PlaygroundSeeder } from '../../../src/playground/index.ts';
import { PermissionBits, type PermissionName } from '../../../src/playground/permissions.ts';
import type { DiscordWorld } from '../../support/discord-world.ts';

/** Stand-in creation time for guilds the world gives none (the fake uses the same). */
const DEFAULT_GUILD_CREATED_AT = 1_600_000_000_000;

function permissionBits(names: readonly string[], where: string): bigint {
  let all = 0n;
  for (const name of names) {
    if (!(name in PermissionBits)) {
      throw new TypeError(
        `seedWorld: ${where} names unknown permission "${name}"; use discord.js flag names`,
      );
    }
    all |= PermissionBits[name as PermissionName];
  }
  return all;
}

/** Mentions as Discord parses them from content: `<@id>` / `<@!id>`, `<@&id>`, @everyone and @here. */
function parseMentions(content: string) {
  return {
    users: [...content.matchAll(/<@!?(\d+)>/g)].map((match) => match[1] as string),
    roles: [...content.matchAll(/<@&(\d+)>/g)].map((match) => match[1] as string),
    everyone: /@(everyone|here)\b/.test(content),
  };
}

/**
 * A playground seeder (`startPlayground({ seed: seedWorld(world) })`) that lays out the same world
 * the in-memory FakeDiscordActions serves: guilds, roles with their positions, permissions and
 * `managed` flag, members, channels and the message history with the fixtures' own ids. So one case
 * table, written against fixture ids, runs unchanged against the real discord.js client.
 *
 * A managed role held by a bot member becomes that bot's own role (`tags.bot_id`), as when a bot is
 * invited; other managed roles (a booster role) stay integration roles nobody can give.
 */
export function seedWorld(world: DiscordWorld): PlaygroundSeeder {
  return (store, now) => {
    const guildOfChannel = new Map<string, string>();
    for (const guild of world.guilds) {
      store.putGuild({
        id: guild.id,
        name: guild.name,
        ownerId: guild.ownerId,
        systemChannelId: guild.channels[0]?.id ?? null,
        createdAt: guild.createdAt ?? DEFAULT_GUILD_CREATED_AT,
      });
      for (const member of guild.members) {
        // A user is global: the first guild that lists them names them.
        if (!store.user(member.userId)) {
          store.putUser({
            id: member.userId,
            username: member.username,
            globalName: member.displayName ?? null,
            bot: member.bot ?? false,
          });
        }
        store.putMember({
          guildId: guild.id,
          userId: member.userId,
          nick: null,
          roleIds: [...member.roleIds],
          joinedAt: member.joinedAt ?? now,
          communicationDisabledUntil: member.communicationDisabledUntil ?? null,
        });
      }
      for (const role of guild.roles) {
        const managedBy = role.managed
          ? guild.members.find((member) => member.bot && member.roleIds.includes(role.id))?.userId
          : undefined;
        store.putRole({
          id: role.id,
          guildId: guild.id,
          name: role.name,
          color: 0,
          hoist: false,
          position: role.position,
          permissions: permissionBits(role.permissions, `role ${role.id} (${role.name})`),
          managed: role.managed ?? false,
          mentionable: false,
          ...(managedBy ? { botId: managedBy } : {}),
        });
      }
      guild.channels.forEach((channel, position) => {
        guildOfChannel.set(channel.id, guild.id);
        store.putChannel({
          id: channel.id,
          guildId: guild.id,
          name: channel.name,
          type: 0,
          position,
          topic: null,
          overwrites: [],
          lastMessageId: null,
        });
      });
    }
    // The store keeps each channel's messages in insertion order and expects ids to grow.
    const messages = [...(world.messages ?? [])].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    for (const message of messages) {
      const guildId = guildOfChannel.get(message.channelId);
      if (guildId === undefined) {
        throw new TypeError(
          `seedWorld: message ${message.id} is in channel ${message.channelId}, which no guild has`,
        );
      }
      const mentions = parseMentions(message.content);
      store.putMessage({
        id: message.id,
        channelId: message.channelId,
        guildId,
        authorId: message.author.id,
        content: message.content,
        type: message.replyToId === null ? 0 : 19,
        createdAt: message.createdAt,
        editedAt: null,
        referencedMessageId: message.replyToId,
        mentionUserIds: mentions.users,
        mentionRoleIds: mentions.roles,
        mentionEveryone: mentions.everyone,
        nonce: null,
        reactions: [],
      });
    }
  };
}
