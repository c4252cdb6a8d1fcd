import { ChatMessage } from './message.ts';

/** Messages this process has validated; held weakly, so they leave with their last reference. */
const validated = new WeakSet<object>();

/** The outcome of {@link validateChatMessage}: zod's, for a message seen before as for a new one. */
export type ChatMessageCheck = ReturnType<typeof ChatMessage.safeParse>;

/**
 * Validates `input` with the {@link ChatMessage} schema once per object: the gateway adapter
 * validates each message it builds, and the supervisor, which also takes messages from anywhere
 * else, does not pay for the same check again (issue 10: the double validation was ~7% of ingest).
 * A validated message is treated as immutable from then on, as everything in Ery treats messages.
 */
export function validateChatMessage(input: unknown): ChatMessageCheck {
  if (typeof input === 'object' && input !== null && validated.has(input)) {
    return { success: true, data: input as ChatMessage } as ChatMessageCheck;
  }
  const parsed = ChatMessage.safeParse(input);
  if (parsed.success) validated.add(parsed.data);
  return parsed;
}
