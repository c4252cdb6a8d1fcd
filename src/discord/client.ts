import { Client, GatewayIntentBits, Partials } from 'discord.js';
import { DEFAULT_MAX_RATE_LIMITS_PER_ACTION, restBudgetOptions } from './rest-budget.ts';

/** Discord's own REST base; discord.js appends `/v10` itself. */
export const DEFAULT_DISCORD_API_URL = 'https://discord.com/api';

/** Rate-limit waits longer than this fail with `RATE_LIMITED` instead of blocking the caller. */
export const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 60_000;

/** Options of {@link createDiscordClient}. */
export interface DiscordClientOptions {
  /** REST base (`DISCORD_API_URL`), e.g. `http://127.0.0.1:4000/api` for the playground. */
  apiUrl?: string;
  /**
   * Longest rate-limit wait discord.js may sit through before giving up; a longer one rejects with
   * a `RateLimitError`, which the actions map to `RATE_LIMITED` with `retryAfterMs`.
   */
  maxRateLimitWaitMs?: number;
  /** 429 answers one action waits out before `RATE_LIMITED` (default 3; see rest-budget.ts). */
  maxRateLimitsPerAction?: number;
}

/**
 * discord.js retries a request that failed with a 5xx or a network error this many times (its own
 * default, stated so it is a decision): 4 attempts of at most {@link REST_TIMEOUT_MS} each.
 */
export const REST_RETRIES = 3;

/** One REST attempt is abandoned (and counted as a retry) after this long (discord.js's default). */
export const REST_TIMEOUT_MS = 15_000;

/**
 * The gateway intents Ery needs: guild structure, messages with content, members, reactions, and
 * direct messages (issue 12 §4; always asked for, whether Ery answers DMs is decided per message).
 */
export const ERY_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.MessageContent,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildMessageReactions,
  GatewayIntentBits.DirectMessageReactions,
  GatewayIntentBits.DirectMessages,
] as const;

/**
 * Creates (does not log in) the discord.js client Ery uses. The gateway address is not
 * configurable in discord.js: it comes from `GET {apiUrl}/v10/gateway/bot`, so pointing `apiUrl`
 * at the playground moves the gateway too.
 */
export function createDiscordClient(options: DiscordClientOptions = {}): Client {
  const maxWait = options.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS;
  return new Client({
    intents: [...ERY_INTENTS],
    // Reactions on messages sent before Ery started arrive without the message in cache; partials
    // let those events through instead of being dropped.
    // A DM channel is not cached before its first message, and discord.js drops a message whose
    // channel it does not know unless the Channel partial is on.
    partials: [Partials.Message, Partials.Reaction, Partials.Channel],
    // A safety net under every send: the actions pass their own allowedMentions, but nothing sent
    // through this client may ping @everyone, @here or a role unless asked for explicitly.
    allowedMentions: { parse: ['users'], repliedUser: true },
    // Replying to a message deleted meanwhile still delivers the reply, as a plain message.
    failIfNotExists: false,
    rest: {
      api: options.apiUrl ?? DEFAULT_DISCORD_API_URL,
      retries: REST_RETRIES,
      timeout: REST_TIMEOUT_MS,
      // 429s are not among discord.js's retries: without this budget a route that keeps answering
      // 429 holds an action (and its bucket's queue) for ever.
      ...restBudgetOptions({
        maxWaitMs: maxWait,
        maxRateLimits: options.maxRateLimitsPerAction ?? DEFAULT_MAX_RATE_LIMITS_PER_ACTION,
      }),
    },
  });
}

/** How long {@link destroyClient} waits for discord.js to close the gateway. */
export const DESTROY_GRACE_MS = 2_000;

/**
 * Destroys `client`, waiting at most `graceMs`. Returns false when discord.js did not finish in time:
 * @discordjs/ws 1.2.3 never settles `destroy()` when it lands while a shard waits for HELLO or READY
 * (its own wait is aborted, which starts a second, reconnecting destroy that steals the close
 * handler). Ery must not hang on shutdown or a failed login because of that.
 */
export async function destroyClient(client: Client, graceMs: number = DESTROY_GRACE_MS): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), graceMs);
  });
  try {
    return await Promise.race([client.destroy().then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
