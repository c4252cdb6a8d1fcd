import type { ChatMessage } from '../../src/domain/message.ts';

/**
 * Message `n` of an in-process run, as Ery's gateway adapter hands it to the supervisor: a person's
 * plain text, addressed to nobody unless `mentionsBot`.
 */
export function plainMessage(
  n: number,
  channelId: string,
  guildId: string,
  mentionsBot = false,
): ChatMessage {
  return {
    id: String(1_000_000_000_000_000 + n),
    channelId,
    guildId,
    author: { id: '500', name: 'bench', bot: false },
    content: `message ${n}`,
    mentions: { users: [], roles: [], everyone: false },
    replyToId: null,
    mentionsBot,
    createdAt: Date.now(),
  };
}
