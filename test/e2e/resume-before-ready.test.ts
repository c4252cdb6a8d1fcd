import { Database } from 'bun:sqlite';
import { beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { join } from 'node:path';
import { type RunningEry, runEry } from '../../src/app/run.ts';
import { loadEnv } from '../../src/domain/config.ts';
import { silentLogger } from '../../src/logger.ts';
import {
  DEMO_IDS,
  type Playground,
  type PlaygroundEvent,
  startPlayground,
} from '../../src/playground/index.ts';
import type { OpenAIServer, RecordedRequest } from '../support/openai-server.ts';
import { useEryWorld, waitUntil } from './support/ery-harness.ts';

/**
 * Issue 10, restart: busy channels resume before Discord is ready. The real discord.js client logs
 * in to the playground while its gateway holds the connection (no HELLO, so no READY): the resumed
 * thread's model request must arrive meanwhile, and everything that needs Discord (authorising and
 * running its tool calls, sending) must wait for the gateway, and still be audited.
 */
setDefaultTimeout(40_000);

const world = useEryWorld('ery-resume-');
const { startEry, running } = world;
let playground: Playground;
let llm: OpenAIServer;
beforeAll(() => {
  ({ playground, llm } = world);
});

const { users, channels } = DEMO_IDS;
const lastSeq = () => playground.events().at(-1)?.seq ?? 0;
const byEry = (type: PlaygroundEvent['type'], after: number) => (event: PlaygroundEvent) =>
  event.type === type && event.actorId === users.ery && event.seq > after;

/** Rows of Ery's database file, read beside the Ery that has it open (WAL lets a reader in). */
function rows<T>(db: string, sql: string, ...params: string[]): T[] {
  const reader = new Database(db, { readonly: true });
  try {
    return reader.query(sql).all(...params) as T[];
  } finally {
    reader.close();
  }
}

/** The one number a `SELECT count(*) AS n …` answers. */
const count = (db: string, sql: string) => rows<{ n: number }>(db, sql)[0]?.n ?? 0;
const modelSteps = (db: string) => count(db, "SELECT count(*) AS n FROM thread_steps WHERE kind = 'model'");

/** The resumed thread's script: one `send_message` (call `callId`), then a reply that ends it. */
function scriptSend(model: string, callId: string, content: string): void {
  llm.script(
    model,
    { reply: { toolCalls: [{ id: callId, name: 'send_message', arguments: { content } }] } },
    { reply: { content: 'finished' } },
  );
}

interface AuditRow {
  decision: string;
  outcome: string;
  reason: string | null;
  at: number;
}
const auditOf = (db: string, callId: string) =>
  rows<AuditRow>(db, 'SELECT decision, outcome, reason, at FROM audit_log WHERE call_id = ?', callId);

/** The transcript lines (JSON) of a model request's user turns. */
function transcriptLines(request: RecordedRequest): Array<Record<string, unknown>> {
  return request.body.messages
    .filter((turn) => turn.role === 'user' && typeof turn.content === 'string')
    .flatMap((turn) => String(turn.content).split('\n'))
    .flatMap((line) => {
      try {
        const parsed: unknown = JSON.parse(line);
        return parsed && typeof parsed === 'object' ? [parsed as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
}

/**
 * Leaves `db` as an Ery stopped mid-thread leaves it: a first thread answered Alice in #general
 * (so the channel holds a message of Ery's own), then `asker` asked `text` and Ery stopped while
 * the model was thinking about it. Returns the question.
 */
async function stoppedMidThread(db: string, model: string, asker: string, text: string) {
  const first = await startEry({ db, model });
  const since = lastSeq();
  llm.script(
    model,
    { reply: { toolCalls: [{ id: 'first', name: 'send_message', arguments: { content: 'hello Alice' } }] } },
    { reply: { content: 'done' } },
    // The next thread's first model call hangs: Ery stops while it waits.
    { delayMs: 60_000 },
  );
  playground.postMessage({
    channelId: channels.general,
    authorId: users.alice,
    content: `<@${users.ery}> hi`,
  });
  await playground.waitFor(byEry('message.created', since), 10_000);
  const question = playground.postMessage({
    channelId: channels.general,
    authorId: asker,
    content: `<@${users.ery}> ${text}`,
  });
  await waitUntil(() => llm.calls(model).length >= 3);
  await first.stop();
  running.splice(running.indexOf(first), 1);
  return question;
}

/** Starts Ery on `db` while the gateway is held; resolves once the resumed thread asked the model. */
async function startHeld(db: string, model: string, calls: number, signal?: AbortSignal) {
  const release = playground.faults.holdConnections();
  const heldFrom = lastSeq();
  const starting = startEry({ db, model, ...(signal ? { signal } : {}) });
  // Settled here too, so a start that fails is not an unhandled rejection before a test awaits it.
  starting.catch(() => {});
  await waitUntil(() => llm.calls(model).length >= calls);
  // No session was identified: Ery was not ready when its resumed thread asked the model.
  expect(
    playground.events().some((event) => event.type === 'gateway.identified' && event.seq > heldFrom),
  ).toBe(false);
  return { release, starting, request: llm.calls(model)[calls - 1] as RecordedRequest };
}

/** Waits until `done` threads in `db` are done (`ery` flushes its write-behind first). */
async function threadsDone(ery: RunningEry, db: string, done: number): Promise<void> {
  await waitUntil(() => {
    ery.core.supervisor.flush();
    return count(db, "SELECT count(*) AS n FROM threads WHERE status = 'done'") >= done;
  });
}

describe('GIVEN a thread running when Ery stopped WHEN Ery starts again before the gateway is ready', () => {
  test('THEN the thread asks the model before READY, and its tool call is authorised, run and audited once Discord is ready', async () => {
    const db = join(world.dir, 'resume-send.db');
    const model = 'resume-send';
    const question = await stoppedMidThread(db, model, users.alice, 'what did you say?');
    scriptSend(model, 'again', `again for ${question.id}`);
    const { release, starting, request } = await startHeld(db, model, 4);
    // Ery's own id came from its last login: its earlier message is marked as its own.
    const lines = transcriptLines(request);
    expect(lines.find((line) => line.content === 'hello Alice')).toMatchObject({ from_you: true });
    expect(lines.some((line) => line.id === question.id)).toBe(true);
    // The model's reply is recorded; its tool call now waits for Discord.
    await waitUntil(() => modelSteps(db) >= 3);
    const releasedAt = Date.now();
    const identifiedFrom = lastSeq();
    release();
    const ery = await starting;
    await threadsDone(ery, db, 2);

    const identified = playground
      .events()
      .find((event) => event.type === 'gateway.identified' && event.seq > identifiedFrom);
    const sent = playground
      .events()
      .filter(byEry('message.created', identifiedFrom))
      .filter((event) => event.type === 'message.created' && event.message.content.includes(question.id));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.seq).toBeGreaterThan(identified?.seq ?? Number.POSITIVE_INFINITY);
    const audit = auditOf(db, 'again');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ decision: 'allowed', outcome: 'ok' });
    expect(audit[0]?.at).toBeGreaterThanOrEqual(releasedAt);
    // 2 calls for the first thread, 1 cut off by the stop, the resumed step, the last step: no repeat.
    expect(llm.calls(model)).toHaveLength(5);
  });

  test("THEN a moderation call in the resumed thread is checked against the asker's permissions once Discord is ready, and refused and audited", async () => {
    const db = join(world.dir, 'resume-deny.db');
    const model = 'resume-deny';
    const question = await stoppedMidThread(db, model, users.alice, 'time out Bob for an hour');
    llm.script(
      model,
      {
        reply: {
          toolCalls: [
            {
              id: 'mute',
              name: 'timeout_member',
              arguments: {
                user_id: users.bob,
                duration_seconds: 3600,
                reason: 'asked by Alice',
                requested_by_message_id: question.id,
              },
            },
          ],
        },
      },
      {
        reply: {
          toolCalls: [
            {
              id: 'tell',
              name: 'reply_to_message',
              arguments: { message_id: question.id, content: 'I cannot' },
            },
          ],
        },
      },
      { reply: { content: 'finished' } },
    );
    const { release, starting } = await startHeld(db, model, 4);
    await waitUntil(() => modelSteps(db) >= 3);
    const since = lastSeq();
    release();
    const ery = await starting;
    await threadsDone(ery, db, 2);

    const audit = auditOf(db, 'mute');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ decision: 'denied', outcome: 'skipped' });
    // Refused for Alice's permissions, read from Discord's member data once it was there.
    expect(audit[0]?.reason).toContain('may not request timeout_member');
    expect(
      playground.events().filter((event) => event.seq > since && event.type === 'member.updated'),
    ).toEqual([]);
  });

  test('WHEN the start is given up before Discord is ready THEN the thread stays running, and the next start neither asks the model again for the recorded step nor sends twice', async () => {
    const db = join(world.dir, 'resume-abort.db');
    const model = 'resume-abort';
    const question = await stoppedMidThread(db, model, users.alice, 'say it once');
    scriptSend(model, 'once', `once for ${question.id}`);
    const abort = new AbortController();
    const { release, starting } = await startHeld(db, model, 4, abort.signal);
    await waitUntil(() => modelSteps(db) >= 3);
    abort.abort(new Error('given up'));
    // Let through at once, so the given-up client's socket closes without waiting out its timeout.
    release();
    await expect(starting).rejects.toThrow('given up');
    expect(
      rows<{ status: string }>(db, 'SELECT status FROM channels WHERE channel_id = ?', channels.general),
    ).toEqual([{ status: 'running' }]);
    expect(
      playground
        .events()
        .filter((event) => event.type === 'message.created' && event.message.content.includes(question.id)),
    ).toEqual([]);

    const ery = await startEry({ db, model });
    await threadsDone(ery, db, 2);
    const sent = playground
      .events()
      .filter(
        (event) =>
          event.type === 'message.created' && event.message.content.includes(`once for ${question.id}`),
      );
    expect(sent).toHaveLength(1);
    expect(auditOf(db, 'once').filter((row) => row.decision === 'allowed')).toHaveLength(1);
    // The step recorded before the start was given up is replayed, not asked again.
    expect(llm.calls(model)).toHaveLength(5);
  });

  test('WHEN the database remembers no id for this token (written before it did) THEN the resumed thread still marks Ery’s own messages', async () => {
    const db = join(world.dir, 'resume-unknown.db');
    const model = 'resume-unknown';
    const question = await stoppedMidThread(db, model, users.alice, 'and now?');
    const writer = new Database(db);
    writer.run('DELETE FROM bot_identities');
    writer.close();
    scriptSend(model, 'late', `late for ${question.id}`);
    // The channel is restored (its actor logs its events) before the gateway is let through.
    const logged = () => count(db, 'SELECT count(*) AS n FROM channel_events');
    const before = logged();
    const release = playground.faults.holdConnections();
    const starting = startEry({ db, model });
    starting.catch(() => {});
    await waitUntil(() => logged() > before);
    release();
    const ery = await starting;
    await threadsDone(ery, db, 2);
    const lines = transcriptLines(llm.calls(model)[3] as RecordedRequest);
    expect(lines.find((line) => line.content === 'hello Alice')).toMatchObject({ from_you: true });
  });

  test('WHEN Discord now refuses the token THEN the start fails with DISCORD_TOKEN_INVALID before any model request, and the thread stays running', async () => {
    const db = join(world.dir, 'resume-revoked.db');
    const model = 'resume-revoked';
    await stoppedMidThread(db, model, users.alice, 'still there?');
    const calls = llm.calls(model).length;
    // The same token, revoked: a Discord that knows another bot token.
    const other = await startPlayground({ botToken: 'another.token.entirely' });
    try {
      const env = loadEnv({
        ERY_DB_PATH: db,
        LLM_BASE_URL: llm.baseURL,
        LLM_API_KEY: 'test',
        LLM_MODEL: model,
      });
      const target = { apiUrl: other.apiUrl, token: playground.botToken };
      for (let start = 0; start < 2; start += 1) {
        const failed = await runEry({ env, logger: silentLogger, ops: false, target }).then(
          () => null,
          (error: unknown) => error,
        );
        expect(failed).toMatchObject({ code: 'DISCORD_TOKEN_INVALID' });
      }
      await Bun.sleep(100);
      expect(llm.calls(model)).toHaveLength(calls);
      expect(
        rows<{ status: string }>(db, 'SELECT status FROM channels WHERE channel_id = ?', channels.general),
      ).toEqual([{ status: 'running' }]);
    } finally {
      await other.stop();
    }
  });
});
