/**
 * Rate limits over plain HTTP, as @discordjs/rest reads them. The playground runs on a manual clock
 * so windows open and close only when the test says.
 */
import { describe, expect, test } from 'bun:test';
import type { Playground } from '../../src/playground/index.ts';
import { api, usePlayground } from './helpers.ts';

let pg: Playground;
let clock = 1_800_000_000_000;

usePlayground(
  {
    port: 0,
    now: () => clock,
    globalRateLimitPerSecond: 10,
    rateLimitBuckets: [
      {
        name: 'message-create',
        method: 'POST',
        route: '/channels/:channelId/messages',
        limit: 2,
        windowMs: 5000,
      },
      { name: 'default', method: '*', route: '*', limit: 100, windowMs: 1000 },
    ],
  },
  (started) => {
    ({ pg } = started);
  },
);

const post = (channelId: string, content: string) =>
  api(pg, 'POST', `/channels/${channelId}/messages`, { body: { content } });

describe('rate limits', () => {
  test('GIVEN any API response THEN it carries the X-RateLimit headers discord.js reads', async () => {
    clock += 10_000;
    const res = await api(pg, 'GET', '/users/@me');
    expect(res.status).toBe(200);
    expect(res.headers.get('X-RateLimit-Limit')).toBe('100');
    expect(res.headers.get('X-RateLimit-Remaining')).toBe('99');
    expect(res.headers.get('X-RateLimit-Reset-After')).toBe('1.000');
    expect(res.headers.get('X-RateLimit-Bucket')).toMatch(/^[0-9a-f]+$/);
    expect(res.headers.get('X-RateLimit-Scope')).toBe('user');
  });

  test('GIVEN a bucket used up THEN the next request is 429 with Retry-After and creates nothing', async () => {
    clock += 10_000;
    const { general } = pg.demo.channels;
    expect((await post(general, 'one')).headers.get('X-RateLimit-Remaining')).toBe('1');
    expect((await post(general, 'two')).headers.get('X-RateLimit-Remaining')).toBe('0');
    clock += 1500;
    const refused = await post(general, 'three');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Retry-After')).toBe('3.500');
    expect(refused.headers.get('X-RateLimit-Reset-After')).toBe('3.500');
    expect(refused.headers.get('X-RateLimit-Global')).toBeNull();
    expect(refused.body).toMatchObject({
      message: 'You are being rate limited.',
      retry_after: 3.5,
      global: false,
    });
    expect(pg.state.messages(general).map((m) => m.content)).not.toContain('three');
  });

  test('GIVEN one channel limited THEN another channel (another major parameter) is not', async () => {
    clock += 10_000;
    const { general, random } = pg.demo.channels;
    await post(general, 'a');
    await post(general, 'b');
    expect((await post(general, 'c')).status).toBe(429);
    expect((await post(random, 'd')).status).toBe(200);
  });

  test('GIVEN the window has passed THEN the bucket is full again', async () => {
    clock += 10_000;
    const { general } = pg.demo.channels;
    await post(general, 'x');
    await post(general, 'y');
    expect((await post(general, 'z')).status).toBe(429);
    clock += 5000;
    expect((await post(general, 'z')).status).toBe(200);
  });

  test('GIVEN more requests in one second than the global limit THEN 429 with X-RateLimit-Global', async () => {
    clock += 10_000;
    for (let i = 0; i < 10; i++) expect((await api(pg, 'GET', '/users/@me')).status).toBe(200);
    const refused = await api(pg, 'GET', '/users/@me');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('X-RateLimit-Global')).toBe('true');
    expect(refused.headers.get('X-RateLimit-Scope')).toBe('global');
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(refused.body.global).toBe(true);
  });

  test('GIVEN an injected global 429 THEN it has Retry-After and X-RateLimit-Global, then requests pass', async () => {
    clock += 10_000;
    pg.faults.rateLimit({ route: /^\/users\/@me$/, count: 1, retryAfterMs: 250, global: true });
    const refused = await api(pg, 'GET', '/users/@me');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Retry-After')).toBe('0.250');
    expect(refused.headers.get('X-RateLimit-Global')).toBe('true');
    expect((await api(pg, 'GET', '/users/@me')).status).toBe(200);
  });

  test('GIVEN an injected server error THEN the status is as asked and the next request succeeds', async () => {
    clock += 10_000;
    pg.faults.serverError({ route: /^\/users\/@me$/, count: 1, status: 502 });
    expect((await api(pg, 'GET', '/users/@me')).status).toBe(502);
    expect((await api(pg, 'GET', '/users/@me')).status).toBe(200);
  });
});
