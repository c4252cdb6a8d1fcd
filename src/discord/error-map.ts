import {
  DiscordAPIError,
  DiscordjsError,
  DiscordjsRangeError,
  DiscordjsTypeError,
  HTTPError,
  RateLimitError,
} from 'discord.js';
import { DiscordActionError, type DiscordErrorCode } from './errors.ts';

/** What an action was doing, so a failure can say what to do about it. */
export interface ActionContext {
  /** Short description of the attempt, e.g. `ban user 123 in server 456`. */
  action: string;
  /** What an admin must change when Discord answers Missing Permissions / Missing Access. */
  permissionHint: string;
}

/** Discord JSON error codes Ery branches on (https://discord.com/developers/docs/topics/opcodes-and-status-codes). */
const CODES: Readonly<Record<number, DiscordErrorCode>> = {
  10003: 'UNKNOWN_CHANNEL',
  10004: 'UNKNOWN_GUILD',
  10007: 'UNKNOWN_MEMBER',
  10008: 'UNKNOWN_MESSAGE',
  10011: 'UNKNOWN_ROLE',
  10013: 'UNKNOWN_MEMBER',
  // Unknown Emoji: the input was wrong, like any other bad field.
  10014: 'INVALID_FORM',
  50001: 'MISSING_PERMISSIONS',
  // Cannot send an empty message.
  50006: 'INVALID_FORM',
  50013: 'MISSING_PERMISSIONS',
  50035: 'INVALID_FORM',
};

function advice(code: DiscordErrorCode, context: ActionContext, detail: string): string {
  switch (code) {
    case 'MISSING_PERMISSIONS':
      return `${context.permissionHint}.`;
    case 'UNKNOWN_MEMBER':
      return 'that user is not a member of the server (or does not exist); check the user id.';
    case 'UNKNOWN_MESSAGE':
      return 'that message does not exist or was deleted; check the message id and its channel id.';
    case 'UNKNOWN_CHANNEL':
      return 'Ery cannot find that channel; check the channel id and that Ery is in its server.';
    case 'UNKNOWN_ROLE':
      return 'that role does not exist in the server; check the role id.';
    case 'UNKNOWN_GUILD':
      return 'Ery is not in that server; check the server id.';
    case 'INVALID_FORM':
      return `Discord rejected the input (${detail}); correct it and try again.`;
    case 'RATE_LIMITED':
      return 'Discord is rate limiting Ery; wait for the time given and try again.';
    case 'UNAVAILABLE':
      return `Discord did not answer (${detail}); try again later, and check DISCORD_API_URL if it persists.`;
    case 'UNREADABLE_MESSAGE':
      return `Discord sent a message in a shape Ery cannot read (${detail}).`;
    case 'UNKNOWN':
      return `Discord refused (${detail}).`;
  }
}

function make(
  code: DiscordErrorCode,
  context: ActionContext,
  detail: string,
  details: DiscordActionError['details'],
  cause: unknown,
): DiscordActionError {
  return new DiscordActionError(
    code,
    `Could not ${context.action}: ${advice(code, context, detail)}`,
    details,
    {
      cause,
    },
  );
}

function isNetworkFailure(error: Error): boolean {
  // fetch (undici or Bun) fails with a TypeError or a system error code; a request timeout is an
  // AbortError raised by @discordjs/rest after its own retries.
  const code = (error as { code?: unknown }).code;
  return (
    error.name === 'AbortError' ||
    error.name === 'TimeoutError' ||
    (typeof code === 'string' && /^(E[A-Z]+|ConnectionRefused|UND_ERR_\w+)$/.test(code)) ||
    (error instanceof TypeError && /fetch|connect|network|socket/i.test(error.message))
  );
}

/**
 * Turns anything a discord.js call threw into a {@link DiscordActionError}. Already-mapped errors
 * pass through unchanged. Never throws.
 */
export function toDiscordActionError(error: unknown, context: ActionContext): DiscordActionError {
  if (error instanceof DiscordActionError) return error;
  if (error instanceof RateLimitError) {
    const retryAfterMs = Math.max(error.retryAfter, error.timeToReset, 0);
    return make(
      'RATE_LIMITED',
      context,
      `retry after ${retryAfterMs} ms`,
      { status: 429, retryAfterMs },
      error,
    );
  }
  if (error instanceof DiscordAPIError) {
    const discordCode = typeof error.code === 'number' ? error.code : undefined;
    const details = { discordCode, status: error.status };
    const known = discordCode === undefined ? undefined : CODES[discordCode];
    if (known) return make(known, context, error.message, details, error);
    if (error.status === 429) return make('RATE_LIMITED', context, error.message, details, error);
    if (error.status >= 500) return make('UNAVAILABLE', context, `HTTP ${error.status}`, details, error);
    if (error.status === 403) return make('MISSING_PERMISSIONS', context, error.message, details, error);
    return make('UNKNOWN', context, `${error.status} ${error.message}`, details, error);
  }
  if (error instanceof HTTPError) {
    const details = { status: error.status };
    if (error.status === 429) return make('RATE_LIMITED', context, `HTTP ${error.status}`, details, error);
    const code = error.status >= 500 ? 'UNAVAILABLE' : 'UNKNOWN';
    return make(code, context, `HTTP ${error.status} ${error.message}`, details, error);
  }
  // discord.js validates some input itself (emoji, ids) before any request is made.
  if (error instanceof DiscordjsTypeError || error instanceof DiscordjsRangeError) {
    return make('INVALID_FORM', context, error.message, {}, error);
  }
  if (error instanceof DiscordjsError) return make('UNKNOWN', context, error.message, {}, error);
  if (error instanceof Error && isNetworkFailure(error)) {
    return make('UNAVAILABLE', context, error.message, {}, error);
  }
  const detail = error instanceof Error ? error.message : String(error);
  return make('UNKNOWN', context, detail, {}, error);
}
