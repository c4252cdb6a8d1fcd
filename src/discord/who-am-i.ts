import { type Client, DiscordAPIError, Routes } from 'discord.js';
import { Snowflake } from '../domain/message.ts';
import { DiscordConnectError } from './errors.ts';
import { CHECK_TOKEN } from './login.ts';

/** How long the token check waits for Discord (ms) before start-up goes on without it. */
export const WHO_AM_I_TIMEOUT_MS = 5_000;

/**
 * The bot user's id for `token`, from Discord's REST API (`GET /users/@me`), before any gateway
 * login: one request that proves the token works, so threads resumed before READY never ask the
 * model for a token Discord refuses (they would be asked again, and paid for, at every start).
 *
 * @throws {DiscordConnectError} `DISCORD_TOKEN_INVALID` when Discord answers 401; any other failure
 *   (network, 5xx, a 429, `signal`, or no answer within {@link WHO_AM_I_TIMEOUT_MS}, whatever
 *   discord.js is waiting for) as it comes.
 */
export async function whoAmI(client: Client, token: string, signal?: AbortSignal): Promise<string> {
  client.rest.setToken(token);
  const timeout = AbortSignal.timeout(WHO_AM_I_TIMEOUT_MS);
  const stop = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    // Raced against the signal: discord.js sleeps through a 429's retry_after (up to Ery's 60 s
    // REST budget) without looking at it, and start-up must neither wait that long nor ignore Ctrl-C.
    const user = (await new Promise<unknown>((resolve, reject) => {
      stop.addEventListener('abort', () => reject(stop.reason), { once: true });
      client.rest.get(Routes.user(), { signal: stop }).then(resolve, reject);
    })) as { id?: unknown };
    if (typeof user.id !== 'string' || !Snowflake.safeParse(user.id).success)
      throw new TypeError(
        'GET /users/@me answered without a Discord user id: is DISCORD_API_URL a Discord API?',
      );
    return user.id;
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) {
      throw new DiscordConnectError(
        'DISCORD_TOKEN_INVALID',
        `Discord rejected the token (401): ${CHECK_TOKEN}.`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}
