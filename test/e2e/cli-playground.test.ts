/**
 * `ery playground` as a process (issue 7 §1): it prints a DISCORD_API_URL and tokens, and a real
 * discord.js client given exactly those printed values connects, as the bot and as a member.
 */
import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { mkdtempSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Events, type Message } from 'discord.js';
import { DEMO_IDS } from '../../src/playground/index.ts';
import { ERY_INTENTS } from '../playground/helpers.ts';
import { cliEnv, type EryProcess, REPO, spawnEry, stdoutUntil } from './support/cli-process.ts';

setDefaultTimeout(60_000);
const dir = mkdtempSync(join(tmpdir(), 'ery-cli-playground-'));
const clients: Client[] = [];
const children: EryProcess[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.destroy()));
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** The value printed on a `NAME=value` line. */
function printed(out: string, name: string): string {
  const value = new RegExp(`^\\s*${name}=(\\S+)$`, 'm').exec(out)?.[1];
  if (!value) throw new Error(`${name}= was not printed:\n${out}`);
  return value;
}

/** Logs a discord.js client in with `token` against `api` and waits until it is ready. */
async function connect(api: string, token: string): Promise<Client<true>> {
  const client = new Client({ intents: ERY_INTENTS, rest: { api } });
  clients.push(client);
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(token);
  await ready;
  return client as Client<true>;
}

/** Starts `ery <command>` on free ports and returns it with everything it printed up to the ops line. */
async function startEry(command: 'playground' | 'start', name: string) {
  const child = spawnEry([command], {
    cwd: dir,
    env: cliEnv({ ERY_DB_PATH: join(dir, name, 'ery.db'), ERY_HTTP_PORT: '0', ERY_PLAYGROUND_PORT: '0' }),
  });
  children.push(child);
  return { child, out: await stdoutUntil(child, 'Ops:') };
}

describe('ery playground', () => {
  test('GIVEN ery playground THEN a discord.js client connects with the printed DISCORD_API_URL and DISCORD_TOKEN, and a member token posts a mention Ery answers', async () => {
    const { child, out } = await startEry('playground', 'playground');
    const api = printed(out, 'DISCORD_API_URL');
    expect(api).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    expect(out).toContain(`Open ${api.replace(/\/api$/, '')} to chat with it`);

    const bot = await connect(api, printed(out, 'DISCORD_TOKEN'));
    expect(bot.user.id).toBe(DEMO_IDS.users.ery);
    expect(bot.guilds.cache.get(DEMO_IDS.guildId)?.name).toBe('Ery Playground');

    const aliceToken = /^\s*Alice\s+(\S+)$/m.exec(out)?.[1];
    if (!aliceToken) throw new Error(`no token printed for Alice:\n${out}`);
    const alice = await connect(api, aliceToken);
    expect(alice.user.id).toBe(DEMO_IDS.users.alice);
    const general = alice.channels.cache.get(DEMO_IDS.channels.general);
    if (!general?.isSendable()) throw new Error('#general is not sendable for Alice');
    const answered = new Promise<Message>((resolve) =>
      alice.on(Events.MessageCreate, (message) => {
        if (message.author.id === DEMO_IDS.users.ery) resolve(message);
      }),
    );
    const asked = await general.send(`<@${DEMO_IDS.users.ery}> hello`);
    expect((await answered).reference?.messageId).toBe(asked.id);

    // The CLI runs under the pinned bun itself, never under node or a bun found on PATH.
    expect(realpathSync(readlinkSync(`/proc/${child.pid}/exe`))).toBe(
      realpathSync(join(REPO, 'node_modules/.bin/bun')),
    );
    child.kill('SIGTERM');
    expect(await child.exited).toBe(0);
  });

  test('GIVEN ery start with no DISCORD_TOKEN THEN it prints the same connection details as ery playground', async () => {
    const { child, out } = await startEry('start', 'start');
    const api = printed(out, 'DISCORD_API_URL');
    const bot = await connect(api, printed(out, 'DISCORD_TOKEN'));
    expect(bot.user.id).toBe(DEMO_IDS.users.ery);
    child.kill('SIGTERM');
    expect(await child.exited).toBe(0);
  });
});
