import { type Client, DiscordjsError, DiscordjsErrorCodes, Events, GatewayCloseCodes } from 'discord.js';
import { redactUrl } from '../domain/redact-url.ts';
import { destroyClient } from './client.ts';
import { DiscordConnectError } from './errors.ts';

/** How long a login may take before Ery gives up and says what to check. */
export const DEFAULT_LOGIN_TIMEOUT_MS = 30_000;

export const CHECK_TOKEN = 'check DISCORD_TOKEN (the bot token from the Discord Developer Portal)';

function closeCodeError(code: number): DiscordConnectError {
  if (code === GatewayCloseCodes.AuthenticationFailed) {
    return new DiscordConnectError(
      'DISCORD_TOKEN_INVALID',
      `The Discord gateway refused the token: ${CHECK_TOKEN}.`,
    );
  }
  if (code === GatewayCloseCodes.DisallowedIntents) {
    return new DiscordConnectError(
      'DISCORD_LOGIN_FAILED',
      'Discord refused the privileged intents: enable Server Members and Message Content for the bot in the Developer Portal.',
    );
  }
  return new DiscordConnectError(
    'DISCORD_LOGIN_FAILED',
    `The Discord gateway closed the connection during login (code ${code}); ${CHECK_TOKEN} and DISCORD_API_URL.`,
  );
}

function loginError(error: unknown, apiUrl: string): DiscordConnectError {
  if (error instanceof DiscordConnectError) return error;
  if (error instanceof DiscordjsError && error.code === DiscordjsErrorCodes.TokenInvalid) {
    return new DiscordConnectError(
      'DISCORD_TOKEN_INVALID',
      `Discord rejected the token (401): ${CHECK_TOKEN}.`,
      {
        cause: error,
      },
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new DiscordConnectError(
    'DISCORD_LOGIN_FAILED',
    `Could not log in to Discord at ${redactUrl(apiUrl)} (${detail}); check DISCORD_API_URL and DISCORD_TOKEN.`,
    { cause: error },
  );
}

/**
 * Logs `client` in and waits until it is ready (guilds received). discord.js alone never settles
 * while the gateway is unreachable, so this bounds it with `timeoutMs` and `signal`, fails fast on
 * a fatal gateway close code, and destroys the client on any failure.
 */
export async function loginWithTimeout(
  client: Client,
  token: string,
  options: { apiUrl: string; timeoutMs: number; signal?: AbortSignal },
): Promise<void> {
  const { apiUrl, timeoutMs, signal } = options;
  const cleanups: Array<() => void> = [];
  const failed = new Promise<never>((_, reject) => {
    const timer = setTimeout(() => {
      reject(
        new DiscordConnectError(
          'DISCORD_LOGIN_TIMEOUT',
          `Discord did not become ready within ${timeoutMs} ms at ${apiUrl}: check DISCORD_API_URL points at a reachable Discord API and that DISCORD_TOKEN is right.`,
        ),
      );
    }, timeoutMs);
    cleanups.push(() => clearTimeout(timer));
    const onDisconnect = (event: { code: number }): void => reject(closeCodeError(event.code));
    client.on(Events.ShardDisconnect, onDisconnect);
    cleanups.push(() => client.off(Events.ShardDisconnect, onDisconnect));
    if (signal) {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => signal.removeEventListener('abort', onAbort));
    }
  });
  const ready = new Promise<void>((resolve) => {
    client.once(Events.ClientReady, () => resolve());
  });
  try {
    signal?.throwIfAborted();
    await Promise.race([Promise.all([client.login(token), ready]), failed]);
  } catch (error) {
    await destroyClient(client);
    if (signal?.aborted && error === signal.reason) throw error;
    throw loginError(error, apiUrl);
  } finally {
    for (const cleanup of cleanups) cleanup();
  }
}
