import { describe, expect, test } from 'bun:test';
import { resumeThenLogIn, type StartingParts } from '../../src/app/resume-then-log-in.ts';
import { DiscordConnectError } from '../../src/discord/errors.ts';
import { captureLogger } from '../support/capture-logger.ts';

/** Start-up parts that record the order things happen in; `whoAmI` answers as given. */
function parts(whoAmI: () => Promise<string>) {
  const order: string[] = [];
  const { logger, lines } = captureLogger();
  const starting: StartingParts = {
    core: {
      resume: () => {
        order.push('resume');
        return 0;
      },
    },
    discord: {
      whoAmI: async () => {
        order.push('whoAmI');
        return whoAmI();
      },
      login: async ({ ready }) => {
        order.push('login');
        ready();
      },
    },
    identity: {
      confirm: (id) => order.push(`confirm ${id}`),
      remember: () => order.push('remember'),
    },
    logger,
    giveUp: async () => {
      order.push('giveUp');
    },
  };
  return { starting, order, lines };
}

describe('start-up: the token is proven before busy channels resume', () => {
  test('GIVEN Discord names the token user THEN the busy channels resume before the login, knowing the id', async () => {
    const { starting, order } = parts(async () => '1191168935198720000');
    await resumeThenLogIn(starting);
    expect(order).toEqual(['whoAmI', 'confirm 1191168935198720000', 'resume', 'login', 'remember']);
  });

  test('GIVEN Discord refuses the token THEN nothing resumes and the start is given up with the refusal', async () => {
    const refused = new DiscordConnectError('DISCORD_TOKEN_INVALID', 'Discord rejected the token (401)');
    const { starting, order } = parts(async () => {
      throw refused;
    });
    await expect(resumeThenLogIn(starting)).rejects.toBe(refused);
    expect(order).toEqual(['whoAmI', 'giveUp']);
  });

  test('GIVEN Discord cannot be asked (network) THEN the busy channels resume once logged in, and that is logged', async () => {
    const { starting, order, lines } = parts(async () => {
      throw new TypeError('fetch failed');
    });
    await resumeThenLogIn(starting);
    expect(order).toEqual(['whoAmI', 'login', 'remember', 'resume']);
    expect(lines.map((line) => line.event)).toContain('discord.token.unchecked');
  });
});
