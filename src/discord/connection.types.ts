import type { ChatMessage } from '../domain/message.ts';
import type { Logger } from '../logger.ts';
import type { ChannelCatchUp, MissedRead } from './catch-up.ts';
import type { DirectMessagePolicy } from './direct-messages.ts';
import type { GatewayStatus } from './gateway-status.ts';
import type { HistoryFeed } from './history-feed.ts';
import type { MemberJoined } from './member-joins.ts';
import type { DiscordActions } from './port.ts';
import type { RateLimitHit } from './rate-limit-watch.ts';
import type { SlashHandler } from './slash/slash-port.ts';

/*
 * The shapes of a Discord connection (./connection.ts): its options, what it offers, and how it logs in.
 */
/** Options of {@link createDiscordConnection}. */
export interface DiscordConnectionOptions {
  /** The bot token (`DISCORD_TOKEN`). */
  token: string;
  /** REST base (`DISCORD_API_URL`); Discord's own when absent. */
  apiUrl?: string;
  logger: Logger;
  /**
   * Receives every message that is not Ery's own, once, in order per channel, from login on: guild
   * messages, and the direct messages `directMessages` answers (`guildId` `@me`).
   */
  onMessage: (message: ChatMessage) => void;
  /** Which direct messages are passed on (issue 12 §4); without it none is (logged `discord.message.dm_ignored`). */
  directMessages?: DirectMessagePolicy;
  /**
   * Receives every edit of a guild message that is not Ery's own (issue 12 §1), normalised again
   * with `editedAt` set: a message still waiting for its batch is updated by it.
   */
  onMessageUpdate?: (message: ChatMessage) => void;
  /** Receives reactions on Ery's own messages as batch items (`reaction` set; see ./reactions.ts). */
  onReaction?: (item: ChatMessage) => void;
  /** Receives every member joining a server but Ery itself (GUILD_MEMBER_ADD; see ./member-joins.ts). */
  onMemberJoin?: (join: MemberJoined) => void;
  /** Receives the ids of guild messages deleted (one, or a bulk delete), per channel. */
  onMessageDelete?: (channelId: string, messageIds: string[]) => void;
  /** When true (the default) other bots' messages are not fed. Ery's own never are. */
  ignoreBots?: boolean;
  /** Login gives up after this long with `DISCORD_LOGIN_TIMEOUT` (default 30 s). */
  loginTimeoutMs?: number;
  /** Rate-limit waits longer than this fail with `RATE_LIMITED` (default 60 s). */
  maxRateLimitWaitMs?: number;
  /** How many message ids are remembered to drop replayed duplicates (default 1000). */
  dedupeCapacity?: number;
  /** Called for every 429 Discord's REST API answers (the ops metrics count them). */
  onRateLimited?: (hit: RateLimitHit) => void;
  /**
   * Told of every message change the gateway delivers (creates, Ery's own and bots' included,
   * edits, deletes) and of lost sessions, so channel history needs no REST (issue 10).
   */
  history?: HistoryFeed;
  /** Called when the gateway starts a new session after the first (not a resume): catch up then. */
  onNewSession?: () => void;
  /** Answers `/ery`; with it, the command is registered in every server at start (issue 11 §5). */
  slash?: SlashHandler;
  /** Called with the id of a thread or channel deleted on Discord: its actor is reaped. */
  onChannelDeleted?: (channelId: string) => void;
}

/** The names {@link DiscordConnection.names} reads from discord.js's cache. */
export interface DiscordNames {
  guild(guildId: string): string | null;
  channel(channelId: string): string | null;
  member(guildId: string, userId: string): string | null;
  role(guildId: string, roleId: string): string | null;
}

/** Options of {@link connectDiscord}. */
export interface ConnectDiscordOptions extends DiscordConnectionOptions {
  /** Aborting it stops a login in progress, or the connection once established. */
  signal?: AbortSignal;
}

/** A Discord connection: the REST actions, who Ery is, and how to stop. */
export interface DiscordConnection {
  /**
   * Usable from construction: a call made before login has succeeded waits for it (only the
   * call's signal ends that wait), so the client's caches are filled when it runs.
   */
  actions: DiscordActions;
  /** Ery's own user id; throws a TypeError before login has succeeded. */
  readonly botUserId: string;
  /** True once login has succeeded (READY and the servers received); stays true after. */
  readonly ready: boolean;
  /**
   * Resolves once login has succeeded (at once after). Rejects only with `signal`'s reason: a
   * login that fails leaves it pending (see ./readiness.ts).
   */
  whenReady(signal?: AbortSignal): Promise<void>;
  /** Ids of the servers Ery is in right now. */
  guildIds(): string[];
  /**
   * Names from the gateway's cache (no request made): servers, channels, members (their display
   * name in the server) and roles; null when not cached (or before login).
   */
  readonly names: DiscordNames;
  /** The gateway connection right now, read from discord.js's shard states (no request made). */
  gatewayStatus(): GatewayStatus;
  /**
   * The newest message id of a channel as the gateway last told it (GUILD_CREATE and every
   * message since; no request made): null when the channel has none, undefined when Ery cannot
   * see it or cannot post in it (a locked thread: catch-up would feed what is never answered).
   */
  lastMessageIdOf(channelId: string): string | null | undefined;
  /** The channel a thread or forum post is in, as the gateway told it; null for any other channel or one not cached. */
  parentOf(channelId: string): string | null;
  /**
   * Ery's user id as Discord's REST API gives it for the token (`GET /users/@me`), before login:
   * proves the token works (./who-am-i.ts). Rejects with `DiscordConnectError`
   * `DISCORD_TOKEN_INVALID` on a 401, otherwise with what failed.
   */
  whoAmI(signal?: AbortSignal): Promise<string>;
  /** Reads what a channel got while Ery was away and feeds it like the gateway would (./catch-up.ts). */
  catchUp(channelId: string, plan: MissedRead & { feedAfter: string | null }): Promise<ChannelCatchUp>;
  /** Stops feeding messages and closes the gateway; safe to call twice, and before login. */
  stop(): Promise<void>;
}

/** A built, not yet logged-in, Discord connection (see {@link createDiscordConnection}). */
export interface UnstartedDiscordConnection extends DiscordConnection {
  /**
   * Logs in, runs `ready` (what must happen once logged in and before any message, such as
   * resuming interrupted work), then starts feeding `onMessage`. Rejects with a
   * `DiscordConnectError` that says what to check when login fails or times out; when `ready`
   * throws, the connection stops and its error is rethrown. Aborting `signal` stops a login in
   * progress, or the connection once established. Call it once.
   */
  login(options?: DiscordLoginOptions): Promise<void>;
}

/** Options of {@link UnstartedDiscordConnection.login}. */
export interface DiscordLoginOptions {
  signal?: AbortSignal;
  ready?: () => void;
}
