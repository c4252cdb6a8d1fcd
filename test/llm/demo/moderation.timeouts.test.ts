import { describe, expect, test } from 'bun:test';
import { IDS } from '../../tools/fixtures/world.ts';
import { demoServer, HUGO, MONA, NOW, SAM } from './moderation.fixtures.ts';

describe('GIVEN the demo model with the real tool pipeline', () => {
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
});
