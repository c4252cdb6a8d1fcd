import { SimulatedClock } from 'xstate';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { type EryDatabase, openDatabase } from '../../src/db/client.ts';
import { loadChannelLog } from '../../src/db/replay-database.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { controllableAgent, settle } from '../support/agent-stub.ts';
import { chatMessage } from '../support/chat-messages.ts';

export const START = Date.UTC(2025, 4, 1, 10);
export const CHANNEL = '100';
const open: EryDatabase[] = [];

/** Closes the databases of every world made since the last call (an `afterEach`). */
export function closeWorlds(): void {
  for (const db of open.splice(0)) db.$client.close();
}

/** A real supervisor on a SQLite file and simulated time; `restart()` stops it and starts another. */
export function restartableChannel() {
  const db = openDatabase(':memory:');
  open.push(db);
  const clock = new SimulatedClock();
  clock.set(START);
  const agent = controllableAgent();
  const boot = () =>
    new Supervisor({
      store: createSqliteSnapshotStore(db),
      agentThread: agent.logic,
      limits: { maxRunning: 5, maxRunningPerGuild: 5 },
      settingsFor: () => ({ ...DEFAULT_CHANNEL_SETTINGS, cooldownMs: 100, idleTimeoutMs: 600_000 }),
      clock,
    });
  let supervisor = boot();
  return {
    db,
    clock,
    agent,
    mention: async () => {
      supervisor.receive(chatMessage({ channelId: CHANNEL, mentionsBot: true }));
      await settle();
    },
    finish: async () => {
      agent.last.resolve({ threadId: agent.last.input.threadId });
      await settle();
      clock.increment(100);
    },
    restart: () => {
      supervisor.stop();
      supervisor = boot();
      supervisor.start();
    },
    log: () => {
      supervisor.flush();
      return loadChannelLog(db.$client, CHANNEL, ':memory:');
    },
  };
}

/**
 * A thread cut off twice: it starts at `START`, Ery restarts 2 s later and stops again at once,
 * starts again a minute later (`START + 62 000`), and the thread finishes 500 ms after that.
 */
export async function twiceInterruptedThread() {
  const world = restartableChannel();
  await world.mention();
  world.clock.increment(2_000);
  world.restart();
  world.clock.increment(60_000);
  world.restart();
  await settle();
  world.clock.increment(500);
  await world.finish();
  return world;
}
