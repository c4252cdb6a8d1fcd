/**
 * Memory of one idle channel in process, with no Discord: the channel as Ery's supervisor holds it
 * (its actor, inspected and subscribed, with the supervisor's records of it) after one message and
 * one thread; the channel actor alone, restored from that idle snapshot; a bare XState actor of the
 * same shape (the channel machine's states, the same idle context, its idle timer armed, nothing
 * else); and the plain baseline's channel after the same message and thread. Create + start time
 * per actor too. Each in its own process, so one's garbage never shows in another's heap.
 */
import { createActor, setup } from 'xstate';
import { asAgentThread, createChannelActor } from '../../actors/channel-actor.ts';
import { systemClock } from '../../actors/clock.ts';
import { createStandInAgent } from '../../actors/stand-in-agent.ts';
import type { SnapshotStore } from '../../actors/supervisor/snapshot-store.ts';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import type { ChannelContext } from '../../machines/channel.machine.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { silentLogger } from '../../src/logger.ts';
import { atMost, type BenchCase, row } from '../support/case.ts';
import { type HeapFigures, perItem, settledHeap } from '../support/heap.ts';
import { inOwnProcess, servePart } from '../support/parts.ts';
import { PlainChannels } from '../support/plain-channels.ts';
import { plainMessage } from '../support/plain-message.ts';

interface Figures extends HeapFigures {
  createUs: number;
}

const SETTINGS = { ...DEFAULT_CHANNEL_SETTINGS, batchWindowMs: 0, cooldownMs: 0 };
const LIMITS = { maxRunning: 64, maxRunningPerGuild: 64 };
const WARM = 1_000;
const DISCARD: SnapshotStore = {
  load: () => undefined,
  loadActive: () => [],
  loggedSeq: () => 0,
  write: () => {},
};
const agentThread = asAgentThread(createStandInAgent(silentLogger));
const channelId = (n: number) => String(100_000 + n);
const until = async (done: () => boolean) => {
  while (!done()) await Bun.sleep(1);
};

/** One channel actor run through a message and a thread to `idle`: its persisted snapshot, as JSON. */
async function idleSnapshot(): Promise<string> {
  const actor = createChannelActor({
    agentThread,
    clock: systemClock,
    input: { channelId: channelId(0), guildId: '10', settings: SETTINGS },
  });
  actor.start();
  actor.send({ type: 'message.received', message: plainMessage(0, channelId(0), '10') });
  await until(() => actor.getSnapshot().value === 'idle' && actor.getSnapshot().context.threadsRun === 1);
  const text = JSON.stringify(actor.getPersistedSnapshot());
  actor.stop();
  return text;
}

/** Heap per item for `count` items made by `make(n)`, after `WARM` made and kept as the baseline. */
async function measure(
  count: number,
  make: (n: number) => void,
  settled: () => Promise<void>,
): Promise<Figures> {
  for (let n = 0; n < WARM; n += 1) make(n);
  await settled();
  const before = await settledHeap();
  const started = performance.now();
  for (let n = WARM; n < WARM + count; n += 1) make(n);
  const createUs = ((performance.now() - started) * 1000) / count;
  await settled();
  return { ...perItem(before, await settledHeap(), count), createUs };
}

