import type { Client } from 'discord.js';
import type { DiscordConnectionOptions } from './connection.types.ts';
import { directMessageGrant } from './direct-messages.ts';
import { guardDispatchHandlers } from './dispatch-guard.ts';
import { watchHistory } from './history-feed.ts';
import { watchMemberJoins } from './member-joins.ts';
import { watchRawDispatches } from './raw-dispatch.ts';
import { watchReactions } from './reactions.ts';
import { logShardEvents } from './shard-log.ts';
import { watchSlashCommands } from './slash/watch-slash.ts';
import { watchDeletedChannels } from './threads.ts';

/**
 * Everything a connection watches besides messages, attached before login so nothing of the first
 * session is missed: shard logs, the raw-dispatch and handler guards, reactions, member joins, the
 * history feed (which counts sessions), `/ery`, and deleted channels; each only when `options` asks
 * for it. A handler is not called once `stopping` is aborted. Returns the function that detaches all.
 */
export function attachWatchers(
  client: Client,
  options: DiscordConnectionOptions,
  stopping: AbortSignal,
): () => void {
  const { logger, onReaction, onMemberJoin, history, slash, onChannelDeleted } = options;
  const none = () => {};
  const dmPolicy = options.directMessages ?? { everyone: false, serverEnables: () => false };
  // A reaction in a DM is passed on by the rule a DM message is (./direct-messages.ts).
  const answersDm = async (userId: string) =>
    (await directMessageGrant(client, userId, dmPolicy, { logger, signal: stopping })) !== null;
  const detachers = [
    logShardEvents(client, logger, stopping),
    watchRawDispatches(client, logger),
    guardDispatchHandlers(client, logger),
    onReaction
      ? watchReactions(client, (item) => !stopping.aborted && onReaction(item), logger, answersDm)
      : none,
    onMemberJoin ? watchMemberJoins(client, (join) => !stopping.aborted && onMemberJoin(join), logger) : none,
    history ? watchHistory(client, history, logger) : none,
    slash ? watchSlashCommands(client, slash, logger.child({ part: 'slash' })) : none,
    onChannelDeleted ? watchDeletedChannels(client, onChannelDeleted, logger) : none,
  ];
  return () => {
    for (const detach of detachers) detach();
  };
}
