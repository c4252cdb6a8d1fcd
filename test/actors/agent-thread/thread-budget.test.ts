import { describe, expect, test } from 'bun:test';
import type { BudgetNotice, SpendGate } from '../../../actors/agent-thread/spend-gate.ts';
import { createMemoryStepLog } from '../../../actors/agent-thread/step-log.ts';
import { budgetStepKey } from '../../../actors/agent-thread/thread-budget.ts';
import { Budgets } from '../../../src/budgets/budgets.ts';
import { BudgetLimitStore } from '../../../src/db/budget-limit-store.ts';
import { openDatabase } from '../../../src/db/client.ts';
import { TokenUsageStore } from '../../../src/db/token-usage-store.ts';
import { replayThread } from '../../../src/replay/agent-replay.ts';
import { agentStepView } from '../../../src/replay/agent-steps.ts';
import { captureLogger } from '../../support/capture-logger.ts';
import { HISTORY, input, run, server, setup, useOpenAIServer } from './agent-thread.fixtures.ts';
import { chatMessage } from './memory-tools.ts';

useOpenAIServer();

const T = Date.parse('2026-03-01T10:00:00Z');
const ALICE = { id: '42', name: 'Alice', bot: false };
const BOB = { id: '43', name: 'Bob', bot: false };

/** Real budgets on an in-memory database, a settable clock, and the notices the thread hands over. */
function gate(limits: { guildTokensPerDay?: number; memberTokensPerHour?: number }) {
  const db = openDatabase(':memory:');
  const clock = { now: T };
  const budgets = new Budgets({
    usage: new TokenUsageStore(db),
    limits: new BudgetLimitStore(db),
    defaults: { guildTokensPerDay: 0, memberTokensPerHour: 0, ...limits },
    now: () => clock.now,
  });
  const notices: BudgetNotice[] = [];
  const spend: SpendGate = {
    check: (request) => budgets.check(request),
    charge: (call) => budgets.charge(call),
    announce: async (notice) => {
      notices.push(notice);
    },
  };
  const charge = (memberId: string | null, tokens: number) =>
    budgets.charge({
      threadId: 'earlier',
      step: 1,
      guildId: '100',
      channelId: '200',
      model: 'agent',
      usage: { promptTokens: tokens, completionTokens: 0 },
      authors: new Map(memberId ? [[memberId, 1]] : []),
    });
  return { budgets, spend, notices, clock, charge };
}

const speak = (usage: [number, number]) => ({
  reply: {
    toolCalls: [{ name: 'send_message', arguments: { content: 'hi' } }],
    usage: { prompt_tokens: usage[0], completion_tokens: usage[1] },
  },
});

