/**
 * Ery's Discord adapter: the only code that imports discord.js. Everything else uses
 * {@link connectDiscord} and the {@link DiscordActions} port.
 */
export { createDiscordActions } from './actions.ts';
export { createDiscordClient, DEFAULT_DISCORD_API_URL, type DiscordClientOptions } from './client.ts';
export {
  DiscordActionError,
  DiscordConnectError,
  type DiscordConnectErrorCode,
  type DiscordErrorCode,
} from './errors.ts';
export { type ConnectDiscordOptions, connectDiscord, type DiscordConnection } from './gateway.ts';
export { type NormaliseContext, type NormaliseResult, normaliseMessage } from './normalise.ts';
export type * from './port.ts';
