import { type Client, DiscordAPIError, Routes } from 'discord.js';
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
 *   (network, timeout after {@link WHO_AM_I_TIMEOUT_MS}, 5xx, `signal`) as it comes.
 */
export async function whoAmI(client: Client, token: string, signal?: AbortSignal): Promise<string> {
  client.rest.setToken(token);
  const timeout = AbortSignal.timeout(WHO_AM_I_TIMEOUT_MS);
  try {
    const user = (await client.rest.get(Routes.user(), {
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    })) as { id?: unknown };
    if (typeof user.id !== 'string') throw new TypeError('GET /users/@me answered without an id');
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
