/**
 * The real discord.js client against the playground: login, the demo guild, messages both ways,
 * reactions and moderation, with the playground's events showing each action.
 */
import { describe, expect, test } from 'bun:test';
import { type Client, DiscordAPIError, Events } from 'discord.js';
import type { Playground } from '../../src/playground/index.ts';
import { messageSeen, usePlayground, within } from './helpers.ts';

let pg: Playground;
let client: Client<true>;

usePlayground({ port: 0 }, async (started) => {
  ({ pg } = started);
  client = await started.login();
});

/** Waits for the client to see a message with exactly `content`. */
const seen = (content: string) => messageSeen(client, content);

describe('discord.js against the playground', () => {
  test('GIVEN login THEN the client is ready as Ery and sees the demo guild with its channels, roles and members', () => {
    expect(client.user.id).toBe(pg.demo.users.ery);
    const guild = client.guilds.cache.get(pg.demo.guildId);
    expect(guild?.name).toBe('Ery Playground');
    expect(guild?.available).toBe(true);
    expect(guild?.ownerId).toBe(pg.demo.users.owner);
    expect(guild?.channels.cache.map((c) => c.name).sort()).toEqual(['general', 'help', 'mod-log', 'random']);
    expect(guild?.roles.cache.get(pg.demo.roles.ery)?.managed).toBe(true);
    expect(guild?.members.me?.roles.highest.id).toBe(pg.demo.roles.ery);
    expect(guild?.members.cache.size).toBe(5);
  });

  test('GIVEN a member posts THEN the client gets messageCreate with author, member and mentions', async () => {
    const content = `hello <@${pg.demo.users.ery}> from Alice`;
    const arrived = seen(content);
    pg.postMessage({ channelId: pg.demo.channels.general, authorId: pg.demo.users.alice, content });
    const message = await arrived;
    expect(message.author.id).toBe(pg.demo.users.alice);
    expect(message.member?.displayName).toBe('Alice');
    expect(message.guildId).toBe(pg.demo.guildId);
    expect(message.mentions.users.has(pg.demo.users.ery)).toBe(true);
  });

  test('GIVEN channel.send and a reply THEN the playground records them and echoes them to the client', async () => {
    const channel = client.channels.cache.get(pg.demo.channels.general);
    if (!channel?.isSendable()) throw new Error('general is not sendable');
    const echoed = seen('Ery says hi');
    const sent = await channel.send('Ery says hi');
    expect((await echoed).id).toBe(sent.id);
    const reply = await sent.reply('and replies');
    expect(pg.state.message(reply.id)?.referencedMessageId).toBe(sent.id);
    const event = await pg.waitFor((e) => e.type === 'message.created' && e.message.id === reply.id);
    expect(event.type === 'message.created' && event.message.replyTo?.id).toBe(sent.id);
    expect(event.actorId).toBe(pg.demo.users.ery);
  });

  test('GIVEN channel.sendTyping THEN the playground shows Ery typing in that channel', async () => {
    const channel = client.channels.cache.get(pg.demo.channels.general);
    if (!channel?.isSendable()) throw new Error('general is not sendable');
    await channel.sendTyping();
    const event = await pg.waitFor((e) => e.type === 'typing.started');
    expect(event).toMatchObject({ channelId: pg.demo.channels.general, actorId: pg.demo.users.ery });
  });

  test('GIVEN message.react THEN the playground records the reaction and the client counts it as its own', async () => {
    const posted = pg.postMessage({
      channelId: pg.demo.channels.random,
      authorId: pg.demo.users.bob,
      content: 'react to me',
    });
    const channel = await client.channels.fetch(pg.demo.channels.random);
    if (!channel?.isTextBased()) throw new Error('random is not a text channel');
    const message = await channel.messages.fetch(posted.id);
    await message.react('🎉');
    expect(pg.state.message(posted.id)?.reactions).toEqual([
      { emoji: { id: null, name: '🎉' }, userIds: [pg.demo.users.ery] },
    ]);
    const event = await pg.waitFor((e) => e.type === 'reaction.added' && e.messageId === posted.id);
    expect(event.type === 'reaction.added' && event.emoji.name).toBe('🎉');
  });

  test('GIVEN member.timeout and member.roles.add THEN the playground and the client cache both change', async () => {
    const guild = client.guilds.cache.get(pg.demo.guildId);
    const bob = await guild?.members.fetch(pg.demo.users.bob);
    if (!bob) throw new Error('no Bob');
    await bob.timeout(10 * 60_000, 'calm down');
    // GUILD_MEMBER_UPDATE arrives before the HTTP reply, so the cache is already current.
    expect(guild?.members.cache.get(bob.id)?.isCommunicationDisabled()).toBe(true);
    expect(pg.state.member(pg.demo.guildId, bob.id)?.communicationDisabledUntil).toBeGreaterThan(Date.now());
    await bob.roles.add(pg.demo.roles.trusted, 'helpful');
    expect(guild?.members.cache.get(bob.id)?.roles.cache.has(pg.demo.roles.trusted)).toBe(true);
    const timeout = await pg.waitFor((e) => e.type === 'member.updated' && e.target.id === bob.id);
    expect(timeout.type === 'member.updated' && timeout.reason).toBe('calm down');
    const role = await pg.waitFor((e) => e.type === 'role.added' && e.target.id === bob.id);
    expect(role.type === 'role.added' && role.role.name).toBe('Trusted');
  });

  test('GIVEN guild.members.ban THEN the member is gone, the ban is recorded with its reason', async () => {
    const guild = client.guilds.cache.get(pg.demo.guildId);
    await guild?.members.ban(pg.demo.users.alice, { reason: 'spam, sorry ü', deleteMessageSeconds: 3600 });
    expect(pg.state.ban(pg.demo.guildId, pg.demo.users.alice)?.reason).toBe('spam, sorry ü');
    expect(pg.state.member(pg.demo.guildId, pg.demo.users.alice)).toBeUndefined();
    const event = await pg.waitFor((e) => e.type === 'member.banned');
    expect(event.type === 'member.banned' && event.target.name).toBe('Alice');
    expect(pg.state.auditLog(pg.demo.guildId).at(-1)).toMatchObject({
      actionType: 22,
      reason: 'spam, sorry ü',
    });
    // Alice's messages of the last hour went with her.
    expect(pg.state.messages(pg.demo.channels.general).some((m) => m.authorId === pg.demo.users.alice)).toBe(
      false,
    );
  });

  test('GIVEN a ban above the bot in the hierarchy THEN discord.js rejects with 50013', async () => {
    const guild = client.guilds.cache.get(pg.demo.guildId);
    const error = await guild?.members.ban(pg.demo.users.moderator).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50013);
    expect(pg.state.ban(pg.demo.guildId, pg.demo.users.moderator)).toBeUndefined();
  });

  test('GIVEN guild.members.fetch() THEN the gateway answers the chunk request with every member', async () => {
    const guild = client.guilds.cache.get(pg.demo.guildId);
    const members = await guild?.members.fetch();
    expect(members?.size).toBe(pg.state.members(pg.demo.guildId).length);
  });

  test('GIVEN the sockets drop THEN the client resumes and a message posted meanwhile still arrives', async () => {
    const resumed = within<void>(10_000, (resolve) => client.once(Events.ShardResume, () => resolve()));
    pg.faults.dropConnections();
    const content = 'posted while the socket was down';
    const arrived = seen(content);
    // Bob is timed out by now; the owner can always post.
    pg.postMessage({ channelId: pg.demo.channels.general, authorId: pg.demo.users.owner, content });
    await resumed;
    expect((await arrived).author.id).toBe(pg.demo.users.owner);
    expect(pg.events().some((e) => e.type === 'gateway.resumed')).toBe(true);
  }, 15_000);

  test('GIVEN op 7 reconnect THEN the client resumes and keeps receiving', async () => {
    const resumed = within<void>(10_000, (resolve) => client.once(Events.ShardResume, () => resolve()));
    pg.faults.reconnect();
    await resumed;
    const content = 'after op 7';
    const arrived = seen(content);
    pg.postMessage({ channelId: pg.demo.channels.general, authorId: pg.demo.users.owner, content });
    expect((await arrived).content).toBe(content);
  }, 15_000);

  test('GIVEN injected 429 and 500 THEN discord.js retries and the send succeeds', async () => {
    pg.faults.rateLimit({ route: /\/messages$/, method: 'POST', count: 1, retryAfterMs: 100 });
    pg.faults.serverError({ route: /\/messages$/, method: 'POST', count: 1 });
    const channel = client.channels.cache.get(pg.demo.channels.random);
    if (!channel?.isSendable()) throw new Error('random is not sendable');
    const sent = await channel.send('through the faults');
    expect(pg.state.message(sent.id)?.content).toBe('through the faults');
    const refused = pg.events().filter((e) => e.type === 'http.request' && e.refusedBy === 'fault');
    expect(refused.map((e) => e.type === 'http.request' && e.status)).toEqual([429, 500]);
  });
});
