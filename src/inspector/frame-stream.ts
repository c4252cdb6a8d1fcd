import { boundedEventStream, type DroppedClient } from '../app/sse-stream.ts';
import type { InspectorFeed } from './feed.ts';

/**
 * `GET /inspector/api/stream`: the feed's frames as Server-Sent Events (`data: <InspectorFrame>`),
 * with a comment every `keepAliveMs` so idle streams outlive Bun's 10 s idle timeout. Ends, and
 * stops watching, when the request's signal aborts, the page goes away, Ery stops (after the feed's
 * last frame), or the page falls `MAX_QUEUED_BYTES` behind (see ../app/sse-stream.ts; `onDropped`
 * hears of it, and the page's EventSource reconnects by itself).
 */
export function frameStream(
  feed: InspectorFeed,
  focus: string | null,
  signal: AbortSignal,
  keepAliveMs: number,
  onDropped?: (dropped: DroppedClient) => void,
): Response {
  return boundedEventStream({
    signal,
    keepAliveMs,
    subscribe: (send, end) => feed.watch(focus, (frame) => send(`data: ${JSON.stringify(frame)}\n\n`), end),
    ...(onDropped ? { onDropped } : {}),
  });
}
