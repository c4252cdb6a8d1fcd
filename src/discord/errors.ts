import { EryError } from '../domain/errors.ts';

/** Stable codes for Discord failures; branch on these, never on message text. */
export type DiscordErrorCode =
  | 'MISSING_PERMISSIONS'
  | 'UNKNOWN_MEMBER'
  | 'UNKNOWN_MESSAGE'
  | 'UNKNOWN_CHANNEL'
  | 'UNKNOWN_ROLE'
  | 'UNKNOWN_GUILD'
  | 'RATE_LIMITED'
  | 'INVALID_FORM'
  | 'UNAVAILABLE'
  /** Discord answered, but with a message discord.js cannot build: Ery's side, not the caller's. */
  | 'UNREADABLE_MESSAGE'
  | 'UNKNOWN';

/** A Discord REST operation failed. `discordCode` is Discord's JSON error code when it gave one. */
export class DiscordActionError extends EryError {
  constructor(
    override readonly code: DiscordErrorCode,
    message: string,
    readonly details: { discordCode?: number; status?: number; retryAfterMs?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** Stable codes for a failed gateway login. */
export type DiscordConnectErrorCode =
  | 'DISCORD_TOKEN_INVALID'
  | 'DISCORD_LOGIN_TIMEOUT'
  | 'DISCORD_LOGIN_FAILED';

/**
 * Ery could not log in to Discord. The message names what to check (`DISCORD_TOKEN`,
 * `DISCORD_API_URL`); `cause` keeps the discord.js error when there was one.
 */
export class DiscordConnectError extends EryError {
  constructor(
    override readonly code: DiscordConnectErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}
