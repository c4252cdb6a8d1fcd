/**
 * Issue 11 §4: garbage gateway dispatches (MESSAGE_CREATE of every type and broken field,
 * MESSAGE_UPDATE/DELETE, members joining and changing, reactions, READY/RESUMED, GUILD_CREATE) sent
 * through the playground's gateway to a whole running Ery. Properties: nothing escapes as an
 * uncaught error, and a mention sent after the garbage is still answered (nothing lost).
 */
import { describe, expect, setDefaultTimeout, test } from 'bun:test';
import fc from 'fast-check';
import { anyText, FUZZ_SEED, fuzzParams } from './fuzz-params.ts';
import { watchCrashes } from './support/crash-watch.ts';
import { dispatches } from './support/dispatches.ts';
import { useEryFuzzWorld } from './support/ery-fuzz-world.ts';
import { messageFields, messageType } from './support/message-fields.ts';

setDefaultTimeout(60_000);

const world = useEryFuzzWorld('ery-fuzz-dispatch-');
const escaped = watchCrashes();

describe(`fuzzed gateway dispatches to a running Ery (ERY_FUZZ_SEED=${FUZZ_SEED})`, () => {
  test('GIVEN a few garbage dispatches of any type THEN nothing escapes and a mention after them is answered', async () => {
    const { demo } = world.playground;
    const channelIds = [demo.channels.general, demo.channels.random];
    const ids = {
      guildId: demo.guildId,
      channelIds,
      userIds: [demo.users.alice, demo.users.bob, demo.users.moderator, demo.users.ery],
      botUserId: demo.users.ery,
      messageIds: () =>
        world.playground
          .events()
          .flatMap((event) => (event.type === 'message.created' ? [event.message.id] : []))
          .slice(-20),
    };
    const garbageMessage = fc
      .record({ type: messageType, content: anyText(4500), fields: messageFields(channelIds, demo.guildId) })
      .map((message) => ({ message }));
    const step = fc.oneof(
      dispatches(ids).map((raw) => ({ raw })),
      garbageMessage,
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 4 }), async (steps) => {
        for (const one of steps) {
          if ('raw' in one) world.playground.faults.rawDispatch(one.raw.t, one.raw.d);
          else
            world.playground.injectMessage({
              channelId: demo.channels.general,
              authorId: demo.users.bob,
              ...one.message,
            });
        }
        await world.mentionAnswered();
        expect(escaped).toEqual([]);
      }),
      fuzzParams(6, {
        shrink: false,
        examples: [
          // Each of these once crashed Ery or silenced a member (see src/discord/dispatch-guard.ts).
          [[{ raw: { t: 'MESSAGE_CREATE', d: null } }]],
          [
            [
              {
                raw: {
                  t: 'READY',
                  d: {
                    v: 10,
                    user: { id: demo.users.ery, username: 'Ery', bot: true },
                    guilds: [],
                    application: {},
                  },
                },
              },
            ],
          ],
          // Seed 1253138960: discord.js maps a READY's guilds outside its packet handlers.
          [
            [
              {
                raw: {
                  t: 'READY',
                  d: { v: 10, user: { id: demo.users.ery }, guilds: 7, application: { id: '1' } },
                },
              },
            ],
          ],
          // Seed 20261206: a message "by Ery" with member.roles null once poisoned Ery's own member.
          [
            [
              {
                raw: {
                  t: 'MESSAGE_CREATE',
                  d: {
                    id: '1391168998113280001',
                    type: 0,
                    content: 'x',
                    timestamp: new Date().toISOString(),
                    channel_id: demo.channels.general,
                    guild_id: demo.guildId,
                    author: { id: demo.users.ery, username: 'Ery' },
                    member: { roles: null },
                  },
                },
              },
            ],
          ],
        ],
      }),
    );
  });
});
