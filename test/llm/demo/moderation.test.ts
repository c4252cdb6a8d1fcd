import { describe, expect, test } from 'bun:test';
import { SimulatedClock } from 'xstate';
import { runAgentThread } from '../../../actors/agent-thread/run-thread.ts';
import { createMemoryStepLog } from '../../../actors/agent-thread/step-log.ts';
import { DiscordActionError } from '../../../src/discord/errors.ts';
import type { HistoryMessage } from '../../../src/discord/port.ts';
import { defaultGuildPolicy } from '../../../src/domain/guild-policy.ts';
import { DemoChatModel } from '../../../src/llm/demo-model.ts';
import { silentLogger } from '../../../src/logger.ts';
import { createMemoryAuditSink } from '../../../src/tools/audit-sink.ts';
import { createToolExecutor } from '../../../src/tools/executor.ts';
import { FakeDiscordActions } from '../../support/fake-discord-actions.ts';
import { batchMessage, IDS, WORLD } from '../../tools/fixtures/world.ts';

/**
 * The demo model in the real agent loop with the real tool executor (validation, authorisation,
 * audit) over the in-memory Discord of the tool tests: Moderator mona (6) may moderate; ursula and
 * sam are Regular (1); hugo has Helper (4); hana, Head Mod (8), ranks above Ery (7).
 */
const NOW = 1_700_000_100_000;
const { mod: MONA, member: URSULA, spammer: SAM, helper: HUGO, headMod: HANA, owner: OLIVIA } = IDS;

function demoServer() {
  const discord = new FakeDiscordActions(WORLD);
  const audit = createMemoryAuditSink();
  const clock = new SimulatedClock();
  clock.set(NOW);
  const executor = createToolExecutor({
    actions: discord,
    audit,
    policyFor: () => defaultGuildPolicy,
    now: () => NOW,
  });
  let nextId = 3000;
  const post = (authorId: string, content: string, replyToId: string | null = null): HistoryMessage => {
    const message = { ...batchMessage(String(nextId++), authorId, content), replyToId };
    discord.messages.get(IDS.general)?.push(message);
    return message;
  };

  /** `authorId` writes `content` to Ery; one agent thread runs on it to its end. */
  async function ask(
    authorId: string,
    content: string,
    options: { replyToId?: string; addressed?: boolean } = {},
  ) {
    const posted = post(authorId, content, options.replyToId ?? null);
    const message = {
      ...batchMessage(posted.id, authorId, content, { mentionsBot: options.addressed ?? true }),
    };
    message.replyToId = posted.replyToId;
    const mutationsBefore = discord.mutations.length;
    const auditBefore = audit.rows.length;
    const output = await runAgentThread(
      {
        model: new DemoChatModel(),
        tools: executor,
        history: (input, signal) => discord.fetchMessages(input, signal),
        steps: createMemoryStepLog(),
        logger: silentLogger,
        self: { id: IDS.bot, name: 'Ery' },
        clock,
      },
      { channelId: IDS.general, guildId: IDS.guild, messages: [message], threadId: `t-${message.id}` },
      new AbortController().signal,
    );
    const changes = discord.mutations.slice(mutationsBefore);
    const sent = changes.filter((call) => call.method === 'sendMessage').map((call) => call.input);
    return {
      output,
      replies: sent.filter((input) => input.replyToId === message.id).map((input) => String(input.content)),
      sent: sent.map((input) => String(input.content)),
      moderation: changes.filter((call) => !['sendMessage', 'addReaction'].includes(call.method)),
      audit: audit.rows.slice(auditBefore).map((row) => [row.tool, row.decision, row.outcome]),
    };
  }
  return { discord, audit, ask, post };
}

