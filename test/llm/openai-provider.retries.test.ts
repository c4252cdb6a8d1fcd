/**
 * Retries of one model before the next: Retry-After sent over HTTP is honoured up to 60 s (a longer
 * one moves on at once), and without it the waits double from the base with up to 25 % jitter.
 * Waits are read from the rule and the log, never timed: the base is a few ms.
 */
import { afterEach, describe, expect, spyOn, test } from 'bun:test';
import { retryDelayMs } from '../../src/llm/retry-policy.ts';
import { captureLogger } from '../support/capture-logger.ts';
import type { ScriptStep } from '../support/openai-server.ts';
import { provider, request, server, useOpenAIServer } from './openai-provider.fixtures.ts';

useOpenAIServer();

afterEach(() => {
  (Math.random as unknown as { mockRestore?: () => void }).mockRestore?.();
});

/** An HTTP error as a server sends it, with only the headers given (no `retry-after-ms: 0`). */
const failure = (status: number, headers: Record<string, string> = {}): ScriptStep => ({
  raw: {
    status,
    body: JSON.stringify({ error: { message: `upstream ${status}`, type: 'server_error' } }),
    headers,
  },
});

describe('GIVEN the backoff rule', () => {
  test('THEN without Retry-After the wait doubles from the base, less up to 25 % jitter, and stops growing at 8 s', () => {
    const random = spyOn(Math, 'random');
    random.mockReturnValue(0);
    expect([0, 1, 2, 3].map((retry) => retryDelayMs(retry, 100))).toEqual([100, 200, 400, 800]);
    expect(retryDelayMs(10, 500)).toBe(8_000);
    random.mockReturnValue(0.999_999);
    const [first, second] = [0, 1].map((retry) => retryDelayMs(retry, 100));
    expect(first).toBeCloseTo(75, 3);
    expect(second).toBeCloseTo(150, 3);
    expect(retryDelayMs(10, 500)).toBeCloseTo(6_000, 0);
  });

  test('THEN a Retry-After up to 60 s is the wait, and a longer one is not waited for at all', () => {
    expect(retryDelayMs(3, 100, 60_000)).toBe(60_000);
    expect(retryDelayMs(0, 100, 60_001)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('GIVEN a model that fails over HTTP', () => {
  test('WHEN a 429 names a Retry-After in seconds THEN that wait is used, not the backoff', async () => {
    server.script('primary', failure(429, { 'retry-after': '0.05' }), { reply: { content: 'later' } });
    // A backoff of a minute would not fit in the 5 s budget: only the server's 50 ms lets the retry happen.
    const response = await provider({ retryBaseMs: 60_000 }).complete(request);
    expect(response).toMatchObject({ content: 'later', model: 'primary' });
    expect(server.calls('primary')).toHaveLength(2);
  });

  test('WHEN a 429 asks for more than 60 s THEN the same model is not asked again and the fallback answers', async () => {
    server.script('primary', failure(429, { 'retry-after': '120' }));
    server.script('backup', { reply: { content: 'from backup' } });
    const response = await provider({ maxRetries: 3, timeoutMs: 600_000 }).complete(request);
    expect(response.model).toBe('backup');
    expect(server.calls('primary')).toHaveLength(1);
  });

  test('WHEN 5xx keep coming without Retry-After THEN each wait doubles, jittered, and after the last retry the fallback answers', async () => {
    const { logger, lines } = captureLogger();
    server.script('primary', failure(503), failure(502), failure(500), failure(503));
    server.script('backup', { reply: { content: 'from backup' } });
    const response = await provider({ maxRetries: 3, retryBaseMs: 4, logger }).complete(request);
    expect(response.model).toBe('backup');
    expect(server.calls('primary')).toHaveLength(4);
    const waits = lines.filter((line) => line.event === 'llm.retry').map((line) => line.wait as number);
    expect(waits).toHaveLength(3);
    waits.forEach((wait, retry) => {
      const backoff = 4 * 2 ** retry;
      expect(wait).toBeLessThanOrEqual(backoff);
      expect(wait).toBeGreaterThanOrEqual(backoff * 0.75);
    });
    expect(lines.some((line) => line.event === 'llm.model.failed' && line.model === 'primary')).toBe(true);
  });
});
