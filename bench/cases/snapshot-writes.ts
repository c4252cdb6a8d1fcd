import { asAgentThread, type ChannelActor, createChannelActor } from '../../actors/channel-actor.ts';
import { systemClock } from '../../actors/clock.ts';
import { createStandInAgent } from '../../actors/stand-in-agent.ts';
import { PersistenceTap } from '../../actors/supervisor/persistence-tap.ts';
import type { LiveChannel } from '../../actors/supervisor/supervisor.types.ts';
import { CHANNEL_MACHINE_VERSION } from '../../machines/channel.machine.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { silentLogger } from '../../src/logger.ts';
import { atLeast, type BenchCase, row } from '../support/case.ts';
import { inOwnProcess, servePart } from '../support/parts.ts';
import { plainMessage } from '../support/plain-message.ts';
import { withTempDatabase } from '../support/stage.ts';

interface Args {
  channels: number;
  ticks: number;
}
interface Figures {
  rowsPerSecond: number;
  meanRowBytes: number;
}

const SETTINGS = { ...DEFAULT_CHANNEL_SETTINGS, batchSize: 100, batchWindowMs: 3_600_000 };

/** `channels` idle channel actors, and a way to give each one more message (not timed). */
function channelActors(channels: number) {
  const agentThread = asAgentThread(createStandInAgent(silentLogger));
  const actors = Array.from({ length: channels }, (_, index) =>
    createChannelActor({
      agentThread,
      clock: systemClock,
      input: { channelId: String(100_000 + index), guildId: '10', permitRequired: true, settings: SETTINGS },
    }).start(),
  );
  let sent = 0;
  const feed = () => {
    for (const [index, actor] of actors.entries()) {
      sent += 1;
      actor.send({ type: 'message.received', message: plainMessage(sent, String(100_000 + index), '10') });
    }
  };
  return { actors, feed };
}

/** Runs `tick` once per tick after feeding every channel; returns rows/s over the ticks' time. */
function timeTicks(args: Args, feed: () => void, tick: () => void): number {
  let elapsed = 0;
  for (let t = 0; t < args.ticks; t += 1) {
    feed();
    const started = performance.now();
    tick();
    elapsed += performance.now() - started;
  }
  return (args.channels * args.ticks) / (elapsed / 1000);
}

const PARTS = {
  'write-behind': (args: Args): Promise<Figures> =>
    withTempDatabase((db) => {
      const tap = new PersistenceTap({
        store: createSqliteSnapshotStore(db),
        logger: silentLogger,
        clock: systemClock,
        flushDelayMs: 60_000,
        permitRequestedAt: () => null,
      });
      const { actors, feed } = channelActors(args.channels);
      const live = actors.map(
        (actor): LiveChannel => ({
          actor,
          guildId: '10',
          context: actor.getSnapshot().context,
          status: 'batching',
          eventSeq: 0,
        }),
      );
      const rowsPerSecond = timeTicks(args, feed, () => {
        for (const [index, channel] of live.entries()) {
          const snapshot = channel.actor.getSnapshot();
          tap.observe(String(100_000 + index), channel, snapshot.value, snapshot.context);
        }
        tap.flush();
      });
      tap.close();
      return { rowsPerSecond, meanRowBytes: meanBytes(actors) };
    }),
  raw: (args: Args): Promise<Figures> =>
    withTempDatabase((db) => {
      const upsert = db.$client.prepare(
        `INSERT INTO channels (channel_id, guild_id, machine_version, status, snapshot, last_event_seq,
           permit_requested_at, updated_at, reaped_at)
         VALUES (?, '10', ${CHANNEL_MACHINE_VERSION}, 'batching', ?, 0, NULL, ?, NULL)
         ON CONFLICT (channel_id) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at`,
      );
      const { actors, feed } = channelActors(args.channels);
      let rows: Array<[string, string]> = [];
      const write = db.$client.transaction(() => {
        const now = Date.now();
        for (const [id, text] of rows) upsert.run(id, text, now);
      });
      const rowsPerSecond = timeTicks(
        args,
        () => {
          feed();
          // The same rows, serialised beforehand: only the upsert is timed.
          rows = actors.map((actor, index) => [
            String(100_000 + index),
            JSON.stringify(actor.getPersistedSnapshot()),
          ]);
        },
        () => write(),
      );
      return { rowsPerSecond, meanRowBytes: meanBytes(actors) };
    }),
};

const meanBytes = (actors: ChannelActor[]) =>
  actors.reduce((sum, actor) => sum + JSON.stringify(actor.getPersistedSnapshot()).length, 0) / actors.length;

export const snapshotWrites: BenchCase = {
  name: 'snapshot-writes',
  async run({ short }, log) {
    const args: Args = { channels: short ? 2_000 : 10_000, ticks: 5 };
    const raw = await inOwnProcess<Figures>(import.meta.path, 'raw', args);
    const tap = await inOwnProcess<Figures>(import.meta.path, 'write-behind', args);
    log(`raw ${Math.round(raw.rowsPerSecond)} rows/s, write-behind ${Math.round(tap.rowsPerSecond)} rows/s`);
    const scale = `${args.channels.toLocaleString('en')} channels × ${args.ticks} ticks, batches of 1–${args.ticks}, ~${Math.round(tap.meanRowBytes)} B rows`;
    const ratio = tap.rowsPerSecond / raw.rowsPerSecond;
    return {
      scale,
      rows: [
        row({
          case: 'snapshot-writes',
          figure: `snapshot rows/s (${scale})`,
          baselineName: 'raw bun:sqlite batched upsert',
          baseline: raw.rowsPerSecond,
          ery: tap.rowsPerSecond,
          unit: 'rows/s',
          goal: atLeast(ratio, 0.5),
        }),
      ],
      details: { ...args, raw, writeBehind: tap },
    };
  },
};

if (import.meta.main) await servePart(PARTS);
