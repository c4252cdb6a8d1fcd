import { asAgentThread } from '../../actors/channel-actor.ts';
import { createStandInAgent } from '../../actors/stand-in-agent.ts';
import type { SnapshotStore } from '../../actors/supervisor/snapshot-store.ts';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import type { EryDatabase } from '../../src/db/client.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { silentLogger } from '../../src/logger.ts';
import { type BenchCase, median, row } from '../support/case.ts';
import { inOwnProcess, servePart } from '../support/parts.ts';
import { PlainChannels } from '../support/plain-channels.ts';
import { plainMessage } from '../support/plain-message.ts';
import { withTempDatabase } from '../support/stage.ts';

interface Args {
  messages: number;
  channels: number;
}
interface Figures {
  perSecond: number;
  cpuUsPerMessage: number;
}
type Subject = { receive(message: ReturnType<typeof plainMessage>): void; settled(): boolean };

const BURST = 100;
const GUILDS = 2;
const LIMITS = { maxRunning: 8, maxRunningPerGuild: 2 };
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A store that takes every row and keeps none. */
const DISCARD: SnapshotStore = {
  load: () => undefined,
  loadActive: () => [],
  loggedSeq: () => 0,
  write: () => {},
};

async function feed(args: Args, subject: Subject): Promise<Figures> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let sent = 0; sent < args.messages; sent += BURST) {
    for (let n = sent; n < Math.min(args.messages, sent + BURST); n += 1) {
      const channel = n % args.channels;
      subject.receive(plainMessage(n, String(100_000 + channel), String(10 + (channel % GUILDS))));
    }
    await turn();
  }
  while (!subject.settled()) await turn();
  const used = process.cpuUsage(cpu);
  return {
    perSecond: args.messages / ((performance.now() - started) / 1000),
    cpuUsPerMessage: (used.user + used.system) / args.messages,
  };
}

function actors(args: Args, store: SnapshotStore): Promise<Figures> {
  const supervisor = new Supervisor({
    store,
    agentThread: asAgentThread(createStandInAgent(silentLogger)),
    limits: LIMITS,
    settingsFor: () => DEFAULT_CHANNEL_SETTINGS,
  });
  supervisor.start();
  return feed(args, {
    receive: (message) => supervisor.receive(message),
    settled: () => supervisor.stats().pendingWrites === 0,
  });
}

function plain(args: Args, db: EryDatabase | null): Promise<Figures> {
  db?.$client.exec(`CREATE TABLE plain_channels (channel_id TEXT PRIMARY KEY, state TEXT NOT NULL);
    CREATE TABLE plain_messages (channel_id TEXT NOT NULL, message_id TEXT NOT NULL, message TEXT NOT NULL,
      PRIMARY KEY (channel_id, message_id))`);
  const upsert = db?.$client.prepare(
    'INSERT INTO plain_channels VALUES (?, ?) ON CONFLICT (channel_id) DO UPDATE SET state = excluded.state',
  );
  const insert = db?.$client.prepare('INSERT OR IGNORE INTO plain_messages VALUES (?, ?, ?)');
  const channels = new PlainChannels({
    settings: DEFAULT_CHANNEL_SETTINGS,
    limits: LIMITS,
    agent: async ({ messages }) => messages.map((message) => message.id),
    ...(db && upsert && insert
      ? {
          persist: db.$client.transaction(({ channels: rows, messages }) => {
            for (const message of messages)
              insert.run(message.channelId, message.id, JSON.stringify(message));
            for (const { channelId, state } of rows) upsert.run(channelId, state);
          }),
        }
      : {}),
  });
  return feed(args, {
    receive: (message) => channels.receive(message),
    settled: () => channels.pendingWrites === 0,
  });
}

const PARTS = {
  'actors-sqlite': (args: Args) => withTempDatabase((db) => actors(args, createSqliteSnapshotStore(db))),
  'plain-sqlite': (args: Args) => withTempDatabase((db) => plain(args, db)),
  'actors-discard': (args: Args) => actors(args, DISCARD),
  'plain-nothing': (args: Args) => plain(args, null),
};

export const plainBaseline: BenchCase = {
  name: 'plain',
  async run({ short }, log) {
    const args: Args = { messages: short ? 5_000 : 20_000, channels: 1_000 };
    const rounds = short ? 1 : 3;
    const runs: Record<keyof typeof PARTS, Figures[]> = {
      'actors-sqlite': [],
      'plain-sqlite': [],
      'actors-discard': [],
      'plain-nothing': [],
    };
    const parts = Object.keys(runs) as Array<keyof typeof PARTS>;
    for (let round = 0; round < rounds; round += 1) {
      for (const [index] of parts.entries()) {
        const part = parts[(index + round) % parts.length] as keyof typeof PARTS;
        runs[part].push(await inOwnProcess<Figures>(import.meta.path, part, args));
      }
    }
    const of = (part: keyof typeof PARTS, key: keyof Figures) => median(runs[part].map((run) => run[key]));
    log(parts.map((part) => `${part} ${Math.round(of(part, 'perSecond'))} msg/s`).join(', '));
    const scale = `${args.messages.toLocaleString('en')} messages over ${args.channels.toLocaleString('en')} channels in process, median of ${rounds}`;
    const base = { case: 'plain', baselineName: 'plain timers + promise chains', goal: null };
    return {
      scale,
      rows: [
        row({
          ...base,
          figure: `messages/s, both writing to SQLite (${scale})`,
          baseline: of('plain-sqlite', 'perSecond'),
          ery: of('actors-sqlite', 'perSecond'),
          unit: 'msg/s',
        }),
        row({
          ...base,
          figure: 'CPU per message, both writing to SQLite',
          baseline: of('plain-sqlite', 'cpuUsPerMessage'),
          ery: of('actors-sqlite', 'cpuUsPerMessage'),
          unit: 'µs',
        }),
        row({
          ...base,
          figure: 'CPU per message, nothing stored',
          baseline: of('plain-nothing', 'cpuUsPerMessage'),
          ery: of('actors-discard', 'cpuUsPerMessage'),
          unit: 'µs',
        }),
      ],
      details: { ...args, rounds, runs },
    };
  },
};

if (import.meta.main) await servePart(PARTS);
