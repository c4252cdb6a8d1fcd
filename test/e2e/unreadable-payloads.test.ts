/**
 * Payloads discord.js 14.28 mishandles, replayed through the playground into Ery's real adapter:
 * forwards of one original (discord.js shares one snapshot between them) and shapes discord.js
 * cannot build at all (issue 7, adversarial review).
 */
import { describe, expect, test } from 'bun:test';
import { DiscordActionError } from '../../src/discord/errors.ts';
import { attachment, forward, poll } from '../support/discord-payloads.ts';
import { usePayloadFeed } from './support/payload-feed.ts';

const feed = usePayloadFeed();

let originals = 0;
const original = () => ({
  channelId: feed().pg.demo.channels.random,
  guildId: feed().pg.demo.guildId,
  messageId: `14000000000000${String(++originals).padStart(5, '0')}`,
});

const forwardedText = (parts: unknown) => (parts as Array<{ content?: string }> | undefined)?.[0]?.content;

describe('forwards of one original', () => {
  test('GIVEN Alice forwards M "Meeting at 3pm", M is edited, Bob forwards M "Meeting CANCELLED" THEN each forward shows its own text live, in history and looked up alone', async () => {
    const m = original();
    const pollFields = poll('Which room?', ['A', 'B']).fields as Record<string, unknown>;
    const alice = await feed().replay(forward(m, 'Meeting at 3pm', { poll: pollFields.poll }));
    const bob = await feed().replay(forward(m, 'Meeting CANCELLED'), feed().pg.demo.users.bob);
    expect(forwardedText(alice.line.parts)).toBe('Meeting at 3pm');
    expect(forwardedText(bob.line.parts)).toBe('Meeting CANCELLED');
    const history = await feed().discord.actions.fetchMessages({
      channelId: feed().pg.demo.channels.general,
      limit: 100,
    });
    const byId = (id: string) => history.find((message) => message.id === id);
    expect(byId(alice.message.id)?.parts).toEqual([
      {
        kind: 'forward',
        content: 'Meeting at 3pm',
        parts: [{ kind: 'poll', question: 'Which room?', answers: ['A', 'B'] }],
      },
    ]);
    // The poll of Alice's snapshot does not leak into Bob's.
    expect(byId(bob.message.id)?.parts).toEqual([
      { kind: 'forward', content: 'Meeting CANCELLED', parts: [] },
    ]);
    for (const [seen, text] of [
      [bob, 'Meeting CANCELLED'],
      [alice, 'Meeting at 3pm'],
    ] as const) {
      const one = await feed().discord.actions.fetchMessage({
        channelId: feed().pg.demo.channels.general,
        messageId: seen.message.id,
      });
      expect(forwardedText(one.parts)).toBe(text);
    }
  });

  test('GIVEN three forwards of one original with different attachments THEN history shows each its own file', async () => {
    const m = original();
    const names = ['a.txt', 'b.txt', 'c.txt'];
    const seen = [];
    for (const name of names) {
      seen.push(await feed().replay(forward(m, name, { attachments: [attachment(name, 'text/plain', 1)] })));
    }
    for (const [index, one] of seen.entries()) {
      expect(one.historyLine.parts).toEqual([
        {
          type: 'forwarded message',
          content: names[index],
          parts: [{ type: 'attachment', filename: names[index], content_type: 'text/plain', size_bytes: 1 }],
        },
      ]);
    }
  });
});

