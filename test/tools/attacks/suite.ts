import { describe, expect, test } from 'bun:test';
import { createMemoryAuditSink } from '../../../src/db/audit-log.ts';
import type { DiscordActions } from '../../../src/discord/port.ts';
import { parseGuildPolicy } from '../../../src/domain/guild-policy.ts';
import { createToolExecutor } from '../../../src/tools/executor.ts';
import { BATCH, IDS } from '../fixtures/world.ts';
import { ATTACKS, CONTROLS } from './cases.ts';
import { recordingActions } from './recording-actions.ts';

/** A Discord to attack: a fresh one per case, seeded with fixtures/world.ts WORLD_WITH_HISTORY. */
export interface AttackHarness {
  actions: DiscordActions;
  close?: () => Promise<void> | void;
}

async function run(
  harness: AttackHarness,
  tool: string,
  args: Record<string, unknown>,
  policy = {},
  batch = BATCH,
) {
  const recorder = recordingActions(harness.actions);
  const audit = createMemoryAuditSink();
  const executor = createToolExecutor({
    actions: recorder.actions,
    audit,
    policyFor: () => parseGuildPolicy(policy),
    now: () => 1_700_000_100_000,
  });
  const result = await executor.execute(
    {
      threadId: 'attack-thread',
      guildId: IDS.guild,
      channelId: IDS.general,
      step: 1,
      batch,
      signal: new AbortController().signal,
    },
    { id: 'attack-call', name: tool, arguments: JSON.stringify(args) },
  );
  return { result, body: JSON.parse(result.content), recorder, audit };
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
          const { result, body, recorder, audit } = await run(
            harness,
            attack.tool,
            attack.args,
            attack.policy,
            attack.batch,
          );
          expect(recorder.mutations()).toEqual([]);
          expect(result.decision).toBe('denied');
          expect(result.ok).toBe(false);
          expect(body.error.code).toBe('DENIED');
          expect(body.error.message).toMatch(attack.because);
          expect(audit.rows).toHaveLength(1);
          expect(audit.rows[0]).toMatchObject({ decision: 'denied', outcome: 'skipped', tool: attack.tool });
          expect(audit.rows[0]?.reason).toMatch(attack.because);
        } finally {
          await harness.close?.();
        }
      });
    }
    for (const control of CONTROLS) {
      test(`GIVEN ${control.name} THEN it is allowed and reaches ${control.reaches}`, async () => {
        const harness = await createHarness();
        try {
          const { result, recorder, audit } = await run(harness, control.tool, control.args, control.policy);
          expect(result.decision).toBe('allowed');
          expect(result.ok).toBe(true);
          expect(recorder.mutations()).toEqual([control.reaches]);
          expect(audit.rows[0]).toMatchObject({ decision: 'allowed', outcome: 'ok' });
        } finally {
          await harness.close?.();
        }
      });
    }
  });
}
