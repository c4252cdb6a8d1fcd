import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Client } from 'discord.js';
import { createDiscordClient, destroyClient } from '../../src/discord/client.ts';
import { whoAmI } from '../../src/discord/who-am-i.ts';
import { type Playground, startPlayground } from '../../src/playground/index.ts';

/** The token check start-up makes before busy channels resume (GET /users/@me), against the playground. */
let playground: Playground;
const clients: Client[] = [];
beforeAll(async () => {
  playground = await startPlayground();
});
afterAll(async () => {
  for (const client of clients) await destroyClient(client);
  await playground.stop();
});

const client = () => {
  const made = createDiscordClient({ apiUrl: playground.apiUrl });
  clients.push(made);
  return made;
};

describe('whoAmI: the token check before login', () => {
  test('GIVEN the bot token THEN it names the bot user', async () => {
    expect(await whoAmI(client(), playground.botToken)).toBe(playground.botUserId);
  });

  test('GIVEN a token Discord refuses THEN DISCORD_TOKEN_INVALID, saying to check DISCORD_TOKEN', async () => {
    const refused = whoAmI(client(), 'not.a.token');
    await expect(refused).rejects.toMatchObject({ code: 'DISCORD_TOKEN_INVALID' });
    await expect(refused).rejects.toThrow('check DISCORD_TOKEN');
  });

  test('GIVEN Discord answers 429 with a long retry_after WHEN start-up is stopped THEN the check ends with the stop, not after the wait', async () => {
    playground.faults.rateLimit({ route: /\/users\/@me$/, count: 1, retryAfterMs: 30_000 });
    const stop = new AbortController();
    const checking = whoAmI(client(), playground.botToken, stop.signal);
    await Bun.sleep(200);
    stop.abort(new Error('Ctrl-C'));
    await expect(checking).rejects.toThrow('Ctrl-C');
  });
});
