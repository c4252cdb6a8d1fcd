/** Shared helpers for the playground tests: the file's playground, a bounded login and a raw API caller. */
import { afterAll, beforeAll } from 'bun:test';
import { Client, Events, GatewayIntentBits, type Message } from 'discord.js';
import { type Playground, type PlaygroundOptions, startPlayground } from '../../src/playground/index.ts';

/** The intents Ery uses. */
export const ERY_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildModeration,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.GuildMessageReactions,
  GatewayIntentBits.MessageContent,
];

/**
 * Logs a real discord.js client in to the playground (as Ery, or as whoever holds `token`) and
 * waits for `ready`. `login()` never settles when the gateway is unreachable, so it gets its own
 * deadline.
 */
export async function loginClient(
  pg: Playground,
  timeoutMs = 10_000,
  intents = ERY_INTENTS,
  token = pg.botToken,
): Promise<Client<true>> {
  const client = new Client({ intents, rest: { api: pg.apiUrl } });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`discord.js did not get ready within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([Promise.all([client.login(token), ready]), deadline]);
  } catch (error) {
    await client.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return client as Client<true>;
}

/** A JSON body under test: read freely, asserted on by the test. */
// biome-ignore lint/suspicious/noExplicitAny: responses are Discord JSON that each test asserts on.
export type JsonBody = any;

/** Calls the playground's REST API as the holder of `token`; returns status, headers and JSON body. */
export async function api(
  pg: Playground,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; reason?: string } = {},
): Promise<{ status: number; headers: Headers; body: JsonBody }> {
  const headers: Record<string, string> = { Authorization: `Bot ${options.token ?? pg.botToken}` };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.reason !== undefined) headers['X-Audit-Log-Reason'] = encodeURIComponent(options.reason);
  const res = await fetch(`${pg.apiUrl}/v10${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
}

/** Resolves with the first value `register` hands over, or rejects after `timeoutMs`. */
export function within<T>(timeoutMs: number, register: (resolve: (value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nothing arrived within ${timeoutMs} ms`)), timeoutMs);
    register((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

/** Waits (5 s at most) for `client` to see a message with exactly `content`. */
export function messageSeen(client: Client, content: string): Promise<Message> {
  return within(5000, (resolve) => {
    const listener = (m: Message) => {
      if (m.content !== content) return;
      client.off(Events.MessageCreate, listener);
      resolve(m);
    };
    client.on(Events.MessageCreate, listener);
  });
}

/** Waits (5 s at most) until `client` has the thread `threadId` in its cache (THREAD_CREATE landed). */
export function threadCached(client: Client, threadId: string): Promise<void> {
  return within(5000, (resolve) => {
    if (client.channels.cache.has(threadId)) resolve(undefined);
    else client.once(Events.ThreadCreate, () => resolve(undefined));
  });
}

/** What {@link usePlayground} hands the calling file once its playground is up. */
export interface StartedPlayground {
  pg: Playground;
  /** Logs a discord.js client in ({@link loginClient}, as Ery by default); destroyed after the file. */
  login(options?: { intents?: GatewayIntentBits[]; token?: string }): Promise<Client<true>>;
}

/**
 * Starts a playground with `options` before the calling file's tests and hands it to `ready` (the
 * file keeps what it needs and logs its clients in); after the tests every client logged in through
 * `login` is destroyed and the playground stopped.
 */
export function usePlayground(
  options: PlaygroundOptions,
  ready: (started: StartedPlayground) => void | Promise<void>,
): void {
  let pg: Playground | undefined;
  const clients: Client[] = [];
  beforeAll(async () => {
    const started = await startPlayground(options);
    pg = started;
    await ready({
      pg: started,
      login: async ({ intents, token } = {}) => {
        const client = await loginClient(started, 10_000, intents, token);
        clients.push(client);
        return client;
      },
    });
  });
  afterAll(async () => {
    await Promise.all(clients.splice(0).map((client) => client.destroy()));
    await pg?.stop();
  });
}
