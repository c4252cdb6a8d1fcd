import type { ChannelSettings } from '../src/domain/channel-settings.ts';
import type { ChatMessage } from '../src/domain/message.ts';
import { contentTrigger } from './channel.triggers.ts';
import type { ChannelContext, ThreadTrigger } from './channel.types.ts';

/*
 * Edits and deletes of messages that have not run yet (issue 12 §1): pure functions over the
 * channel's context, used by the machine's `applyEdit` and `applyDelete` actions.
 */

/**
 * The context after `message` was edited: a waiting copy (batch or queue) is replaced; a batched
 * message that now mentions Ery makes the batch ready at once. A trigger already met stays met.
 */
export function afterEdit(context: ChannelContext, message: ChatMessage): Partial<ChannelContext> {
  const batch = replaceMessage(context.batch, message);
  return {
    batch,
    queue: replaceMessage(context.queue, message),
    trigger: context.trigger ?? (batch !== context.batch ? contentTrigger(batch, context.settings) : null),
  };
}

/**
 * The context after the messages of `ids` were deleted: they leave the batch and the queue, and
 * the batch's trigger is what it still meets (`now` in ms decides whether its window passed).
 */
export function afterDelete(
  context: ChannelContext,
  ids: readonly string[],
  now: number,
): Partial<ChannelContext> {
  const gone = new Set(ids);
  const batch = withoutMessages(context.batch, gone);
  const queue = withoutMessages(context.queue, gone);
  return {
    batch,
    queue,
    queueOpenedAt: queue.length > 0 ? context.queueOpenedAt : null,
    trigger:
      batch === context.batch ? context.trigger : triggerAfterDelete(context, batch, context.settings, now),
  };
}

/** `list` with the message of `message.id` replaced by `message`; the same array when absent. */
export function replaceMessage(list: ChatMessage[], message: ChatMessage): ChatMessage[] {
  const at = list.findIndex((held) => held.id === message.id);
  if (at < 0) return list;
  const next = [...list];
  next[at] = message;
  return next;
}

/** `list` without the messages of `ids`; the same array when none is there. */
export function withoutMessages(list: ChatMessage[], ids: ReadonlySet<string>): ChatMessage[] {
  return list.some((held) => ids.has(held.id)) ? list.filter((held) => !ids.has(held.id)) : list;
}

/** True when the batch or the queue holds the message of `id` (the running thread does not count). */
export function holdsWaiting(context: ChannelContext, ids: readonly string[]): boolean {
  const wanted = new Set(ids);
  return (
    context.batch.some((held) => wanted.has(held.id)) || context.queue.some((held) => wanted.has(held.id))
  );
}

/**
 * The trigger a batch still meets after messages left it: a passed window stays passed, a
 * `count` or `mention` whose messages are gone is met no more (the batch waits for its window again).
 */
export function triggerAfterDelete(
  context: ChannelContext,
  batch: readonly ChatMessage[],
  settings: ChannelSettings,
  now: number,
): ThreadTrigger | null {
  const byContent = contentTrigger(batch, settings);
  const opened = context.batchOpenedAt;
  const windowPassed = opened !== null && now >= opened + settings.batchWindowMs;
  if (context.trigger === 'window' || context.trigger === 'queue')
    return byContent !== null || windowPassed ? context.trigger : null;
  return byContent ?? (windowPassed ? 'window' : null);
}
