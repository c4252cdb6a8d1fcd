import type { AgentThreadInput } from '../../actors/agent-thread/index.ts';
import type { DiscordActions } from '../discord/port.ts';
import { EryError } from '../domain/errors.ts';
import { messageNonce } from '../tools/nonce.ts';

/** What people are told, by error code; anything else gets the generic line. */
const REASONS: Record<string, string> = {
  LLM_UNAVAILABLE: 'the language model is not reachable',
  LLM_RATE_LIMITED: 'the language model is rate-limiting me',
  LLM_TIMEOUT: 'the language model did not answer in time',
  LLM_BAD_RESPONSE: 'the language model gave an answer I could not read',
  LLM_AUTH: 'my language model is not set up correctly (an admin can see why in the logs)',
  LLM_BAD_REQUEST: 'my language model refused the request (an admin can see why in the logs)',
  THREAD_DEADLINE: 'this took longer than I am allowed to think',
};

/**
 * When a thread fails, replies once to the newest message that addressed Ery, so the person who
 * asked is not left waiting in silence. Batches nobody addressed to Ery fail quietly (logged
 * only). The nonce makes the notice idempotent if the failure is reported twice.
 */
export function failureNotice(actions: DiscordActions) {
  return async (input: AgentThreadInput, error: unknown): Promise<void> => {
    const asked = input.messages.filter((message) => message.mentionsBot).at(-1);
    if (!asked) return;
    const code = error instanceof EryError ? error.code : 'UNKNOWN';
    const reason = REASONS[code] ?? 'something went wrong on my side';
    await actions.sendMessage({
      channelId: input.channelId,
      replyToId: asked.id,
      content: `Sorry, I couldn't answer that: ${reason}. Please try again in a moment.`,
      nonce: messageNonce(input.threadId, 0, 'failure'),
      allowedMentions: { parse: [] },
    });
  };
}
