import type { ChannelSettings } from '../src/domain/channel-settings.ts';
import type { ChatMessage } from '../src/domain/message.ts';
import type { ChannelContext, ThreadTrigger } from './channel.types.ts';

/** The trigger a batch meets by its contents alone (a mention, or enough messages), if any. */
export function contentTrigger(
  batch: readonly ChatMessage[],
  settings: ChannelSettings,
): ThreadTrigger | null {
  if (batch.some((message) => message.mentionsBot)) return 'mention';
  if (batch.length >= settings.batchSize) return 'count';
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
