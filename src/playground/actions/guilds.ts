/**
 * A server created after the playground started, with Ery invited to it: what Discord does when an
 * owner adds a bot through its OAuth2 invite (https://discord.com/developers/docs/topics/oauth2#bot-authorization-flow).
 * The bot's sessions then get a GUILD_CREATE for it, as for any server it joins while connected
 * (https://discord.com/developers/docs/events/gateway-events#guild-create).
 */
import { DEFAULT_EVERYONE_PERMISSIONS, ERY_ROLE_PERMISSIONS } from '../seed.ts';
import { guildCreate } from '../serialize.ts';
import type { ActionContext } from './context.ts';

/** What {@link addGuild} creates, by id. */
export interface AddedGuild {
  guildId: string;
  /** Its one text channel, `#general`, also the system channel. */
  channelId: string;
  /** Ery's managed role there. */
  eryRoleId: string;
}

/**
 * Creates server `name` owned by `ownerId`, with @everyone (Discord's default permissions), one text
 * channel `#general`, the owner and `memberIds` as members, and the bot `botUserId` with its managed
 * role; then dispatches GUILD_CREATE to the bot's sessions. Throws `TypeError` for an unknown user.
 */
export function addGuild(
  ctx: ActionContext,
  botUserId: string,
  input: { name: string; ownerId: string; memberIds?: string[] },
): AddedGuild {
  const people = [input.ownerId, ...(input.memberIds ?? []).filter((id) => id !== input.ownerId)];
  for (const id of people) if (!ctx.store.user(id)) throw new TypeError(`addGuild: unknown user ${id}`);
  const now = ctx.now();
  const guildId = ctx.ids.next();
  const channelId = ctx.ids.next();
  const eryRoleId = ctx.ids.next();
  ctx.store.putGuild({
    id: guildId,
    name: input.name,
    ownerId: input.ownerId,
    systemChannelId: channelId,
    createdAt: now,
  });
  const role = { guildId, color: 0, hoist: false, managed: false, mentionable: false };
  // Discord gives @everyone the server's own id.
  ctx.store.putRole({
    ...role,
    id: guildId,
    name: '@everyone',
    position: 0,
    permissions: DEFAULT_EVERYONE_PERMISSIONS,
  });
  ctx.store.putRole({
    ...role,
    id: eryRoleId,
    name: ctx.store.user(botUserId)?.username ?? 'bot',
    position: 1,
    permissions: ERY_ROLE_PERMISSIONS,
    managed: true,
    botId: botUserId,
  });
  ctx.store.putChannel({
    id: channelId,
    guildId,
    name: 'general',
    type: 0,
    position: 0,
    topic: null,
    overwrites: [],
    lastMessageId: null,
  });
  const member = (userId: string, roleIds: string[]) =>
    ctx.store.putMember({
      guildId,
      userId,
      nick: null,
      roleIds,
      joinedAt: now,
      communicationDisabledUntil: null,
    });
  for (const id of people) member(id, []);
  member(botUserId, [eryRoleId]);
  const guild = ctx.store.guild(guildId);
  if (guild) {
    ctx.gateway.dispatch({
      t: 'GUILD_CREATE',
      guildId,
      build: (session) =>
        session.userId === botUserId
          ? guildCreate(ctx.store, guild, ctx.store.members(guildId), now)
          : undefined,
    });
  }
  return { guildId, channelId, eryRoleId };
}
