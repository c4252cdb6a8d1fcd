/** The real discord.js REST client against the playground's buckets: it should wait, not hit 429s. */
import { expect, test } from 'bun:test';
import type { Client } from 'discord.js';
import type { Playground } from '../../src/playground/index.ts';
import { usePlayground } from './helpers.ts';

let pg: Playground;
let client: Client<true>;

usePlayground(
  {
    port: 0,
    rateLimitBuckets: [
      {
        name: 'message-create',
        method: 'POST',
        route: '/channels/:channelId/messages',
        limit: 1,
        windowMs: 150,
      },
      { name: 'default', method: '*', route: '*', limit: 100, windowMs: 1000 },
    ],
  },
  async (started) => {
    ({ pg } = started);
    client = await started.login();
  },
);

test('GIVEN a bucket of one message THEN discord.js reads Remaining 0, waits itself, and never gets a 429', async () => {
  const channel = client.channels.cache.get(pg.demo.channels.general);
  if (!channel?.isSendable()) throw new Error('general is not sendable');
  const sent = await Promise.all(['a', 'b', 'c'].map((content) => channel.send(content)));
  expect(sent.map((m) => pg.state.message(m.id)?.content)).toEqual(['a', 'b', 'c']);
  const posts = pg.events().filter((e) => e.type === 'http.request' && e.method === 'POST');
  expect(posts.map((e) => e.type === 'http.request' && e.status)).toEqual([200, 200, 200]);
});
