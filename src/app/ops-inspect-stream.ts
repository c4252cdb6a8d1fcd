import type { Logger } from '../logger.ts';
import type { InspectionHub } from './inspection-hub.ts';
import { boundedEventStream } from './sse-stream.ts';

/** How `/api/inspect` streams: its logger, and how far a client may fall behind. */
export interface InspectStreamOptions {
  logger: Logger;
  /** Default `MAX_QUEUED_BYTES` of ./sse-stream.ts (4 MiB). */
  maxQueuedBytes?: number;
  keepAliveMs?: number;
}

/**
 * `GET /api/inspect`: every channel actor's inspection events as Server-Sent Events (one JSON
 * record per `data:` line), from now until the request's signal aborts. A client that stops
 * reading is dropped once it is `maxQueuedBytes` behind (logged once, `ops.inspect.client_dropped`),
 * so a slow reader never grows Ery's memory.
 */
export function inspectStream(
  hub: InspectionHub,
  signal: AbortSignal,
  options: InspectStreamOptions,
): Response {
  return boundedEventStream({
    signal,
    opening: ': ery inspection stream\n\n',
    subscribe: (send) => hub.subscribe((record) => send(`data: ${JSON.stringify(record)}\n\n`)),
    ...(options.maxQueuedBytes === undefined ? {} : { maxQueuedBytes: options.maxQueuedBytes }),
    ...(options.keepAliveMs === undefined ? {} : { keepAliveMs: options.keepAliveMs }),
    onDropped: ({ queuedBytes }) =>
      options.logger.warn(
        { event: 'ops.inspect.client_dropped', queuedBytes },
        'an /api/inspect client stopped reading; its stream was closed',
      ),
  });
}
