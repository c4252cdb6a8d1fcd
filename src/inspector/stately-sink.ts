import { createWebSocketInspector } from '@statelyai/inspect';
import type { InspectionHub } from '../app/inspection-hub.ts';
import type { Logger } from '../logger.ts';

/** A running Stately sink; `stop()` closes its socket and stops forwarding. */
export interface StatelySink {
  stop(): void;
}

/**
 * Forwards every inspection event of the hub (channel actors and the supervisor's lifecycle) to
 * `url` in @statelyai/inspect's WebSocket protocol (`ERY_INSPECT=ws://…`), for Stately's tools.
 *
 * Unbatched on purpose: Stately's viewers draw each event. It costs throughput (the library
 * serialises every event and defers each with a timer; shared/notes/xstate.md measured ~40k
 * events/s delivered), so it is opt-in. Until the socket opens, the library keeps the last 200
 * events; it retries a refused connection every 5 s but does not reconnect after a sink that was
 * connected goes away.
 */
export function connectStatelySink(hub: InspectionHub, url: string, logger: Logger): StatelySink {
  const inspector = createWebSocketInspector({ url });
  logger.info({ event: 'inspect.sink.started', url }, 'sending inspection events to a Stately sink');
  const untap = hub.tap((_from, event) => inspector.inspect.next?.(event));
  return {
    stop() {
      untap();
      inspector.stop();
    },
  };
}
