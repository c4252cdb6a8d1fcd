/**
 * The per-action REST budget (src/discord/rest-budget.ts) inside discord.js's own queue, against
 * the playground: an action aborted while discord.js waits out a 429 never reaches Discord again,
 * so a side effect cannot land after its thread was told the action stopped.
 */
import { afterEach, describe, expect, test } from 'bun:test';
import { RateLimitError, Routes } from 'discord.js';
import { createDiscordClient, destroyClient } from '../../src/discord/client.ts';
import { RequestNotSentError, withinRestBudget } from '../../src/discord/rest-budget.ts';
import { type Playground, startPlayground } from '../../src/playground/index.ts';
import { thrownBy } from '../support/errors.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function restClient(): Promise<{ pg: Playground; client: ReturnType<typeof createDiscordClient> }> {
  const pg = await startPlayground();
  cleanups.push(() => pg.stop());
  const client = createDiscordClient({ apiUrl: pg.apiUrl });
  client.rest.setToken(pg.botToken);
  cleanups.push(() => destroyClient(client));
  return { pg, client };
}

describe('GIVEN an action under its REST budget', () => {
  test('WHEN it is aborted while discord.js waits out a 429 THEN the request is not sent again and nothing happens', async () => {
    const { pg, client } = await restClient();
    const channelId = pg.demo.channels.random;
    const messageId = pg.postMessage({ channelId, authorId: pg.demo.users.alice, content: 'hi' }).id;
    pg.faults.rateLimit({ route: /\/reactions\//, count: 1, retryAfterMs: 200 });
    const refused = pg.waitFor((event) => event.type === 'http.request' && event.status === 429);
    const controller = new AbortController();
    const reacting = withinRestBudget(controller.signal, () =>
      client.rest.put(Routes.channelMessageOwnReaction(channelId, messageId, encodeURIComponent('✅'))),
    );
    await refused;
    controller.abort();
    const error = await thrownBy(reacting);
    // Refused at its next rate-limit wait, or just before its retry would have been sent.
    expect(error instanceof RateLimitError || error instanceof RequestNotSentError).toBe(true);
    const tries = pg
      .events()
      .filter((event) => event.type === 'http.request' && event.path.includes('/reactions/'));
    expect(tries.map((event) => (event.type === 'http.request' ? event.status : 0))).toEqual([429]);
    expect(pg.events().some((event) => event.type === 'reaction.added')).toBe(false);
  });

  test('WHEN it is not aborted THEN the same 429 is waited out and the request succeeds', async () => {
    const { pg, client } = await restClient();
    const channelId = pg.demo.channels.random;
    const messageId = pg.postMessage({ channelId, authorId: pg.demo.users.alice, content: 'hi' }).id;
    pg.faults.rateLimit({ route: /\/reactions\//, count: 1, retryAfterMs: 50 });
    await withinRestBudget(new AbortController().signal, () =>
      client.rest.put(Routes.channelMessageOwnReaction(channelId, messageId, encodeURIComponent('✅'))),
    );
    expect(pg.events().filter((event) => event.type === 'reaction.added')).toHaveLength(1);
  });
});
