import { type Channel, type Client, Events, type ThreadChannel } from 'discord.js';
import type { Logger } from '../logger.ts';

/**
 * Whether Ery may not post in `channel` because it is a thread it cannot write in: locked (only
 * members with Manage Threads post in or unarchive a locked thread) or otherwise not sendable for
 * it (a private thread it is not in, no Send Messages in Threads). An archived thread that is not
 * locked is fine: sending unarchives it, as on Discord
 * (https://discord.com/developers/docs/topics/threads#archiving-and-unarchiving).
 */
export function lockedOut(channel: Channel): boolean {
  if (!channel.isThread()) return false;
  return (channel.locked === true && !channel.manageable) || !channel.sendable;
}

/**
 * Calls `onDeleted` with the id of every thread (and channel) deleted on Discord while the client
 * runs, so its channel actor is reaped instead of waiting for its idle timeout. Returns the detach
 * function.
 */
export function watchDeletedChannels(
  client: Client,
  onDeleted: (channelId: string) => void,
  logger: Logger,
): () => void {
  const deleted = (channel: { id: string }) => {
    try {
      onDeleted(channel.id);
    } catch (error) {
      logger.error(
        { event: 'discord.channel.delete_handler_failed', channelId: channel.id, err: error },
        'onChannelDeleted threw',
      );
    }
  };
  const onThread = (thread: ThreadChannel) => deleted(thread);
  const onChannel = (channel: Channel) => deleted(channel);
  client.on(Events.ThreadDelete, onThread);
  client.on(Events.ChannelDelete, onChannel);
  return () => {
    client.off(Events.ThreadDelete, onThread);
    client.off(Events.ChannelDelete, onChannel);
  };
}
