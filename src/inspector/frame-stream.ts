import type { InspectorFeed } from './feed.ts';

/**
 * `GET /inspector/api/stream`: the feed's frames as Server-Sent Events (`data: <InspectorFrame>`),
 * with a comment every `keepAliveMs` so idle streams outlive Bun's 10 s idle timeout. Ends, and
 * stops watching, when the request's signal aborts, the page goes away, or Ery stops (after the
 * feed's last frame).
 */
export function frameStream(
  feed: InspectorFeed,
  focus: string | null,
  signal: AbortSignal,
  keepAliveMs: number,
): Response {
  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let keepAlive: ReturnType<typeof setInterval> | undefined;
      const write = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop(); // The page is gone: the stream closed under us.
        }
      };
      let unwatch = () => {};
      const end = () => {
        stop();
        try {
          controller.close();
        } catch {
          // Already closed by the page.
        }
      };
      stop = () => {
        unwatch();
        clearInterval(keepAlive);
        keepAlive = undefined;
      };
      unwatch = feed.watch(focus, (frame) => write(`data: ${JSON.stringify(frame)}\n\n`), end);
      keepAlive = setInterval(() => write(': keep-alive\n\n'), keepAliveMs);
      if (signal.aborted) end();
      else signal.addEventListener('abort', end, { once: true });
    },
    cancel: () => stop(),
  });
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store' },
  });
}
