import { describe, expect, test } from 'bun:test';
import { Budgets } from '../../src/budgets/budgets.ts';
import { discordTime, formatBudgetReport, utcText } from '../../src/budgets/report.ts';
import { BudgetLimitStore } from '../../src/db/budget-limit-store.ts';
import { openDatabase } from '../../src/db/client.ts';
import { TokenUsageStore } from '../../src/db/token-usage-store.ts';

const T = Date.parse('2026-03-01T10:20:00Z');

function budgets(defaults = { guildTokensPerDay: 1000, memberTokensPerHour: 300 }) {
  const db = openDatabase(':memory:');
  let now = T;
  const gate = new Budgets({
    usage: new TokenUsageStore(db),
    limits: new BudgetLimitStore(db),
    defaults,
    now: () => now,
  });
  const charge = (authors: Record<string, number>, promptTokens: number, completionTokens = 0) =>
    gate.charge({
      threadId: 't',
      step: 1,
      guildId: '10',
      channelId: '100',
      model: 'm',
      usage: { promptTokens, completionTokens },
      authors: new Map(Object.entries(authors)),
    });
  return { gate, charge, db, setNow: (ms: number) => (now = ms) };
}

describe('budgets', () => {
  test('GIVEN recorded calls THEN the report counts them per window, with limits and refill times', () => {
    const { gate, charge } = budgets();
    charge({ '1': 2, '2': 1 }, 200, 100);
    const report = gate.report('10', '1');
    expect(report.guild).toMatchObject({
      used: 300,
      limit: 1000,
      spent: false,
      refillsAt: Date.parse('2026-03-02T00:00:00Z'),
    });
    expect(report.member).toMatchObject({
      memberId: '1',
      used: 200,
      limit: 300,
      spent: false,
      refillsAt: Date.parse('2026-03-01T11:00:00Z'),
    });
    expect(formatBudgetReport(report)).toEqual([
      'Server, today (UTC): 300 of 1,000 tokens used, 700 left; refills 2026-03-02 00:00 UTC',
      'Member 1, this hour: 200 of 300 tokens used, 100 left; refills 2026-03-01 11:00 UTC',
    ]);
  });

  test('GIVEN a member at their limit THEN check names them, and the next hour forgets it', () => {
    const { gate, charge, setNow } = budgets();
    charge({ '1': 1 }, 300);
    expect(gate.check({ guildId: '10', memberIds: ['1', '2'] })).toEqual({
      guild: null,
      members: { '1': { used: 300, limit: 300, refillsAt: Date.parse('2026-03-01T11:00:00Z') } },
    });
    expect(formatBudgetReport(gate.report('10', '1'), { memberLabel: '<@1>' })[1]).toBe(
      '<@1>, this hour: spent (300 of 300 tokens); refills 2026-03-01 11:00 UTC',
    );
    setNow(Date.parse('2026-03-01T11:00:00Z'));
    expect(gate.check({ guildId: '10', memberIds: ['1'] })).toEqual({ guild: null, members: {} });
  });

  test('GIVEN the server at its limit THEN check says so until the next UTC day', () => {
    const { gate, charge, setNow } = budgets();
    charge({}, 1200);
    expect(gate.check({ guildId: '10', memberIds: [] }).guild).toEqual({
      used: 1200,
      limit: 1000,
      refillsAt: Date.parse('2026-03-02T00:00:00Z'),
    });
    setNow(Date.parse('2026-03-01T23:59:59.999Z'));
    expect(gate.check({ guildId: '10', memberIds: [] }).guild).not.toBeNull();
    setNow(Date.parse('2026-03-02T00:00:00Z'));
    expect(gate.check({ guildId: '10', memberIds: [] }).guild).toBeNull();
  });

  test('GIVEN a server override THEN it wins over the default, null goes back to it, and a bad value is refused', () => {
    const { gate, charge } = budgets();
    charge({}, 1200);
    expect(gate.setLimits('10', { guildTokensPerDay: 0 })).toEqual({
      limits: { guildTokensPerDay: 0, memberTokensPerHour: 300 },
      sources: { guildTokensPerDay: 'server', memberTokensPerHour: 'default' },
    });
    expect(gate.check({ guildId: '10', memberIds: [] }).guild).toBeNull();
    expect(formatBudgetReport(gate.report('10'))).toEqual([
      'Server, today (UTC): 1,200 tokens used, no limit',
    ]);
    expect(gate.setLimits('10', { memberTokensPerHour: 50 }).limits).toEqual({
      guildTokensPerDay: 0,
      memberTokensPerHour: 50,
    });
    expect(() => gate.setLimits('10', { guildTokensPerDay: -1 })).toThrow('must be a whole number of tokens');
    expect(() => gate.setLimits('10', { guildTokensPerDay: 1.5 })).toThrow();
    expect(() => gate.setLimits('10', { dailyTokens: 5 })).toThrow();
    expect(gate.setLimits('10', { guildTokensPerDay: null }).sources.guildTokensPerDay).toBe('default');
    expect(gate.resetLimits('10')).toBe(true);
    expect(gate.resetLimits('10')).toBe(false);
    expect(gate.limitsFor('10').limits).toEqual({ guildTokensPerDay: 1000, memberTokensPerHour: 300 });
  });

  test('GIVEN unlimited defaults THEN nothing is ever spent', () => {
    const { gate, charge } = budgets({ guildTokensPerDay: 0, memberTokensPerHour: 0 });
    charge({ '1': 1 }, 10_000_000);
    expect(gate.check({ guildId: '10', memberIds: ['1'] })).toEqual({ guild: null, members: {} });
  });

  test('GIVEN a refill time THEN the two text styles name it', () => {
    const refill = Date.parse('2026-03-02T00:00:00Z');
    expect(utcText(refill)).toBe('2026-03-02 00:00 UTC');
    expect(discordTime(refill)).toBe(`<t:${refill / 1000}:t> (<t:${refill / 1000}:R>)`);
  });
});
