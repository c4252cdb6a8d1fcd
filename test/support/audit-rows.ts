import type { AuditRow } from '../../src/tools/audit-sink.ts';

/**
 * An audit row of an allowed `send_message` that ran (thread `t`, server `g`, channel `c`, step 1,
 * at 0 ms), with `overrides` on top: the row tests store when only some of its fields matter.
 */
export const auditRow = (overrides: Partial<AuditRow> = {}): AuditRow => ({
  threadId: 't',
  guildId: 'g',
  channelId: 'c',
  step: 1,
  callId: 'c1',
  tool: 'send_message',
  arguments: {},
  requesterId: null,
  requestedByMessageId: null,
  decision: 'allowed',
  reason: null,
  outcome: 'ok',
  result: null,
  error: null,
  durationMs: 1,
  at: 0,
  ...overrides,
});
