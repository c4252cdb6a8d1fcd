import { expect } from 'bun:test';
import fc from 'fast-check';
import { chatMessage } from '../support/chat-messages.ts';
import { both, CHANNELS, checkInvariants, guildOf, settle, type World } from './supervisor.property.model.ts';

/* The commands of supervisor.property.test.ts: what a user, time, the agent and a restart can do. */

type Command = fc.AsyncCommand<object, World>;

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
    // A thread resumed by a restart gets its whole timeout from then (ThreadRun.resumedAt): the one
    // thing a restart changes. The reference, never restarted, is told the same at the same time.
    for (const { channelId } of world.reference.supervisor.channels()) {
      const actor = world.reference.supervisor.actorOf(channelId);
      if (actor?.getSnapshot().value === 'running') actor.send({ type: 'timers.rearm' });
    }
    await settle();
    checkInvariants(world);
  }
  toString = () => 'restart';
}

const channel = fc.constantFrom(...CHANNELS);
export const commands = fc.commands(
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
