import { createInspector } from '@statelyai/inspect';
import type { InspectionHub } from '../app/inspection-hub.ts';
import { redactUrl } from '../domain/redact-url.ts';
import type { Logger } from '../logger.ts';
import { type SinkCounts, SinkSocket, type SinkSocketOptions } from './stately-socket.ts';

/** A running Stately sink; `stop()` closes its socket and stops forwarding. */
export interface StatelySink {
  /** Events sent and dropped so far (see ./stately-socket.ts). */
  readonly counts: SinkCounts;
  stop(): void;
}

/**
 * Forwards every inspection event of the hub (channel actors and the supervisor's lifecycle) to
 * `url` in @statelyai/inspect's WebSocket protocol (`ERY_INSPECT=ws://…`), for Stately's tools.
 * The library turns each event into its protocol; our own socket (./stately-socket.ts) carries
 * them, so a sink that refuses, goes away or stops reading is logged once and never grows Ery's
 * memory: past `maxBufferedBytes` unread, events are dropped and counted.
 *
 * Unbatched on purpose: Stately's viewers draw each event. It costs throughput (the library
 * serialises every event and defers each with a timer; shared/notes/xstate.md measured ~40k
 * events/s delivered), so it is opt-in.
 */
export function connectStatelySink(
  hub: InspectionHub,
  url: string,
  logger: Logger,
  options: Omit<SinkSocketOptions, 'url' | 'logger'> = {},
): StatelySink {
  const socket = new SinkSocket({ ...options, url, logger });
  const inspector = createInspector(socket);
  inspector.start();
  logger.info(
    { event: 'inspect.sink.started', url: redactUrl(url) },
    'sending inspection events to a Stately sink',
  );
  // A stalled sink costs one check per event, not the library's conversion and timer.
  const untap = hub.tap((_from, event) => {
    if (socket.offer()) inspector.inspect.next?.(event);
  });
  return {
    counts: socket.counts,
    stop() {
      untap();
      inspector.stop();
    },
  };
}
