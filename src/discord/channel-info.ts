import { ChannelType, type Client, type GuildBasedChannel, PermissionFlagsBits } from 'discord.js';
import { step } from './abort.ts';
import { DiscordActionError } from './errors.ts';
import type { ChannelInfo, ChannelKindName, DiscordActions } from './port.ts';

const KINDS: Partial<Record<ChannelType, ChannelKindName>> = {
  [ChannelType.GuildText]: 'text',
  [ChannelType.GuildAnnouncement]: 'announcement',
  [ChannelType.GuildForum]: 'forum',
  [ChannelType.PublicThread]: 'public_thread',
  [ChannelType.PrivateThread]: 'private_thread',
  [ChannelType.AnnouncementThread]: 'announcement_thread',
};

/** A discord.js guild channel or thread in Ery's terms. */
export function toChannelInfo(channel: GuildBasedChannel): ChannelInfo {
  const thread = channel.isThread() ? channel : null;
  return {
    id: channel.id,
    guildId: channel.guildId,
    name: channel.name,
    type: KINDS[channel.type] ?? 'other',
    topic: 'topic' in channel && typeof channel.topic === 'string' ? channel.topic : null,
    parentId: channel.parentId ?? null,
    archived: thread ? thread.archived === true : null,
    locked: thread ? thread.locked === true : null,
    slowmodeSeconds: 'rateLimitPerUser' in channel ? (channel.rateLimitPerUser ?? 0) : 0,
    nsfw: 'nsfw' in channel ? channel.nsfw === true : false,
  };
}

/**
 * A channel or thread of a server Ery is in, from the cache or fetched (always fetched with `fresh`:
 * a thread's archived and locked state must not be read from a gateway event still on its way);
 * `UNKNOWN_CHANNEL` for a DM or anything that is not a server's channel.
 */
export async function resolveGuildChannel(
  client: Client,
  channelId: string,
  fresh = false,
): Promise<GuildBasedChannel> {
  const cached = fresh ? undefined : client.channels.cache.get(channelId);
  const channel = cached ?? (await client.channels.fetch(channelId, { force: fresh }));
  if (!channel || channel.isDMBased()) {
    throw new DiscordActionError(
      'UNKNOWN_CHANNEL',
      `Channel ${channelId} is not a channel of a server Ery is in; check the channel id.`,
    );
  }
  return channel as GuildBasedChannel;
}

/** Runs one action body with the adapter's error mapping and REST budget (actions.ts `run`). */
type Runner = <T>(
  context: { action: string; permissionHint: string },
  signal: AbortSignal | undefined,
  body: () => Promise<T>,
) => Promise<T>;

/** How many archived threads `listThreads` reads: Discord's default page. */
const ARCHIVED_PAGE = 50;

/** The channel reads of the adapter: one channel, its threads, and who may view it. */
export function channelActions(
  client: Client,
  run: Runner,
): Pick<DiscordActions, 'getChannel' | 'listThreads' | 'canView' | 'startThread'> {
  return {
    getChannel({ channelId }, signal) {
      const context = {
        action: `look up channel ${channelId}`,
        permissionHint: `give Ery the View Channel permission in channel ${channelId}`,
      };
      return run(context, signal, async () =>
        toChannelInfo(await step(signal, () => resolveGuildChannel(client, channelId, true))),
      );
    },
    listThreads({ channelId }, signal) {
      const context = {
        action: `list the threads of channel ${channelId}`,
        permissionHint: `give Ery the View Channel and Read Message History permissions in channel ${channelId}`,
      };
      return run(context, signal, async () => {
        const channel = await step(signal, () => resolveGuildChannel(client, channelId));
        if (!('threads' in channel) || channel.isThread()) return { active: [], archived: [] };
        const active = await step(signal, () => channel.threads.fetchActive(false));
        const archived = await step(signal, () =>
          channel.threads.fetchArchived({ type: 'public', limit: ARCHIVED_PAGE }, false),
        );
        return {
          active: [...active.threads.values()]
            .filter((thread) => thread.parentId === channelId)
            .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
            .map(toChannelInfo),
          archived: [...archived.threads.values()].map(toChannelInfo),
        };
      });
    },
    startThread({ channelId, messageId, name }, signal) {
      const context = {
        action: `start a thread from message ${messageId} in channel ${channelId}`,
        permissionHint: `give Ery the Create Public Threads and Send Messages in Threads permissions in channel ${channelId}`,
      };
      return run(context, signal, async () => {
        const channel = await step(signal, () => resolveGuildChannel(client, channelId));
        if (!channel.isTextBased() || channel.isThread() || !('threads' in channel)) {
          throw new DiscordActionError(
            'INVALID_FORM',
            `Channel ${channelId} cannot hold threads started from a message.`,
          );
        }
        const thread = await step(signal, () =>
          channel.threads.create({ name: name.slice(0, 100), startMessage: messageId }),
        );
        return toChannelInfo(thread);
      });
    },
    canView({ channelId, userId }, signal) {
      const context = {
        action: `check whether member ${userId} can view channel ${channelId}`,
        permissionHint: `give Ery the View Channel permission in channel ${channelId}`,
      };
      return run(context, signal, async () => {
        const channel = await step(signal, () => resolveGuildChannel(client, channelId));
        const member = await step(signal, () => channel.guild.members.fetch({ user: userId }));
        if (channel.isThread() && channel.type === ChannelType.PrivateThread) {
          // A private thread is seen by its members and by those who manage threads only.
          const manages = channel.permissionsFor(member).has(PermissionFlagsBits.ManageThreads);
          if (!manages) {
            const members = await step(signal, () => channel.members.fetch({ cache: false }));
            if (!members.has(userId)) return false;
          }
        }
        return channel.permissionsFor(member).has(PermissionFlagsBits.ViewChannel);
      });
    },
  };
}
