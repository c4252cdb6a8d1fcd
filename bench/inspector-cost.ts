/**
 * Cost of watching: events per second through the supervisor with the inspector closed (nobody
 * subscribed: each inspection event costs one size check), with the inspector open (a page's
 * stream of batched frames, focused on one busy channel, read as a browser would), and, for
 * comparison, with the raw unbatched `/api/inspect` stream (`ERY_INSPECT=1`) read the same way.
 * The whole path is real: supervisor, channel actors, stand-in agent threads, write-behind to a
 * SQLite file. Cases alternate (each round starting with the next case), each in its own process;
 * the median of the rounds is shown.
 * Run: `ery bench inspector-cost` or `bun bench/inspector-cost.ts [messages] [rounds]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asAgentThread } from '../actors/channel-actor.ts';
import { createStandInAgent } from '../actors/stand-in-agent.ts';
import { Supervisor } from '../actors/supervisor/supervisor.ts';
import { InspectionHub } from '../src/app/inspection-hub.ts';
import { createOpsHandler } from '../src/app/ops-server.ts';
import { createSqliteSnapshotStore } from '../src/db/channel-store.ts';
import { openDatabase } from '../src/db/client.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../src/domain/channel-settings.ts';
import type { ChatMessage } from '../src/domain/message.ts';
import { createInspectorHandler } from '../src/inspector/index.ts';
import { silentLogger } from '../src/logger.ts';

const CHANNELS = 100;
const GUILDS = 4;
/** Messages sent per turn of the event loop; permits, threads, timers and writes run between turns. */
const BURST = 100;
const SETTINGS = { ...DEFAULT_CHANNEL_SETTINGS, batchSize: 10, batchWindowMs: 60_000, cooldownMs: 0 };

const CASES = ['closed', 'inspector open', 'raw /api/inspect'] as const;
type CaseName = (typeof CASES)[number];

interface Figures {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** Events per second of this process's CPU time: steadier than wall time on a shared machine. */
  eventsPerCpuSecond: number;
  /** What the watcher received: frames (or records) and bytes. */
  received: number;
  bytes: number;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function message(index: number): ChatMessage {
  const channel = index % CHANNELS;
  return {
    id: String(1_000_000_000_000_000 + index),
    channelId: String(100_000 + channel),
    guildId: String(10 + (channel % GUILDS)),
    author: { id: '500', name: 'bench', bot: false },
    content: `message ${index}`,
    mentions: { users: [], roles: [], everyone: false },
    replyToId: null,
    mentionsBot: false,
    createdAt: Date.now(),
  };
}

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

async function measure(name: CaseName, messages: number): Promise<Figures> {
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
  if (name !== 'closed') {
    const handler =
      name === 'inspector open'
        ? createInspectorHandler({ supervisor, hub, db })
        : createOpsHandler({ supervisor, inspection: hub });
    const path = name === 'inspector open' ? `/inspector/api/stream?channel=${100_000}` : '/api/inspect';
    const response = await handler(new Request(`http://ops${path}`, { signal: watcher.signal }));
    reading = drain((response as Response).body as ReadableStream<Uint8Array>, tally).catch(() => {});
  }
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let sent = 0; sent < messages; sent += BURST) {
    for (let i = sent; i < Math.min(messages, sent + BURST); i += 1) supervisor.receive(message(i));
    await turn();
  }
  // Until every thread has run and every change is written.
  while (supervisor.stats().running + supervisor.stats().waiting + supervisor.stats().pendingWrites > 0)
    await turn();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  watcher.abort();
  await reading;
  supervisor.stop();
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    events,
    seconds,
    eventsPerSecond: events / seconds,
    eventsPerCpuSecond: events / cpuSeconds,
    ...tally,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const caseArg = process.argv.indexOf('--case');
if (caseArg !== -1) {
  const name = process.argv[caseArg + 1] as CaseName;
  process.stdout.write(JSON.stringify(await measure(name, Number(process.argv[caseArg + 2]))));
} else {
  const messages = Number(process.argv[2] ?? 20_000);
  const rounds = Number(process.argv[3] ?? 3);
  console.log(
    `${messages} messages over ${CHANNELS} channels, batches of ${SETTINGS.batchSize}, Bun ${Bun.version}; ` +
      `${rounds} rounds, cases rotating, each in its own process`,
  );
  const runs = new Map<CaseName, Figures[]>(CASES.map((name) => [name, []]));
  for (let round = 0; round < rounds; round += 1) {
    // Each round starts with another case, so a machine getting busier favours none of them.
    const order = CASES.map((_, index) => CASES[(index + round) % CASES.length] as CaseName);
    for (const name of order) {
      const child = Bun.spawnSync([process.execPath, import.meta.path, '--case', name, String(messages)]);
      if (!child.success) throw new Error(`case ${name} failed: ${child.stderr.toString()}`);
      runs.get(name)?.push(JSON.parse(child.stdout.toString()) as Figures);
    }
  }
  const rate = (name: CaseName, key: 'eventsPerSecond' | 'eventsPerCpuSecond') =>
    median((runs.get(name) ?? []).map((run) => run[key]));
  const figure = (value: number) => Math.round(value).toLocaleString('en').padStart(7);
  for (const name of CASES) {
    const all = runs.get(name) ?? [];
    const last = all.at(-1);
    const watched =
      name === 'closed'
        ? ''
        : `  watcher got ${last?.received} messages, ${((last?.bytes ?? 0) / 1024).toFixed(0)} KiB`;
    console.log(
      `${name.padEnd(18)} ${figure(rate(name, 'eventsPerSecond'))} events/s  ${figure(rate(name, 'eventsPerCpuSecond'))} events/CPU-s` +
        `  (wall runs: ${all.map((run) => Math.round(run.eventsPerSecond).toLocaleString('en')).join(', ')})${watched}`,
    );
  }
  for (const key of ['eventsPerSecond', 'eventsPerCpuSecond'] as const) {
    const closed = rate('closed', key);
    console.log(
      `${key === 'eventsPerSecond' ? 'wall' : 'CPU '}: inspector open vs closed ${(rate('inspector open', key) / closed).toFixed(3)}×  ·  ` +
        `raw /api/inspect vs closed ${(rate('raw /api/inspect', key) / closed).toFixed(3)}×`,
    );
  }
}
