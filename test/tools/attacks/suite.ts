import { describe, expect, test } from 'bun:test';
import type { DiscordActions } from '../../../src/discord/port.ts';
import { parseGuildPolicy } from '../../../src/domain/guild-policy.ts';
import { type AuditRow, type AuditSink, createMemoryAuditSink } from '../../../src/tools/audit-sink.ts';
import { createToolExecutor } from '../../../src/tools/executor.ts';
import { runContext } from '../fixtures/harness.ts';
import { BATCH } from '../fixtures/world.ts';
import { ATTACKS, type AttackCase, CONTROLS, type ControlCase } from './cases.ts';
import { recordingActions } from './recording-actions.ts';

/** A Discord to attack: a fresh one per case, seeded with fixtures/world.ts WORLD_WITH_HISTORY. */
export interface AttackHarness {
  actions: DiscordActions;
  close?: () => Promise<void> | void;
  /** The executor's clock (a fixed instant when absent); a real Discord wants real time for timeouts. */
  now?: () => number;
  /** Where audit rows go and how to read them back (in memory when absent), e.g. a real SQLite file. */
  audit?: { sink: AuditSink; rows: () => readonly AuditRow[] };
  /** Throws unless Discord's own record (beyond our port) shows no change since the harness was made. */
  expectNothingChanged?: () => Promise<void> | void;
  /** Throws unless Discord's own record shows the change `control` makes. */
  expectChanged?: (control: ControlCase) => Promise<void> | void;
}

/**
 * Runs one tool call through the real executor (validate, authorise, execute, audit) against the
 * harness, as the agent would in turn `batch` of #general; returns the result and what it reached.
 */
export async function runAttackCall(
  harness: AttackHarness,
  { tool, args, policy = {}, batch = BATCH }: Pick<AttackCase, 'tool' | 'args' | 'policy' | 'batch'>,
) {
  const recorder = recordingActions(harness.actions);
  const memory = createMemoryAuditSink();
  const audit = harness.audit ?? { sink: memory, rows: () => memory.rows };
  const executor = createToolExecutor({
    actions: recorder.actions,
    audit: audit.sink,
    policyFor: () => parseGuildPolicy(policy),
    now: harness.now ?? (() => 1_700_000_100_000),
  });
  const result = await executor.execute(runContext({ threadId: 'attack-thread', batch }), {
    id: 'attack-call',
    name: tool,
    arguments: JSON.stringify(args),
  });
  return { result, body: JSON.parse(result.content), recorder, auditRows: audit.rows() };
}

/**
 * Registers the prompt-injection table against any DiscordActions: every attack is denied, reaches no
 * mutating method and is audited as denied for the stated reason; the controls show the same harness
 * does let legitimate calls through.
 */
export function describeAttackSuite(
  label: string,
  createHarness: () => Promise<AttackHarness> | AttackHarness,
) {
  describe(`prompt injection against ${label}`, () => {
    for (const attack of ATTACKS) {
      test(`GIVEN ${attack.name} THEN it is denied, audited and never reaches Discord`, async () => {
        const harness = await createHarness();
        try {
          const { result, body, recorder, auditRows } = await runAttackCall(harness, attack);
          expect(recorder.mutations()).toEqual([]);
          expect(result.decision).toBe('denied');
          expect(result.ok).toBe(false);
          expect(body.error.code).toBe('DENIED');
          expect(body.error.message).toMatch(attack.because);
          expect(auditRows).toHaveLength(1);
          expect(auditRows[0]).toMatchObject({ decision: 'denied', outcome: 'skipped', tool: attack.tool });
          expect(auditRows[0]?.reason).toMatch(attack.because);
          await harness.expectNothingChanged?.();
        } finally {
          await harness.close?.();
        }
      });
    }
    for (const control of CONTROLS) {
      test(`GIVEN ${control.name} THEN it is allowed and reaches ${control.reaches}`, async () => {
        const harness = await createHarness();
        try {
          const { result, recorder, auditRows } = await runAttackCall(harness, control);
          expect(result.decision).toBe('allowed');
          expect(result.ok).toBe(true);
          expect(recorder.mutations()).toEqual([control.reaches]);
          expect(auditRows).toHaveLength(1);
          expect(auditRows[0]).toMatchObject({ decision: 'allowed', outcome: 'ok', tool: control.tool });
          await harness.expectChanged?.(control);
        } finally {
          await harness.close?.();
        }
      });
    }
  });
}
