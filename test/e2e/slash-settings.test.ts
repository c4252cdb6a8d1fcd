/**
 * Each setting `/ery config` adds changes what Ery does, end to end: mention-only mode, the
 * channels Ery answers in, the persona in the prompt, the mod-log mirror, role grants and the
 * budget report from recorded usage.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import type { RunningEry } from '../../src/app/run.ts';
import { threads } from '../../src/db/schema.ts';
import { DEMO_IDS, type Playground, type PlaygroundEvent } from '../../src/playground/index.ts';
import type { OpenAIServer } from '../support/openai-server.ts';
import { threadEnded, useEryWorld, waitUntil } from './support/ery-harness.ts';
import { runEry, setAsOwner, slashRegistered } from './support/slash.ts';

setDefaultTimeout(30_000);

const world = useEryWorld('ery-slash-settings-');
let playground: Playground;
let llm: OpenAIServer;
beforeAll(() => {
  ({ playground, llm } = world);
});

const { users, channels, guildId, roles } = DEMO_IDS;
const lastSeq = () => playground.events().at(-1)?.seq ?? 0;

async function startEry(model: string, options: Parameters<typeof world.startEry>[0] = {}) {
  const since = lastSeq();
  const ery = await world.startEry({ model, ...options });
  await slashRegistered(playground, since);
  return ery;
}

/** Threads that ended, however they ended. */
async function settled(ery: RunningEry, count = 1) {
  await waitUntil(() => threadRows(ery).filter((t) => t.status !== 'running').length >= count);
  return threadRows(ery);
}

function threadRows(ery: RunningEry) {
  ery.core.supervisor.flush();
  return ery.core.db.select().from(threads).all();
}

const mention = (text: string) => `<@${users.ery}> ${text}`;

