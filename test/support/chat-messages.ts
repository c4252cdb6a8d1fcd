import type { ChatMessage } from '../../src/domain/message.ts';

let nextId = 1_000_000_000_000_000n;

/** A valid ChatMessage with a fresh snowflake id; override any field. */
export function chatMessage(overrides: Partial<ChatMessage> = {}): ChatMessage {
  nextId += 1n;
  return {
    id: nextId.toString(),
    channelId: '100',
    guildId: '10',
    author: { id: '500', name: 'alice', bot: false },
    content: 'hello',
    mentions: { users: [], roles: [], everyone: false },
    replyToId: null,
    mentionsBot: false,
    createdAt: 0,
    ...overrides,
  };
}
