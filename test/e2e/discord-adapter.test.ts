/**
 * The Discord adapter end to end: the real discord.js client, through `connectDiscord`, against the
 * playground (a local Discord-compatible server). Assertions are on what the playground saw.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { connectDiscord, type DiscordConnection } from '../../src/discord/connection.ts';
import { DiscordActionError, DiscordConnectError } from '../../src/discord/errors.ts';
import { silentLogger } from '../../src/logger.ts';
import { type Playground, type PlaygroundEvent, startPlayground } from '../../src/playground/index.ts';
import { Inbox, marker, rejection } from '../discord/inbox.ts';

type PgEvent = PlaygroundEvent;

let pg: Playground;
let discord: DiscordConnection;
const inbox = new Inbox();

beforeAll(async () => {
  pg = await startPlayground();
  discord = await connectDiscord({
    token: pg.botToken,
    apiUrl: pg.apiUrl,
    logger: silentLogger,
    onMessage: inbox.push,
    loginTimeoutMs: 10_000,
  });
});

afterAll(async () => {
  await discord?.stop();
  await pg?.stop();
});

/** Posts as a demo member and returns the new message's id. */
function post(authorId: string, content: string, replyToId?: string): string {
  const message = pg.postMessage({
    channelId: pg.demo.channels.general,
    authorId,
    content,
    ...(replyToId ? { replyToId } : {}),
  });
  return message.id;
}

/** Playground events of `type` that concern `predicate`, in order. */
function eventsOf<T extends PgEvent['type']>(
  type: T,
  predicate: (e: Extract<PgEvent, { type: T }>) => boolean = () => true,
) {
  return pg
    .events()
    .filter(
      (e): e is Extract<PgEvent, { type: T }> =>
        e.type === type && predicate(e as Extract<PgEvent, { type: T }>),
    );
}

describe('gateway', () => {
  test('GIVEN the playground THEN Ery logs in as its demo user and sees the demo server', () => {
    expect(discord.botUserId).toBe(pg.demo.users.ery);
    expect(discord.actions.botUserId).toBe(pg.demo.users.ery);
    expect(discord.guildIds()).toContain(pg.demo.guildId);
  });

  test('GIVEN a member posts THEN the message arrives normalised with channel, guild and author', async () => {
    const content = marker('hello');
    const id = await post(pg.demo.users.alice, content);
    const message = await inbox.waitFor((m) => m.id === id);
    expect(message).toMatchObject({
      id,
      channelId: pg.demo.channels.general,
      guildId: pg.demo.guildId,
      author: { id: pg.demo.users.alice, name: 'Alice', bot: false },
      content,
      mentions: { users: [], roles: [], everyone: false },
      replyToId: null,
      mentionsBot: false,
    });
    expect(message.createdAt).toBeGreaterThan(0);
  });

  test('GIVEN a mention of Ery THEN mentionsBot is set', async () => {
    const id = await post(pg.demo.users.alice, `<@${pg.demo.users.ery}> ${marker('ping')}`);
    const message = await inbox.waitFor((m) => m.id === id);
    expect(message.mentions.users).toContain(pg.demo.users.ery);
    expect(message.mentionsBot).toBe(true);
  });

  test("GIVEN a mention of Ery's role THEN mentionsBot is set, and another role's mention does not", async () => {
    const own = await post(pg.demo.users.alice, `<@&${pg.demo.roles.ery}> ${marker('role')}`);
    const other = await post(pg.demo.users.alice, `<@&${pg.demo.roles.moderator}> ${marker('role')}`);
    const ownMessage = await inbox.waitFor((m) => m.id === own);
    const otherMessage = await inbox.waitFor((m) => m.id === other);
    expect(ownMessage.mentions.roles).toEqual([pg.demo.roles.ery]);
    expect(ownMessage.mentionsBot).toBe(true);
    expect(otherMessage.mentions.roles).toEqual([pg.demo.roles.moderator]);
    expect(otherMessage.mentionsBot).toBe(false);
  });

  test("GIVEN a reply to Ery's message THEN mentionsBot is set, and a reply to a member's is not", async () => {
    const sent = await discord.actions.sendMessage({
      channelId: pg.demo.channels.general,
      content: marker('ery'),
    });
    const toEry = await post(pg.demo.users.bob, marker('reply'), sent.id);
    const alices = await post(pg.demo.users.alice, marker('alice'));
    const toAlice = await post(pg.demo.users.bob, marker('reply'), alices);
    const replyToEry = await inbox.waitFor((m) => m.id === toEry);
    const replyToAlice = await inbox.waitFor((m) => m.id === toAlice);
    expect(replyToEry.replyToId).toBe(sent.id);
    expect(replyToEry.mentionsBot).toBe(true);
    expect(replyToAlice.replyToId).toBe(alices);
    expect(replyToAlice.mentionsBot).toBe(false);
  });

  test('GIVEN Ery sends a message THEN it is never fed back, even with bots let through', async () => {
    // A second session that lets bots through: only the own-message rule can keep Ery's out.
    const raw = new Inbox();
    const second = await connectDiscord({
      token: pg.botToken,
      apiUrl: pg.apiUrl,
      logger: silentLogger,
      onMessage: raw.push,
      ignoreBots: false,
      loginTimeoutMs: 10_000,
    });
    try {
      const sent = await discord.actions.sendMessage({
        channelId: pg.demo.channels.general,
        content: marker('own'),
      });
      await pg.waitFor((e) => e.type === 'message.created' && e.message.id === sent.id, 5000);
      // Dispatches arrive in order, so once a later message is in, Ery's own would have been too.
      const after = post(pg.demo.users.alice, marker('after'));
      await raw.waitFor((m) => m.id === after);
      await inbox.waitFor((m) => m.id === after);
      expect(raw.count(sent.id)).toBe(0);
      expect(inbox.count(sent.id)).toBe(0);
    } finally {
      await second.stop();
    }
  });
});

