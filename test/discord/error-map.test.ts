import { describe, expect, test } from 'bun:test';
import {
  DiscordAPIError,
  DiscordjsErrorCodes,
  DiscordjsTypeError,
  HTTPError,
  RateLimitError,
} from 'discord.js';
import { toDiscordActionError } from '../../src/discord/error-map.ts';
import { DiscordActionError } from '../../src/discord/errors.ts';

const context = {
  action: 'ban user 2 from server 1',
  permissionHint: "give Ery's role the Ban Members permission and move it above the target's highest role",
};

function apiError(code: number, status: number, message = 'nope'): DiscordAPIError {
  return new DiscordAPIError({ code, message }, code, status, 'PUT', 'http://x/api/v10/guilds/1/bans/2', {});
}

describe('toDiscordActionError', () => {
  test.each([
    [50013, 403, 'MISSING_PERMISSIONS'],
    [50001, 403, 'MISSING_PERMISSIONS'],
    [10007, 404, 'UNKNOWN_MEMBER'],
    [10013, 404, 'UNKNOWN_MEMBER'],
    [10008, 404, 'UNKNOWN_MESSAGE'],
    [10003, 404, 'UNKNOWN_CHANNEL'],
    [10011, 404, 'UNKNOWN_ROLE'],
    [10004, 404, 'UNKNOWN_GUILD'],
    [50035, 400, 'INVALID_FORM'],
    [40001, 401, 'UNKNOWN'],
  ])('GIVEN Discord error code %d THEN the code is mapped', (code, status, expected) => {
    const mapped = toDiscordActionError(apiError(code, status), context);
    expect(mapped).toBeInstanceOf(DiscordActionError);
    expect(mapped.code).toBe(expected as DiscordActionError['code']);
    expect(mapped.details).toEqual({ discordCode: code, status });
    expect(mapped.cause).toBeInstanceOf(DiscordAPIError);
  });

  test('GIVEN Missing Permissions THEN the message says which permission to grant', () => {
    const mapped = toDiscordActionError(apiError(50013, 403, 'Missing Permissions'), context);
    expect(mapped.message).toContain('Could not ban user 2 from server 1');
    expect(mapped.message).toContain('Ban Members');
  });

  test('GIVEN a rate limit rejection THEN RATE_LIMITED carries retryAfterMs', () => {
    const error = new RateLimitError({
      global: false,
      method: 'PUT',
      url: 'http://x',
      route: '/guilds/:id/bans/:id',
      majorParameter: '1',
      hash: 'h',
      limit: 1,
      timeToReset: 1500,
      retryAfter: 1500,
      sublimitTimeout: 0,
      scope: 'user',
    });
    const mapped = toDiscordActionError(error, context);
    expect(mapped.code).toBe('RATE_LIMITED');
    expect(mapped.details.retryAfterMs).toBe(1500);
  });

  test('GIVEN a 5xx after retries THEN UNAVAILABLE', () => {
    const mapped = toDiscordActionError(
      new HTTPError(503, 'Service Unavailable', 'GET', 'http://x', {}),
      context,
    );
    expect(mapped.code).toBe('UNAVAILABLE');
    expect(mapped.details.status).toBe(503);
    expect(toDiscordActionError(apiError(0, 502), context).code).toBe('UNAVAILABLE');
  });

  test('GIVEN a refused connection THEN UNAVAILABLE', () => {
    const error = Object.assign(new Error('Unable to connect'), { code: 'ECONNREFUSED' });
    expect(toDiscordActionError(error, context).code).toBe('UNAVAILABLE');
  });

  test('GIVEN input discord.js rejects itself THEN INVALID_FORM', () => {
    // Its constructor is private in the typings; discord.js builds it exactly like this.
    const Ctor = DiscordjsTypeError as unknown as new (code: string, ...args: string[]) => Error;
    const error = new Ctor(DiscordjsErrorCodes.EmojiType, 'emoji', 'EmojiIdentifierResolvable');
    expect(toDiscordActionError(error, context).code).toBe('INVALID_FORM');
  });

  test('GIVEN an already mapped error THEN it passes through unchanged', () => {
    const original = new DiscordActionError('UNKNOWN_CHANNEL', 'x');
    expect(toDiscordActionError(original, context)).toBe(original);
  });

  test('GIVEN something that is not an error THEN UNKNOWN', () => {
    expect(toDiscordActionError('boom', context).code).toBe('UNKNOWN');
  });
});
