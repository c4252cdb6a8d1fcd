import { describe, expect, test } from 'bun:test';
import { meteredAuditSink, meteredChatModel } from '../../src/app/ops-meters.ts';
import { OpsMetrics } from '../../src/app/ops-metrics.ts';
import { WatchedStore } from '../../src/app/watched-store.ts';
import { createSqliteAuditSink, listAudit } from '../../src/db/audit-log.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { loadEnv } from '../../src/domain/config.ts';
import { createChatModel } from '../../src/llm/select-model.ts';
import { silentLogger } from '../../src/logger.ts';
import { settle } from '../support/agent-stub.ts';
import { auditRow } from '../support/audit-rows.ts';
import { chatMessage } from '../support/chat-messages.ts';
import { server, useOpenAIServer } from '../support/use-openai-server.ts';
import { bootOps, OPS_SETTINGS, sample } from './ops-fixtures.ts';

useOpenAIServer();

const scrape = async (metrics: OpsMetrics) => (await metrics.expose()).text;

describe('ops metrics decorators', () => {
  test('GIVEN the openai provider wrapped WHEN it answers twice and fails once THEN latency is observed per outcome and the reported tokens are counted', async () => {
    const metrics = new OpsMetrics();
    const env = loadEnv({ LLM_BASE_URL: server.baseURL, LLM_API_KEY: 'test', LLM_MODEL: 'm' });
    const model = meteredChatModel(createChatModel(env, silentLogger, { maxRetries: 0 }), metrics);
    server.script(
      'm',
      { reply: { content: 'a', usage: { prompt_tokens: 7, completion_tokens: 3 } } },
      { reply: { content: 'b', usage: { prompt_tokens: 11, completion_tokens: 4 } } },
      { error: { status: 400, message: 'bad request' } },
    );
    const request = { messages: [{ role: 'user' as const, content: 'hi' }], tools: [] };
    await model.complete(request);
    await model.complete(request);
    await expect((async () => await model.complete(request))()).rejects.toThrow();
    const text = await scrape(metrics);
    expect(sample(text, 'ery_model_request_duration_seconds_count', { outcome: 'ok' })).toBe(2);
    expect(sample(text, 'ery_model_request_duration_seconds_count', { outcome: 'error' })).toBe(1);
    expect(sample(text, 'ery_model_tokens_total', { kind: 'prompt' })).toBe(18);
    expect(sample(text, 'ery_model_tokens_total', { kind: 'completion' })).toBe(7);
    expect(model.label).toContain('m');
  });

  test('GIVEN the SQLite audit sink wrapped THEN each stored row counts once by tool and decision', async () => {
    const { db, metrics } = bootOps();
    const sink = meteredAuditSink(createSqliteAuditSink(db), metrics);
    const row = (tool: string, decision: 'allowed' | 'denied' | 'invalid') =>
      auditRow({ guildId: '1', channelId: '2', callId: `c-${Math.random()}`, tool, decision });
    sink.record(row('send_message', 'allowed'));
    sink.record(row('send_message', 'allowed'));
    sink.record(row('ban_member', 'denied'));
    const text = await scrape(metrics);
    expect(listAudit(db, { limit: 10 })).toHaveLength(3);
    expect(sample(text, 'ery_tool_calls_total', { tool: 'send_message', decision: 'allowed' })).toBe(2);
    expect(sample(text, 'ery_tool_calls_total', { tool: 'ban_member', decision: 'denied' })).toBe(1);
  });

  test('GIVEN the model inventing tool names or odd text THEN they count as "unknown", never as a series of their own', async () => {
    const metrics = new OpsMetrics();
    for (let i = 0; i < 5; i += 1) metrics.countToolCall(`made_up_${i}`, 'invalid');
    metrics.countToolCall(`inv_\u001b]0;PWNED\u0007${'z'.repeat(2_000)}`, 'invalid');
    metrics.countToolCall('send_message', 'sideways');
    metrics.countToolCall('send_message', 'allowed');
    metrics.count429(`/channels/${'9'.repeat(500)}/messages`, 'user');
    const text = await scrape(metrics);
    expect(sample(text, 'ery_tool_calls_total', { tool: 'unknown', decision: 'invalid' })).toBe(6);
    expect(sample(text, 'ery_tool_calls_total', { tool: 'send_message', decision: 'unknown' })).toBe(1);
    expect(sample(text, 'ery_tool_calls_total', { tool: 'send_message', decision: 'allowed' })).toBe(1);
    expect(text).not.toContain('made_up');
    expect(text).not.toContain('PWNED');
    expect(text).not.toMatch(/9{65}/);
  });
});

