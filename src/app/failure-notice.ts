import { type AgentThreadInput, addressingMessage, type StepLog } from '../../actors/agent-thread/index.ts';
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
  THREAD_SILENT: 'the language model answered without using its tools, so nothing reached the channel',
};

/**
 * Failures asking again will not mend: they need an admin (an unusable key or request, a model that
 * does not call tools), so the notice says so instead of "try again".
 */
const ADMIN_FIXES: Record<string, string> = {
  LLM_AUTH: 'An admin needs to check the LLM key.',
  LLM_BAD_REQUEST: 'An admin needs to check the model settings.',
  THREAD_SILENT: 'An admin should check that the configured model supports tool calls.',
};

/** The thread a notice is about: which batch, in which channel. */
export type NoticeThread = Pick<AgentThreadInput, 'threadId' | 'channelId' | 'messages'>;

/** Step-log key that records a thread's notice as sent. */
export const noticeStepKey = (threadId: string) => `${threadId}:failure-notice`;

/**
 * Tells the newest person who addressed Ery in a failed thread that it failed, so nobody is left
 * waiting in silence; batches nobody addressed to Ery fail quietly. At most one notice per thread,
 * however many paths report the failure (the thread's own catch, the supervisor seeing the machine
 * stop it at its deadline) and across restarts: it is recorded in the durable step log once sent,
 * calls made while one is in flight share it, and its nonce makes Discord return the first message
 * if a crash came between sending and recording.
 */
export function failureNotice(actions: DiscordActions, steps: StepLog) {
  const inFlight = new Map<string, Promise<void>>();
  const send = async (thread: NoticeThread, code: string): Promise<void> => {
    const asked = addressingMessage(thread);
    if (!asked || (await steps.get(noticeStepKey(thread.threadId))) !== undefined) return;
    const reason = REASONS[code] ?? 'something went wrong on my side';
    const sent = await actions.sendMessage({
      channelId: thread.channelId,
      replyToId: asked.id,
      content: `Sorry, I couldn't answer that: ${reason}. ${ADMIN_FIXES[code] ?? 'Please try again in a moment.'}`,
      nonce: messageNonce(thread.threadId, 0, 'failure'),
      allowedMentions: { parse: [] },
    });
    await steps.put(noticeStepKey(thread.threadId), thread.threadId, 0, 'tool', { code, messageId: sent.id });
  };
  return (thread: NoticeThread, error: unknown): Promise<void> => {
    const pending = inFlight.get(thread.threadId);
    if (pending) return pending;
    const code = error instanceof EryError ? error.code : 'UNKNOWN';
    const notice = send(thread, code).finally(() => inFlight.delete(thread.threadId));
    inFlight.set(thread.threadId, notice);
    return notice;
  };
}
