import type { ChannelSettings } from '../src/domain/channel-settings.ts';
import type { ChatMessage } from '../src/domain/message.ts';
import { newestId } from './channel.event-data.ts';
import { contentTrigger } from './channel.triggers.ts';
import type { ChannelContext } from './channel.types.ts';

/*
 * Collecting messages: the batch that becomes the next thread, and the queue that waits while a
 * thread runs or cools down. Pure functions over the channel's context, used by the machine's
 * `openBatch`, `appendToBatch`, `enqueue`, `promoteQueue` and `applySettings` actions; `now` is ms
 * since the epoch, read from the actor system's clock.
 */

/** The context after `message` opened a new batch at `now`. */
export function openBatch(
  context: ChannelContext,
  message: ChatMessage,
  now: number,
): Partial<ChannelContext> {
  const batch = [message];
  return {
    batch,
    batchOpenedAt: now,
    trigger: contentTrigger(batch, context.settings),
    lastMessageId: newestId(context, message),
  };
}

/** The context after `message` joined the open batch; a trigger already met stays met. */
export function appendToBatch(context: ChannelContext, message: ChatMessage): Partial<ChannelContext> {
  const batch = [...context.batch, message];
  return {
    batch,
    trigger: context.trigger ?? contentTrigger(batch, context.settings),
    lastMessageId: newestId(context, message),
  };
}

/** The context after `message` arrived while a thread runs or cools down: it waits in the queue. */
export function enqueueMessage(
  context: ChannelContext,
  message: ChatMessage,
  now: number,
): Partial<ChannelContext> {
  return {
    queue: [...context.queue, message],
    queueOpenedAt: context.queueOpenedAt ?? now,
    lastMessageId: newestId(context, message),
  };
}

/** The queue becomes the batch; its window counts from the first queued message. */
export function promoteQueue(context: ChannelContext, now: number): Partial<ChannelContext> {
  const openedAt = context.queueOpenedAt ?? now;
  const windowPassed = now >= openedAt + context.settings.batchWindowMs;
  const met = contentTrigger(context.queue, context.settings) !== null || windowPassed;
  return {
    batch: context.queue,
    batchOpenedAt: openedAt,
    trigger: met ? 'queue' : null,
    queue: [],
    queueOpenedAt: null,
  };
}

/** The context after new settings: a smaller batch size can make the open batch ready now. */
export function applySettings(
  context: ChannelContext,
  changed: Partial<ChannelSettings>,
): Partial<ChannelContext> {
  const settings = { ...context.settings, ...changed };
  const trigger =
    context.trigger ?? (context.batch.length > 0 ? contentTrigger(context.batch, settings) : null);
  return { settings, trigger };
}
