import { describe, expect, test } from 'bun:test';
import { SimulatedClock } from 'xstate';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { PRUNE_EVERY_MS, Retention } from '../../src/app/retention.ts';
import { createSqliteAuditSink } from '../../src/db/audit-log.ts';
import { BudgetNoticeStore } from '../../src/db/budget-notice-store.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import type { EryDatabase } from '../../src/db/client.ts';
import { openLogReader } from '../../src/db/log-reader.ts';
import { memberJoins } from '../../src/db/schema.ts';
import { createSqliteStepLog } from '../../src/db/step-log.ts';
import { TokenUsageStore } from '../../src/db/token-usage-store.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { replaySteps } from '../../src/replay/replay-log.ts';
import type { AuditRow } from '../../src/tools/audit-sink.ts';
import { controllableAgent, settle } from '../support/agent-stub.ts';
import { auditRow } from '../support/audit-rows.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { chatMessage } from '../support/chat-messages.ts';
import { useTempDatabases } from '../support/temp-databases.ts';

const DAY = 86_400_000;
const settings = { ...DEFAULT_CHANNEL_SETTINGS, batchSize: 1, cooldownMs: 100, idleTimeoutMs: 1_000 };
const { open } = useTempDatabases('ery-retention-');

/** An audit row of an allowed `send_message` at `at` (ms), for the tables retention prunes. */
const auditAt = (threadId: string, channelId: string, at: number): AuditRow =>
  auditRow({ threadId, channelId, callId: 'c', at });

/** A supervisor on a real file under a simulated clock, its agent settled by hand. */
function boot(db: EryDatabase, clock: SimulatedClock) {
  const agent = controllableAgent();
  const supervisor = new Supervisor({
    store: createSqliteSnapshotStore(db),
    agentThread: agent.logic,
    limits: { maxRunning: 10, maxRunningPerGuild: 10 },
    settingsFor: () => settings,
    clock,
  });
  supervisor.start();
  return { agent, supervisor };
}

/** One message answered in `channelId`: its thread runs, logs a step and an audit row, and ends. */
async function conversation(
  db: EryDatabase,
  ery: ReturnType<typeof boot>,
  clock: SimulatedClock,
  channelId: string,
) {
  ery.supervisor.receive(chatMessage({ channelId }));
  await settle();
  const { threadId } = ery.agent.last.input;
  createSqliteStepLog(db, { now: () => clock.now() }).put(`${threadId}:1:model`, threadId, 1, 'model', {});
  createSqliteAuditSink(db).record(auditAt(threadId, channelId, clock.now()));
  ery.agent.last.resolve({ threadId });
  await settle();
  clock.increment(settings.cooldownMs);
  await settle();
  ery.supervisor.flush();
  return threadId;
}

