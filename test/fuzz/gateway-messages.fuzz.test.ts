/**
 * Issue 11 §4: MESSAGE_CREATE payloads of every type with every field missing, null, of the wrong
 * type or huge, sent through the playground's gateway to the real discord.js client of Ery's
 * adapter. Properties: nothing escapes as an uncaught error, each message is either fed to Ery or
 * skipped with a logged reason naming it, and a valid message sent after the garbage still arrives.
 */
import { describe, expect, setDefaultTimeout, test } from 'bun:test';
import fc from 'fast-check';
import { marker } from '../discord/inbox.ts';
import { usePayloadFeed } from '../e2e/support/payload-feed.ts';
import { anyJson, anyText, FUZZ_SEED, fuzzParams } from './fuzz-params.ts';
import { watchCrashes } from './support/crash-watch.ts';
import { authorField, messageFields, messageType, snowflakeish } from './support/message-fields.ts';

setDefaultTimeout(60_000);

const feed = usePayloadFeed();
const escaped = watchCrashes();

/** Events under which Ery says why it did not take a message, each naming the message id. */
const SKIPS = new Set([
  'discord.message.unreadable',
  'discord.message.invalid',
  'discord.message.system_dropped',
  'discord.message.dm_ignored',
  'discord.message.not_in_guild',
]);

/** A fresh snowflake no other message has (ids grow with time, the low bits count). */
let counter = 0;
const freshId = () => String(((BigInt(Date.now()) - 1_420_070_400_000n) << 22n) | BigInt(++counter % 4096));

/** Sends a valid message by Alice in #general and waits until Ery's adapter has it. */
async function validMessageArrives(): Promise<void> {
  const { pg, inbox } = feed();
  const text = marker('after-garbage');
  pg.postMessage({ channelId: pg.demo.channels.general, authorId: pg.demo.users.alice, content: text });
  await inbox.waitFor((m) => m.content === text, 10_000);
}

/** Whether Ery took message `id`, or logged why not. */
function takenOrExplained(id: string): boolean {
  const { inbox, logLines } = feed();
  if (inbox.count(id) > 0) return true;
  return logLines.some(
    (line) =>
      SKIPS.has(String(line.event)) &&
      line.messageId === id &&
      (typeof line.reason === 'string' || typeof line.detail === 'string'),
  );
}

describe(`fuzzed MESSAGE_CREATE (ERY_FUZZ_SEED=${FUZZ_SEED})`, () => {
  test('GIVEN a message of any type whose fields are missing, null, wrong or huge THEN Ery takes it or logs why not, and the next valid message arrives', async () => {
    const { pg } = feed();
    const channels = [pg.demo.channels.general, pg.demo.channels.random];
    const input = fc.record({
      type: messageType,
      content: anyText(4500),
      fields: messageFields(channels, pg.demo.guildId),
      authorId: fc.constantFrom(pg.demo.users.alice, pg.demo.users.bob, pg.demo.users.moderator),
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ type, content, fields, authorId }) => {
        const bad = pg.injectMessage({
          channelId: pg.demo.channels.general,
          authorId,
          type,
          content,
          fields,
        });
        await validMessageArrives();
        expect(escaped).toEqual([]);
        expect(takenOrExplained(bad.id)).toBe(true);
      }),
      fuzzParams(40, { shrink: false }),
    );
  });

  test('GIVEN a raw MESSAGE_CREATE whose author, ids and every other field may be broken THEN nothing escapes and the next valid message arrives', async () => {
    const { pg } = feed();
    const channels = [pg.demo.channels.general, pg.demo.channels.random];
    const users = [pg.demo.users.alice, pg.demo.users.bob, pg.demo.users.ery];
    const input = fc.record({
      id: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, snowflakeish),
      channelId: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...channels) }, snowflakeish, anyJson()),
      guildId: fc.oneof({ weight: 4, arbitrary: fc.constant(pg.demo.guildId) }, snowflakeish, anyJson()),
      author: authorField(users),
      fields: messageFields(channels, pg.demo.guildId),
      whole: fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, anyJson()),
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ id, channelId, guildId, author, fields, whole }) => {
        const messageId = id ?? freshId();
        const d =
          whole !== undefined
            ? whole
            : {
                type: 0,
                content: '',
                timestamp: new Date().toISOString(),
                ...fields,
                id: messageId,
                channel_id: channelId,
                guild_id: guildId,
                author,
              };
        pg.faults.rawDispatch('MESSAGE_CREATE', d);
        await validMessageArrives();
        expect(escaped).toEqual([]);
        const plain =
          whole === undefined && typeof messageId === 'string' && channels.includes(String(channelId));
        const byOther =
          typeof author === 'object' &&
          author !== null &&
          (author as { id?: unknown }).id !== pg.demo.users.ery;
        if (plain && byOther && guildId === pg.demo.guildId && /^\d+$/.test(messageId)) {
          expect({ messageId, explained: takenOrExplained(messageId) }).toEqual({
            messageId,
            explained: true,
          });
        }
      }),
      fuzzParams(40, {
        shrink: false,
        // A MESSAGE_CREATE whose d is null once crashed Ery (src/discord/raw-dispatch.ts).
        examples: [
          [
            {
              id: null,
              channelId: channels[0],
              guildId: pg.demo.guildId,
              author: null,
              fields: {},
              whole: null,
            },
          ],
        ],
      }),
    );
  });
});
