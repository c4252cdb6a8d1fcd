import type { NamedItem } from '../../discord/slash/slash-port.ts';
import { ellipsis } from '../../domain/clip.ts';
import type { ActorSummary } from '../ops-actors.ts';

/** Channels and running threads listed at most, and longest channel name shown (Discord messages hold 2000 characters). */
const MAX_LISTED = 15;
const MAX_THREADS = 5;
const MAX_NAME = 40;

/** Busy channels first, then idle ones in memory, then those stored until their next message. */
const rank = (a: ActorSummary): number => (a.passive ? 2 : a.state === 'idle' ? 1 : 0);

/** `/ery status` in words: each channel's state, batch and queue, and the threads running now. */
export function describeStatus(
  actors: readonly ActorSummary[],
  channels: readonly NamedItem[],
  now: number,
): string {
  if (actors.length === 0) return 'Ery has no active channels in this server right now.';
  const name = (id: string) => `#${ellipsis(channels.find((c) => c.id === id)?.name ?? id, MAX_NAME)}`;
  const running = actors.filter((a) => a.thread !== null);
  // A stable sort: by channel id within each rank, as listed.
  const listed = [...actors].sort((a, b) => rank(a) - rank(b));
  const lines = listed.slice(0, MAX_LISTED).map((a) => {
    const parts = [`${name(a.channelId)}: ${a.state}`];
    if (a.batch.size > 0) parts.push(`batch ${a.batch.size}`);
    if (a.queue.size > 0) parts.push(`queue ${a.queue.size}`);
    if (a.passive) parts.push('stored until its next message');
    return `• ${parts.join(', ')}`;
  });
  if (actors.length > MAX_LISTED) lines.push(`… and ${actors.length - MAX_LISTED} more`);
  const threads = running
    .slice(0, MAX_THREADS)
    .map(
      (a) =>
        `• ${a.thread?.id} in ${name(a.channelId)} (${a.thread?.trigger}), running for ${Math.max(0, Math.round((now - (a.thread?.startedAt ?? now)) / 1000))}s`,
    );
  return [
    `**Ery in this server**: ${actors.length} channel${actors.length === 1 ? '' : 's'}`,
    ...lines,
    `**Running threads**: ${running.length}`,
    ...threads,
    ...(running.length > MAX_THREADS ? [`… and ${running.length - MAX_THREADS} more`] : []),
  ].join('\n');
}
