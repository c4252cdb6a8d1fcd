import type { OpsView } from './ops-view.ts';
import type { WriteFault } from './storage-health.ts';

/**
 * What `/healthz` asks besides the supervisor, each behind a narrow read owned here: run.ts wires
 * `gateway` to the Discord connection's `gatewayStatus()` and `database` to the watched store's
 * `fault()`. A probe not given is not checked (an in-process handler with no Discord connection).
 */
export interface HealthProbes {
  /** The Discord gateway: `connected`, else a word saying what it is doing (`connecting`, `disconnected`). */
  gateway?: () => string;
  /** Why a store takes no writes (`StorageHealth.fault`), or null when every write goes through. */
  database?: () => WriteFault | null;
}

/** One check of `/healthz`: whether it passes, and in words what it saw (why it fails, when it does). */
export interface HealthCheck {
  ok: boolean;
  detail: string;
}

/**
 * Checks whose failure leaves Ery serving: it answers from memory while the database refuses
 * writes, and keeps every change to write when it takes them again (issue 11 §3). They make
 * `/healthz` `degraded`, answered 200, not 503: a liveness probe that restarted Ery for a full disk
 * would throw away the very queue that waits for it (Kubernetes: liveness must not fail on a
 * dependency). Alert on `status` or `storage` instead.
 */
const DEGRADING: ReadonlySet<string> = new Set(['database']);

/**
 * The body of `/healthz`: `status` `ok` (answered 200), `degraded` (200: serving, but only the
 * checks in {@link DEGRADING} fail) or `unavailable` (503); `failing` names each failing check and
 * `reason` says why in one line; `checks` has every check run (`gateway`, `database`,
 * `supervisor`); `storage` is `failing` while the database refuses writes (else `ok`, or
 * `unchecked` without the probe), with `storageError` its last error; then today's `/health`
 * fields: `uptimeMs`, the supervisor's counts (`live`, `running`, `waiting`, `pendingWrites`,
 * `passive`) and its `lifecycle` state.
 */
export interface HealthReport {
  status: 'ok' | 'degraded' | 'unavailable';
  failing: string[];
  reason: string | null;
  checks: Record<string, HealthCheck>;
  storage: 'ok' | 'failing' | 'unchecked';
  storageError: WriteFault | null;
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
  const fault = probes.database?.() ?? null;
  if (probes.database) {
    checks.database = fault
      ? {
          ok: false,
          detail: `the last write of ${fault.store} failed at ${new Date(fault.at).toISOString()} (${fault.message}), failing since ${new Date(fault.since).toISOString()}, serving from memory and retrying with backoff`,
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
    status:
      failing.length === 0 ? 'ok' : failing.every((name) => DEGRADING.has(name)) ? 'degraded' : 'unavailable',
    failing,
    reason:
      failing.length === 0 ? null : failing.map((name) => `${name}: ${checks[name]?.detail}`).join('; '),
    checks,
    storage: probes.database ? (fault ? 'failing' : 'ok') : 'unchecked',
    storageError: fault,
    uptimeMs,
    lifecycle,
    ...view.stats(),
  };
}
