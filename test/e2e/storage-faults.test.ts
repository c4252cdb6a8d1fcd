import type { Database } from 'bun:sqlite';
import { beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import type { RunningEry } from '../../src/app/run.ts';
import { DEMO_IDS, type Playground, type PlaygroundEvent } from '../../src/playground/index.ts';
import { sample } from '../app/ops-fixtures.ts';
import { captureLogger } from '../support/capture-logger.ts';
import type { OpenAIServer } from '../support/openai-server.ts';
import { useEryWorld, waitUntil } from './support/ery-harness.ts';

/**
 * A full or read-only disk under a running Ery (issue 11 §3): the real app on a real SQLite file,
 * the fault made by SQLite itself on Ery's own connection. Messages are still batched and
 * answered, `/healthz` says `degraded` with the store and its error, `/metrics` counts the refused
 * writes, and once the disk takes writes again everything kept in memory is written.
 * (`chmod` cannot make a file read-only for root, which runs these tests in CI: `query_only` makes
 * SQLite refuse writes as it does on a read-only file, with SQLITE_READONLY.)
 */
setDefaultTimeout(30_000);

const world = useEryWorld('ery-storage-faults-');
let playground: Playground;
let llm: OpenAIServer;
beforeAll(() => {
  ({ playground, llm } = world);
});

const { users, channels } = DEMO_IDS;
const repliesAfter = (after: number) =>
  playground
    .events()
    .filter(
      (event: PlaygroundEvent) =>
        event.type === 'message.created' && event.actorId === users.ery && event.seq > after,
    );

/** Fills the file to its limit: every page it has is in use, and it may not grow (SQLITE_FULL). */
function fillDisk(sqlite: Database): void {
  sqlite.exec('CREATE TABLE IF NOT EXISTS filler (blob BLOB)');
  const pages = (sqlite.query('PRAGMA page_count').get() as { page_count: number }).page_count;
  sqlite.exec(`PRAGMA max_page_count = ${pages}`);
  const insert = sqlite.prepare('INSERT INTO filler VALUES (zeroblob(3000))');
  for (let i = 0; i < 10_000; i += 1) {
    try {
      insert.run();
    } catch (error) {
      expect((error as { code?: string }).code).toBe('SQLITE_FULL');
      return;
    }
  }
  throw new Error('the database never filled up');
}

const FAULTS = [
  {
    name: 'a full disk (SQLITE_FULL)',
    code: 'database or disk is full',
    fail: fillDisk,
    heal: (sqlite: Database) => {
      sqlite.exec('PRAGMA max_page_count = 1073741823');
      sqlite.exec('DROP TABLE filler');
    },
  },
  {
    name: 'a read-only database (SQLITE_READONLY)',
    code: 'readonly',
    fail: (sqlite: Database) => sqlite.exec('PRAGMA query_only = ON'),
    heal: (sqlite: Database) => sqlite.exec('PRAGMA query_only = OFF'),
  },
];

/**
 * Text longer than a 4 KiB page once stored (1,500 three-byte characters, within Discord's 2,000):
 * every row that holds it needs a new overflow page, so a full file refuses it for certain.
 */
const BULKY = '€'.repeat(1_500);

/** A mention of Ery in `channelId`, too big for any page the file has left. */
function mention(channelId: string, text: string) {
  return playground.postMessage({
    channelId,
    authorId: users.alice,
    content: `<@${users.ery}> ${text} ${BULKY}`,
  });
}

/** The scripted model replies to `messageId` (a bulky reply: its step and audit rows overflow a page), then ends its thread. */
function scriptReply(model: string, messageId: string, text: string) {
  const content = `${text} ${BULKY}`;
  llm.script(
    model,
    { reply: { toolCalls: [{ name: 'reply_to_message', arguments: { message_id: messageId, content } }] } },
    { reply: { content: 'done' } },
  );
}

async function ops(ery: RunningEry, path: string) {
  const response = await fetch(`${ery.ops?.url}${path}`);
  return { status: response.status, text: await response.text() };
}

const count = (ery: RunningEry, sql: string) => (ery.core.db.$client.query(sql).get() as { n: number }).n;

describe.each(FAULTS)('Ery on $name', ({ name, code, fail, heal }) => {
  test(`GIVEN ${name} THEN messages are still answered, /healthz is degraded and /metrics counts the failures; WHEN it heals THEN everything kept is written`, async () => {
    const model = `storage-${code.split(' ')[0]}`;
    const { logger, lines } = captureLogger();
    const ery = await world.startEry({ model, ops: true, logger });
    const sqlite = ery.core.db.$client;
    // A first conversation on a healthy disk.
    const since = playground.events().at(-1)?.seq ?? 0;
    const first = mention(channels.general, 'first');
    scriptReply(model, first.id, 'first answer');
    await waitUntil(() => repliesAfter(since).length === 1);

    fail(sqlite);
    // One at a time: the scripted model answers requests in the order they come.
    const second = mention(channels.general, 'second');
    scriptReply(model, second.id, 'second answer');
    await waitUntil(() => repliesAfter(since).length === 2 && llm.calls(model).length === 4);
    const third = mention(channels.random, 'third');
    scriptReply(model, third.id, 'third answer');
    await waitUntil(() => repliesAfter(since).length === 3);

    await waitUntil(() => ery.core.storage.fault() !== null);
    const health = await ops(ery, '/healthz');
    expect(health.status).toBe(200);
    const body = JSON.parse(health.text);
    expect(body).toMatchObject({ status: 'degraded', storage: 'failing', failing: ['database'] });
    expect(body.storageError.message).toContain(code);
    const metrics = await ops(ery, '/metrics');
    // Each store Ery wrote while the disk refused: channel snapshots, the thread's steps, its
    // audit row, the recent-message buffers.
    for (const store of ['snapshots', 'steps', 'audit', 'history']) {
      expect(sample(metrics.text, 'ery_storage_write_failures_total', { store })).toBeGreaterThan(0);
    }
    expect(ery.core.supervisor.stats().pendingWrites).toBeGreaterThan(0);

    heal(sqlite);
    // The write-behind's backoff is at most 30 s; a message makes it try at once.
    ery.core.supervisor.flush();
    const threads = (channelId: string) =>
      count(ery, `SELECT count(*) AS n FROM threads WHERE channel_id = '${channelId}' AND status = 'done'`);
    // Both threads end (their last model turn comes after the reply) and the write-behind catches up.
    await waitUntil(
      () =>
        ery.core.storage.fault() === null &&
        ery.core.supervisor.stats().pendingWrites === 0 &&
        threads(channels.general) === 2 &&
        threads(channels.random) === 1,
      20_000,
    );
    // Everything that happened while the disk refused writes is in the file now.
    expect(count(ery, "SELECT count(*) AS n FROM audit_log WHERE tool = 'reply_to_message'")).toBe(3);
    const stored = (id: string) =>
      count(
        ery,
        `SELECT count(*) AS n FROM channel_events WHERE event LIKE '%${id}%' AND type = 'message.received'`,
      );
    expect(stored(second.id)).toBe(1);
    expect(stored(third.id)).toBe(1);
    const events = lines.map((line) => line.event);
    // Logged once when writes began failing and once when they came back, not at every retry.
    const times = (name: string) => events.filter((event) => event === name).length;
    expect([times('persist.failed'), times('persist.recovered')]).toEqual([1, 1]);
    expect([times('storage.write_failed'), times('storage.recovered')]).toEqual([3, 3]);
    expect(lines.filter((line) => line.level === 60)).toEqual([]);
  });
});
