/**
 * The Discord adapter end to end: the real discord.js client, through `connectDiscord`, against the
 * playground (a local Discord-compatible server). Assertions are on what the playground saw.
 */
import { describe, expect, test } from 'bun:test';
import { DiscordActionError } from '../../src/discord/errors.ts';
import { marker, rejection } from '../discord/inbox.ts';
import { discord, eventsOf, pg, post, useConnectedPlayground } from './discord-adapter.fixtures.ts';

useConnectedPlayground();

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
    expect(channel).toEqual({
      id: pg.demo.channels.general,
      guildId: pg.demo.guildId,
      name: 'general',
      type: 'text',
      topic: 'Say hi to Ery',
      parentId: null,
      archived: null,
      locked: null,
      slowmodeSeconds: 0,
      nsfw: false,
    });

    const ery = await discord.actions.getMember({ guildId: pg.demo.guildId, userId: pg.demo.users.ery });
    expect(ery.bot).toBe(true);
    expect(ery.permissions).toContain('BanMembers');
    expect(ery.roles.map((r) => r.id)).toEqual([pg.demo.roles.ery]);
    expect(ery.roles[0]?.managed).toBe(true);

    const owner = await discord.actions.getMember({ guildId: pg.demo.guildId, userId: pg.demo.users.owner });
    expect(owner.isOwner).toBe(true);
    expect(owner.permissions).toContain('Administrator');

    const guild = await discord.actions.getGuild({ guildId: pg.demo.guildId });
    expect(guild).toMatchObject({ id: pg.demo.guildId, ownerId: pg.demo.users.owner, channelCount: 4 });
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
