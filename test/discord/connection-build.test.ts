import { afterEach, expect, test } from 'bun:test';
import { createDiscordConnection, type DiscordConnection } from '../../src/discord/connection.ts';
import { silentLogger } from '../../src/logger.ts';
import { type Playground, startPlayground } from '../../src/playground/index.ts';
import { Inbox } from './inbox.ts';

// Building a connection is apart from logging it in (issue 8, item 4), so the core can be built on
// its actions first. These pin what is usable before login and what `ready` is for.
let pg: Playground | undefined;
let discord: DiscordConnection | undefined;

afterEach(async () => {
  await discord?.stop();
  await pg?.stop();
  discord = undefined;
  pg = undefined;
});

test('GIVEN a connection built but not logged in THEN who Ery is is not known yet and stop is safe', async () => {
  const built = createDiscordConnection({
    token: 'x.y.z',
    apiUrl: 'http://127.0.0.1:9/api',
    logger: silentLogger,
    onMessage: () => {},
  });
  expect(() => built.botUserId).toThrow(TypeError);
  expect(() => built.actions.botUserId).toThrow(TypeError);
  await built.stop();
  await built.stop();
  await expect(built.login()).rejects.toThrow(TypeError);
});

test('GIVEN the playground WHEN the connection logs in THEN ready runs logged in, before any message is fed', async () => {
  pg = await startPlayground();
  const inbox = new Inbox();
  const order: string[] = [];
  const built = createDiscordConnection({
    token: pg.botToken,
    apiUrl: pg.apiUrl,
    logger: silentLogger,
    onMessage: (message) => {
      order.push(`message ${message.content}`);
      inbox.push(message);
    },
    loginTimeoutMs: 10_000,
  });
  discord = built;
  await built.login({ ready: () => order.push(`ready as ${built.actions.botUserId}`) });
  expect(built.botUserId).toBe(pg.botUserId);
  pg.postMessage({
    channelId: pg.demo.channels.general,
    authorId: pg.demo.users.alice,
    content: 'hello',
  });
  await inbox.waitFor((message) => message.content === 'hello');
  expect(order).toEqual([`ready as ${pg.botUserId}`, 'message hello']);
  await expect(built.login()).rejects.toThrow(TypeError);
});
