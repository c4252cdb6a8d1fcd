import type { AuditDecision, AuditOutcome } from './audit-sink.ts';
import { errorContent, okContent, type ToolErrorBody } from './results.ts';

/** Everything known about one call once it is over: what the model gets and what the audit row keeps. */
export interface Verdict {
  decision: AuditDecision;
  outcome: AuditOutcome;
  ok: boolean;
  /** Why the call was denied or invalid; null when allowed. */
  reason: string | null;
  result: Record<string, unknown> | null;
  error: ToolErrorBody | null;
  /** Low-level failure for the audit row (Discord's message, an exception), if any. */
  failure: string | null;
  /** Set when the thread was aborted: the executor rethrows it after auditing. */
  abort?: unknown;
}

/** A call that did not run: denied or invalid, with the error the model reads. */
export function refuse(decision: 'denied' | 'invalid', reason: string, error?: ToolErrorBody): Verdict {
  return {
    decision,
    outcome: 'skipped',
    ok: false,
    reason,
    result: null,
    error: error ?? { code: decision === 'denied' ? 'DENIED' : 'INVALID_ARGUMENTS', message: reason },
    failure: null,
  };
}

/** An exception as one line for the audit row. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The JSON text the model reads for a verdict. */
export function verdictContent(verdict: Verdict): string {
  if (verdict.ok) return okContent(verdict.result ?? {});
  return errorContent(verdict.error ?? { code: 'INTERNAL', message: 'the call failed' });
}
