/**
 * The cost of watching: events per second through the supervisor with the inspector closed (nobody
 * subscribed: each inspection event costs one size check), with the inspector open (a page's
 * stream of batched frames, focused on one busy channel, read as a browser would), and with the raw
 * unbatched `/api/inspect` stream (`ERY_INSPECT=1`) read the same way. The whole path is real:
 * supervisor, channel actors, stand-in agent threads, write-behind to a SQLite file. Cases rotate
 * (each round starts with the next), each in its own process; the median of the rounds is shown.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asAgentThread } from '../../actors/channel-actor.ts';
import { createStandInAgent } from '../../actors/stand-in-agent.ts';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { InspectionHub } from '../../src/app/inspection-hub.ts';
import { createOpsHandler } from '../../src/app/ops-server.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { openDatabase } from '../../src/db/client.ts';
import { inspectorStores } from '../../src/db/inspector-stores.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { createInspectorHandler } from '../../src/inspector/index.ts';
import { silentLogger } from '../../src/logger.ts';
import { type BenchCase, median, row } from '../support/case.ts';
import { inOwnProcess, servePart } from '../support/parts.ts';
import { plainMessage } from '../support/plain-message.ts';

const CHANNELS = 100;
const GUILDS = 4;
/** Messages sent per turn of the event loop; permits, threads, timers and writes run between turns. */
const BURST = 100;
const SETTINGS = { ...DEFAULT_CHANNEL_SETTINGS, batchSize: 10, batchWindowMs: 60_000, cooldownMs: 0 };

const WATCHES = ['closed', 'inspector open', 'raw /api/inspect'] as const;
type Watch = (typeof WATCHES)[number];

interface Figures {
  events: number;
  eventsPerSecond: number;
  /** Events per second of this process's CPU time: steadier than wall time on a shared machine. */
  eventsPerCpuSecond: number;
  /** What the watcher received: frames (or records) and bytes. */
  received: number;
  bytes: number;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Reads a stream to its end as a page would, counting SSE messages and bytes. */
async function drain(body: ReadableStream<Uint8Array>, tally: { received: number; bytes: number }) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) return;
    tally.bytes += chunk.value.byteLength;
    tally.received += decoder.decode(chunk.value).match(/^data: /gm)?.length ?? 0;
  }
}

async function measure(watch: Watch, messages: number): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'ery-bench-inspect-'));
  const db = openDatabase(join(dir, 'ery.db'));
  const hub = new InspectionHub();
  let events = 0;
  const supervisor = new Supervisor({
    store: createSqliteSnapshotStore(db),
    agentThread: asAgentThread(createStandInAgent(silentLogger)),
    limits: { maxRunning: 8, maxRunningPerGuild: 8 },
    settingsFor: () => SETTINGS,
    inspect: (channelId, event) => {
      if (event.type === '@xstate.event' && event.actorRef.sessionId === event.rootId) events += 1;
      hub.publish(channelId, event);
    },
    inspectLifecycle: (event) => hub.publishSupervisor(event),
  });
  supervisor.start();
  const watcher = new AbortController();
  const tally = { received: 0, bytes: 0 };
  let reading: Promise<void> = Promise.resolve();
  if (watch !== 'closed') {
    const handler =
      watch === 'inspector open'
        ? createInspectorHandler({ supervisor, hub, stores: inspectorStores(db) })
        : createOpsHandler({ supervisor, inspection: hub });
    const path = watch === 'inspector open' ? `/inspector/api/stream?channel=${100_000}` : '/api/inspect';
    const response = await handler(new Request(`http://ops${path}`, { signal: watcher.signal }));
    reading = drain((response as Response).body as ReadableStream<Uint8Array>, tally).catch(() => {});
  }
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let sent = 0; sent < messages; sent += BURST) {
    for (let n = sent; n < Math.min(messages, sent + BURST); n += 1) {
      const channel = n % CHANNELS;
      supervisor.receive(plainMessage(n, String(100_000 + channel), String(10 + (channel % GUILDS))));
    }
    await turn();
  }
  // Until every thread has run and every change is written.
  while (supervisor.stats().running + supervisor.stats().waiting + supervisor.stats().pendingWrites > 0)
    await turn();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  watcher.abort();
  await reading;
  supervisor.stop();
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    events,
    eventsPerSecond: events / seconds,
    eventsPerCpuSecond: events / ((used.user + used.system) / 1e6),
    ...tally,
  };
}

const PARTS = Object.fromEntries(
  WATCHES.map((watch) => [watch, ({ messages }: { messages: number }) => measure(watch, messages)]),
);

export const inspection: BenchCase = {
  name: 'inspection',
  async run({ short }, log) {
    const messages = short ? 5_000 : 20_000;
    const rounds = short ? 1 : 5;
    const runs = new Map<Watch, Figures[]>(WATCHES.map((watch) => [watch, []]));
    for (let round = 0; round < rounds; round += 1) {
      // Each round starts with another case, so a machine getting busier favours none of them.
      for (const [index] of WATCHES.entries()) {
        const watch = WATCHES[(index + round) % WATCHES.length] as Watch;
        runs.get(watch)?.push(await inOwnProcess<Figures>(import.meta.path, watch, { messages }));
      }
    }
    const rate = (watch: Watch, key: 'eventsPerSecond' | 'eventsPerCpuSecond') =>
      median((runs.get(watch) ?? []).map((run) => run[key]));
    log(
      WATCHES.map((watch) => `${watch} ${Math.round(rate(watch, 'eventsPerCpuSecond'))} events/CPU-s`).join(
        ', ',
      ),
    );
    const scale = `${messages.toLocaleString('en')} messages over ${CHANNELS} channels, batches of ${SETTINGS.batchSize}, median of ${rounds}`;
    const base = { case: 'inspection', baselineName: 'inspector closed', goal: null };
    return {
      scale,
      rows: [
        row({
          ...base,
          figure: `events/s with the inspector open (${scale})`,
          baseline: rate('closed', 'eventsPerSecond'),
          ery: rate('inspector open', 'eventsPerSecond'),
          unit: 'events/s',
        }),
        row({
          ...base,
          figure: 'events per CPU-second with the inspector open',
          baseline: rate('closed', 'eventsPerCpuSecond'),
          ery: rate('inspector open', 'eventsPerCpuSecond'),
          unit: 'events/CPU-s',
        }),
        row({
          ...base,
          figure: 'events per CPU-second with the raw /api/inspect stream read',
          baseline: rate('closed', 'eventsPerCpuSecond'),
          ery: rate('raw /api/inspect', 'eventsPerCpuSecond'),
          unit: 'events/CPU-s',
        }),
      ],
      details: { messages, channels: CHANNELS, rounds, runs: Object.fromEntries(runs) },
    };
  },
};

if (import.meta.main) await servePart(PARTS);
