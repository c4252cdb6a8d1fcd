/**
 * Discord's refusals as the model reads them: each call goes through the real tool executor and
 * Ery's real discord.js client to a playground seeded with the fixtures world, and Discord answers
 * 429 (per route or global, for as long as it likes), 50013, 10007 or 10008. Each comes back as a
 * typed tool result (`{ ok: false, error: { code, message, retry_after_ms? } }`), never as a throw,
 * and no call is retried without bound: discord.js retries a 429 for ever on its own (a 429 is not
 * one of its `retries`), Ery's per-action budget (src/discord/rest-budget.ts) stops it.
 */
import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import type { DiscordActions } from '../../src/discord/port.ts';
import { DEFAULT_MAX_RATE_LIMITS_PER_ACTION } from '../../src/discord/rest-budget.ts';
import { runAttackCall } from '../tools/attacks/suite.ts';
import { IDS, WORLD_WITH_HISTORY } from '../tools/fixtures/world.ts';
import { type PlaygroundHarness, playgroundHarnesses } from './support/attack-playground.ts';

setDefaultTimeout(30_000);

const harnesses = playgroundHarnesses(WORLD_WITH_HISTORY);
/** The same world where nobody may add reactions in the test guild, Ery included. */
const noReactions = playgroundHarnesses({
  ...WORLD_WITH_HISTORY,
  guilds: WORLD_WITH_HISTORY.guilds.map((guild) => ({
    ...guild,
    roles: guild.roles.map((role) => ({
      ...role,
      permissions: role.permissions.filter((permission) => permission !== 'AddReactions'),
    })),
  })),
});
afterAll(async () => {
  await harnesses.closeAll();
  await noReactions.closeAll();
});

const reason = 'spamming links in #general';

/** Runs `work` with a fresh harness (of `from`) and closes it after. */
async function withHarness(
  work: (harness: PlaygroundHarness) => Promise<void>,
  from = harnesses,
): Promise<void> {
  const harness = await from.create();
  try {
    await work(harness);
  } finally {
    await harness.close();
  }
}

/** A member's fresh message in #general, for Ery to react to. */
const freshMessage = (harness: PlaygroundHarness): string =>
  harness.pg.postMessage({ channelId: IDS.general, authorId: IDS.member, content: 'react to me' }).id;

/** Statuses of the requests the playground answered on paths matching `path` (and `method`). */
const requests = (harness: PlaygroundHarness, path: RegExp, method?: string) =>
  harness.pg
    .events()
    .filter(
      (event) =>
        event.type === 'http.request' && path.test(event.path) && (!method || event.method === method),
    )
    .map((event) => (event.type === 'http.request' ? event.status : 0));

/** `actions`, with `before` run just before `method` reaches Discord: the world changes in between. */
function racing(
  actions: DiscordActions,
  method: keyof DiscordActions,
  before: () => Promise<void> | void,
): DiscordActions {
  return new Proxy(actions, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (key !== method || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await before();
        return value.apply(target, args);
      };
    },
  });
}

describe('GIVEN Discord refuses a tool call', () => {
  test('WHEN a route answers 429 every time THEN RATE_LIMITED with the wait, after a bounded number of tries', () =>
    withHarness(async (harness) => {
      const messageId = freshMessage(harness);
      harness.pg.faults.rateLimit({ route: /\/reactions\//, count: 1_000, retryAfterMs: 20 });
      const { body } = await runAttackCall(harness, {
        tool: 'add_reaction',
        args: { message_id: messageId, emoji: '👍' },
      });
      expect(body).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
      expect(body.error.retry_after_ms).toBeGreaterThan(0);
      const tries = requests(harness, /\/reactions\//);
      expect(tries.every((status) => status === 429)).toBe(true);
      expect(tries.length).toBeLessThanOrEqual(DEFAULT_MAX_RATE_LIMITS_PER_ACTION + 1);
    }));

  test('WHEN every request is refused by a global 429 THEN RATE_LIMITED, bounded the same way', () =>
    withHarness(async (harness) => {
      harness.pg.faults.rateLimit({
        route: /\/messages$/,
        method: 'POST',
        count: 1_000,
        retryAfterMs: 20,
        global: true,
      });
      const { body } = await runAttackCall(harness, { tool: 'send_message', args: { content: 'hello' } });
      expect(body).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
      const tries = requests(harness, new RegExp(`/channels/${IDS.general}/messages$`));
      expect(tries.length).toBeGreaterThan(0);
      expect(tries.length).toBeLessThanOrEqual(DEFAULT_MAX_RATE_LIMITS_PER_ACTION + 1);
      expect(harness.pg.events().some((event) => event.type === 'message.created')).toBe(false);
    }));

  test('WHEN Ery lacks the permission (50013) THEN MISSING_PERMISSIONS, told not to retry', () =>
    withHarness(async (harness) => {
      const messageId = freshMessage(harness);
      const { body } = await runAttackCall(harness, {
        tool: 'add_reaction',
        args: { message_id: messageId, emoji: '👍' },
      });
      expect(body).toMatchObject({ ok: false, error: { code: 'MISSING_PERMISSIONS' } });
      expect(body.error.message).toContain('Do not retry');
      expect(requests(harness, /\/reactions\//)).toEqual([403]);
    }, noReactions));

  test('WHEN the member left between the check and the action (10007) THEN UNKNOWN_MEMBER, tried once', () =>
    withHarness(async (harness) => {
      // The owner kicks the spammer just before Ery's timeout reaches Discord.
      const actions = racing(harness.actions, 'timeout', async () => {
        const kicked = await fetch(`${harness.pg.apiUrl}/v10/guilds/${IDS.guild}/members/${IDS.spammer}`, {
          method: 'DELETE',
          headers: { authorization: `Bot ${harness.pg.tokenFor(IDS.owner)}` },
        });
        expect(kicked.status).toBe(204);
      });
      const { body } = await runAttackCall(
        { ...harness, actions },
        {
          tool: 'timeout_member',
          args: { user_id: IDS.spammer, duration_seconds: 600, reason, requested_by_message_id: null },
          policy: { autonomous: { enabled: true, tools: { timeout_member: { maxDurationSeconds: 600 } } } },
        },
      );
      expect(body).toMatchObject({ ok: false, error: { code: 'UNKNOWN_MEMBER' } });
      expect(requests(harness, new RegExp(`/members/${IDS.spammer}$`), 'PATCH')).toEqual([404]);
    }));

  test('WHEN the message was deleted between the check and the reaction (10008) THEN UNKNOWN_MESSAGE, tried once', () =>
    withHarness(async (harness) => {
      const messageId = freshMessage(harness);
      const actions = racing(harness.actions, 'addReaction', () => {
        harness.pg.deleteMessage({ channelId: IDS.general, messageId, actorId: IDS.member });
      });
      const { body } = await runAttackCall(
        { ...harness, actions },
        { tool: 'add_reaction', args: { message_id: messageId, emoji: '👍' } },
      );
      expect(body).toMatchObject({ ok: false, error: { code: 'UNKNOWN_MESSAGE' } });
      expect(requests(harness, /\/reactions\//)).toEqual([404]);
    }));
});
