/**
 * The ops server in process for tests: a real supervisor on a real SQLite file (watched for write
 * faults and thread metrics), a hand-settled agent, a SimulatedClock, and the handler of
 * `createOpsHandler` called with Requests, no socket.
 */
import { afterEach } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedClock } from 'xstate';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { InspectionHub } from '../../src/app/inspection-hub.ts';
import type { HealthProbes } from '../../src/app/ops-health.ts';
import { OpsMetrics } from '../../src/app/ops-metrics.ts';
import { createOpsHandler, type OpsOptions } from '../../src/app/ops-server.ts';
import { WatchedStore } from '../../src/app/watched-store.ts';
import { createChannelHistory } from '../../src/db/channel-history.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { type EryDatabase, openDatabase } from '../../src/db/client.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { controllableAgent } from '../support/agent-stub.ts';

/** Settings of every channel in these tests: batches of 3, a 10 s window, 1 s cooldown. */
export const OPS_SETTINGS = {
  ...DEFAULT_CHANNEL_SETTINGS,
  batchSize: 3,
  batchWindowMs: 10_000,
  cooldownMs: 1_000,
  idleTimeoutMs: 60_000,
  threadTimeoutMs: 30_000,
};

const dirs: string[] = [];
const open: Array<{ supervisor: Supervisor; db: EryDatabase }> = [];
afterEach(() => {
  for (const { supervisor, db } of open.splice(0)) {
    supervisor.stop();
    db.$client.close();
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Options of {@link bootOps}: what the handler gets besides the supervisor, its store and metrics. */
export type BootOptions = Partial<Pick<OpsOptions, 'token' | 'mounts' | 'inspection' | 'logger'>> & {
  probes?: HealthProbes;
  /** Serve `/api/inspect` (default true). */
  inspect?: boolean;
  /** Start the supervisor (default true: `/healthz` needs it serving). */
  start?: boolean;
  /** The supervisor's passivation delay (default its own, at least the idle timeout here: never). */
  passivateAfterMs?: number;
};

/** Boots one supervisor and its ops handler; everything is stopped and deleted after the test. */
export function bootOps(options: BootOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ery-ops-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'ery.db'));
  const clock = new SimulatedClock();
  const metrics = new OpsMetrics();
  const store = new WatchedStore(createSqliteSnapshotStore(db), metrics, undefined, undefined, clock.now());
  const agent = controllableAgent();
  const inspection = new InspectionHub();
  const supervisor = new Supervisor({
    store,
    agentThread: agent.logic,
    limits: { maxRunning: 4, maxRunningPerGuild: 4 },
    settingsFor: () => OPS_SETTINGS,
    clock,
    inspect: (channelId, event) => inspection.publish(channelId, event),
    ...(options.passivateAfterMs === undefined ? {} : { passivateAfterMs: options.passivateAfterMs }),
  });
  open.push({ supervisor, db });
  if (options.start !== false) supervisor.start();
  const handler = createOpsHandler({
    supervisor,
    metrics,
    history: createChannelHistory(db),
    health: { database: () => store.health.fault(), ...options.probes },
    ...(options.inspect === false ? {} : { inspection }),
    ...(options.token ? { token: options.token } : {}),
    ...(options.mounts ? { mounts: options.mounts } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const fetch = (path: string, init?: RequestInit) => handler(new Request(`http://ops${path}`, init));
  /** Status and parsed JSON body of one request. */
  const json = async (path: string, init?: RequestInit) => {
    const response = await fetch(path, init);
    // biome-ignore lint/suspicious/noExplicitAny: a JSON body the test reads field by field
    return { status: response.status, body: (await response.json()) as any };
  };
  return { db, clock, metrics, store, agent, supervisor, inspection, handler, fetch, json };
}

/** The value of one sample of the Prometheus text `text` (labels in any order), or undefined. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const given = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => given[key] === value)) return Number(match[3]);
  }
  return undefined;
}
