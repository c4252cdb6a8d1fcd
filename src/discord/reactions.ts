import {
  type Client,
  Events,
  type MessageReaction,
  type PartialMessageReaction,
  type PartialUser,
  type User,
} from 'discord.js';
import { DM_GUILD_ID } from '../domain/direct-message.ts';
import type { ChatMessage } from '../domain/message.ts';
import { snowflakeAt } from '../domain/snowflake-time.ts';
import type { Logger } from '../logger.ts';

/** A snowflake for a reaction seen at `at` (ms): Discord gives a reaction no id; it sorts by time. */
function reactionId(at: number): string {
  return snowflakeAt(at, BigInt(Math.floor(Math.random() * 0x40_0000)));
}

/**
 * Watches MESSAGE_REACTION_ADD (issue 12 §1): a reaction by someone else on one of Ery's own
 * messages becomes a batch item with `reaction` set, passed to `onReaction`; reactions on others'
 * messages, Ery's own reactions and bots' are ignored. In a DM (`guildId` `@me`) a reaction is
 * passed on only when `answersDm` says Ery answers that person's DMs (the rule its messages follow).
 * A message not cached is fetched once to learn its author. Returns the function that stops watching.
 */
export function watchReactions(
  client: Client,
  onReaction: (item: ChatMessage) => void,
  logger: Logger,
  answersDm: (userId: string) => Promise<boolean> = async () => false,
): () => void {
  const onAdd = async (
    reaction: MessageReaction | PartialMessageReaction,
    user: User | PartialUser,
  ): Promise<void> => {
    try {
      const botUserId = client.user?.id;
      if (!botUserId || user.id === botUserId || user.bot) return;
      const message = reaction.message.partial ? await reaction.message.fetch() : reaction.message;
      if (message.author.id !== botUserId) return;
      const inDm = !message.inGuild();
      if (inDm && !(message.channel.isDMBased() && (await answersDm(user.id)))) return;
      const at = Date.now();
      const member = message.guild?.members.cache.get(user.id);
      const emoji = reaction.emoji.id
        ? `${reaction.emoji.name}:${reaction.emoji.id}`
        : (reaction.emoji.name ?? '?');
      onReaction({
        id: reactionId(at),
        channelId: message.channelId,
        guildId: message.guildId ?? DM_GUILD_ID,
        author: { id: user.id, name: member?.displayName ?? user.displayName ?? user.id, bot: false },
        content: '',
        mentions: { users: [], roles: [], everyone: false },
        replyToId: null,
        mentionsBot: false,
        createdAt: at,
        reaction: { emoji, messageId: message.id },
      });
    } catch (error) {
      logger.warn(
        { event: 'discord.reaction.unreadable', messageId: reaction.message.id, err: error },
        'reaction not passed on: its message could not be read',
      );
    }
  };
  const listener = (reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser) =>
    void onAdd(reaction, user);
  client.on(Events.MessageReactionAdd, listener);
  return () => {
    client.off(Events.MessageReactionAdd, listener);
  };
}
