/**
 * The web chat's fetch handler, called in process (no browser, no socket of its own): the state
 * snapshot, body validation and the playground's refusals on posting, the SSE stream, the assets,
 * and mounting before the playground exists.
 */
import { describe, expect, test } from 'bun:test';
import { BANNER, pg, state, useWebChat } from './web-chat.fixtures.ts';

useWebChat();

describe('web chat handler', () => {
  test('GIVEN the demo server WHEN /chat/state THEN it has the guild, channels, members with role colours and the banner', async () => {
    const s = await state();
    expect(s.banner).toBe(BANNER);
    expect(s.title).toBe('Test <chat>');
    expect(s.guild?.name).toBe('Ery Playground');
    expect(s.botUserId).toBe(pg.botUserId);
    expect(s.channels.map((c) => [c.name, c.private])).toEqual([
      ['general', false],
      ['random', false],
      ['mod-log', true],
      ['help', false],
    ]);
    const max = s.members.find((m) => m.id === pg.demo.users.moderator);
    expect(max?.name).toBe('Max (moderator)');
    expect(max?.color).toBe(0xe67e22);
    expect(max?.roleIds).toEqual([pg.demo.roles.moderator]);
    expect(s.members.find((m) => m.id === pg.demo.users.ery)).toMatchObject({ bot: true, color: 0x5865f2 });
    expect(s.members.find((m) => m.id === pg.demo.users.owner)?.owner).toBe(true);
    expect(s.roles[0]?.name).toBe('Moderator');
    expect(Object.keys(s.messages).sort()).toEqual(s.channels.map((c) => c.id).sort());
  });

  test('GIVEN a reply and a reaction WHEN /chat/state THEN the message carries its reply preview, mentions and reactions', async () => {
    const { general } = pg.demo.channels;
    const first = pg.postMessage({ channelId: general, authorId: pg.demo.users.bob, content: 'first!' });
    pg.react({ channelId: general, messageId: first.id, userId: pg.demo.users.alice, emoji: '👍' });
    const reply = pg.postMessage({
      channelId: general,
      authorId: pg.demo.users.alice,
      content: `hi <@${pg.demo.users.bob}>`,
      replyToId: first.id,
    });
    const messages = (await state()).messages[general] ?? [];
    const shownFirst = messages.find((m) => m.id === first.id);
    const shownReply = messages.find((m) => m.id === reply.id);
    expect(shownFirst?.reactions).toEqual([{ emoji: '👍', count: 1, userIds: [pg.demo.users.alice] }]);
    expect(shownReply?.replyTo).toEqual({
      id: first.id,
      author: { id: pg.demo.users.bob, name: 'Bob', bot: false },
      content: 'first!',
    });
    expect(shownReply?.mentions.users).toEqual([{ id: pg.demo.users.bob, name: 'Bob' }]);
  });

  test('GIVEN the state THEN the composer can offer mentions: who sees each channel, every name a member goes by, pingable roles', async () => {
    const body = await state();
    const viewers = (name: string) => body.channels.find((c) => c.name === name)?.viewerIds.toSorted();
    const { users, roles } = pg.demo;
    expect(viewers('mod-log')).toEqual([users.owner, users.moderator, users.ery].toSorted());
    expect(viewers('general')).toHaveLength(5);
    expect(body.members.find((m) => m.id === users.moderator)).toMatchObject({
      name: 'Max (moderator)',
      username: 'max',
      globalName: 'Max (moderator)',
      nick: null,
    });
    expect(body.roles.filter((r) => r.mentionable).map((r) => r.id)).toEqual([roles.moderator]);
  });
});
