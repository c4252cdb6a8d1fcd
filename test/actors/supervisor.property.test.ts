import { afterEach, describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { SimulatedClock } from 'xstate';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { type EryDatabase, openDatabase } from '../../src/db/client.ts';
import type { ChatMessage } from '../../src/domain/message.ts';
import { controllableAgent } from '../support/agent-stub.ts';
import { chatMessage } from '../support/chat-messages.ts';

const settings = {
  batchSize: 3,
  batchWindowMs: 700,
  cooldownMs: 150,
  idleTimeoutMs: 2_000,
  threadTimeoutMs: 1_500,
};
const limits = { maxRunning: 3, maxRunningPerGuild: 2 };
const CHANNELS = ['1', '2', '3', '4', '5', '6', '7', '8'];

/** Lets promise outcomes and the supervisor's per-tick grants land (they are all microtasks). */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
}
const GUILDS = ['10', '20', '30'];
/** Eight channels over three servers, so both limits bind. */
const guildOf = (channelId: string) => GUILDS[Number(channelId) % GUILDS.length] as string;

/** One running Ery: a supervisor over a SQLite store, its stub agent and the shared simulated clock. */
class Ery {
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
interface World {
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

type Command = fc.AsyncCommand<object, World>;

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

function checkInvariants(world: World): void {
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

const resting = (ery: Ery) => ery.activeCalls().length === 0 && ery.view().every((view) => 'resting' in view);

const both = async (world: World, act: (ery: Ery) => void) => {
  act(world.reference);
  act(world.subject);
  await settle();
  checkInvariants(world);
};

class Receive implements Command {
  constructor(
    readonly channelId: string,
    readonly mention: boolean,
  ) {}
  check = () => true;
  async run(_: object, world: World) {
    const message = chatMessage({
      channelId: this.channelId,
      guildId: guildOf(this.channelId),
      mentionsBot: this.mention,
    });
    world.received.push(message);
    await both(world, (ery) => ery.supervisor.receive(message));
  }
  toString = () => `receive(${this.channelId}${this.mention ? ', mention' : ''})`;
}

/** Whether the reference Ery holds message `id` waiting (in a batch or queue) in its channel. */
const waiting = (world: World, channelId: string, id: string) => {
  const view = world.reference.view().find((entry) => entry.channelId === channelId);
  return [...(view?.batch ?? []), ...(view?.queue ?? [])].includes(id);
};

/** The `pick`-th message received in a channel (wrapping), if any. */
const pickMessage = (world: World, channelId: string, pick: number) => {
  const ofChannel = world.received.filter((message) => message.channelId === channelId);
  return ofChannel.length === 0 ? undefined : ofChannel[pick % ofChannel.length];
};

let edits = 0;

/** An edit of an earlier message, maybe adding a mention of Ery (issue 12 §1). */
class Edit implements Command {
  constructor(
    readonly channelId: string,
    readonly pick: number,
    readonly mention: boolean,
  ) {}
  check = () => true;
  async run(_: object, world: World) {
    const original = pickMessage(world, this.channelId, this.pick);
    if (!original) return;
    edits += 1;
    const edited = { ...original, content: `edit ${edits}`, mentionsBot: this.mention, editedAt: edits };
    if (waiting(world, this.channelId, original.id)) world.current.set(original.id, edited);
    await both(world, (ery) => ery.supervisor.send({ type: 'message.updated', message: edited }));
  }
  toString = () => `edit(${this.channelId}, #${this.pick}${this.mention ? ', mention' : ''})`;
}

/** A delete of an earlier message (issue 12 §1). */
class Delete implements Command {
  constructor(
    readonly channelId: string,
    readonly pick: number,
  ) {}
  check = () => true;
  async run(_: object, world: World) {
    const message = pickMessage(world, this.channelId, this.pick);
    if (!message) return;
    if (waiting(world, this.channelId, message.id)) world.deleted.add(message.id);
    await both(world, (ery) =>
      ery.supervisor.send({ type: 'message.deleted', channelId: this.channelId, messageIds: [message.id] }),
    );
  }
  toString = () => `delete(${this.channelId}, #${this.pick})`;
}

class Advance implements Command {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(_: object, world: World) {
    // Both Erys share one clock: advancing it once moves both.
    world.reference.clock.increment(this.ms);
    await settle();
    checkInvariants(world);
  }
  toString = () => `advance(${this.ms})`;
}

class Finish implements Command {
  constructor(
    readonly channelId: string,
    readonly ok: boolean,
  ) {}
  check = () => true;
  async run(_: object, world: World) {
    if (!world.reference.activeCall(this.channelId)) return;
    await both(world, (ery) => expect(ery.finish(this.channelId, this.ok)).toBe(true));
  }
  toString = () => `finish(${this.channelId}, ${this.ok ? 'ok' : 'fail'})`;
}

class Restart implements Command {
  check = () => true;
  async run(_: object, world: World) {
    world.subject.restart();
    await settle();
    checkInvariants(world);
  }
  toString = () => 'restart';
}

const channel = fc.constantFrom(...CHANNELS);
const commands = fc.commands(
  [
    fc.tuple(channel, fc.boolean()).map(([id, mention]) => new Receive(id, mention)),
    fc.tuple(channel, fc.nat(20), fc.boolean()).map(([id, pick, mention]) => new Edit(id, pick, mention)),
    fc.tuple(channel, fc.nat(20)).map(([id, pick]) => new Delete(id, pick)),
    fc.integer({ min: 1, max: 2_500 }).map((ms) => new Advance(ms)),
    fc.tuple(channel, fc.boolean()).map(([id, ok]) => new Finish(id, ok)),
    fc.constant(new Restart()),
  ],
  { maxCommands: 60 },
);

const opened: EryDatabase[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.$client.close();
});

describe('supervisor properties', () => {
  test('GIVEN any sequence of messages, edits, deletes, time, agent outcomes and restarts THEN the invariants hold and restarts change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const clock = new SimulatedClock();
        const referenceDb = openDatabase(':memory:');
        const subjectDb = openDatabase(':memory:');
        opened.push(referenceDb, subjectDb);
        const world: World = {
          reference: new Ery(referenceDb, clock),
          subject: new Ery(subjectDb, clock),
          received: [],
          deleted: new Set(),
          current: new Map(),
          threads: new Map(),
          threadMessages: new Map(),
        };
        await fc.asyncModelRun(() => ({ model: {}, real: world }), cmds);

        // Drain: finish every thread and let every timer run until all channels rest.
        for (let round = 0; round < 50 && !resting(world.reference); round += 1) {
          for (const channelId of CHANNELS) {
            if (world.reference.activeCall(channelId)) {
              await both(world, (ery) => ery.finish(channelId, true));
            }
          }
          clock.increment(settings.batchWindowMs + settings.cooldownMs);
          await settle();
          checkInvariants(world);
        }
        // Every received message went into exactly one thread, but those deleted while they waited.
        const inThreads = [...world.threads.values()].flat().sort();
        expect(inThreads).toEqual(
          world.received
            .map((message) => message.id)
            .filter((id) => !world.deleted.has(id))
            .sort(),
        );
        world.reference.supervisor.stop();
        world.subject.supervisor.stop();
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