const count = (db: EryDatabase, table: string, where = '1') =>
  (db.$client.query(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get() as { n: number }).n;

describe('retention of event, thread and audit logs', () => {
  test('GIVEN a channel reaped 40 days ago and alive again today WHEN pruning at 30 days THEN only its old life goes, and replay still rebuilds it', async () => {
    const db = open();
    const clock = new SimulatedClock();
    clock.set(100 * DAY);
    const ery = boot(db, clock);
    const old = await conversation(db, ery, clock, '1');
    clock.increment(settings.idleTimeoutMs); // reaped
    await settle();
    clock.increment(40 * DAY);
    const recent = await conversation(db, ery, clock, '1');
    const lastSeq = count(db, 'channel_events', "channel_id = '1'");
    const { logger, lines } = captureLogger();
    const counts = await new Retention(db, 30, clock, logger).prune();

    expect(counts).toMatchObject({ threads: 1, threadSteps: 1, auditLog: 1 });
    expect(counts?.channelEvents).toBeGreaterThan(3);
    expect(count(db, 'threads')).toBe(1);
    expect(count(db, 'threads', `id = '${recent}'`)).toBe(1);
    expect(count(db, 'thread_steps', `thread_id = '${old}'`)).toBe(0);
    expect(count(db, 'thread_steps', `thread_id = '${recent}'`)).toBe(1);
    expect(count(db, 'audit_log', `thread_id = '${recent}'`)).toBe(1);
    // The log now begins with the current actor's start, and its numbering goes on from where it was.
    const first = db.$client
      .query("SELECT type FROM channel_events WHERE channel_id = '1' ORDER BY seq LIMIT 1")
      .get() as { type: string };
    expect(first.type).toBe('xstate.init');
    expect(createSqliteSnapshotStore(db).loggedSeq('1')).toBeGreaterThanOrEqual(lastSeq);
    const steps = [...replaySteps(openLogReader(db.$client, '1', 'test'))];
    expect(steps[0]?.origin).toBe('fresh');
    expect(steps.at(-1)?.after.value).toBe('idle');
    expect(lines.find((line) => line.event === 'retention.pruned')).toMatchObject(counts ?? {});
    ery.supervisor.stop();
  });

  test('GIVEN a thread still running from a month ago THEN its row and steps are kept', async () => {
    const db = open();
    const clock = new SimulatedClock();
    clock.set(100 * DAY);
    const ery = boot(db, clock);
    ery.supervisor.receive(chatMessage({ channelId: '2' }));
    await settle();
    const { threadId } = ery.agent.last.input;
    createSqliteStepLog(db, { now: () => clock.now() }).put(`${threadId}:1:model`, threadId, 1, 'model', {});
    ery.supervisor.flush();
    clock.set(140 * DAY);
    const counts = await new Retention(db, 30, clock, captureLogger().logger).prune();
    expect(counts).toMatchObject({ channelEvents: 0, threads: 0, threadSteps: 0 });
    expect(count(db, 'thread_steps', `thread_id = '${threadId}'`)).toBe(1);
    ery.supervisor.stop();
  });

  test('GIVEN more old rows than a batch THEN they go in several batches, and again each hour on the clock', async () => {
    const db = open();
    const clock = new SimulatedClock();
    clock.set(100 * DAY);
    const audit = createSqliteAuditSink(db);
    const row = (at: number) => auditAt('t', 'c', at);
    for (let i = 0; i < 1_200; i += 1) audit.record(row(50 * DAY));
    audit.record(row(80 * DAY));
    const { logger, lines } = captureLogger();
    const retention = new Retention(db, 30, clock, logger);
    retention.start();
    await until(() => lines.some((line) => line.event === 'retention.pruned'));
    expect(count(db, 'audit_log')).toBe(1);
    expect(lines.at(-1)).toMatchObject({ auditLog: 1_200 });
    // An hour later the row of day 80 is still inside the window; 11 days later it is not.
    clock.set(111 * DAY - PRUNE_EVERY_MS);
    clock.increment(PRUNE_EVERY_MS);
    await until(() => lines.filter((line) => line.event === 'retention.pruned').length === 2);
    expect(count(db, 'audit_log')).toBe(0);
    await retention.stop();
  });

  test('GIVEN token usage, budget notices and member joins from 40 days ago and today WHEN pruning at 30 days THEN the old rows go, members’ shares with them, and today’s spend is unchanged', async () => {
    const db = open();
    const clock = new SimulatedClock();
    clock.set(100 * DAY);
    const usage = new TokenUsageStore(db);
    const notices = new BudgetNoticeStore(db);
    const call = (at: number, step: number) =>
      usage.record({
        threadId: 't',
        step,
        guildId: 'g',
        channelId: 'c',
        model: 'm',
        promptTokens: 10,
        completionTokens: 5,
        at,
        shares: new Map([['alice', 15]]),
      });
    const notice = (windowStart: number) =>
      notices.claim(
        { scope: 'guild', guildId: 'g', memberId: '', windowStart },
        { threadId: 't', channelId: 'c', at: windowStart },
      );
    call(60 * DAY, 1);
    call(100 * DAY - 1_000, 2);
    db.insert(memberJoins)
      .values({ guildId: 'g', userId: 'old', joinedAt: 60 * DAY, seenAt: 60 * DAY })
      .run();
    db.insert(memberJoins)
      .values({ guildId: 'g', userId: 'new', joinedAt: 99 * DAY, seenAt: 99 * DAY })
      .run();
    notice(60 * DAY);
    notice(100 * DAY - DAY / 2);
    const today = { start: 99 * DAY, end: 101 * DAY };
    const before = { guild: usage.guildUsed('g', today), alice: usage.memberUsed('g', 'alice', today) };

    const counts = await new Retention(db, 30, clock, captureLogger().logger).prune();

    expect(counts).toMatchObject({ tokenUsage: 1, budgetNotices: 1, memberJoins: 1 });
    expect(count(db, 'member_joins')).toBe(1);
    expect(count(db, 'token_usage')).toBe(1);
    expect(count(db, 'member_token_charges')).toBe(1);
    expect(count(db, 'budget_notices')).toBe(1);
    expect({ guild: usage.guildUsed('g', today), alice: usage.memberUsed('g', 'alice', today) }).toEqual(
      before,
    );
  });

  test('GIVEN ERY_RETENTION_DAYS=0 THEN nothing is pruned', async () => {
    const db = open();
    const clock = new SimulatedClock();
    const { logger, lines } = captureLogger();
    new Retention(db, 0, clock, logger).start();
    expect(lines.map((line) => line.event)).toEqual(['retention.off']);
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1_000 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 1));
  expect(condition()).toBe(true);
}