describe('a message discord.js cannot build', () => {
  const shapes: Array<[string, Record<string, unknown>]> = [
    ['flags: -1', { flags: -1 }],
    ["flags: 'abc'", { flags: 'abc' }],
    ['embeds: null', { embeds: null }],
    ['attachments: {}', { attachments: {} }],
  ];

  test.each(shapes)(
    'GIVEN a message with %s THEN the live dispatch is skipped with a warning naming it, history drops only it (logged), and looking it up fails as Ery’s problem, not the caller’s',
    async (_name, fields) => {
      const { pg, discord, inbox, logLines } = feed();
      const channelId = pg.demo.channels.general;
      const before = await feed().replay({ content: 'before the bad one' });
      const bad = pg.injectMessage({ channelId, authorId: pg.demo.users.alice, content: 'bad', fields });
      const after = await feed().replay({ content: 'after the bad one' });
      expect(inbox.count(bad.id)).toBe(0);
      expect(
        logLines.some(
          (line) =>
            line.event === 'discord.message.unreadable' &&
            line.messageId === bad.id &&
            line.level === 40 &&
            typeof line.reason === 'string',
        ),
      ).toBe(true);

      const history = await discord.actions.fetchMessages({ channelId, limit: 100 });
      const ids = history.map((message) => message.id);
      expect(ids).toContain(before.message.id);
      expect(ids).toContain(after.message.id);
      expect(ids).not.toContain(bad.id);
      expect(
        logLines.some(
          (line) => line.event === 'discord.history.message_unreadable' && line.messageId === bad.id,
        ),
      ).toBe(true);

      const lookup = discord.actions.fetchMessage({ channelId, messageId: bad.id });
      const error = await lookup.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DiscordActionError);
      expect((error as DiscordActionError).code).toBe('UNREADABLE_MESSAGE');
    },
  );
});

describe('a message whose author or member fields are of the wrong type', () => {
  /** Sends a raw MESSAGE_CREATE in #general as the gateway would, with `fields` over a plain one. */
  const rawMessage = (authorId: string, fields: Record<string, unknown>): string => {
    const { pg } = feed();
    const id = `13999999999999${String(++originals).padStart(5, '0')}`;
    pg.faults.rawDispatch('MESSAGE_CREATE', {
      id,
      type: 0,
      content: 'odd',
      timestamp: new Date().toISOString(),
      channel_id: pg.demo.channels.general,
      guild_id: pg.demo.guildId,
      author: { id: authorId, username: 'someone', discriminator: '0' },
      member: { roles: [], joined_at: new Date().toISOString() },
      ...fields,
    });
    return id;
  };

  test.each([
    ['by Ery, member.roles: null', 'ery', { member: { roles: null, joined_at: 'not a date' } }],
    ['by Alice, member: "x"', 'alice', { member: 'x' }],
    ['by Alice, with a mention without an id', 'alice', { mentions: [{ username: 'ghost' }] }],
    ['by Alice, author.bot: "yes"', 'alice', { author: { id: 'ALICE', username: 'alice', bot: 'yes' } }],
  ] as const)(
    'GIVEN a message %s THEN the fields are dropped with a warning, and the next mention of Ery is still read as one',
    async (_name, who, fields) => {
      const { pg, inbox, logLines } = feed();
      const authorId = pg.demo.users[who];
      const author = 'author' in fields ? { author: { ...fields.author, id: authorId } } : {};
      const bad = rawMessage(authorId, { ...fields, ...author });
      const after = pg.postMessage({
        channelId: pg.demo.channels.general,
        authorId: pg.demo.users.alice,
        content: `<@&${pg.demo.roles.ery}> <@${pg.demo.users.ery}> hi`,
      });
      const seen = await inbox.waitFor((m) => m.id === after.id, 10_000);
      expect(seen.mentionsBot).toBe(true);
      expect(seen.author.bot).toBe(false);
      expect(
        logLines.some(
          (line) =>
            line.event === 'discord.message.fields_dropped' &&
            line.messageId === bad &&
            Array.isArray(line.fields) &&
            line.fields.length > 0,
        ),
      ).toBe(true);
    },
  );

  test('GIVEN a message whose author has no id THEN it is skipped as unreadable, and the next message arrives', async () => {
    const { inbox, logLines } = feed();
    const id = rawMessage('', { author: { username: 'nobody' } });
    const after = await feed().replay({ content: 'after the authorless one' });
    expect(after.message.content).toBe('after the authorless one');
    expect(inbox.count(id)).toBe(0);
    expect(
      logLines.some((line) => line.event === 'discord.message.unreadable' && line.messageId === id),
    ).toBe(true);
  });
});
