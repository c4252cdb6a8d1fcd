import { SimulatedClock } from 'xstate';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { InspectionHub } from '../../src/app/inspection-hub.ts';
import { LifecycleHistory } from '../../src/app/lifecycle-history.ts';
import { RecentlyReaped } from '../../src/app/recently-reaped.ts';
import { WatchedStore } from '../../src/app/watched-store.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { openDatabase } from '../../src/db/client.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import type { InspectorFrame } from '../../src/inspector/wire.ts';
import { controllableAgent } from '../support/agent-stub.ts';

/** Timings that keep each state until the test moves it on (the clock is simulated). */
export const SETTINGS = {
  ...DEFAULT_CHANNEL_SETTINGS,
  batchSize: 2,
  batchWindowMs: 10_000,
  cooldownMs: 1_000,
  idleTimeoutMs: 60_000,
};

/**
 * A real supervisor on an in-memory database and a simulated clock, publishing to a real
 * inspection hub, its lifecycle kept and its reaped channels noted (as src/app/core.ts wires them),
 * with an agent the test settles by hand.
 */
export function inspectedSupervisor(options: { passivateAfterMs?: number } = {}) {
  const db = openDatabase(':memory:');
  const hub = new InspectionHub();
  const agent = controllableAgent();
  const clock = new SimulatedClock();
  const lifecycle = new LifecycleHistory(() => clock.now());
  const reaped = new RecentlyReaped();
  const supervisor = new Supervisor({
    store: new WatchedStore(createSqliteSnapshotStore(db), undefined, reaped),
    agentThread: agent.logic,
    limits: { maxRunning: 4, maxRunningPerGuild: 4 },
    settingsFor: () => SETTINGS,
    ...options,
    clock,
    inspect: (channelId, event) => hub.publish(channelId, event),
    inspectLifecycle: (event) => {
      lifecycle.observe(event);
      hub.publishSupervisor(event);
    },
  });
  return { db, hub, agent, clock, supervisor, lifecycle, reaped };
}

/** Collects the frames a viewer receives. */
export function frameSink() {
  const frames: InspectorFrame[] = [];
  return {
    frames,
    send: (frame: InspectorFrame) => frames.push(frame),
    get last(): InspectorFrame {
      const frame = frames.at(-1);
      if (!frame) throw new Error('no frame was sent');
      return frame;
    },
  };
}
