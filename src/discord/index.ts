/**
 * Ery's Discord adapter: the only code that imports discord.js. The app builds its connection with
 * {@link createDiscordConnection} and logs in once the core that takes its messages is built;
 * everything else uses the `DiscordActions` port of ./port.ts and the typed errors of ./errors.ts
 * directly.
 */
export { createDiscordConnection, type DiscordConnection } from './connection.ts';
export type { GatewayStatus } from './gateway-status.ts';
export type { MemberJoined } from './member-joins.ts';
export type { RateLimitHit } from './rate-limit-watch.ts';
