import { z } from 'zod';
import { LIVE_CHANNEL_STATES, THREAD_TRIGGERS } from '../../machines/channel.types.ts';
import { ChatMessage } from '../../src/domain/message.ts';

const time = z.number().nullable();

/** A thread as the channel machine keeps it while it runs (`ThreadRun`). */
const ThreadRun = z.object({
  id: z.string().min(1),
  trigger: z.enum(THREAD_TRIGGERS),
  messages: z.array(ChatMessage),
  startedAt: z.number(),
  resumedAt: z.number().optional(),
});

/**
 * What a stored channel snapshot must hold to be handed to XState: a live state of the channel
 * machine, and a context whose every field the machine reads on restore (its timers re-armed from
 * the times in it, its messages read by the next thread) is there and of its type. Not `strict`:
 * XState's own fields (`status`, `children`, `historyValue`) and fields added later pass.
 */
const StoredSnapshot = z.object({
  value: z.enum(LIVE_CHANNEL_STATES),
  context: z.object({
    channelId: z.string(),
    guildId: z.string(),
    settings: z.record(z.string(), z.number()),
    permitRequired: z.boolean(),
    batch: z.array(ChatMessage),
    batchOpenedAt: time,
    trigger: z.enum(THREAD_TRIGGERS).nullable(),
    queue: z.array(ChatMessage),
    queueOpenedAt: time,
    thread: ThreadRun.nullable(),
    threadsRun: z.number(),
    threadsFailed: z.number(),
    cooldownStartedAt: time,
    idleSince: time,
  }),
});

/**
 * Why `snapshot` cannot be the channel `channelId`'s, in one line naming the first field that is
 * wrong (`context.batch.0.author.id: …`), or null when it can. Catches a row damaged on disk or by
 * hand, cut short, or written for another channel, before XState fails on it later (issue 11 §3).
 */
export function snapshotProblem(snapshot: unknown, channelId: string): string | null {
  const parsed = StoredSnapshot.safeParse(snapshot);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') || 'snapshot';
    return `${path}: ${issue?.message ?? 'not a channel snapshot'}`;
  }
  const { value, context } = parsed.data;
  if (context.channelId !== channelId) return `context.channelId is ${context.channelId}, not this channel`;
  if (value === 'running' && context.thread === null) return 'running without a thread';
  return null;
}
