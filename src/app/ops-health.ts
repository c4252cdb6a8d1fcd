import type { OpsView } from './ops-view.ts';
import type { WriteFault } from './watched-store.ts';

/**
 * What `/healthz` asks besides the supervisor, each behind a narrow read owned here: run.ts wires
 * `gateway` to the Discord connection's `gatewayStatus()` and `database` to the watched store's
 * `fault()`. A probe not given is not checked (an in-process handler with no Discord connection).
 */
export interface HealthProbes {
  /** The Discord gateway: `connected`, else a word saying what it is doing (`connecting`, `disconnected`). */
  gateway?: () => string;
  /** The last database write's failure, or null when it went through. */
  database?: () => WriteFault | null;
}

/** One check of `/healthz`: whether it passes, and in words what it saw (why it fails, when it does). */
export interface HealthCheck {
  ok: boolean;
  detail: string;
}

/**
 * The body of `/healthz`: `status` `ok` (answered 200) or `unavailable` (503); `failing` names each
 * failing check and `reason` says why in one line; `checks` has every check run (`gateway`,
 * `database`, `supervisor`); then today's `/health` fields: `uptimeMs`, the supervisor's counts
 * (`live`, `running`, `waiting`, `pendingWrites`, `passive`) and its `lifecycle` state.
 */
export interface HealthReport {
  status: 'ok' | 'unavailable';
  failing: string[];
  reason: string | null;
  checks: Record<string, HealthCheck>;
  uptimeMs: number;
  lifecycle: string;
  live: number;
  running: number;
  waiting: number;
  pendingWrites: number;
  passive: number;
}

/** Runs every check: the gateway connected, the last database write through, the supervisor serving. */
export function healthReport(view: OpsView, probes: HealthProbes, uptimeMs: number): HealthReport {
  const checks: Record<string, HealthCheck> = {};
  if (probes.gateway) {
    const status = probes.gateway();
    checks.gateway = {
      ok: status === 'connected',
      detail: status === 'connected' ? 'connected' : `the Discord gateway is ${status}`,
    };
  }
  if (probes.database) {
    const fault = probes.database();
    checks.database = fault
      ? {
          ok: false,
          detail: `the last write failed at ${new Date(fault.at).toISOString()} (${fault.message}), retried every second`,
        }
      : { ok: true, detail: 'writable' };
  }
  const lifecycle = view.lifecycle();
  checks.supervisor = {
    ok: lifecycle === 'serving',
    detail: lifecycle === 'serving' ? 'serving' : `the supervisor is ${lifecycle}, not serving`,
  };
  const failing = Object.keys(checks).filter((name) => !checks[name]?.ok);
  return {
    status: failing.length === 0 ? 'ok' : 'unavailable',
    failing,
    reason:
      failing.length === 0 ? null : failing.map((name) => `${name}: ${checks[name]?.detail}`).join('; '),
    checks,
    uptimeMs,
    lifecycle,
    ...view.stats(),
  };
}
