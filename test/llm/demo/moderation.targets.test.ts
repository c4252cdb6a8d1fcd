import { describe, expect, test } from 'bun:test';
import { IDS } from '../../tools/fixtures/world.ts';
import { demoServer, HANA, HUGO, MONA, OLIVIA, SAM, URSULA } from './moderation.fixtures.ts';

describe('GIVEN the demo model with the real tool pipeline', () => {
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
