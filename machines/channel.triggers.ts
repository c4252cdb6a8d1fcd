import type { ChannelSettings } from '../src/domain/channel-settings.ts';
import type { ChatMessage } from '../src/domain/message.ts';
import type { ChannelContext, ThreadTrigger } from './channel.types.ts';

/**
 * Whether an item is someone speaking: not a system event (a join, a pin), not a reaction and not a
 * member joining. Only
 * those count toward the batch size, so events never fill a batch on their own (issue 12 §1); they
 * ride with the next batch, or run when its window passes.
 */
export function isSpoken(message: ChatMessage): boolean {
  return message.event === undefined && message.reaction === undefined && message.join === undefined;
}

/** The trigger a batch meets by its contents alone (a mention, or enough spoken messages), if any. */
export function contentTrigger(
  batch: readonly ChatMessage[],
  settings: ChannelSettings,
): ThreadTrigger | null {
  if (batch.some((message) => message.mentionsBot)) return 'mention';
  let spoken = 0;
  for (const message of batch) if (isSpoken(message)) spoken += 1;
  if (spoken >= settings.batchSize) return 'count';
  return null;
}

/** True when the message is already in the batch, the queue or the running thread. */
export function isKnownMessage(context: ChannelContext, message: ChatMessage): boolean {
  const sameId = (other: ChatMessage) => other.id === message.id;
  return (
    context.batch.some(sameId) ||
    context.queue.some(sameId) ||
    (context.thread?.messages.some(sameId) ?? false)
  );
}
