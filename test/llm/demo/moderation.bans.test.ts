import { describe, expect, test } from 'bun:test';
import { DiscordActionError } from '../../../src/discord/errors.ts';
import { IDS } from '../../tools/fixtures/world.ts';
import { demoServer, MONA, SAM, URSULA } from './moderation.fixtures.ts';

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
});
