/**
 * Parts that used to lose information or had no upper bound (issue 7, adversarial review), replayed
 * through the playground into the real discord.js client, live and in history alike.
 */
import { describe, expect, test } from 'bun:test';
import { attachment, Flags, type Payload, voiceMessage } from '../support/discord-payloads.ts';
import { usePayloadFeed } from './support/payload-feed.ts';

const feed = usePayloadFeed();

async function seen(payload: Payload) {
  const result = await feed().replay(payload);
  expect(result.history.parts).toEqual(result.message.parts);
  expect(result.historyLine.parts).toEqual(result.line.parts);
  return result;
}

describe('embeds without a title or description', () => {
  test('GIVEN an embed with only footer, author and image THEN the author name, footer text and that it has an image show', async () => {
    const { line } = await seen({
      content: '',
      fields: {
        embeds: [
          {
            type: 'rich',
            author: { name: 'Status Bot' },
            footer: { text: 'updated hourly' },
            image: { url: 'https://example.com/chart.png' },
          },
        ],
      },
    });
    expect(line.parts).toEqual([
      { type: 'embed', author: 'Status Bot', footer: 'updated hourly', media: ['image'] },
    ]);
  });

  test('GIVEN an embed with a long author and footer, a thumbnail and a video THEN they show cut with a marker', async () => {
    const { line } = await seen({
      content: '',
      fields: {
        embeds: [
          {
            type: 'rich',
            author: { name: 'a'.repeat(256) },
            footer: { text: 'f'.repeat(2048) },
            thumbnail: { url: 'https://example.com/t.png' },
            video: { url: 'https://example.com/v.mp4' },
          },
        ],
      },
    });
    expect(line.parts).toEqual([
      {
        type: 'embed',
        author: `${'a'.repeat(100)}… [156 more characters cut]`,
        footer: `${'f'.repeat(200)}… [1848 more characters cut]`,
        media: ['thumbnail', 'video'],
      },
    ]);
  });
});

describe('voice messages', () => {
  test('GIVEN IS_VOICE_MESSAGE with a voice attachment and evil.exe THEN only the voice one is a voice message; evil.exe keeps its name', async () => {
    const voice = voiceMessage(3).fields as { attachments: unknown[] };
    const { line } = await seen({
      content: '',
      fields: {
        flags: Flags.IsVoiceMessage,
        attachments: [attachment('evil.exe', 'application/octet-stream', 10), ...voice.attachments],
      },
    });
    expect(line.parts).toEqual([
      { type: 'attachment', filename: 'evil.exe', content_type: 'application/octet-stream', size_bytes: 10 },
      { type: 'voice message', duration_secs: 3, size_bytes: 48_213 },
    ]);
  });

  test('GIVEN IS_VOICE_MESSAGE with no waveform or duration THEN the first audio attachment is the voice message and the rest stay attachments', async () => {
    const { line } = await seen({
      content: '',
      fields: {
        flags: Flags.IsVoiceMessage,
        attachments: [
          attachment('evil.exe', null, 1),
          attachment('a.ogg', 'audio/ogg', 2),
          attachment('b.ogg', 'audio/ogg', 3),
        ],
      },
    });
    expect(line.parts).toEqual([
      { type: 'attachment', filename: 'evil.exe', content_type: null, size_bytes: 1 },
      { type: 'voice message', duration_secs: null, size_bytes: 2 },
      { type: 'attachment', filename: 'b.ogg', content_type: 'audio/ogg', size_bytes: 3 },
    ]);
  });
});

describe("Discord's limits on parts", () => {
  test('GIVEN 1000 attachments, 20 embeds and 5 stickers THEN 10, 10 and 3 are stored, each kind with a left out count', async () => {
    const { message } = await seen({
      content: 'flood',
      fields: {
        attachments: Array.from({ length: 1000 }, (_, i) => attachment(`f${i}.txt`, 'text/plain', 1)),
        embeds: Array.from({ length: 20 }, (_, i) => ({ type: 'rich', title: `e${i}` })),
        sticker_items: Array.from({ length: 5 }, (_, i) => ({
          id: `150000000000000000${i}`,
          name: `s${i}`,
          format_type: 1,
        })),
      },
    });
    const parts = message.parts ?? [];
    expect(parts.filter((part) => part.kind === 'attachment')).toHaveLength(10);
    expect(parts.filter((part) => part.kind === 'embed')).toHaveLength(10);
    expect(parts.filter((part) => part.kind === 'sticker')).toHaveLength(3);
    expect(parts.filter((part) => part.kind === 'left_out')).toEqual([
      { kind: 'left_out', of: 'attachment', count: 990 },
      { kind: 'left_out', of: 'sticker', count: 2 },
      { kind: 'left_out', of: 'embed', count: 10 },
    ]);
  });

  test('GIVEN exactly 10 attachments THEN all are stored and nothing is counted as left out', async () => {
    const { message } = await seen({
      content: '',
      fields: { attachments: Array.from({ length: 10 }, (_, i) => attachment(`g${i}.txt`, 'text/plain', 1)) },
    });
    expect(message.parts).toHaveLength(10);
    expect(message.parts?.some((part) => part.kind === 'left_out')).toBe(false);
  });
});
