/**
 * Replay against the live runtime it replays: random runs of the real supervisor (messages,
 * time, agent outcomes, settings changes, restarts) on SQLite, then every channel's log is
 * replayed through the pure machine and must verify, and rebuild exactly the live state.
 */
import { afterEach, describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { SimulatedClock } from 'xstate';
import type { Clock } from '../../actors/clock.ts';
import { canonicalJson } from '../../actors/supervisor/checkpoint.ts';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { type EryDatabase, openDatabase } from '../../src/db/client.ts';
import { loadChannelLog } from '../../src/db/replay-database.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { buildTimeline } from '../../src/replay/timeline.ts';
import { verifyLog } from '../../src/replay/verify.ts';
import { controllableAgent } from '../support/agent-stub.ts';
import { chatMessage } from '../support/chat-messages.ts';

const CHANNELS = ['1', '2', '3'];

/**
 * Simulated time that also moves by 1 ms at every read, as the wall clock may between two reads
 * of one step: replay must rebuild the times the machine read, not times close to them.
 */
function driftingClock(simulated: SimulatedClock): Clock {
  let reads = 0;
  return {
    now: () => simulated.now() + ++reads,
    setTimeout: (fn, ms) => simulated.setTimeout(fn, ms),
    clearTimeout: (id) => simulated.clearTimeout(id as number),
  };
}

async function settle(): Promise<void> {
  for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
}

class World {
  readonly simulated = new SimulatedClock();
  readonly clock = driftingClock(this.simulated);
  readonly db: EryDatabase = openDatabase(':memory:');
  settings = {
    ...DEFAULT_CHANNEL_SETTINGS,
    batchSize: 3,
    batchWindowMs: 700,
    cooldownMs: 150,
    idleTimeoutMs: 2_000,
    threadTimeoutMs: 1_500,
  };
  agent = controllableAgent();
  supervisor = this.boot();

  boot(): Supervisor {
    return new Supervisor({
      store: createSqliteSnapshotStore(this.db),
      agentThread: this.agent.logic,
      limits: { maxRunning: 2, maxRunningPerGuild: 2 },
      settingsFor: () => this.settings,
      clock: this.clock,
      // Below the idle timeout, so runs also passivate idle channels and restore them (issue 10).
      passivateAfterMs: 500,
    });
  }

  restart(): void {
    this.supervisor.stop();
    this.agent = controllableAgent();
    this.supervisor = this.boot();
    this.supervisor.start();
  }
}

type Command = fc.AsyncCommand<object, World>;
const command = (name: string, run: (world: World) => void): Command => ({
  check: () => true,
  run: async (_, world) => {
    run(world);
    await settle();
  },
  toString: () => name,
});

/** How a thread ends: its output (keys in any order), a coded error, or a rejection that is no Error. */
const outcomes = [
  (call: ReturnType<typeof controllableAgent>['last']) =>
    call.resolve({
      threadId: call.input.threadId,
      usage: { completionTokens: 2, promptTokens: 1 },
      model: 'm',
    }),
  (call: ReturnType<typeof controllableAgent>['last']) =>
    call.reject(Object.assign(new Error('the model is down'), { code: 'LLM_UNAVAILABLE' })),
  (call: ReturnType<typeof controllableAgent>['last']) => call.reject('not an Error'),
];

const channel = fc.constantFrom(...CHANNELS);
const commands = fc.commands(
  [
    fc
      .tuple(channel, fc.boolean())
      .map(([channelId, mention]) =>
        command(`receive(${channelId}${mention ? ', mention' : ''})`, (world) =>
          world.supervisor.receive(chatMessage({ channelId, guildId: '10', mentionsBot: mention })),
        ),
      ),
    fc
      .integer({ min: 1, max: 2_500 })
      .map((ms) => command(`advance(${ms})`, (world) => world.simulated.increment(ms))),
    fc.tuple(channel, fc.integer({ min: 0, max: 2 })).map(([channelId, outcome]) =>
      command(`finish(${channelId}, ${outcome})`, (world) => {
        const call = world.agent.calls.find((c) => c.input.channelId === channelId && !c.signal.aborted);
        if (call) outcomes[outcome]?.(call);
      }),
    ),
    fc.integer({ min: 1, max: 4 }).map((batchSize) =>
      command(`configure(batchSize ${batchSize})`, (world) => {
        world.settings = { ...world.settings, batchSize };
        world.supervisor.send({ type: 'config.updated' });
      }),
    ),
    fc.constant(command('restart', (world) => world.restart())),
  ],
  { maxCommands: 40 },
);

const worlds: World[] = [];
afterEach(() => {
  for (const world of worlds.splice(0)) world.db.$client.close();
});

describe('replay of recorded runs', () => {
  test('GIVEN any run of the supervisor with restarts WHEN each channel log is replayed THEN it verifies and rebuilds the live state exactly', async () => {
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const world = new World();
        worlds.push(world);
        await fc.asyncModelRun(() => ({ model: {}, real: world }), cmds);
        world.supervisor.flush();
        for (const channelId of CHANNELS) {
          const logged = world.db.$client
            .query('SELECT 1 FROM channel_events WHERE channel_id = ?')
            .get(channelId);
          if (!logged) continue;
          const log = loadChannelLog(world.db.$client, channelId, ':memory:');
          const verification = await verifyLog(log);
          expect({
            channelId,
            divergence: verification.divergence,
            unverified: verification.unverified,
          }).toEqual({
            channelId,
            divergence: null,
            unverified: [],
          });
          const live = world.supervisor.actorOf(channelId)?.getPersistedSnapshot() as
            | { value: unknown; context: unknown }
            | undefined;
          if (!live) continue;
          const last = buildTimeline(log, { snapshots: true }).steps.at(-1)?.state;
          expect(canonicalJson(last)).toBe(canonicalJson({ value: live.value, context: live.context }));
        }
        world.supervisor.stop();
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