describe('settings from /ery change what Ery does', () => {
  test('GIVEN mention_only on THEN a plain message gets no thread and a mention does', async () => {
    const ery = await startEry('mention-only', { windowMs: 50 });
    await setAsOwner(playground, 'mention_only', 'on');
    playground.postMessage({ channelId: channels.general, authorId: users.bob, content: 'just chatting' });
    const addressed = playground.postMessage({
      channelId: channels.general,
      authorId: users.bob,
      content: mention('hi'),
    });
    expect((await settled(ery)).map((t) => t.messageIds)).toEqual([[addressed.id]]);
    // Off again: a plain message is batched at once, without a restart.
    await setAsOwner(playground, 'mention_only', 'off');
    const later = playground.postMessage({
      channelId: channels.general,
      authorId: users.bob,
      content: 'anyone?',
    });
    await waitUntil(() => threadRows(ery).some((t) => t.messageIds.includes(later.id)));
  });

  test('GIVEN channels set to #general THEN a mention in #random is not batched and one in #general is', async () => {
    const ery = await startEry('allow-list', { windowMs: 50 });
    const reply = await setAsOwner(playground, 'channels', '#general');
    expect(reply.content).toContain('now #general');
    playground.postMessage({
      channelId: channels.random,
      authorId: users.bob,
      content: mention('over here'),
    });
    const inGeneral = playground.postMessage({
      channelId: channels.general,
      authorId: users.bob,
      content: mention('here'),
    });
    expect((await settled(ery)).map((t) => t.messageIds)).toEqual([[inGeneral.id]]);
    expect(ery.core.supervisor.actorOf(channels.random)).toBeUndefined();
  });

  test('GIVEN channels set to #general and the #help forum THEN a thread of #general and a forum post are answered, #random still not', async () => {
    const ery = await startEry('allow-threads', { windowMs: 50 });
    const reply = await setAsOwner(playground, 'channels', 'general, help');
    expect(reply.content).toContain('#help');
    const thread = playground.startThread({
      parentId: channels.general,
      actorId: users.bob,
      name: 'side talk',
    });
    await waitUntil(() => ery.discord.parentOf(thread.id) === channels.general);
    const inThread = playground.postMessage({
      channelId: thread.id,
      authorId: users.bob,
      content: mention('in a thread'),
    });
    expect((await settled(ery)).map((t) => t.messageIds)).toEqual([[inThread.id]]);
    playground.postMessage({ channelId: channels.random, authorId: users.bob, content: mention('not here') });
    await Bun.sleep(150);
    expect(ery.core.supervisor.actorOf(channels.random)).toBeUndefined();
  });

  test('GIVEN a persona THEN the next thread gives it to the model in the system prompt', async () => {
    const ery = await startEry('persona-model', { windowMs: 50 });
    await setAsOwner(playground, 'persona', 'Speak like a cheerful pirate.');
    const before = llm.calls('persona-model').length;
    playground.postMessage({ channelId: channels.general, authorId: users.bob, content: mention('ahoy') });
    await settled(ery);
    const request = llm.calls('persona-model')[before];
    const system = String(request?.body.messages[0]?.content);
    expect(system).toContain('PERSONA');
    expect(system).toContain('Speak like a cheerful pirate.');
  });

  test('GIVEN a mod-log channel THEN a moderation action and a refusal are mirrored there, pinging nobody', async () => {
    const ery = await startEry('modlog-model', { windowMs: 50 });
    await setAsOwner(playground, 'mod_log', '#mod-log');
    const since = lastSeq();
    // One request naming two actions: the timeout is allowed, banning the owner is refused.
    const ask = playground.postMessage({
      channelId: channels.general,
      authorId: users.moderator,
      content: mention(`time out <@${users.bob}> for 60 seconds, spamming, and ban <@${users.owner}>`),
    });
    llm.script('modlog-model', {
      reply: {
        toolCalls: [
          {
            name: 'timeout_member',
            arguments: {
              user_id: users.bob,
              duration_seconds: 60,
              reason: 'spamming',
              requested_by_message_id: ask.id,
            },
          },
          {
            name: 'ban_member',
            arguments: { user_id: users.owner, reason: 'asked', requested_by_message_id: ask.id },
          },
          { name: 'reply_to_message', arguments: { message_id: ask.id, content: 'Done.' } },
        ],
      },
    });
    const inModLog = (e: PlaygroundEvent) =>
      e.seq > since && e.type === 'message.created' && e.channelId === channels.modLog;
    await waitUntil(() => playground.events().filter(inModLog).length >= 2);
    const lines = playground
      .events()
      .filter(inModLog)
      .map((e) => (e.type === 'message.created' ? e.message : null));
    expect(lines[0]?.content).toBe(
      `🛡️ **timeout_member** on <@${users.bob}> · asked by <@${users.moderator}> · done · reason: spamming`,
    );
    expect(lines[1]?.content).toContain(
      `⛔ **ban_member** on <@${users.owner}> · asked by <@${users.moderator}> · denied · reason:`,
    );
    expect(lines.every((m) => m?.mentions.users.length === 0)).toBe(true);
    // No mirror of the plain reply.
    await threadEnded(ery, 'done');
    expect(playground.events().filter(inModLog).length).toBe(2);
    await ery.discord.actions.timeout({ guildId, userId: users.bob, until: null, reason: 'test cleanup' });
  });

  test('GIVEN grants and autonomous limits set from Discord THEN the server policy holds them and get reads them back', async () => {
    const ery = await startEry('policy-model');
    await setAsOwner(playground, 'grant.timeout_member', 'Trusted, Helper');
    await setAsOwner(playground, 'autonomous', 'on');
    await setAsOwner(playground, 'autonomous.timeout_member', '10m');
    await setAsOwner(playground, 'rules', 'Be kind.');
    const policy = ery.core.policies.get(guildId);
    expect(policy.roleGrants.timeout_member).toEqual([roles.trusted, roles.helper]);
    expect(policy.autonomous).toMatchObject({
      enabled: true,
      tools: { timeout_member: { maxDurationSeconds: 600 } },
    });
    expect(policy.rules).toBe('Be kind.');
    const got = await runEry(playground, users.alice, ['config', 'get'], {
      setting: 'autonomous.timeout_member',
    });
    expect(got.content).toBe('**autonomous.timeout_member**: on, at most 10m');
    await runEry(playground, users.owner, ['config', 'reset'], { setting: 'grant.timeout_member' });
    expect(ery.core.policies.get(guildId).roleGrants.timeout_member).toBeUndefined();
  });

  test('GIVEN roles Ery cannot give THEN autonomous.add_role refuses each, saying what to change, and keeps one it can', async () => {
    const ery = await startEry('roles-model');
    const set = (value: string) =>
      runEry(playground, users.owner, ['config', 'set'], { setting: 'autonomous.add_role', value });
    // Moderator sits above Ery's own role in the playground's seed; Ery's role is managed by its integration.
    expect((await set('Moderator')).content).toMatch(
      /Ery cannot give or take @Moderator: it is not below Ery's highest role \(@Ery\); drag Ery's role above it/,
    );
    expect((await set('Helper, Ery')).content).toMatch(
      /Ery cannot give or take @Ery: it is managed by an integration/,
    );
    expect(ery.core.policies.get(guildId).autonomous.tools.add_role).toBeUndefined();
    await setAsOwner(playground, 'autonomous.add_role', 'Helper');
    expect(ery.core.policies.get(guildId).autonomous.tools.add_role).toEqual({ roleIds: [roles.helper] });
  });

  test('GIVEN recorded usage THEN /ery budget shows the server today and the invoker this hour', async () => {
    const ery = await startEry('budget-model', { windowMs: 50 });
    llm.script(
      'budget-model',
      {
        reply: {
          toolCalls: [{ name: 'send_message', arguments: { content: 'Not much!' } }],
          usage: { prompt_tokens: 300, completion_tokens: 40 },
        },
      },
      { reply: { content: 'done', usage: { prompt_tokens: 5, completion_tokens: 0 } } },
    );
    playground.postMessage({
      channelId: channels.general,
      authorId: users.alice,
      content: mention('what is up?'),
    });
    await threadEnded(ery, 'done');
    const alice = await runEry(playground, users.alice, ['budget']);
    expect(alice.content).toMatch(/Server, today \(UTC\): 345 tokens used, no limit/);
    expect(alice.content).toMatch(/You, this hour: 345 tokens used, no limit/);
    const bob = await runEry(playground, users.bob, ['budget']);
    expect(bob.content).toMatch(/You, this hour: 0 tokens used, no limit/);
  });
  test('GIVEN a moderator sets the budgets from Discord THEN the caps take them and /ery budget shows them', async () => {
    await startEry('budget-caps-model', { windowMs: 50 });
    const set = await runEry(playground, users.owner, ['config', 'set'], {
      setting: 'budget_server_day',
      value: '50,000',
    });
    expect(set.content).not.toMatch(/whole number/);
    await runEry(playground, users.owner, ['config', 'set'], {
      setting: 'budget_member_hour',
      value: '2000',
    });
    const refused = await runEry(playground, users.owner, ['config', 'set'], {
      setting: 'budget_member_hour',
      value: 'lots',
    });
    expect(refused.content).toMatch(/whole number of tokens/);
    const got = await runEry(playground, users.owner, ['config', 'get'], { setting: 'budget_server_day' });
    expect(got.content).toMatch(/50,000 tokens \(set for this server\)/);
    const report = await runEry(playground, users.alice, ['budget']);
    expect(report.content).toMatch(
      /Server, today \(UTC\): [\d,]+ of 50,000 tokens used, [\d,]+ left; refills <t:\d+:t>/,
    );
    expect(report.content).toMatch(
      /You, this hour: [\d,]+ of 2,000 tokens used, [\d,]+ left; refills <t:\d+:t> \(<t:\d+:R>\)/,
    );
    await runEry(playground, users.owner, ['config', 'reset'], { setting: 'budget_server_day' });
    const back = await runEry(playground, users.owner, ['config', 'get'], { setting: 'budget_server_day' });
    expect(back.content).toMatch(/unlimited \(the default\)/);
  });

  test('GIVEN a persona of the full 2000 characters THEN set and get still answer, the value cut in the reply; junk budgets are refused', async () => {
    const ery = await startEry('long-values-model');
    const persona = 'p'.repeat(2_000);
    const set = await setAsOwner(playground, 'persona', persona);
    expect(set.content.length).toBeLessThanOrEqual(2_000);
    expect(set.content).toContain('(2,000 characters in all)');
    const got = await runEry(playground, users.owner, ['config', 'get'], { setting: 'persona' });
    expect(got.content.length).toBeLessThanOrEqual(2_000);
    expect(ery.core.serverSettings.get(guildId).persona).toBe(persona);
    for (const value of ['', '0x10', '1e9', '50,00', '1,,000']) {
      const refused = await runEry(playground, users.owner, ['config', 'set'], {
        setting: 'budget_server_day',
        value,
      });
      expect(refused.content).toContain('Not changed');
    }
    expect((await setAsOwner(playground, 'budget_server_day', '50,000')).content).toContain('50,000 tokens');
    // Refusals that echo a long value still fit one message (Discord refuses more than 2,000).
    for (const [setting, value] of [
      ['batch_size', 'x'.repeat(1_990)],
      ['x'.repeat(1_990), '1'],
      ['autonomous.add_role', 'r'.repeat(1_990)],
    ] as const) {
      const refused = await runEry(playground, users.owner, ['config', 'set'], { setting, value });
      expect(refused.content.length).toBeLessThanOrEqual(2_000);
      expect(refused.content).toMatch(/^(Not changed|There is no setting)/);
    }
  });
});
