import type { HistoryMessage } from '../discord/port.ts';
import type { RecentMessages } from './recent-messages.ts';

/** Reads channel messages older than `before`, oldest first (the agent's `HistoryReader`). */
export type HistoryRead = (
  input: { channelId: string; before: string; limit: number },
  signal: AbortSignal,
) => Promise<HistoryMessage[]>;

/**
 * Channel history from the recent-message buffer (issue 10: a thread in a warm channel starts with
 * no REST call). Discord is asked (`rest`) only when the buffer cannot answer: a channel never
 * seen or evicted, and then once, since what REST returns joins the buffer. Resolves oldest first;
 * rejects as `rest` does.
 */
export function bufferedHistory(buffer: RecentMessages, rest: HistoryRead): HistoryRead {
  return async ({ channelId, before, limit }, signal) => {
    const held = buffer.read(channelId, before, limit);
    if (held.complete) return held.messages;
    if (held.fillBefore === null) return rest({ channelId, before, limit }, signal);
    const asked = limit - held.messages.length;
    const older = await rest({ channelId, before: held.fillBefore, limit: asked }, signal);
    buffer.fill(channelId, older, asked);
    return buffer.read(channelId, before, limit).messages;
  };
}
