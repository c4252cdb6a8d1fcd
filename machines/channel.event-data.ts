import type { ChatMessage } from '../src/domain/message.ts';
import { compareSnowflakes } from '../src/domain/snowflake-order.ts';
import { ChannelMachineError } from './channel.errors.ts';
import type { ChannelContext, ChannelEvent } from './channel.types.ts';

/* What the channel machine's actions read from its events. */

/**
 * The newer of the channel's last message id and `message`'s: catch-up may feed older ones late. A
 * reaction's or a join's id is Ery's own, not a Discord message's, so it never moves where catch-up
 * reads from.
 */
export const newestId = (context: ChannelContext, message: ChatMessage): string | null => {
  const last = context.lastMessageId ?? null;
  if (message.reaction || message.join) return last;
  return last && compareSnowflakes(last, message.id) > 0 ? last : message.id;
};

/** The item a `message.received`, `reaction.added` or `member.joined` carries into the batch or queue. */
export const messageOf = (event: ChannelEvent): ChatMessage => {
  if (event.type === 'message.received' || event.type === 'reaction.added' || event.type === 'member.joined')
    return event.message;
  throw new ChannelMachineError('UNEXPECTED_EVENT', `expected message.received, got ${event.type}`);
};

/** The ids a `message.updated` or `message.deleted` is about. */
export const changedIds = (event: ChannelEvent): string[] => {
  if (event.type === 'message.updated') return [event.message.id];
  if (event.type === 'message.deleted') return event.messageIds;
  return [];
};
