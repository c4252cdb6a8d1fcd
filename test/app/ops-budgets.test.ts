import { describe, expect, test } from 'bun:test';
import { SimulatedClock } from 'xstate';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { createOpsHandler, startOpsServer } from '../../src/app/ops-server.ts';
import { Budgets } from '../../src/budgets/budgets.ts';
import { BudgetLimitStore } from '../../src/db/budget-limit-store.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { openDatabase } from '../../src/db/client.ts';
import { ConfigStore } from '../../src/db/config-store.ts';
import { GuildPolicyStore } from '../../src/db/guild-policy-store.ts';
import { TokenUsageStore } from '../../src/db/token-usage-store.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { silentLogger } from '../../src/logger.ts';
import { controllableAgent } from '../support/agent-stub.ts';

const T = Date.parse('2026-03-01T10:20:00Z');

function boot() {
  const clock = new SimulatedClock();
  clock.set(T);
  const db = openDatabase(':memory:');
  const budgets = new Budgets({
    usage: new TokenUsageStore(db),
    limits: new BudgetLimitStore(db),
    defaults: { guildTokensPerDay: 100_000, memberTokensPerHour: 0 },
    now: () => clock.now(),
  });
  const supervisor = new Supervisor({
    store: createSqliteSnapshotStore(db),
    agentThread: controllableAgent().logic,
    limits: { maxRunning: 4, maxRunningPerGuild: 2 },
    settingsFor: () => DEFAULT_CHANNEL_SETTINGS,
    clock,
  });
  const options = {
    supervisor,
    admin: {
      config: new ConfigStore(db, DEFAULT_CHANNEL_SETTINGS, silentLogger),
      policies: new GuildPolicyStore(db, silentLogger),
      budgets,
    },
  };
  const handler = createOpsHandler(options);
  const call = async (path: string, init?: RequestInit) => {
    const response = await handler(new Request(`http://ops${path}`, init));
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const put = (path: string, body: unknown) => call(path, { method: 'PUT', body: JSON.stringify(body) });
  return { budgets, call, put, options };
}

describe('ops budget routes', () => {
  test('GIVEN usage THEN GET shows the report, its lines and where each limit comes from', async () => {
    const { budgets, call } = boot();
    budgets.charge({
      threadId: 't',
      step: 1,
      guildId: '10',
      channelId: '100',
      model: 'm',
      usage: { promptTokens: 1000, completionTokens: 200 },
      authors: new Map([['7', 1]]),
    });
    const { status, body } = await call('/api/budgets/guilds/10?member=7');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      guildId: '10',
      limits: { guildTokensPerDay: 100_000, memberTokensPerHour: 0 },
      sources: { guildTokensPerDay: 'default', memberTokensPerHour: 'default' },
      report: {
        at: T,
        guild: { used: 1200, limit: 100_000, spent: false, refillsAt: Date.parse('2026-03-02T00:00:00Z') },
        member: { memberId: '7', used: 1200, limit: 0 },
      },
      text: [
        'Server, today (UTC): 1,200 of 100,000 tokens used, 98,800 left; refills 2026-03-02 00:00 UTC',
        'Member 7, this hour: 1,200 tokens used, no limit',
      ],
    });
  });

  test('GIVEN a PUT THEN the server limits change, null goes back to the default, DELETE removes them', async () => {
    const { call, put } = boot();
    expect(await put('/api/budgets/guilds/10', { memberTokensPerHour: 5000 })).toEqual({
      status: 200,
      body: {
        guildId: '10',
        limits: { guildTokensPerDay: 100_000, memberTokensPerHour: 5000 },
        sources: { guildTokensPerDay: 'default', memberTokensPerHour: 'server' },
      },
    });
    expect((await put('/api/budgets/guilds/10', { guildTokensPerDay: 0 })).body.limits).toEqual({
      guildTokensPerDay: 0,
      memberTokensPerHour: 5000,
    });
    expect((await call('/api/budgets/guilds/10', { method: 'DELETE' })).status).toBe(204);
    expect((await call('/api/budgets/guilds/10', { method: 'DELETE' })).status).toBe(404);
    expect((await call('/api/budgets/guilds/10')).body.sources.memberTokensPerHour).toBe('default');
  });

  test('GIVEN bad input THEN 400 naming what is wrong, and nothing changes', async () => {
    const { call, put } = boot();
    expect(await put('/api/budgets/guilds/10', { guildTokensPerDay: -5 })).toEqual({
      status: 400,
      body: { error: 'guildTokensPerDay: must be a whole number of tokens, 0 or more (0 = unlimited)' },
    });
    expect((await put('/api/budgets/guilds/10', { tokens: 5 })).status).toBe(400);
    expect((await call('/api/budgets/guilds/10', { method: 'PUT', body: '{' })).body.error).toContain('JSON');
    expect((await call('/api/budgets/guilds/nope')).status).toBe(400);
    expect((await call('/api/budgets/guilds/10?member=x')).status).toBe(400);
    expect((await call('/api/budgets/guilds/10', { method: 'POST' })).status).toBe(405);
    // A valid body padded past the admin routes' limit is refused like theirs, before it is parsed.
    const padded = JSON.stringify({ guildTokensPerDay: 5, pad: 'x'.repeat(70 * 1024) });
    expect(await call('/api/budgets/guilds/10', { method: 'PUT', body: padded })).toEqual({
      status: 413,
      body: { error: 'the body is over 65536 bytes; a real one is a few KiB at most' },
    });
    expect((await call('/api/budgets/guilds/10')).body.sources).toEqual({
      guildTokensPerDay: 'default',
      memberTokensPerHour: 'default',
    });
  });

  test('GIVEN the bound server and a 20 MB chunked body with no length THEN a JSON 413 after the first 64 KiB, and the server still answers', async () => {
    const server = startOpsServer({ ...boot().options, port: 0, logger: silentLogger });
    try {
      const chunk = new TextEncoder().encode('x'.repeat(1024 * 1024));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 20) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const response = await fetch(`${server.url}/api/budgets/guilds/10`, { method: 'PUT', body });
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({
        error: 'the body is over 65536 bytes; a real one is a few KiB at most',
      });
      expect(sent).toBeLessThan(20);
      expect((await fetch(`${server.url}/api/budgets/guilds/10`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