describe('actions', () => {
  const reason = 'e2e: testing the audit reason';

  test('GIVEN sendMessage with a reply and a nonce THEN the playground gets one message, and a retry returns it', async () => {
    const target = await post(pg.demo.users.alice, marker('target'));
    const nonce = marker('n').slice(0, 25);
    const content = `@everyone <@${pg.demo.users.alice}> ${marker('send')}`;
    const first = await discord.actions.sendMessage({
      channelId: pg.demo.channels.general,
      content,
      replyToId: target,
      nonce,
    });
    const again = await discord.actions.sendMessage({ channelId: pg.demo.channels.general, content, nonce });
    expect(again.id).toBe(first.id);
    const created = eventsOf('message.created', (e) => e.message.nonce === nonce);
    expect(created).toHaveLength(1);
    expect(created[0]?.message.replyTo?.id).toBe(target);
    // Users only by default: Alice is pinged, @everyone is not.
    expect(created[0]?.message.mentions.everyone).toBe(false);
    expect(created[0]?.message.mentions.users.map((u) => u.id)).toEqual([pg.demo.users.alice]);
  });

  test('GIVEN addReaction THEN the playground records the reaction by Ery', async () => {
    const id = await post(pg.demo.users.alice, marker('react'));
    await discord.actions.addReaction({ channelId: pg.demo.channels.general, messageId: id, emoji: '👍' });
    const reaction = eventsOf('reaction.added', (e) => e.messageId === id)[0];
    expect(reaction?.emoji.name).toBe('👍');
    expect(reaction?.user.id).toBe(pg.demo.users.ery);
  });

  test('GIVEN fetchMessages and fetchMessage THEN history comes back oldest first', async () => {
    const first = await post(pg.demo.users.alice, marker('h1'));
    const second = await post(pg.demo.users.bob, marker('h2'), first);
    const history = await discord.actions.fetchMessages({ channelId: pg.demo.channels.general, limit: 2 });
    expect(history.map((m) => m.id)).toEqual([first, second]);
    expect(history[1]).toMatchObject({ replyToId: first, author: { id: pg.demo.users.bob, bot: false } });
    const one = await discord.actions.fetchMessage({ channelId: pg.demo.channels.general, messageId: first });
    expect(one.author.id).toBe(pg.demo.users.alice);
    const before = await discord.actions.fetchMessages({
      channelId: pg.demo.channels.general,
      limit: 1,
      before: second,
    });
    expect(before.map((m) => m.id)).toEqual([first]);
  });

  test('GIVEN getChannel, getMember and getGuild THEN they describe the demo server', async () => {
    const channel = await discord.actions.getChannel({ channelId: pg.demo.channels.general });
    expect(channel).toEqual({ id: pg.demo.channels.general, guildId: pg.demo.guildId, name: 'general' });

    const ery = await discord.actions.getMember({ guildId: pg.demo.guildId, userId: pg.demo.users.ery });
    expect(ery.bot).toBe(true);
    expect(ery.permissions).toContain('BanMembers');
    expect(ery.roles.map((r) => r.id)).toEqual([pg.demo.roles.ery]);
    expect(ery.roles[0]?.managed).toBe(true);

    const owner = await discord.actions.getMember({ guildId: pg.demo.guildId, userId: pg.demo.users.owner });
    expect(owner.isOwner).toBe(true);
    expect(owner.permissions).toContain('Administrator');

    const guild = await discord.actions.getGuild({ guildId: pg.demo.guildId });
    expect(guild).toMatchObject({ id: pg.demo.guildId, ownerId: pg.demo.users.owner, channelCount: 3 });
    expect(guild.memberCount).toBe(pg.state.members(pg.demo.guildId).length);
    expect(guild.roles.at(-1)?.id).toBe(pg.demo.roles.everyone);
  });

  test('GIVEN addRole and removeRole THEN the playground changes the roles with the reason', async () => {
    const input = {
      guildId: pg.demo.guildId,
      userId: pg.demo.users.alice,
      roleId: pg.demo.roles.trusted,
      reason,
    };
    await discord.actions.addRole(input);
    expect(pg.state.member(pg.demo.guildId, pg.demo.users.alice)?.roleIds).toContain(pg.demo.roles.trusted);
    await discord.actions.removeRole(input);
    expect(pg.state.member(pg.demo.guildId, pg.demo.users.alice)?.roleIds).not.toContain(
      pg.demo.roles.trusted,
    );
    expect(eventsOf('role.added', (e) => e.target.id === pg.demo.users.alice)[0]?.reason).toBe(reason);
    expect(eventsOf('role.removed', (e) => e.target.id === pg.demo.users.alice)[0]?.reason).toBe(reason);
  });

  test('GIVEN timeout and its lifting THEN the playground sets and clears it with the reason', async () => {
    const until = Date.now() + 10 * 60_000;
    await discord.actions.timeout({ guildId: pg.demo.guildId, userId: pg.demo.users.bob, until, reason });
    const member = await discord.actions.getMember({ guildId: pg.demo.guildId, userId: pg.demo.users.bob });
    expect(member.communicationDisabledUntil).toBe(new Date(new Date(until).toISOString()).getTime());
    await discord.actions.timeout({
      guildId: pg.demo.guildId,
      userId: pg.demo.users.bob,
      until: null,
      reason,
    });
    const updates = eventsOf('member.updated', (e) => e.target.id === pg.demo.users.bob);
    expect(updates.map((e) => e.reason)).toEqual([reason, reason]);
    expect(updates.at(-1)?.changes.timeoutUntil).toBeNull();
  });

  test('GIVEN kick and ban THEN the playground removes the members with the reason', async () => {
    await discord.actions.kick({ guildId: pg.demo.guildId, userId: pg.demo.users.alice, reason });
    expect(pg.state.member(pg.demo.guildId, pg.demo.users.alice)).toBeUndefined();
    expect(eventsOf('member.kicked', (e) => e.target.id === pg.demo.users.alice)[0]?.reason).toBe(reason);

    await discord.actions.ban({
      guildId: pg.demo.guildId,
      userId: pg.demo.users.bob,
      reason,
      deleteMessageSeconds: 3600,
    });
    expect(pg.state.ban(pg.demo.guildId, pg.demo.users.bob)?.reason).toBe(reason);
    const banned = eventsOf('member.banned', (e) => e.target.id === pg.demo.users.bob)[0];
    expect(banned).toMatchObject({ reason, deleteMessageSeconds: 3600, actor: { id: pg.demo.users.ery } });
  });

  test('GIVEN a target above Ery THEN ban fails with MISSING_PERMISSIONS and a hint', async () => {
    const error = await rejection(
      discord.actions.ban({ guildId: pg.demo.guildId, userId: pg.demo.users.owner, reason }),
    );
    expect(error).toBeInstanceOf(DiscordActionError);
    expect((error as DiscordActionError).code).toBe('MISSING_PERMISSIONS');
    expect((error as DiscordActionError).message).toContain('Ban Members');
    expect(pg.state.ban(pg.demo.guildId, pg.demo.users.owner)).toBeUndefined();
  });

  test('GIVEN a user who is not a member THEN getMember and kick fail with UNKNOWN_MEMBER', async () => {
    const stranger = '123456789012345678';
    const lookup = await rejection(discord.actions.getMember({ guildId: pg.demo.guildId, userId: stranger }));
    expect((lookup as DiscordActionError).code).toBe('UNKNOWN_MEMBER');
    const kick = await rejection(
      discord.actions.kick({ guildId: pg.demo.guildId, userId: stranger, reason }),
    );
    expect((kick as DiscordActionError).code).toBe('UNKNOWN_MEMBER');
  });

  test('GIVEN an emoji discord.js cannot read THEN INVALID_FORM and nothing is sent', async () => {
    const id = post(pg.demo.users.moderator, marker('bad-emoji'));
    const error = await rejection(
      discord.actions.addReaction({ channelId: pg.demo.channels.general, messageId: id, emoji: '' }),
    );
    expect((error as DiscordActionError).code).toBe('INVALID_FORM');
    expect(eventsOf('http.request', (e) => e.path.includes(`/messages/${id}/reactions/`))).toHaveLength(0);
  });

  test('GIVEN an aborted signal THEN the action rejects with its reason and nothing reaches the playground', async () => {
    const controller = new AbortController();
    const why = new Error('agent thread cancelled');
    controller.abort(why);
    const before = eventsOf('http.request').length;
    const error = await rejection(
      discord.actions.sendMessage(
        { channelId: pg.demo.channels.general, content: 'never' },
        controller.signal,
      ),
    );
    expect(error).toBe(why);
    expect(eventsOf('http.request').length).toBe(before);
  });
});

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
