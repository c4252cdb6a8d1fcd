/**
 * The playground: a local Discord-compatible server (API v10 REST + gateway on one port) with a
 * seeded demo guild, so Ery and its tests run against the real discord.js client without Discord.
 *
 * ```ts
 * const pg = await startPlayground({ port: 0 });
 * const client = new Client({ intents, rest: { api: pg.apiUrl } });
 * await client.login(pg.botToken);
 * ```
 */
import type { Logger } from 'pino';
import { silentLogger } from '../logger.ts';
import { Access } from './access.ts';
import type { ActionContext } from './actions/context.ts';
import { type AddedGuild, addGuild } from './actions/guilds.ts';
import { AttachmentHost, type AttachmentJson, type UploadInput } from './attachments.ts';
import { EventLog, type PlaygroundEvent } from './events.ts';
import { FaultInjector, type FaultMatch } from './faults.ts';
import { Gateway } from './gateway.ts';
import { type CommandRecord, CommandRegistry } from './interactions/command-registry.ts';
import {
  type InteractionReply,
  InteractionStore,
  type InvokeInput,
} from './interactions/interaction-store.ts';
import { messageApi, type PlaygroundMessages } from './message-api.ts';
import { type BucketRule, RateLimiter } from './rate-limit.ts';
import { DEMO_IDS, type DemoIds, seedDemo } from './seed.ts';
import { GATEWAY_PATH, listen } from './server.ts';
import { SnowflakeGenerator } from './snowflake.ts';
import type { PlaygroundState, StateStore } from './state.ts';
import type { PlaygroundStorage } from './storage/port.ts';
import { openWorld } from './storage/restore.ts';
import { type PlaygroundThreads, threadApi } from './thread-api.ts';
import { TokenRegistry } from './tokens.ts';

export type { AddedGuild } from './actions/guilds.ts';
export type { InjectMessageInput } from './actions/inject-message.ts';
export { ApiError } from './errors.ts';
export type { EventMessage, EventThread, EventUser, PlaygroundEvent, PlaygroundEventType } from './events.ts';
export { WaitTimeoutError } from './events.ts';
export {
  type CommandLine,
  InteractionInputError,
  parseCommandLine,
} from './interactions/command-input.ts';
export type { CommandRecord } from './interactions/command-registry.ts';
export type { InteractionReply, InvokeInput } from './interactions/interaction-store.ts';
export type { PlaygroundMessages } from './message-api.ts';
export { type BucketRule, DEFAULT_BUCKETS } from './rate-limit.ts';
export type * from './records.ts';
export { AuditLogAction } from './records.ts';
export type { DemoIds } from './seed.ts';
export { DEMO_IDS } from './seed.ts';
export type { ApiUser } from './serialize.ts';
export type { ApiMessage } from './serialize-message.ts';
export type { PlaygroundState, StateStore } from './state.ts';
export type { PlaygroundStorage, SavedWorld } from './storage/port.ts';
export {
  openSqlitePlaygroundStorage,
  PlaygroundStorageError,
  playgroundPathFor,
} from './storage/sqlite-storage.ts';
export type { PlaygroundThreads } from './thread-api.ts';

/**
 * Fills an empty playground with a world of its own instead of the demo server (see
 * {@link PlaygroundOptions.seed}): tests that need ids, roles or a second server the demo lacks.
 */
export type PlaygroundSeeder = (store: StateStore, now: number) => void;

/** Options of {@link startPlayground}. */
export interface PlaygroundOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Seed the demo server (default true). A function seeds its own world instead: it receives the
   * empty store (users, guilds, roles, members, channels, messages) before the server listens. Log
   * in as one of its bot users with `tokenFor(userId)`; `demo` still names the (absent) demo ids.
   */
  seed?: boolean | PlaygroundSeeder;
  logger?: Logger;
  /** The bot token clients must present (a fixed playground token by default). */
  botToken?: string;
  /** Requests per second per token before a global 429 (default 50, Discord's). */
  globalRateLimitPerSecond?: number;
  /** Per-route buckets, first match wins (default {@link DEFAULT_BUCKETS}). */
  rateLimitBuckets?: BucketRule[];
  /** Gateway heartbeat interval (default 41 250 ms, Discord's). */
  heartbeatIntervalMs?: number;
  /** Clock for timestamps, timeouts and ids (default Date.now). */
  now?: () => number;
  /** Tried before the API routes: another part mounts the web chat here. */
  extraFetch?: (req: Request) => Response | Promise<Response> | undefined;
  /**
   * Where the world is kept between runs (default: nowhere, it lives in memory). When the storage
   * holds a saved world the playground resumes it (and its id counter) instead of seeding; every
   * change is then saved to it. The playground owns it from here: `stop()` closes it.
   */
  storage?: PlaygroundStorage;
}

