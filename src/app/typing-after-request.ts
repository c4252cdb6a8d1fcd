import type { SendTyping } from '../../actors/agent-thread/typing.ts';

/**
 * `send`, made a turn of the event loop later (`setImmediate`), and not at all when `signal` has
 * aborted by then (the thread already ended). A thread starts typing as it starts, but in a warm
 * channel everything before its model request (step log, recent-message buffer, policy, context)
 * is memory and SQLite, done within that turn: so the request goes out first, and no REST call
 * (typing goes through discord.js's queue, held to Discord's 50 requests/s) stands before it (issue
 * 10). Resolves, or rejects, as `send` does.
 */
export function typingAfterRequest(send: SendTyping): SendTyping {
  return async (input, signal) => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (signal?.aborted) return;
    await send(input, signal);
  };
}
