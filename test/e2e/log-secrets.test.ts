/**
 * No log line carries a secret (issue 11 §7): `ery start` as a user runs it, with every secret set
 * and logging at trace, through a run that makes each secret likely to be quoted — logging in to
 * Discord with the token, a model server that echoes the API key in its 401 (as OpenAI's does),
 * ops requests with a wrong, a right and a `?token=` sign-in — then stopped. Its whole output is
 * grepped for each secret as given, JSON-escaped and URL-encoded.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { type Playground, startPlayground } from '../../src/playground/index.ts';
import { type OpenAIServer, startOpenAIServer } from '../support/openai-server.ts';
import { dir, useCliDir } from './cli.fixtures.ts';
import { cliEnv, type EryProcess, freePort, spawnEry } from './support/cli-process.ts';
import { waitUntil } from './support/ery-harness.ts';

useCliDir();
const TOKEN = 'MTAwMDAwMDAwMDAwMDAwOTAw.Gq1xYz.secret-discord-token_0123456789abcdef';
const API_KEY = 'sk-or-v1-secret-api-key-"0123"/fedcba9876543210';
const OPS_TOKEN = 'secret-ops-token-0123456789+/=';
const SECRETS = [TOKEN, API_KEY, OPS_TOKEN];

/** Everything `stream` yields, as text so far, and a promise of its end. */
function readAll(stream: ReadableStream<Uint8Array>): { text: string; done: Promise<void> } {
  const read = { text: '', done: Promise.resolve() };
  const decoder = new TextDecoder();
  read.done = (async () => {
    for await (const chunk of stream) read.text += decoder.decode(chunk, { stream: true });
  })();
  return read;
}

let pg: Playground;
let llm: OpenAIServer;
let child: EryProcess | undefined;

beforeAll(async () => {
  pg = await startPlayground({ port: 0, botToken: TOKEN });
  llm = startOpenAIServer();
  llm.script('*', { error: { status: 401, message: `Incorrect API key provided: ${API_KEY}.` } });
});

afterAll(async () => {
  child?.kill('SIGKILL');
  await llm?.close();
  await pg?.stop();
});

describe('GIVEN Ery with every secret set and logging at trace', () => {
  test('WHEN it logs in, a model call fails quoting the key, ops requests carry tokens and it stops THEN no output line holds a secret', async () => {
    const opsPort = freePort();
    const env = cliEnv({
      LOG_LEVEL: 'trace',
      ERY_DB_PATH: join(dir, 'ery.db'),
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: pg.apiUrl,
      LLM_BASE_URL: llm.baseURL,
      LLM_API_KEY: API_KEY,
      LLM_MODEL: 'secrets',
      ERY_HTTP_PORT: String(opsPort),
      ERY_OPS_TOKEN: OPS_TOKEN,
    });
    child = spawnEry(['start'], { cwd: dir, env });
    const [stdout, stderr] = [readAll(child.stdout), readAll(child.stderr)];
    // Logged in, not only listening: a message posted before Ery's gateway session would not reach it.
    await waitUntil(
      () =>
        (stdout.text.includes('"event":"ops.listening"') &&
          stdout.text.includes('"event":"discord.connected"')) ||
        child?.exitCode !== null,
    );
    const ops = `http://127.0.0.1:${opsPort}`;
    await fetch(`${ops}/api/actors`, { headers: { authorization: `Bearer ${OPS_TOKEN}x` } });
    await fetch(`${ops}/api/actors`, { headers: { authorization: `Bearer ${OPS_TOKEN}` } });
    await fetch(`${ops}/inspector?token=${encodeURIComponent(OPS_TOKEN)}`, { redirect: 'manual' });

    const general = pg.demo.channels.general;
    const answered = pg.waitFor(
      (event) => event.type === 'message.created' && event.message.author.id === pg.botUserId,
      15_000,
    );
    pg.postMessage({
      channelId: general,
      authorId: pg.demo.users.alice,
      content: `<@${pg.botUserId}> hello`,
    });
    const reply = await answered;
    // The notice names the failure for people; it never quotes what the server said about the key.
    const posted = reply.type === 'message.created' ? reply.message.content : '';
    for (const secret of SECRETS) expect(posted).not.toContain(secret);
    expect(llm.calls().length).toBeGreaterThan(0);
    expect(llm.calls()[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);

    child.kill('SIGTERM');
    await Promise.all([child.exited, stdout.done, stderr.done]);
    const output = stdout.text + stderr.text;
    expect(output).toContain('llm.');
    expect(output).toContain('Incorrect API key provided: [redacted]');
    for (const secret of SECRETS) {
      for (const form of [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]) {
        expect(output).not.toContain(form);
      }
    }
  }, 45_000);
});
