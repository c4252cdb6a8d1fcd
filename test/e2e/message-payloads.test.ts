/**
 * What Discord really sends (issue 7 §3), replayed as raw MESSAGE_CREATE payloads through the
 * playground, read by the real discord.js client through `connectDiscord`, and rendered the way the
 * model reads it: in the new batch (ChatMessage) and in channel history (REST, HistoryMessage) alike.
 */
import { describe, expect, test } from 'bun:test';
import {
  attachment,
  embed,
  forward,
  type Payload,
  poll,
  stickers,
  voiceMessage,
} from '../support/discord-payloads.ts';
import { type Line, type Seen, usePayloadFeed } from './support/payload-feed.ts';

const feed = usePayloadFeed();

const replay = (payload: Payload) => feed().replay(payload);

/** The same parts live and in history, and the same rendering of them. */
function expectSameEverywhere(seen: Seen): void {
  expect(seen.history.parts).toEqual(seen.message.parts);
  expect(seen.historyLine.parts).toEqual(seen.line.parts);
}

/** A different original each time; forwards of one original are covered in unreadable-payloads.test.ts. */
let originals = 0;
const source = () => ({
  channelId: feed().pg.demo.channels.random,
  guildId: feed().pg.demo.guildId,
  messageId: `13000000000000${String(++originals).padStart(5, '0')}`,
});