describe('GIVEN spend caps on an agent thread', () => {
  test('WHEN the server budget is spent THEN no model call, the decision is logged and replays the same', async () => {
    const { spend, notices, charge } = gate({ guildTokensPerDay: 1000 });
    charge(null, 1000);
    const steps = createMemoryStepLog();
    const { deps, executed } = setup({ spend, steps });
    const asked = [chatMessage('@Ery hi', { mentionsBot: true })];
    const output = await run(deps, input(asked));
    expect(output).toMatchObject({ steps: 0, stoppedBecause: 'budget', toolCalls: [] });
    expect(server.requests).toHaveLength(0);
    expect(executed).toHaveLength(0);
    expect(notices).toEqual([
      expect.objectContaining({
        guild: { used: 1000, limit: 1000, refillsAt: Date.parse('2026-03-02T00:00:00Z') },
      }),
    ]);
    // Recorded as a step every reader of the log shows, and replayed to the same end.
    const rows = [...steps.entries].map(([key, payload]) => ({
      key,
      step: 1,
      kind: 'tool' as const,
      payload,
      at: T,
    }));
    expect(rows.map((row) => row.key)).toEqual([budgetStepKey('t1', 1)]);
    expect(agentStepView(rows[0] as (typeof rows)[0])).toMatchObject({
      kind: 'tool',
      callId: 'budget',
      decision: 'denied',
    });
    const replay = await replayThread({ id: 't1', channelId: '200', guildId: '100', messages: asked }, rows);
    expect(replay).toEqual({ outcome: { status: 'done', output }, unread: [] });
  });

  test('WHEN a thread that ran into a spent budget runs again after a refill THEN it keeps its recorded decision', async () => {
    const { spend, clock, charge } = gate({ guildTokensPerDay: 1000 });
    charge(null, 1000);
    const steps = createMemoryStepLog();
    const { deps } = setup({ spend, steps });
    await run(deps, input());
    clock.now = Date.parse('2026-03-02T00:00:00Z');
    const again = await run(deps, input());
    expect(again).toMatchObject({ steps: 0, stoppedBecause: 'budget' });
    expect(server.requests).toHaveLength(0);
  });

  test('WHEN one member of the batch is spent THEN the model sees only the others, in the batch and in the history', async () => {
    const { spend, notices, charge, budgets } = gate({ memberTokensPerHour: 500 });
    charge(ALICE.id, 500);
    const { deps } = setup({
      spend,
      history: async () => [...HISTORY, { ...HISTORY[0], id: '800002', content: 'left out' } as never],
    });
    const alices = chatMessage('@Ery me first', { author: ALICE, mentionsBot: true, id: '800002' });
    const bobs = chatMessage('hello from bob', { author: BOB });
    server.script('agent', { reply: { content: null, usage: { prompt_tokens: 90, completion_tokens: 10 } } });
    const output = await run(deps, input([alices, bobs]));
    expect(output).toMatchObject({ steps: 1, stoppedBecause: 'no_tool_call' });
    const sent = JSON.stringify(server.requests[0]?.body.messages);
    expect(sent).toContain('hello from bob');
    expect(sent).not.toContain('me first');
    expect(sent).not.toContain('left out');
    expect(Object.keys(notices[0]?.members ?? {})).toEqual([ALICE.id]);
    // The call is charged to Bob alone.
    expect(budgets.report('100', BOB.id).member?.used).toBe(100);
    expect(budgets.report('100', ALICE.id).member?.used).toBe(500);
  });

  test('WHEN every member of the batch is spent THEN no model call', async () => {
    const { spend, charge } = gate({ memberTokensPerHour: 500 });
    charge(ALICE.id, 600);
    const { deps } = setup({ spend });
    const output = await run(deps, input([chatMessage('@Ery hi', { author: ALICE, mentionsBot: true })]));
    expect(output).toMatchObject({ steps: 0, stoppedBecause: 'budget' });
    expect(server.requests).toHaveLength(0);
  });

  test('WHEN a thread goes over in its first step THEN that step finishes (its tools run) and no further call is made', async () => {
    const { spend, notices } = gate({ memberTokensPerHour: 1000 });
    const { deps, executed } = setup({ spend });
    server.script('agent', speak([800, 300]));
    const output = await run(deps, input([chatMessage('@Ery hi', { author: ALICE, mentionsBot: true })]));
    expect(output).toMatchObject({
      steps: 1,
      stoppedBecause: 'budget',
      usage: { promptTokens: 800, completionTokens: 300 },
    });
    expect(executed.map((call) => call.call.name)).toEqual(['send_message']);
    expect(server.requests).toHaveLength(1);
    expect(notices[0]?.members[ALICE.id]).toEqual({
      used: 1100,
      limit: 1000,
      refillsAt: Date.parse('2026-03-01T11:00:00Z'),
    });
  });

  test('WHEN the budgets cannot be read THEN the thread goes on unmetered and logs why', async () => {
    const { logger, lines } = captureLogger();
    const broken: SpendGate = {
      check: () => {
        throw new Error('disk I/O error');
      },
      charge: () => {
        throw new Error('disk I/O error');
      },
      announce: async () => {},
    };
    const { deps } = setup({ spend: broken, logger });
    server.script('agent', { reply: { content: null } });
    expect(await run(deps, input())).toMatchObject({ steps: 1, stoppedBecause: 'no_tool_call' });
    expect(lines.map((line) => line.event)).toEqual(
      expect.arrayContaining(['budget.check_failed', 'budget.charge_failed']),
    );
  });
});
