/**
 * The Discord adapter end to end: the real discord.js client, through `connectDiscord`, against the
 * playground (a local Discord-compatible server). Assertions are on what the playground saw.
 */
import { describe, expect, test } from 'bun:test';
import { Inbox, marker } from '../discord/inbox.ts';
import { discord, inbox, pg, post, useConnectedPlayground } from './discord-adapter.fixtures.ts';
import { connectToPlayground } from './support/connect-playground.ts';

useConnectedPlayground();

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
    const second = await connectToPlayground(pg, { onMessage: raw.push, ignoreBots: false });
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
