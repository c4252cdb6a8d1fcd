/**
 * `GET /chat/events`: the playground's chat events as Server-Sent Events. Resumable: events after
 * `Last-Event-ID` (sent by a reconnecting EventSource) or `?since=<seq>` (the `seq` of
 * `/chat/state`) are replayed from the history first, so the page misses nothing between its
 * snapshot and the stream. Bounded like every stream of Ery (../../app/sse-stream.ts): a client
 * 4 MiB behind is dropped, and its EventSource resumes from its last event without losing one.
 */
import { boundedEventStream } from '../../app/sse-stream.ts';
import type { PlaygroundEvent } from '../events.ts';
import type { Playground } from '../index.ts';
import { buildStreamItem, isChatEvent, shownGuildId } from './chat-state.ts';

/** Options of {@link openEventStream}. */
export interface EventStreamOptions {
  /**
   * Interval of `: keep-alive` comments. Must stay under Bun.serve's idle timeout (10 s by
   * default), which otherwise cuts a quiet stream.
   */
  keepAliveMs: number;
  /** Streams still open; each entry ends its stream. The web chat's `close()` calls them all. */
  open: Set<() => void>;
  /** Bytes a client may leave unread before it is dropped (default 4 MiB). */
  maxQueuedBytes?: number;
}

/** The seq to resume after: `Last-Event-ID` wins over `?since`; anything else means "from now". */
function resumeFrom(req: Request, url: URL): number | null {
  const raw = req.headers.get('last-event-id') ?? url.searchParams.get('since');
  if (raw === null || !/^\d{1,15}$/.test(raw)) return null;
  return Number(raw);
}

/** Formats one SSE frame. JSON.stringify never emits a raw newline, so `data` stays one line. */
function frame(event: PlaygroundEvent, data: unknown): string {
  return `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Opens a stream; it ends when the client goes, or when `options.open`'s entry is called. */
export function openEventStream(
  pg: Playground,
  req: Request,
  url: URL,
  options: EventStreamOptions,
): Response {
  const guildId = shownGuildId(pg);
  const since = resumeFrom(req, url);
  const closing = new AbortController();
  const close = () => closing.abort();
  return boundedEventStream({
    signal: AbortSignal.any([req.signal, closing.signal]),
    keepAliveMs: options.keepAliveMs,
    opening: 'retry: 2000\n: connected\n\n',
    ...(options.maxQueuedBytes === undefined ? {} : { maxQueuedBytes: options.maxQueuedBytes }),
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'x-accel-buffering': 'no' },
    subscribe: (write) => {
      let lastSeq = since ?? 0;
      const send = (event: PlaygroundEvent) => {
        // History and live events can overlap by one when an event lands during the replay.
        if (event.seq <= lastSeq || !isChatEvent(event, guildId)) return;
        lastSeq = event.seq;
        write(frame(event, buildStreamItem(pg, event)));
      };
      // Subscribe before reading history: events are emitted synchronously, so none falls between.
      const unsubscribe = pg.onEvent(send);
      options.open.add(close);
      if (since !== null) for (const event of pg.events()) send(event);
      else lastSeq = pg.events().at(-1)?.seq ?? 0;
      return () => {
        unsubscribe();
        options.open.delete(close);
      };
    },
  });
}
