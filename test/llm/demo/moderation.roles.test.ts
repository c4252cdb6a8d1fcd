import { describe, expect, test } from 'bun:test';
import { IDS } from '../../tools/fixtures/world.ts';
import { demoServer, HUGO, MONA, SAM, URSULA } from './moderation.fixtures.ts';

describe('GIVEN the demo model with the real tool pipeline', () => {
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
});
