import { expect } from 'bun:test';
import type { SimulatedClock } from 'xstate';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import type { EryDatabase } from '../../src/db/client.ts';
import type { ChatMessage } from '../../src/domain/message.ts';
import { controllableAgent } from '../support/agent-stub.ts';

/*
 * The model of supervisor.property.test.ts: two Erys over their own SQLite stores sharing one
 * simulated clock, fed the same commands, and the invariants checked after each command.
 */

export const settings = {
  batchSize: 3,
  batchWindowMs: 700,
  cooldownMs: 150,
  idleTimeoutMs: 2_000,
  threadTimeoutMs: 1_500,
};
export const limits = { maxRunning: 3, maxRunningPerGuild: 2 };
export const CHANNELS = ['1', '2', '3', '4', '5', '6', '7', '8'];

/** Lets promise outcomes and the supervisor's per-tick grants land (they are all microtasks). */
export async function settle(): Promise<void> {
  for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
}
export const GUILDS = ['10', '20', '30'];
/** Eight channels over three servers, so both limits bind. */
export const guildOf = (channelId: string) => GUILDS[Number(channelId) % GUILDS.length] as string;

/** One running Ery: a supervisor over a SQLite store, its stub agent and the shared simulated clock. */
export class Ery {
  agent = controllableAgent();
  supervisor: Supervisor;
  private finished = new WeakSet<object>();

  constructor(
    readonly db: EryDatabase,
    readonly clock: SimulatedClock,
  ) {
    this.supervisor = this.boot();
  }

  /** Flushes, throws every actor away, and starts a new supervisor from what was persisted. */
  restart(): void {
    this.supervisor.stop();
    this.agent = controllableAgent();
    this.finished = new WeakSet();
    this.supervisor = this.boot();
    this.supervisor.start();
  }

  /** The thread running in a channel (not stopped, not settled by the test). */
  activeCall(channelId: string) {
    return this.agent.calls.find(
      (call) => call.input.channelId === channelId && !call.signal.aborted && !this.finished.has(call),
    );
  }

  finish(channelId: string, ok: boolean): boolean {
    const call = this.activeCall(channelId);
    if (!call) return false;
    this.finished.add(call);
    if (ok) call.resolve({ ok });
    else call.reject(new Error('agent failed'));
    return true;
  }

  activeCalls() {
    return this.agent.calls.filter((call) => !call.signal.aborted && !this.finished.has(call));
  }

  /**
   * Everything a user of this channel could observe. An idle channel and one not loaded look the
   * same: idle channels are only loaded again on their next message.
   */
  view() {
    return CHANNELS.map((channelId) => {
      const snapshot = this.supervisor.actorOf(channelId)?.getSnapshot();
      if (!snapshot || snapshot.value === 'idle') return { channelId, resting: true };
      const { value, context } = snapshot;
      return {
        channelId,
        value,
        batch: context.batch.map((message) => message.id),
        queue: context.queue.map((message) => message.id),
        thread: context.thread && {
          id: context.thread.id,
          messages: context.thread.messages.map((m) => m.id),
        },
        lastThread: context.lastThread?.id ?? null,
      };
    });
  }

  private boot(): Supervisor {
    return new Supervisor({
      store: createSqliteSnapshotStore(this.db),
      agentThread: this.agent.logic,
      limits,
      settingsFor: () => settings,
      clock: this.clock,
    });
  }
}

/** Two Erys fed the same commands: `reference` never stops, `subject` is restarted on demand. */
export interface World {
  reference: Ery;
  subject: Ery;
  received: ChatMessage[];
  /** Ids deleted while they waited in a batch or queue: no thread may ever hold them. */
  deleted: Set<string>;
  /** The newest version of each message edited while it waited: a thread holds that one. */
  current: Map<string, ChatMessage>;
  /** threadId → message ids, over every thread either Ery started. */
  threads: Map<string, string[]>;
  /** threadId → the messages as the thread got them. */
  threadMessages: Map<string, ChatMessage[]>;
}

const record = (world: World) => {
  for (const ery of [world.reference, world.subject]) {
    for (const call of ery.agent.calls) {
      world.threads.set(
        call.input.threadId,
        call.input.messages.map((message) => message.id),
      );
      world.threadMessages.set(call.input.threadId, call.input.messages);
    }
  }
};

export function checkInvariants(world: World): void {
  record(world);
  for (const ery of [world.subject, world.reference]) {
    const active = ery.activeCalls();
    // At most one thread per channel.
    const perChannel = new Set(active.map((call) => call.input.channelId));
    expect(perChannel.size).toBe(active.length);
    // Running threads never exceed the limits.
    expect(active.length).toBeLessThanOrEqual(limits.maxRunning);
    for (const guildId of GUILDS) {
      expect(active.filter((call) => call.input.guildId === guildId).length).toBeLessThanOrEqual(
        limits.maxRunningPerGuild,
      );
    }
    // An idle channel never outlives its timeout.
    for (const channelId of CHANNELS) {
      const snapshot = ery.supervisor.actorOf(channelId)?.getSnapshot();
      if (snapshot?.value === 'idle' && snapshot.context.idleSince !== null) {
        expect(ery.clock.now() - snapshot.context.idleSince).toBeLessThan(settings.idleTimeoutMs);
      }
    }
  }
  // No message is in two threads.
  const seen = new Map<string, string>();
  for (const [threadId, ids] of world.threads) {
    for (const id of ids) {
      const other = seen.get(id);
      if (other !== undefined && other !== threadId)
        throw new Error(`message ${id} in ${other} and ${threadId}`);
      seen.set(id, threadId);
    }
  }
  // A message deleted while it waited never runs; one edited while it waited runs as edited.
  for (const messages of world.threadMessages.values()) {
    for (const message of messages) {
      if (world.deleted.has(message.id)) throw new Error(`deleted message ${message.id} ran`);
      const edited = world.current.get(message.id);
      if (edited) expect(message.content).toBe(edited.content);
    }
  }
  // Restarting changed nothing anyone could observe.
  expect(world.subject.view()).toEqual(world.reference.view());
}

export const resting = (ery: Ery) =>
  ery.activeCalls().length === 0 && ery.view().every((view) => 'resting' in view);

export const both = async (world: World, act: (ery: Ery) => void) => {
  act(world.reference);
  act(world.subject);
  await settle();
  checkInvariants(world);
};