/** Test and web-chat hooks for injecting failures. */
export interface PlaygroundFaults {
  /** The next `count` matching REST requests get 429 with `Retry-After` (and `X-RateLimit-Global` when global). */
  rateLimit(opts: FaultMatch & { count: number; retryAfterMs: number; global?: boolean }): void;
  /** The next `count` matching REST requests fail with `status` (default 500). */
  serverError(opts: FaultMatch & { count: number; status?: number }): void;
  /** Closes every gateway socket abruptly (clients see 1006 and resume, missing nothing). */
  dropConnections(): void;
  /** Sends op 7 Reconnect: clients reconnect and resume. */
  reconnect(): void;
  /**
   * Sends op 9 Invalid Session. By default (d=false) sessions are forgotten and clients identify
   * again; with `resumable` (d=true) they are kept and clients resume them.
   */
  invalidateSessions(options?: { resumable?: boolean }): void;
  /**
   * A gateway outage: new connections open but get no HELLO until the returned release is called.
   * Open sockets are untouched; combine with another fault to keep a client out for a while.
   */
  holdConnections(): () => void;
  /**
   * Zombie connections: every open socket stays open, but heartbeats get no ACK and dispatches are
   * held for RESUME. A client must notice the missing ACKs and reconnect.
   */
  zombieConnections(): void;
  /**
   * Sends a gateway dispatch of type `t` whose `d` is `payload`, as given, to every session: the way
   * to feed garbage (a MESSAGE_CREATE with no author, a GUILD_CREATE of the wrong shape) to a
   * client. Nothing is stored; REST knows nothing of it.
   */
  rawDispatch(t: string, payload: unknown): void;
  /** Drops pending REST faults. */
  clear(): void;
}

/** What a person does with application commands (see ./interactions). */
export interface PlaygroundInteractions {
  /** The commands usable in `guildId`: its own, then global ones. */
  commands(guildId: string): CommandRecord[];
  /**
   * Runs a command (`path` like `['ery', 'config', 'get']`, named `options`) as `userId` in
   * `channelId`; resolves with the bot's reply, rejects with an `InteractionInputError` when the
   * command or an option is unknown, or when the bot does not answer in `timeoutMs` (default 10 s).
   */
  invoke(input: InvokeInput, timeoutMs?: number): Promise<InteractionReply>;
  /** The bot's choices while `focused` holds the text typed so far (at most 25). */
  autocomplete(
    input: InvokeInput & { focused: string },
    timeoutMs?: number,
  ): Promise<Array<{ name: string; value: string | number }>>;
}

/** A running playground. */
export interface Playground extends PlaygroundMessages, PlaygroundThreads {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** `url + '/api'`: discord.js `new Client({ rest: { api } })`. */
  readonly apiUrl: string;
  /** ws://127.0.0.1:PORT/gateway (also what GET /gateway/bot returns). */
  readonly gatewayUrl: string;
  readonly botToken: string;
  /**
   * A token that acts as `userId` over REST (`Authorization: Bot <token>`) and the gateway, with
   * that user's permissions: for tests of refusals and for a second client.
   */
  tokenFor(userId: string): string;
  /** The bot's user id (Ery in the demo server). */
  readonly botUserId: string;
  /** True when the world was resumed from its storage; false when it was seeded at this start. */
  readonly restored: boolean;
  readonly demo: DemoIds;
  readonly state: PlaygroundState;
  /**
   * Keeps a file on the playground's attachment host and returns its attachment object, for an
   * injected message's `attachments` (see ./attachments.ts).
   */
  uploadAttachment(input: UploadInput): AttachmentJson;
  /**
   * A new server owned by `ownerId` with `memberIds`, one `#general`, and Ery invited: its sessions
   * get a GUILD_CREATE, as when an owner adds a bot on Discord. Throws `TypeError` for an unknown user.
   */
  addGuild(input: { name: string; ownerId: string; memberIds?: string[] }): AddedGuild;
  /** Every change, live; returns the unsubscribe function. */
  onEvent(listener: (event: PlaygroundEvent) => void): () => void;
  /** All events so far, oldest first. */
  events(): PlaygroundEvent[];
  /** The first event (past or future) matching `predicate`; rejects after `timeoutMs` (default 5000). */
  waitFor(
    predicate: (event: PlaygroundEvent) => boolean,
    timeoutMs?: number,
    signal?: AbortSignal,
  ): Promise<PlaygroundEvent>;
  readonly faults: PlaygroundFaults;
  /** People running the bots' application commands, as the Discord client does. */
  readonly interactions: PlaygroundInteractions;
  /** Number of open gateway sockets. */
  readonly connections: number;
  /** Closes sockets and stops listening. */
  stop(): Promise<void>;
}

