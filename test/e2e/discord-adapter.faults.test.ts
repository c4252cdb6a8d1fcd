/**
 * The Discord adapter end to end: the real discord.js client, through `connectDiscord`, against the
 * playground (a local Discord-compatible server). Assertions are on what the playground saw.
 */
import { describe, expect, test } from 'bun:test';
import { connectDiscord } from '../../src/discord/connection.ts';
import { DiscordActionError, DiscordConnectError } from '../../src/discord/errors.ts';
import { silentLogger } from '../../src/logger.ts';
import { marker, rejection } from '../discord/inbox.ts';
import { discord, eventsOf, inbox, pg, post, useConnectedPlayground } from './discord-adapter.fixtures.ts';

useConnectedPlayground();

describe('faults', () => {
  test('GIVEN a 429 with Retry-After THEN discord.js waits and the call succeeds on the retry', async () => {
    // #random has seen no reaction yet, so only the injected 429 can refuse this one.
    const channelId = pg.demo.channels.random;
    const id = pg.postMessage({
      channelId,
      authorId: pg.demo.users.moderator,
      content: marker('limited'),
    }).id;
    pg.faults.rateLimit({ route: /\/reactions\//, count: 1, retryAfterMs: 300 });
    await discord.actions.addReaction({ channelId, messageId: id, emoji: '✅' });
    const attempts = eventsOf('http.request', (e) => e.path.includes(`/messages/${id}/reactions/`));
    expect(attempts.map((e) => [e.status, e.refusedBy])).toEqual([
      [429, 'fault'],
      [204, undefined],
    ]);
    expect(eventsOf('reaction.added', (e) => e.messageId === id)).toHaveLength(1);
  });

  test('GIVEN a 5xx once THEN the call is retried and succeeds; GIVEN it persists THEN UNAVAILABLE', async () => {
    const channelId = pg.demo.channels.random;
    const historyOf = (since: number) =>
      eventsOf(
        'http.request',
        (e) => e.seq > since && e.method === 'GET' && e.path === `/channels/${channelId}/messages`,
      );
    let since = pg.events().at(-1)?.seq ?? 0;
    pg.faults.serverError({ route: /\/messages$/, method: 'GET', count: 1, status: 502 });
    await discord.actions.fetchMessages({ channelId, limit: 1 });
    expect(historyOf(since).map((e) => e.status)).toEqual([502, 200]);

    since = pg.events().at(-1)?.seq ?? 0;
    pg.faults.serverError({ route: /\/messages$/, method: 'GET', count: 10, status: 503 });
    const error = await rejection(discord.actions.fetchMessages({ channelId, limit: 1 }));
    pg.faults.clear();
    expect(error).toBeInstanceOf(DiscordActionError);
    expect((error as DiscordActionError).code).toBe('UNAVAILABLE');
    expect((error as DiscordActionError).details.status).toBe(503);
    // discord.js gives up after its own retries; every attempt reached the playground.
    expect(historyOf(since).every((e) => e.status === 503)).toBe(true);
  });

  test('GIVEN dropped connections THEN Ery resumes and messages posted meanwhile arrive exactly once', async () => {
    const since = pg.events().at(-1)?.seq ?? 0;
    pg.faults.dropConnections();
    const ids = [
      await post(pg.demo.users.moderator, marker('offline1')),
      await post(pg.demo.users.moderator, marker('offline2')),
    ];
    await pg.waitFor((e) => e.type === 'gateway.resumed' && e.seq > since, 15_000);
    const after = await post(pg.demo.users.moderator, marker('online'));
    for (const id of [...ids, after]) await inbox.waitFor((m) => m.id === id, 10_000);
    for (const id of [...ids, after]) expect(inbox.count(id)).toBe(1);
  });

  test('GIVEN the gateway asks for a reconnect (op 7) THEN Ery resumes and loses nothing', async () => {
    const since = pg.events().at(-1)?.seq ?? 0;
    pg.faults.reconnect();
    const during = post(pg.demo.users.moderator, marker('reconnect'));
    await pg.waitFor((e) => e.type === 'gateway.resumed' && e.seq > since, 15_000);
    const after = post(pg.demo.users.moderator, marker('online'));
    await inbox.waitFor((m) => m.id === after, 10_000);
    await inbox.waitFor((m) => m.id === during, 10_000);
    expect([inbox.count(during), inbox.count(after)]).toEqual([1, 1]);
  });

  test('GIVEN a wrong token THEN connectDiscord fails with DISCORD_TOKEN_INVALID', async () => {
    const error = await rejection(
      connectDiscord({ token: 'not.a.token', apiUrl: pg.apiUrl, logger: silentLogger, onMessage: () => {} }),
    );
    expect(error).toBeInstanceOf(DiscordConnectError);
    expect((error as DiscordConnectError).code).toBe('DISCORD_TOKEN_INVALID');
  });
});
