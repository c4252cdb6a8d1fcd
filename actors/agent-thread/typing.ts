import type { DiscordActions } from '../../src/discord/port.ts';
import type { Logger } from '../../src/logger.ts';
import type { Clock } from '../clock.ts';

/**
 * How often the typing indicator is sent again. Discord shows it for about 10 s after each
 * `POST /channels/{id}/typing`, so 8 s keeps it up without a gap.
 */
export const TYPING_INTERVAL_MS = 8_000;

/** Sends Discord's typing indicator once: the port's own method. */
export type SendTyping = DiscordActions['sendTyping'];

/** What an agent thread needs to show that it is working (see {@link keepTyping}). */
export interface TypingDeps {
  send: SendTyping;
  /** Drives the repetition, so a simulated clock needs no wall time. */
  clock: Clock;
  /** Default {@link TYPING_INTERVAL_MS}. */
  intervalMs?: number;
}

/** Ends a {@link keepTyping}; calling it again does nothing. */
export type StopTyping = () => void;

/**
 * Ery's sign of life (issue 7): shows "Ery is typing…" in `channelId` now and again every
 * `intervalMs` until the returned function is called or `signal` aborts. A failed typing call is
 * logged at debug and never thrown: it must not fail the thread it decorates. A call still on the
 * wire when typing stops gets an aborted signal.
 */
export function keepTyping(
  deps: TypingDeps,
  channelId: string,
  signal: AbortSignal,
  logger: Logger,
): StopTyping {
  const interval = deps.intervalMs ?? TYPING_INTERVAL_MS;
  const stopped = new AbortController();
  let timer: unknown;
  const stop = () => {
    if (stopped.signal.aborted) return;
    stopped.abort();
    deps.clock.clearTimeout(timer);
    signal.removeEventListener('abort', stop);
  };
  const tick = () => {
    if (stopped.signal.aborted) return;
    deps.send({ channelId }, stopped.signal).catch((error: unknown) => {
      if (stopped.signal.aborted) return;
      logger.debug({ err: error, event: 'agent.typing.failed', channelId }, 'could not show typing');
    });
    timer = deps.clock.setTimeout(tick, interval);
  };
  if (signal.aborted) return stop;
  signal.addEventListener('abort', stop, { once: true });
  tick();
  return stop;
}
