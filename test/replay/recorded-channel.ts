import { SimulatedClock } from 'xstate';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { type EryDatabase, openDatabase } from '../../src/db/client.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { controllableAgent, settle } from '../support/agent-stub.ts';
import { chatMessage } from '../support/chat-messages.ts';

export const CHANNEL = '100';

/**
 * One channel's life through the real supervisor on a SQLite database and simulated time, starting
 * at `start`: a batch closed by its window and a finished thread; a settings change; a mention
 * whose thread fails with a coded error; a restart during the cooldown; a reap; a fresh actor.
 * Returns the database (open) and the thread ids.
 */
export async function recordChannelLife(
  start = Date.UTC(2025, 4, 1, 10),
): Promise<{ db: EryDatabase; threads: string[] }> {
  const db = openDatabase(':memory:');
  const clock = new SimulatedClock();
  clock.set(start);
  let settings = {
    ...DEFAULT_CHANNEL_SETTINGS,
    batchSize: 3,
    batchWindowMs: 1_000,
    cooldownMs: 100,
    idleTimeoutMs: 5_000,
  };
  let agent = controllableAgent();
  const boot = () =>
    new Supervisor({
      store: createSqliteSnapshotStore(db),
      agentThread: agent.logic,
      limits: { maxRunning: 5, maxRunningPerGuild: 5 },
      settingsFor: () => settings,
      clock,
    });
  let supervisor = boot();
  const say = (content: string, mentionsBot = false) =>
    supervisor.receive(chatMessage({ channelId: CHANNEL, guildId: '10', content, mentionsBot }));
  say('first');
  clock.increment(300);
  say('second');
  clock.increment(700);
  await settle();
  agent.last.resolve({
    threadId: agent.last.input.threadId,
    messageIds: agent.last.input.messages.map((m) => m.id),
  });
  await settle();
  clock.increment(100);
  settings = { ...settings, batchSize: 2 };
  supervisor.send({ type: 'config.updated' });
  say('hey Ery', true);
  await settle();
  agent.last.reject(Object.assign(new Error('the model is down'), { code: 'LLM_UNAVAILABLE' }));
  await settle();
  supervisor.stop();
  agent = controllableAgent();
  supervisor = boot();
  supervisor.start();
  clock.increment(100);
  clock.increment(5_000);
  say('anyone?');
  supervisor.flush();
  supervisor.stop();
  const threads = (
    db.$client.query('SELECT id FROM threads ORDER BY started_at').all() as Array<{ id: string }>
  ).map((row) => row.id);
  return { db, threads };
}