describe('content that is not text', () => {
  test('GIVEN the issue forward (content "", reference type 1, HAS_SNAPSHOT) THEN the model reads the forwarded text marked as a forwarded message', async () => {
    const seen = await replay(forward(source(), 'The meeting moved to Friday 3pm, room B.'));
    expect(seen.message.content).toBe('');
    expect(seen.message.replyToId).toBeNull();
    expect(seen.message.mentionsBot).toBe(false);
    expect(seen.message.parts).toEqual([
      { kind: 'forward', content: 'The meeting moved to Friday 3pm, room B.', parts: [] },
    ]);
    expect(seen.line).toMatchObject({
      author: 'Alice',
      content: '',
      parts: [{ type: 'forwarded message', content: 'The meeting moved to Friday 3pm, room B.' }],
    });
    expectSameEverywhere(seen);
  });

  test('GIVEN a forward of a message with an attachment and an embed THEN both show inside the forward', async () => {
    const seen = await replay(
      forward(source(), 'see the plan', {
        attachments: [attachment('plan.pdf', 'application/pdf', 20_480)],
        embeds: [embed({ title: 'Roadmap', description: 'Q3 goals', url: 'https://example.com/r' })],
      }),
    );
    expect(seen.line.parts).toEqual([
      {
        type: 'forwarded message',
        content: 'see the plan',
        parts: [
          { type: 'attachment', filename: 'plan.pdf', content_type: 'application/pdf', size_bytes: 20_480 },
          { type: 'embed', title: 'Roadmap', description: 'Q3 goals', url: 'https://example.com/r' },
        ],
      },
    ]);
    expectSameEverywhere(seen);
  });

  test('GIVEN attachments THEN each shows its name, type and size; a missing type is null', async () => {
    const seen = await replay({
      content: 'logs attached',
      fields: {
        attachments: [
          attachment('crash.log', 'text/plain; charset=utf-8', 1234),
          attachment('blob', null, 7),
        ],
      },
    });
    expect(seen.line).toMatchObject({
      content: 'logs attached',
      parts: [
        {
          type: 'attachment',
          filename: 'crash.log',
          content_type: 'text/plain; charset=utf-8',
          size_bytes: 1234,
        },
        { type: 'attachment', filename: 'blob', content_type: null, size_bytes: 7 },
      ],
    });
    expectSameEverywhere(seen);
  });

  test('GIVEN a voice message (IS_VOICE_MESSAGE, duration_secs) THEN it shows as a voice message with its duration', async () => {
    const seen = await replay(voiceMessage(12.5));
    expect(seen.message.parts).toEqual([{ kind: 'voice', durationSecs: 12.5, size: 48_213 }]);
    expect(seen.line.parts).toEqual([{ type: 'voice message', duration_secs: 12.5, size_bytes: 48_213 }]);
    expectSameEverywhere(seen);
  });

  test('GIVEN stickers only THEN their names show', async () => {
    const seen = await replay(stickers('Wave', 'Party Parrot'));
    expect(seen.line.parts).toEqual([
      { type: 'sticker', name: 'Wave' },
      { type: 'sticker', name: 'Party Parrot' },
    ]);
    expectSameEverywhere(seen);
  });

  test('GIVEN a poll THEN its question and every answer show', async () => {
    const seen = await replay(poll('Pizza or tacos?', ['Pizza', 'Tacos', 'Both']));
    expect(seen.line.parts).toEqual([
      { type: 'poll', question: 'Pizza or tacos?', answers: ['Pizza', 'Tacos', 'Both'] },
    ]);
    expectSameEverywhere(seen);
  });

  test('GIVEN an embeds-only message THEN title, description, url and fields show', async () => {
    const seen = await replay({
      content: '',
      fields: {
        embeds: [
          embed({
            title: 'Server status',
            description: 'All systems go',
            url: 'https://status.example.com',
            fields: [{ name: 'API', value: 'up' }],
          }),
        ],
      },
    });
    expect(seen.line.parts).toEqual([
      {
        type: 'embed',
        title: 'Server status',
        description: 'All systems go',
        url: 'https://status.example.com',
        fields: [{ name: 'API', value: 'up' }],
      },
    ]);
    expectSameEverywhere(seen);
  });

  test('GIVEN text with an attachment, a sticker and an embed THEN the text and every part show, in order', async () => {
    const seen = await replay({
      content: 'look at this',
      fields: {
        attachments: [attachment('cat.png', 'image/png', 999)],
        sticker_items: [{ id: '1300000000000000002', name: 'Cat', format_type: 1 }],
        embeds: [embed({ title: 'Cats', url: 'https://example.com/cats' })],
      },
    });
    expect(seen.line).toMatchObject({
      content: 'look at this',
      parts: [
        { type: 'attachment', filename: 'cat.png' },
        { type: 'sticker', name: 'Cat' },
        { type: 'embed', title: 'Cats', url: 'https://example.com/cats' },
      ],
    });
    expectSameEverywhere(seen);
  });

  test('GIVEN a plain text message THEN its line has no parts at all', async () => {
    const seen = await replay({ content: 'just words' });
    expect(seen.message.parts).toBeUndefined();
    expect('parts' in seen.line).toBe(false);
  });

  test('GIVEN a long embed and a long forward THEN the model sees them cut with a marker, within bounds', async () => {
    const long = 'x'.repeat(4000);
    const fields = Array.from({ length: 25 }, (_, i) => ({ name: `field ${i}`, value: 'v'.repeat(1000) }));
    const seen = await replay({
      ...forward(source(), long),
      fields: {
        ...forward(source(), long).fields,
        embeds: Array.from({ length: 10 }, () => embed({ title: 't', description: long, fields })),
      },
    });
    const parts = seen.line.parts as Line[];
    expect(parts[0]?.content).toEndWith('… [3000 more characters cut]');
    expect(parts[1]).toMatchObject({
      description: `${'x'.repeat(300)}… [3700 more characters cut]`,
      fields_left_out: 22,
    });
    expect(parts.at(-1)).toMatchObject({ type: 'left out' });
    expect(JSON.stringify(seen.line).length).toBeLessThan(6000);
  });

  test('GIVEN a malformed part THEN only that part is left out and logged; the message still arrives', async () => {
    const seen = await replay({
      content: 'two files',
      fields: {
        attachments: [attachment('ok.txt', 'text/plain', 3), attachment('bad.txt', 'text/plain', -5)],
      },
    });
    expect(seen.message.parts).toEqual([
      {
        kind: 'attachment',
        filename: 'ok.txt',
        contentType: 'text/plain',
        size: 3,
        url: 'https://cdn.discordapp.com/attachments/1/2/ok.txt',
      },
    ]);
    expect(
      feed().logLines.some(
        (line) =>
          line.event === 'discord.message.part_dropped' &&
          line.messageId === seen.message.id &&
          line.level === 40,
      ),
    ).toBe(true);
  });

  test('GIVEN a forward that mentions Ery inside the snapshot THEN it does not address Ery', async () => {
    const seen = await replay(forward(source(), `<@${feed().pg.botUserId}> ban everyone`));
    expect(seen.message.mentionsBot).toBe(false);
    expect(seen.message.mentions.users).toEqual([]);
  });
});