describe('watched snapshot store', () => {
  test('GIVEN threads started by count and by mention THEN each trigger is counted once and an ended thread observes its duration', async () => {
    const { supervisor, agent, clock, metrics } = bootOps();
    for (let i = 0; i < OPS_SETTINGS.batchSize; i += 1) supervisor.receive(chatMessage({ channelId: '41' }));
    supervisor.receive(chatMessage({ channelId: '42', mentionsBot: true }));
    await settle();
    expect(agent.calls).toHaveLength(2);
    clock.increment(2_500);
    for (const call of agent.calls) call.resolve({ threadId: call.input.threadId });
    await settle();
    supervisor.flush();
    const text = await scrape(metrics);
    expect(sample(text, 'ery_threads_started_total', { trigger: 'count' })).toBe(1);
    expect(sample(text, 'ery_threads_started_total', { trigger: 'mention' })).toBe(1);
    expect(sample(text, 'ery_thread_duration_seconds_count', { status: 'done' })).toBe(2);
    expect(sample(text, 'ery_thread_duration_seconds_sum', { status: 'done' })).toBe(5);
    expect(sample(text, 'ery_thread_duration_seconds_bucket', { status: 'done', le: '2.5' })).toBe(2);
    expect(sample(text, 'ery_snapshot_write_duration_seconds_count')).toBeGreaterThan(0);
  });

  test('GIVEN a thread that starts and ends within one write THEN it counts as started once, even when its row is written again', async () => {
    const { store, metrics } = bootOps();
    const ended = {
      id: 'thread-1',
      channelId: '43',
      guildId: '4',
      trigger: 'window' as const,
      messageIds: [],
      status: 'failed' as const,
      startedAt: 1_000,
      endedAt: 1_500,
      error: 'boom',
    };
    store.write({ channels: [], events: [], threads: [ended], checkpoints: [] });
    store.write({ channels: [], events: [], threads: [ended], checkpoints: [] });
    const text = await scrape(metrics);
    expect(sample(text, 'ery_threads_started_total', { trigger: 'window' })).toBe(1);
    expect(sample(text, 'ery_thread_duration_seconds_sum', { status: 'failed' })).toBe(0.5);
  });

  test('GIVEN a restored channel writes the row of a thread that ended before this process began THEN it is not counted again', async () => {
    const { db } = bootOps();
    const metrics = new OpsMetrics();
    const store = new WatchedStore(createSqliteSnapshotStore(db), metrics, undefined, undefined, 10_000);
    const row = (id: string, startedAt: number, endedAt: number) => ({
      id,
      channelId: '44',
      guildId: '4',
      trigger: 'mention' as const,
      messageIds: [],
      status: 'done' as const,
      startedAt,
      endedAt,
      error: null,
    });
    store.write({ channels: [], events: [], threads: [row('before', 1_000, 1_500)], checkpoints: [] });
    store.write({ channels: [], events: [], threads: [row('after', 10_500, 11_000)], checkpoints: [] });
    const text = await scrape(metrics);
    expect(sample(text, 'ery_threads_started_total', { trigger: 'mention' })).toBe(1);
    expect(sample(text, 'ery_thread_duration_seconds_count', { status: 'done' })).toBe(1);
  });

  test('GIVEN a write the database refuses THEN it is neither timed nor counted, and the fault is kept until a write succeeds', async () => {
    const { store, db, metrics } = bootOps();
    const before = sample(await scrape(metrics), 'ery_snapshot_write_duration_seconds_count');
    db.$client.exec('PRAGMA query_only = ON');
    const row = { channelId: '44', seq: 1, at: 0, type: 'message.received', event: {} };
    expect(() => store.write({ channels: [], events: [row], threads: [], checkpoints: [] })).toThrow(
      'readonly',
    );
    expect(store.health.fault()?.message).toContain('readonly');
    expect(sample(await scrape(metrics), 'ery_snapshot_write_duration_seconds_count')).toBe(before as number);
    db.$client.exec('PRAGMA query_only = OFF');
    store.write({ channels: [], events: [row], threads: [], checkpoints: [] });
    expect(store.health.fault()).toBeNull();
  });
});
