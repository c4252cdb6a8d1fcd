import { redactUrl, redactUrlsIn } from '../domain/redact-url.ts';
import type { Logger } from '../logger.ts';

/** Options of {@link SinkSocket}. */
export interface SinkSocketOptions {
  /** The sink's `ws://` or `wss://` URL (`ERY_INSPECT`); logged with its secrets redacted. */
  url: string;
  logger: Logger;
  /** Bytes the sink may leave unread before events are dropped (default 4 MiB). */
  maxBufferedBytes?: number;
  /** Events kept while not connected, the newest (default 200, as @statelyai/inspect keeps). */
  maxPending?: number;
  /** Wait before connecting again after a refusal or a close, ms (default 5 000). */
  retryMs?: number;
}

/** What the socket has sent and dropped since it started. */
export interface SinkCounts {
  sent: number;
  /** Events not sent: the sink was too far behind, or unreachable past `maxPending`. */
  dropped: number;
}

/**
 * The WebSocket end of the Stately sink: an @statelyai/inspect `Adapter` (`start`, `stop`, `send`)
 * whose memory is bounded, unlike the library's own, which buffers without limit for a sink that
 * accepts and never reads (issue 9). While the sink is more than `maxBufferedBytes` behind, events
 * are dropped and counted; while it is unreachable, only the newest `maxPending` are kept. A
 * refused or closed connection is tried again every `retryMs`. Each trouble is logged once, with
 * the URL redacted: `inspect.sink.refused` (until a connection succeeds), `inspect.sink.closed`
 * (per connection), `inspect.sink.stalled` (per stall; `inspect.sink.resumed` with the count
 * dropped when it reads again).
 */
export class SinkSocket {
  readonly counts: SinkCounts = { sent: 0, dropped: 0 };
  private readonly url: string;
  private readonly shown: string;
  private readonly maxBuffered: number;
  private readonly maxPending: number;
  private readonly retryMs: number;
  private readonly logger: Logger;
  private socket: WebSocket | null = null;
  private open = false;
  private stopped = false;
  private refusedLogged = false;
  private stalledSince: number | null = null;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private pending: string[] = [];

  constructor(options: SinkSocketOptions) {
    this.url = options.url;
    this.shown = redactUrl(options.url);
    this.logger = options.logger;
    this.maxBuffered = options.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.maxPending = options.maxPending ?? 200;
    this.retryMs = options.retryMs ?? 5_000;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.socket?.close();
    this.socket = null;
    this.open = false;
  }

  /**
   * Whether an event offered now would be sent or kept: false while the sink is too far behind,
   * and the event is counted as dropped (the caller skips turning it into the protocol).
   */
  offer(): boolean {
    if (!this.open || !this.socket || !this.behind(this.socket)) return true;
    this.counts.dropped += 1;
    return false;
  }

  /** One event of the library, already plain data; never throws. */
  send(event: unknown): void {
    let text: string;
    try {
      text = JSON.stringify(event);
    } catch {
      this.counts.dropped += 1;
      return;
    }
    if (!this.open || !this.socket) {
      this.pending.push(text);
      if (this.pending.length > this.maxPending) {
        this.pending.shift();
        this.counts.dropped += 1;
      }
      return;
    }
    this.write(this.socket, text);
  }

  private write(socket: WebSocket, text: string): void {
    if (this.behind(socket)) {
      this.counts.dropped += 1;
      return;
    }
    socket.send(text);
    this.counts.sent += 1;
  }

  /** True while the sink has more than `maxBuffered` unread; logs a stall's start and end once. */
  private behind(socket: WebSocket): boolean {
    const buffered = socket.bufferedAmount;
    if (buffered > this.maxBuffered) {
      if (this.stalledSince === null) {
        this.stalledSince = this.counts.dropped;
        this.logger.warn(
          { event: 'inspect.sink.stalled', url: this.shown, bufferedBytes: buffered },
          'the Stately sink stopped reading; inspection events are dropped until it catches up',
        );
      }
      return true;
    }
    if (this.stalledSince !== null && buffered <= this.maxBuffered / 2) {
      this.logger.info(
        { event: 'inspect.sink.resumed', url: this.shown, dropped: this.counts.dropped - this.stalledSince },
        'the Stately sink reads again',
      );
      this.stalledSince = null;
    }
    return false;
  }

  private connect(): void {
    if (this.stopped) return;
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url);
    } catch (error) {
      this.refused(String(error));
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.open = true;
      this.refusedLogged = false;
      this.logger.info({ event: 'inspect.sink.connected', url: this.shown }, 'connected to the Stately sink');
      const pending = this.pending;
      this.pending = [];
      for (const text of pending) this.write(socket, text);
    };
    socket.onclose = (close) => {
      if (this.socket !== socket) return;
      const wasOpen = this.open;
      this.socket = null;
      this.open = false;
      this.stalledSince = null;
      if (this.stopped) return;
      if (wasOpen) {
        this.logger.warn(
          { event: 'inspect.sink.closed', url: this.shown, code: close.code, dropped: this.counts.dropped },
          `the Stately sink closed the connection; trying again every ${this.retryMs / 1000} s`,
        );
      } else this.refused(`closed with code ${close.code}`);
      this.retry = setTimeout(() => this.connect(), this.retryMs);
    };
    // A failed connection is followed by a close, which is where it is handled.
    socket.onerror = () => {};
  }

  private refused(reason: string): void {
    if (this.refusedLogged) return;
    this.refusedLogged = true;
    this.logger.warn(
      { event: 'inspect.sink.refused', url: this.shown, reason: redactUrlsIn(reason) },
      `cannot connect to the Stately sink; trying again every ${this.retryMs / 1000} s (check ERY_INSPECT)`,
    );
  }
}
