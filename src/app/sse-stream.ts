/** What a client had queued, unread, when it was dropped. */
export interface DroppedClient {
  /** Bytes written for it that it had not read. */
  queuedBytes: number;
}

/** Options of {@link boundedEventStream}. */
export interface BoundedStreamOptions {
  /** The request's signal: the stream ends when the client goes away. */
  signal: AbortSignal;
  /**
   * Starts feeding the stream: `send` writes one SSE text (`data: …\n\n`), `end` closes the stream
   * (the feed has nothing more); returns the function that stops feeding it. Called once, when the
   * stream starts.
   */
  subscribe: (send: (text: string) => void, end: () => void) => () => void;
  /** Written first (a comment, `retry:`), before anything `subscribe` sends. */
  opening?: string;
  /**
   * Bytes the client may leave unread before it is dropped (default
   * {@link MAX_QUEUED_BYTES}). Bun's own socket buffer holds about as much again.
   */
  maxQueuedBytes?: number;
  /** Interval of `: keep-alive` comments, under Bun.serve's 10 s idle timeout (default 5 000). */
  keepAliveMs?: number;
  /** Called once when the client is dropped for not reading: log it there. */
  onDropped?: (dropped: DroppedClient) => void;
  /** Headers of the response besides `content-type` and `cache-control`. */
  headers?: Record<string, string>;
}

/** Default of {@link BoundedStreamOptions.maxQueuedBytes}: 4 MiB per client. */
export const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

const encoder = new TextEncoder();

/**
 * A Server-Sent Events response whose unread backlog is bounded. Without a bound, a client that
 * connects and does not read makes Ery keep every event for it, forever (issue 9: 20 such readers
 * grew Ery to 7 GB). Each text is queued only while the client has less than `maxQueuedBytes`
 * unread (the stream's `desiredSize`); past that, it gets a last `event: dropped` saying why, the
 * stream closes and stops being fed, and `onDropped` is called once. An EventSource reconnects by
 * itself, so a page that was only busy for a while comes back with a fresh stream.
 */
export function boundedEventStream(options: BoundedStreamOptions): Response {
  const limit = options.maxQueuedBytes ?? MAX_QUEUED_BYTES;
  let finish = () => {};
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let open = true;
        let unsubscribe = () => {};
        let keepAlive: ReturnType<typeof setInterval> | undefined;
        const end = (last?: string) => {
          if (!open) return;
          open = false;
          unsubscribe();
          clearInterval(keepAlive);
          options.signal.removeEventListener('abort', onAbort);
          try {
            if (last) controller.enqueue(encoder.encode(last));
            controller.close();
          } catch {
            // Already closed by the client going away.
          }
        };
        const onAbort = () => end();
        const send = (text: string) => {
          if (!open) return;
          const room = controller.desiredSize ?? 0;
          if (room <= 0) {
            end(droppedNotice(limit));
            options.onDropped?.({ queuedBytes: limit - room });
            return;
          }
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            end(); // The client is gone: the stream closed under us.
          }
        };
        keepAlive = setInterval(() => send(': keep-alive\n\n'), options.keepAliveMs ?? 5_000);
        finish = end;
        options.signal.addEventListener('abort', onAbort, { once: true });
        if (options.opening) send(options.opening);
        const stop = options.subscribe(send, () => end());
        // Dropped while subscribing (a first burst past the limit): stop feeding at once.
        if (open) unsubscribe = stop;
        else stop();
        if (options.signal.aborted) end();
      },
      cancel: () => finish(),
    },
    { highWaterMark: limit, size: (chunk) => chunk?.byteLength ?? 0 },
  );
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store', ...options.headers },
  });
}

function droppedNotice(limit: number): string {
  const error = `this stream was closed because its reader fell ${Math.round(limit / 1024)} KiB behind; read it as it comes (or reconnect to start afresh)`;
  return `event: dropped\ndata: ${JSON.stringify({ error })}\n\n`;
}
