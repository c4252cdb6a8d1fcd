import { describe, expect, test } from 'bun:test';
import { BotIdentity, type IdentitySource } from '../../src/app/bot-identity.ts';
import { BotIdentityStore } from '../../src/db/bot-identity-store.ts';
import { DiscordReadiness } from '../../src/discord/readiness.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { useTempDatabases } from '../support/temp-databases.ts';

const databases = useTempDatabases('ery-identity-');
const BOT = '1191168935198720000';

/** A Discord connection as the identity reads it, ready when `readiness` says so. */
function source(readiness: DiscordReadiness): IdentitySource {
  return {
    get ready() {
      return readiness.ready;
    },
    get botUserId() {
      if (!readiness.ready) throw new TypeError('not logged in');
      return BOT;
    },
    whenReady: (signal) => readiness.wait(signal),
  };
}

function identity(path: string, token: string, readiness: DiscordReadiness, store?: BotIdentityStore) {
  const { logger, lines } = captureLogger();
  const stored = store ?? new BotIdentityStore(databases.open(path));
  const made = new BotIdentity({
    store: stored,
    token,
    discord: source(readiness),
    now: () => 1_000,
    logger,
  });
  return Object.assign(made, { lines });
}

describe("Ery's own id before Discord is ready", () => {
  test('GIVEN a token that logged in before THEN the next start knows the id before ready; another token does not', async () => {
    const path = databases.path();
    const first = new DiscordReadiness();
    const before = identity(path, 'token-a', first);
    first.markReady();
    before.remember();

    const again = identity(path, 'token-a', new DiscordReadiness());
    expect(again.id(new AbortController().signal)).toBe(BOT);
    const store = new BotIdentityStore(databases.open(path));
    expect(store.recall('token-b')).toBeNull();
    // Only the token's hash is stored.
    const stored = databases.open(path).$client.query('SELECT * FROM bot_identities').all();
    expect(JSON.stringify(stored)).not.toContain('token-a');
  });

  test('GIVEN no id remembered THEN it is waited for until Discord is ready, and the wait ends when the thread stops', async () => {
    const path = databases.path();
    const readiness = new DiscordReadiness();
    const unknown = identity(path, 'token-c', readiness);
    const stopped = new AbortController();
    const cut = unknown.id(stopped.signal);
    stopped.abort(new Error('thread stopped'));
    await expect(cut).rejects.toThrow('thread stopped');
    const waited = unknown.id(new AbortController().signal);
    readiness.markReady();
    expect(await waited).toBe(BOT);
  });

  test('GIVEN the remembered id cannot be read THEN it is waited for, not a failed thread', async () => {
    const path = databases.path();
    const db = databases.open(path);
    const store = new BotIdentityStore(db);
    db.$client.close();
    const readiness = new DiscordReadiness();
    const unreadable = identity(path, 'token-d', readiness, store);
    const waited = unreadable.id(new AbortController().signal);
    expect(unreadable.lines.map((line) => line.event)).toEqual(['discord.identity.unreadable']);
    readiness.markReady();
    expect(await waited).toBe(BOT);
  });

  test('GIVEN a stored id that is not a Discord id (a damaged row) THEN it is not trusted: waited for from Discord', async () => {
    const path = databases.path();
    const db = databases.open(path);
    const store = new BotIdentityStore(db);
    store.remember('token-e', 'not-an-id', 1);
    const readiness = new DiscordReadiness();
    const damaged = identity(path, 'token-e', readiness, store);
    const waited = damaged.id(new AbortController().signal);
    expect(waited).toBeInstanceOf(Promise);
    expect(damaged.lines.map((line) => line.event)).toEqual(['discord.identity.unreadable']);
    readiness.markReady();
    expect(await waited).toBe(BOT);
  });
});
