/** A raw gateway client for the playground's protocol tests: frames queued so a test awaits them in order. */
import { afterEach } from 'bun:test';
import type { Playground } from '../../src/playground/index.ts';
import { usePlayground } from './helpers.ts';

// biome-ignore lint/suspicious/noExplicitAny: gateway payloads are Discord JSON each test asserts on.
export type Frame = { op: number; d: any; s?: number | null; t?: string | null };

/** A raw gateway connection that queues frames so a test can await them in order. */
export class RawGateway {
  readonly frames: Frame[] = [];
  closed: number | null = null;
  #waiters: Array<() => void> = [];
  readonly ws: WebSocket;

  constructor(url: string) {
    this.ws = new WebSocket(`${url}?v=10&encoding=json`);
    this.ws.onmessage = (e) => {
      this.frames.push(JSON.parse(String(e.data)));
      this.#wake();
    };
    this.ws.onclose = (e) => {
      this.closed = e.code;
      this.#wake();
    };
  }

  #wake() {
    for (const w of this.#waiters.splice(0)) w();
  }

  #hello: Promise<Frame> | undefined;

  /** HELLO (op 10), awaited once: nothing may be sent before the socket is open. */
  hello(): Promise<Frame> {
    this.#hello ??= this.next((f) => f.op === 10);
    return this.#hello;
  }

  send(op: number, d: unknown) {
    this.ws.send(JSON.stringify({ op, d }));
  }

  /** The next frame (removed from the queue) matching `predicate`; rejects on close or after 3 s. */
  async next(predicate: (f: Frame) => boolean = () => true): Promise<Frame> {
    const deadline = Date.now() + 3000;
    for (;;) {
      const i = this.frames.findIndex(predicate);
      if (i >= 0) return this.frames.splice(i, 1)[0] as Frame;
      if (this.closed !== null) throw new Error(`socket closed with ${this.closed}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no matching frame within 3 s');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async closedWith(): Promise<number> {
    while (this.closed === null) await this.next(() => false).catch(() => undefined);
    return this.closed;
  }

  dispatch(t: string) {
    return this.next((f) => f.op === 0 && f.t === t);
  }
}

export const ALL_INTENTS = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 9) | (1 << 10) | (1 << 15);
/** HELLO, then IDENTIFY with `token` (the playground's bot token by default). */
export async function identify(
  raw: RawGateway,
  pg: Playground,
  intents = ALL_INTENTS,
  token = pg.botToken,
): Promise<void> {
  await raw.hello();
  raw.send(2, { token, intents, properties: { os: 'linux', browser: 'test', device: 'test' } });
}

/**
 * Starts the calling file's playground (handed to `ready`) and returns `open`, which connects a raw
 * socket to its gateway; every socket a test opened is closed after it.
 */
export function useRawGateways(ready: (pg: Playground) => void): () => RawGateway {
  let pg: Playground | undefined;
  const sockets: RawGateway[] = [];
  usePlayground({ port: 0 }, (started) => {
    pg = started.pg;
    ready(started.pg);
  });
  afterEach(() => {
    for (const raw of sockets.splice(0)) raw.ws.close();
  });
  return () => {
    if (!pg) throw new Error('useRawGateways: the playground is not started yet');
    const raw = new RawGateway(pg.gatewayUrl);
    sockets.push(raw);
    return raw;
  };
}