describe('GIVEN the demo model with the real tool pipeline', () => {
  test('WHEN a member without the permission asks for a ban THEN nobody is banned and the reply gives the reason', async () => {
    const { ask, discord } = demoServer();
    const turn = await ask(URSULA, `<@${IDS.bot}> ban <@${SAM}>`);
    expect(turn.moderation).toEqual([]);
    expect(discord.bans.get(IDS.guild)?.size).toBe(0);
    expect(turn.audit).toContainEqual(['ban_member', 'denied', 'skipped']);
    expect(turn.replies).toHaveLength(1);
    expect(turn.replies[0]).toContain("I can't ban sam: you need the Ban Members permission");
    expect(turn.replies[0]).toContain('Ban Members permission');
    expect(turn.output.stoppedBecause).toBe('no_tool_call');
  });

  test('WHEN a moderator asks for a timeout THEN it lasts that long, is audited, and the reply says so in plain words', async () => {
    const { ask, discord } = demoServer();
    const turn = await ask(MONA, `<@${IDS.bot}> time out <@${SAM}> for 10 minutes, spamming`);
    expect(turn.moderation.map((call) => call.method)).toEqual(['timeout']);
    expect(discord.memberInfo(IDS.guild, SAM).communicationDisabledUntil).toBe(NOW + 600_000);
    expect(turn.audit).toContainEqual(['timeout_member', 'allowed', 'ok']);
    expect(turn.replies[0]).toStartWith('Timed out sam for 10 minutes: spamming.');
  });

  test('WHEN a timeout gives no duration THEN it lasts 10 minutes', async () => {
    const { ask, discord } = demoServer();
    const turn = await ask(MONA, `<@${IDS.bot}> mute <@${SAM}>`);
    expect(discord.memberInfo(IDS.guild, SAM).communicationDisabledUntil).toBe(NOW + 600_000);
    expect(turn.replies[0]).toStartWith('Timed out sam for 10 minutes.');
  });

  test('WHEN a timeout is longer than Discord allows THEN nothing is tried and the reply says 28 days', async () => {
    const { ask } = demoServer();
    const turn = await ask(MONA, `<@${IDS.bot}> timeout <@${SAM}> 30d`);
    expect(turn.moderation).toEqual([]);
    expect(turn.audit.filter(([tool]) => tool === 'timeout_member')).toEqual([]);
    expect(turn.replies[0]).toContain('at most 28 days');
  });

  test('WHEN a timeout is negative, zero, not a number or absurd THEN nothing is tried and the reply quotes it', async () => {
    const cases: Array<[string, string]> = [
      ['time out {sam} for -5m', 'I can\'t read "-5m" as a duration'],
      ['mute {sam} for 1e9 weeks', 'I can\'t read "1e9 weeks" as a duration'],
      ['mute {sam} for ten minutes', 'I can\'t read "ten minutes" as a duration'],
      ['mute {sam} 10', 'I can\'t read "10" as a duration'],
      ['mute {sam} for spam for -1 week', 'I can\'t read "-1 week" as a duration'],
      ['mute {sam} for 0 minutes', 'at least 1 second, not "0 minutes"'],
      ['mute {sam} for 99999999 weeks', 'at most 28 days, not "99999999 weeks"'],
    ];
    for (const [request, said] of cases) {
      const { ask, discord } = demoServer();
      const turn = await ask(MONA, `<@${IDS.bot}> ${request.replace('{sam}', `<@${SAM}>`)}`);
      expect(turn.moderation).toEqual([]);
      expect(turn.audit.filter(([tool]) => tool === 'timeout_member')).toEqual([]);
      expect(discord.memberInfo(IDS.guild, SAM).communicationDisabledUntil).toBeNull();
      expect(turn.replies[0]).toContain(said);
    }
  });

  test('WHEN a role, a ban or a kick is asked for a time THEN nothing is done and the reply says it would be for good', async () => {
    const cases: Array<[string, string]> = [
      ['give {sam} the Helper role for 10 minutes', "I can't give a role for a limited time"],
      ['give the Helper role to {sam} for 1h', "I can't give a role for a limited time"],
      ['take Helper from {hugo} for 2 days', "I can't take a role away for a limited time"],
      ['ban {sam} for 3 days', "I can't ban anyone for a limited time"],
      ['kick {sam} 10m', "I can't kick anyone for a limited time"],
    ];
    for (const [request, said] of cases) {
      const { ask } = demoServer();
      const content = request.replace('{sam}', `<@${SAM}>`).replace('{hugo}', `<@${HUGO}>`);
      const turn = await ask(MONA, `<@${IDS.bot}> ${content}`);
      expect(turn.moderation).toEqual([]);
      expect(turn.replies[0]).toStartWith(said);
      expect(turn.replies[0]).toContain('if you want it for good');
    }
  });

  test('WHEN a ban reason holds a number that is no duration THEN the ban goes ahead with it', async () => {
    const { ask, discord } = demoServer();
    const turn = await ask(MONA, `<@${IDS.bot}> ban <@${SAM}> for 3 scam links`);
    expect(discord.bans.get(IDS.guild)?.has(SAM)).toBe(true);
    expect(turn.replies[0]).toStartWith('Banned sam: 3 scam links.');
  });

  test('WHEN a moderator asks Ery to kick, ban or time out themselves THEN the reply says they cannot, in their words', async () => {
    const cases: Array<[string, string]> = [
      ['kick {me}', "You can't ask me to kick yourself."],
      ['ban {me} for testing', "You can't ask me to ban yourself."],
      ['mute {me} 1h', "You can't ask me to time out yourself."],
    ];
    for (const [request, said] of cases) {
      const { ask } = demoServer();
      const turn = await ask(MONA, `<@${IDS.bot}> ${request.replace('{me}', `<@${MONA}>`)}`);
      expect(turn.moderation).toEqual([]);
      expect(turn.replies[0]).toStartWith(said);
      expect(turn.replies[0]).not.toContain('highest role');
    }
  });

  test('WHEN the member was banned or kicked already, or never joined THEN the reply says the id is not a member any more', async () => {
    const { ask } = demoServer();
    await ask(MONA, `<@${IDS.bot}> ban <@${SAM}>`);
    for (const [userId, request] of [
      [SAM, 'ban'],
      [SAM, 'kick'],
      [IDS.outsider, 'time out'],
    ]) {
      const turn = await ask(MONA, `<@${IDS.bot}> ${request} <@${userId}>`);
      expect(turn.moderation).toEqual([]);
      expect(turn.replies[0]).toStartWith(
        `Nothing to do: ${userId} is not a member of this server (any more), so I can't ${request} them.`,
      );
    }
  });

  test('WHEN a moderator bans with a reason THEN the ban carries it and the reply names the member', async () => {
    const { ask, discord } = demoServer();
    const turn = await ask(MONA, `<@${IDS.bot}> ban <@${SAM}> for posting scam links`);
    expect(discord.bans.get(IDS.guild)?.has(SAM)).toBe(true);
    expect(turn.moderation[0]?.input.reason).toStartWith('posting scam links (asked by mona');
    expect(turn.replies[0]).toStartWith('Banned sam: posting scam links.');
  });

  test('WHEN a moderator gives a role by name, in any case, or by role mention THEN the member gets it', async () => {
    const { ask, discord } = demoServer();
    const byName = await ask(MONA, `<@${IDS.bot}> give <@${SAM}> the helper role`);
    expect(byName.moderation).toEqual([
      {
        method: 'addRole',
        input: expect.objectContaining({ userId: SAM, roleId: IDS.roles.helper }),
      },
    ]);
    expect(byName.replies[0]).toStartWith('Gave sam the Helper role.');
    const byMention = await ask(MONA, `<@${IDS.bot}> add <@&${IDS.roles.helper}> to <@${URSULA}>`);
    expect(byMention.replies[0]).toStartWith('Gave ursula the Helper role.');
    expect(discord.memberInfo(IDS.guild, URSULA).roles.map((role) => role.name)).toContain('Helper');
  });

  test('WHEN a moderator takes a role away THEN the member loses it', async () => {
    const { ask, discord } = demoServer();
    const turn = await ask(MONA, `<@${IDS.bot}> take Helper from <@${HUGO}>`);
    expect(discord.memberInfo(IDS.guild, HUGO).roles.map((role) => role.name)).not.toContain('Helper');
    expect(turn.replies[0]).toStartWith('Took the Helper role from hugo.');
  });

  test('WHEN the member lacks the role to take, or has the role to give THEN no call is made and the reply says so', async () => {
    const { ask } = demoServer();
    const take = await ask(MONA, `<@${IDS.bot}> take Helper from <@${SAM}>`);
    expect(take.moderation).toEqual([]);
    expect(take.replies[0]).toStartWith('Nothing to do: sam does not have the Helper role.');
    const give = await ask(MONA, `<@${IDS.bot}> give <@${HUGO}> the Helper role`);
    expect(give.moderation).toEqual([]);
    expect(give.replies[0]).toStartWith('Nothing to do: hugo already has the Helper role.');
  });

  test('WHEN the role does not exist THEN no role call is made and the reply lists the roles there are', async () => {
    const { ask } = demoServer();
    const turn = await ask(MONA, `<@${IDS.bot}> give <@${SAM}> the Wizard role`);
    expect(turn.moderation).toEqual([]);
    expect(turn.audit.map(([tool]) => tool)).not.toContain('add_role');
    expect(turn.replies[0]).toContain('no role named "Wizard"');
    expect(turn.replies[0]).toContain('Helper');
    expect(turn.replies[0]).not.toContain('@everyone');
  });

  test('WHEN one message names several members THEN each is acted on and the reply has a line for each', async () => {
    const { ask } = demoServer();
    const turn = await ask(MONA, `<@${IDS.bot}> kick <@${SAM}> and <@${URSULA}> for raiding`);
    expect(turn.moderation.map((call) => [call.method, call.input.userId])).toEqual([
      ['kick', SAM],
      ['kick', URSULA],
    ]);
    expect(turn.replies[0]).toStartWith('Kicked sam: raiding.\nKicked ursula: raiding.');
  });

  test('WHEN one message names more than five members THEN nobody is acted on and the reply says why', async () => {
    const { ask } = demoServer();
    const six = [SAM, URSULA, HUGO, IDS.vip, IDS.channelManager, IDS.otherBot];
    const turn = await ask(MONA, `<@${IDS.bot}> ban ${six.map((id) => `<@${id}>`).join(' ')}`);
    expect(turn.moderation).toEqual([]);
    expect(turn.replies[0]).toContain('at most 5');
  });

  test('WHEN some of the members may be acted on and one may not THEN each line tells its own outcome', async () => {
    const { ask, discord } = demoServer();
    const turn = await ask(OLIVIA, `<@${IDS.bot}> ban <@${SAM}> <@${HANA}>`);
    expect(discord.bans.get(IDS.guild)).toEqual(new Set([SAM]));
    const [sam, hana] = (turn.replies[0] ?? '').split('\n');
    expect(sam).toBe('Banned sam (no reason given).');
    expect(hana).toStartWith("I can't ban hana: ");
    expect(hana).toContain("not below Ery's");
  });

  test('WHEN Discord refuses the action THEN the reply says it failed and why', async () => {
    const { ask, discord } = demoServer();
    discord.failNext(
      'kick',
      new DiscordActionError('MISSING_PERMISSIONS', 'Missing Permissions', { discordCode: 50013 }),
    );
    const turn = await ask(MONA, `<@${IDS.bot}> kick <@${SAM}>`);
    expect(turn.audit).toContainEqual(['kick_member', 'allowed', 'error']);
    expect(turn.replies[0]).toStartWith(
      'I tried to kick sam, but it failed: Discord refused: my role is below',
    );
    // The executor's advice to a model ("Do not retry…") is not shown to a person.
    expect(turn.replies[0]).not.toContain('Do not retry');
  });

  test('WHEN a moderator replies to a member\'s message with "ban them" THEN that member is banned', async () => {
    const { ask, post, discord } = demoServer();
    const spam = post(SAM, 'FREE NITRO at evil.example');
    const turn = await ask(MONA, `<@${IDS.bot}> ban them for spam`, { replyToId: spam.id });
    expect(discord.bans.get(IDS.guild)?.has(SAM)).toBe(true);
    expect(turn.replies[0]).toStartWith('Banned sam: spam.');
  });

  test('WHEN "ban them" replies to one of Ery\'s own messages THEN Ery is not the target and the reply asks who', async () => {
    const { ask, post } = demoServer();
    const own = post(IDS.bot, 'Hi! I am Ery.');
    const turn = await ask(MONA, 'ban them', { replyToId: own.id });
    expect(turn.audit.map(([tool]) => tool)).toEqual(['add_reaction', 'reply_to_message']);
    expect(turn.replies[0]).toContain('mention them');
  });

  test('WHEN a request has no target THEN no moderation tool is called and the reply asks who', async () => {
    const { ask } = demoServer();
    for (const text of [`<@${IDS.bot}> ban`, `<@${IDS.bot}> kick Bob`, `<@${IDS.bot}> mute for 10 minutes`]) {
      const turn = await ask(MONA, text);
      expect(turn.audit.map(([tool]) => tool)).toEqual(['add_reaction', 'reply_to_message']);
      expect(turn.replies[0]).toContain('mention them');
    }
  });

  test('WHEN a request is not addressed to Ery, or only talks about moderation THEN nothing is acted on', async () => {
    const { ask } = demoServer();
    const unaddressed = await ask(MONA, `ban <@${SAM}>`, { addressed: false });
    const talk = await ask(MONA, `<@${IDS.bot}> I'd never ban <@${SAM}>`);
    const negated = await ask(MONA, `<@${IDS.bot}> don't kick <@${SAM}>`);
    for (const turn of [unaddressed, talk, negated]) {
      expect(turn.moderation).toEqual([]);
      expect(turn.audit.map(([tool]) => tool)).not.toContain('get_member_info');
      expect(turn.sent.some((text) => text.includes('I read 1 new message'))).toBe(true);
    }
  });

  test('THEN every message the demo model writes says it is not an AI', async () => {
    const { ask } = demoServer();
    const texts = [
      `<@${IDS.bot}> hi`,
      `<@${IDS.bot}> help`,
      `<@${IDS.bot}> what's up`,
      `<@${IDS.bot}> ban <@${SAM}>`,
      `<@${IDS.bot}> give <@${SAM}> the Wizard role`,
      `<@${IDS.bot}> ban`,
    ];
    for (const text of texts) {
      const turn = await ask(URSULA, text);
      expect(turn.sent.length).toBeGreaterThan(0);
      for (const sent of turn.sent) expect(sent).toContain('not an AI');
    }
  });
});