/** The token the playground accepts unless told otherwise: Discord's shape, base64 of the bot id first. */
export const DEFAULT_BOT_TOKEN = `${btoa(DEMO_IDS.users.ery)}.playground.local-token-not-secret`;

/** Starts a playground server. Stop it with `stop()`. */
export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const host = options.host ?? '127.0.0.1';
  const botToken = options.botToken ?? DEFAULT_BOT_TOKEN;
  const demo = DEMO_IDS;
  const { storage } = options;
  const { store, saved } = openWorld(storage, (fresh) => {
    if (typeof options.seed === 'function') options.seed(fresh, now());
    else if (options.seed !== false) seedDemo(fresh, now());
  });
  if (saved)
    logger.info(
      { event: 'playground.resumed', records: saved.records.length },
      'playground resumed from its saved state',
    );
  // Without a seed there is still a bot user to log in as.
  if (!store.user(demo.users.ery))
    store.putUser({ id: demo.users.ery, username: 'Ery', globalName: null, bot: true });
  const botUserId = demo.users.ery;
  const access = new Access(store, now);
  const tokens = new TokenRegistry(botToken, botUserId, (id) => store.user(id) !== undefined);
  const events = new EventLog(now, (error) =>
    logger.warn({ event: 'playground.listener_failed', err: error }, 'playground event listener threw'),
  );
  let gatewayUrl = '';
  const gateway = new Gateway({
    state: store,
    access,
    events,
    logger,
    tokens,
    gatewayUrl: () => gatewayUrl,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    now,
  });
  const ids = new SnowflakeGenerator(now, 1n, {
    after: saved?.lastId ?? null,
    ...(storage ? { onNext: (id: string) => storage.noteId(id) } : {}),
  });
  const commands = new CommandRegistry(ids);
  // The interaction store acts through the context it is part of: filled in right below.
  const ctx = { store, access, gateway, events, ids, now, commands } as ActionContext;
  const interactions = new InteractionStore(ctx, commands, botUserId);
  ctx.interactions = interactions;
  const faults = new FaultInjector();
  const limiter = new RateLimiter({
    globalPerSecond: options.globalRateLimitPerSecond ?? 50,
    buckets: options.rateLimitBuckets,
    now,
  });
  let server: ReturnType<typeof listen>;
  let origin = '';
  const attachments = new AttachmentHost(
    () => origin,
    () => ids.next(),
  );
  try {
    server = listen({
      port: options.port ?? 0,
      host,
      gateway,
      logger,
      extraFetch: (req) => attachments.serve(new URL(req.url).pathname) ?? options.extraFetch?.(req),
      rest: { ctx, limiter, faults, logger, tokens, gatewayUrl: () => gatewayUrl },
    });
  } catch (error) {
    gateway.stop();
    storage?.close();
    throw error;
  }
  // A wildcard bind address is not something a client can dial.
  const dialHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${dialHost}:${server.port}`;
  origin = url;
  gatewayUrl = `ws://${dialHost}:${server.port}${GATEWAY_PATH}`;
  // The base a client is given (DISCORD_API_URL); discord.js appends the version itself.
  logger.info({ event: 'playground.listening', url, apiUrl: `${url}/api` }, 'playground listening');

  return {
    url,
    apiUrl: `${url}/api`,
    gatewayUrl,
    botToken,
    botUserId,
    restored: saved !== null,
    tokenFor: (userId) => tokens.tokenFor(userId),
    demo,
    state: store,
    ...messageApi(ctx, (input) => attachments.upload(input)),
    uploadAttachment: (input) => attachments.upload(input),
    addGuild: (input) => addGuild(ctx, botUserId, input),
    ...threadApi(ctx),
    onEvent: (listener) => events.on(listener),
    events: () => events.history(),
    waitFor: (predicate, timeoutMs, signal) => events.waitFor(predicate, timeoutMs, signal),
    interactions: {
      commands: (guildId) => commands.visibleIn(guildId),
      invoke: (input, timeoutMs) => interactions.invoke(input, timeoutMs),
      autocomplete: (input, timeoutMs) => interactions.autocomplete(input, timeoutMs),
    },
    faults: {
      rateLimit: (opts) => faults.rateLimit(opts),
      serverError: (opts) => faults.serverError(opts),
      clear: () => faults.clear(),
      dropConnections: () => gateway.dropConnections(),
      reconnect: () => gateway.reconnect(),
      invalidateSessions: (opts) => gateway.invalidateSessions(opts),
      holdConnections: () => gateway.holdConnections(),
      zombieConnections: () => gateway.zombieConnections(),
      rawDispatch: (t, payload) => gateway.rawDispatch(t, payload),
    },
    get connections() {
      return gateway.openSockets;
    },
    async stop() {
      gateway.stop();
      await server.stop(true);
      // After the server: no request can change the world once it is saved for the last time.
      storage?.close();
    },
  };
}
