import {
  type ConnectDiscordOptions,
  connectDiscord,
  type DiscordConnection,
} from '../../../src/discord/connection.ts';
import { silentLogger } from '../../../src/logger.ts';
import type { Playground } from '../../../src/playground/index.ts';

/**
 * Connects Ery's real discord.js client to `pg` as its bot, silent and with a 10 s login bound;
 * `options` override any of that (another token, a logger to read, `ignoreBots`).
 */
export function connectToPlayground(
  pg: Playground,
  options: Partial<ConnectDiscordOptions> & Pick<ConnectDiscordOptions, 'onMessage'>,
): Promise<DiscordConnection> {
  return connectDiscord({
    token: pg.botToken,
    apiUrl: pg.apiUrl,
    logger: silentLogger,
    loginTimeoutMs: 10_000,
    ...options,
  });
}
