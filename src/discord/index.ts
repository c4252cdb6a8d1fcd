/**
 * Ery's Discord adapter: the only code that imports discord.js. The app connects through
 * {@link connectDiscord}; everything else uses the `DiscordActions` port of ./port.ts and the typed
 * errors of ./errors.ts directly.
 */
export { type ConnectDiscordOptions, connectDiscord, type DiscordConnection } from './connection.ts';