const PARTS = {
  'bare xstate actor': async ({ count }: { count: number }) => {
    const snapshot = JSON.parse(await idleSnapshot()) as { context: ChannelContext };
    const context = JSON.stringify(snapshot.context);
    const bare = setup({
      types: { context: {} as ChannelContext, input: {} as ChannelContext },
      delays: { idleTimeout: ({ context }) => context.settings.idleTimeoutMs },
    }).createMachine({
      context: ({ input }) => input,
      initial: 'idle',
      states: {
        idle: { after: { idleTimeout: 'reaped' }, on: { 'message.received': 'batching' } },
        batching: { on: { 'permit.granted': 'running' } },
        running: { on: { 'agent.done': 'cooldown' } },
        cooldown: { on: { 'cooldown.elapsed': 'idle' } },
        reaped: { type: 'final' },
      },
    });
    const actors: unknown[] = [];
    const make = (n: number) =>
      actors.push(
        createActor(bare, { input: JSON.parse(context.replaceAll(channelId(0), channelId(n))) }).start(),
      );
    return measure(count, make, async () => {});
  },
  'channel actor alone': async ({ count }: { count: number }) => {
    const text = await idleSnapshot();
    const actors: unknown[] = [];
    const make = (n: number) => {
      const snapshot = JSON.parse(text.replaceAll(channelId(0), channelId(n)));
      const actor = createChannelActor({
        agentThread,
        clock: systemClock,
        input: { channelId: channelId(n), guildId: '10' },
        snapshot,
      });
      actor.start();
      actor.send({ type: 'timers.rearm' });
      actors.push(actor);
    };
    return measure(count, make, async () => {});
  },
  'channel in the supervisor': async ({ count }: { count: number }) => {
    const supervisor = new Supervisor({
      store: DISCARD,
      agentThread,
      limits: LIMITS,
      settingsFor: () => SETTINGS,
      // Measured in memory: not passivated, however long the machine takes.
      passivateAfterMs: 3_600_000,
    });
    supervisor.start();
    const make = (n: number) => supervisor.receive(plainMessage(n, channelId(n), '10'));
    return measure(count, make, () =>
      until(() => {
        const stats = supervisor.stats();
        return (
          stats.running + stats.waiting + stats.pendingWrites === 0 &&
          supervisor.channels().every((c) => c.status === 'idle')
        );
      }),
    );
  },
  'plain channel': async ({ count }: { count: number }) => {
    const plain = new PlainChannels({ settings: SETTINGS, limits: LIMITS, agent: async () => {} });
    const make = (n: number) => plain.receive(plainMessage(n, channelId(n), '10'));
    return measure(count, make, () =>
      until(() => [...plain.channels.values()].every((c) => c.state === 'idle')),
    );
  },
};
type Part = keyof typeof PARTS;

export const actorMemory: BenchCase = {
  name: 'actor-memory',
  async run({ short }, log) {
    const count = short ? 5_000 : 20_000;
    const figures = {} as Record<Part, Figures>;
    for (const part of Object.keys(PARTS) as Part[]) {
      figures[part] = await inOwnProcess<Figures>(import.meta.path, part, { count });
      log(
        `${part}: ${(figures[part].heapBytes / 1024).toFixed(2)} KiB, ${figures[part].objects.toFixed(0)} objects, ${figures[part].createUs.toFixed(1)} µs`,
      );
    }
    const bare = figures['bare xstate actor'];
    const inSupervisor = figures['channel in the supervisor'];
    const alone = figures['channel actor alone'];
    const plain = figures['plain channel'];
    const scale = `${count.toLocaleString('en')} idle channels after one message and one thread`;
    const kib = (f: Figures) => f.heapBytes / 1024;
    const base = { case: 'actor-memory', unit: 'KiB' };
    return {
      scale,
      rows: [
        row({
          ...base,
          figure: `heap per idle channel in memory in the supervisor (${scale})`,
          baselineName: 'bare XState actor, same shape',
          baseline: kib(bare),
          ery: kib(inSupervisor),
          goal: atMost(inSupervisor.heapBytes / bare.heapBytes, 1.5),
        }),
        row({
          ...base,
          figure: 'heap per idle channel actor alone (restored, timers armed)',
          baselineName: 'bare XState actor, same shape',
          baseline: kib(bare),
          ery: kib(alone),
          goal: null,
        }),
        row({
          ...base,
          figure: 'heap per idle channel in the supervisor',
          baselineName: 'plain timers + promise chains',
          baseline: kib(plain),
          ery: kib(inSupervisor),
          goal: null,
        }),
        row({
          ...base,
          figure: 'create + start one actor (restored from its idle snapshot)',
          baselineName: 'bare XState actor, same shape',
          baseline: bare.createUs,
          ery: alone.createUs,
          unit: 'µs',
          goal: null,
        }),
      ],
      details: { count, figures },
    };
  },
};

if (import.meta.main) await servePart(PARTS);
