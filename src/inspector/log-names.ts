import type { ChannelLog } from '../replay/channel-log.ts';
import type { MentionNames } from './mentions.ts';

/**
 * Names a channel's log itself knows: every message author's display name, by user id. What the
 * replay view names mentions with when no Discord connection is at hand (`ery replay --inspect`);
 * `fallback` (the live connection's cache) is asked first when there is one.
 */
export function namesFromLog(log: ChannelLog, fallback?: MentionNames): MentionNames {
  const authors = new Map<string, string>();
  for (const { type, event } of log.events) {
    if (!['message.received', 'message.updated', 'reaction.added', 'member.joined'].includes(type)) continue;
    const author = (event.message as { author?: { id?: unknown; name?: unknown } } | undefined)?.author;
    if (typeof author?.id === 'string' && typeof author.name === 'string')
      authors.set(author.id, author.name);
  }
  return {
    member: (guildId, userId) => fallback?.member?.(guildId, userId) ?? authors.get(userId) ?? null,
    role: (guildId, roleId) => fallback?.role?.(guildId, roleId) ?? null,
    channel: (channelId) => fallback?.channel(channelId) ?? null,
  };
}
