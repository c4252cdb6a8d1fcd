import type { InspectionHub } from './inspection-hub.ts';

/**
 * `GET /api/inspect`: every channel actor's inspection events as Server-Sent Events (one JSON
 * record per `data:` line), from now until the request's signal aborts.
 */
export function inspectStream(hub: InspectionHub, signal: AbortSignal): Response {
  const encoder = new TextEncoder();
  let unsubscribe = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(': ery inspection stream\n\n'));
      unsubscribe = hub.subscribe((record) => {
        controller.enqueue(encoder.encode(`data: ${JSON.stringify(record)}\n\n`));
      });
      signal.addEventListener('abort', () => {
        unsubscribe();
        controller.close();
      });
    },
    cancel: () => unsubscribe(),
  });
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
  });
}
