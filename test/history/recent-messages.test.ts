import { describe, expect, test } from 'bun:test';
import type { HistoryMessage } from '../../src/discord/port.ts';
import { bufferedHistory, type HistoryRead } from '../../src/history/buffered-history.ts';
import type {
  BufferChange,
  RecentMessageStore,
  StoredBuffer,
} from '../../src/history/recent-message-store.ts';
import { CHANNEL_START, RecentMessages } from '../../src/history/recent-messages.ts';

const CHANNEL = '500';
const message = (id: number, content = `m${id}`): HistoryMessage => ({
  id: String(id),
  channelId: CHANNEL,
  author: { id: '9', name: 'Bob', bot: false },
  content,
  replyToId: null,
  createdAt: id,
});
const ids = (messages: readonly HistoryMessage[]) => messages.map((m) => Number(m.id));

/** What Discord holds for the channel, and how often it was asked: the REST side of history. */
function discord(channel: HistoryMessage[]) {
  const calls: Array<{ before: string; limit: number }> = [];
  const read: HistoryRead = async ({ before, limit }) => {
    calls.push({ before, limit });
    return channel.filter((m) => BigInt(m.id) < BigInt(before)).slice(-limit);
  };
  return { calls, read };
}

/** A store in memory, with what was written. */
function memoryStore() {
  const buffers = new Map<string, StoredBuffer>();
  const writes: BufferChange[][] = [];
  const store: RecentMessageStore = {
    load: (channelId) => structuredClone(buffers.get(channelId) ?? null),
    write(changes) {
      writes.push(structuredClone([...changes]));
      for (const change of changes) {
        const buffer = buffers.get(change.channelId) ?? { messages: [], completeFrom: null };
        const kept = buffer.messages.filter((m) => !change.upserts.some((u) => u.id === m.id));
        const merged = [...kept, ...change.upserts].filter((m) => !change.removals.includes(m.id));
        merged.sort((a, b) => Number(a.id) - Number(b.id));
        buffers.set(change.channelId, { messages: merged, completeFrom: change.completeFrom });
      }
    },
    clear: () => buffers.clear(),
  };
  return { store, buffers, writes };
}

describe('the recent-message buffer', () => {
  test('GIVEN messages out of order, an edit and a delete THEN history reads them in id order as they now are, the deleted one marked with no text', () => {
    const recent = new RecentMessages();
    for (const id of [10, 12, 11, 13]) recent.upsert(message(id));
    recent.upsert(message(12, 'edited'));
    recent.remove(CHANNEL, ['11']);
    const read = recent.read(CHANNEL, '14', 10);
    expect(read.messages.map((m) => [Number(m.id), m.content, m.deleted ?? false])).toEqual([
      [10, 'm10', false],
      [11, '', true],
      [12, 'edited', false],
      [13, 'm13', false],
    ]);
    // Only what came since the first message seen is known: older ones may exist.
    expect(read.complete).toBe(false);
    expect(read.fillBefore).toBe('10');
  });

  test('GIVEN more messages than the capacity THEN the oldest go and completeness starts at the oldest kept', () => {
    const recent = new RecentMessages({ capacity: 3 });
    for (let id = 1; id <= 5; id += 1) recent.upsert(message(id));
    expect(ids(recent.read(CHANNEL, '99', 10).messages)).toEqual([3, 4, 5]);
    expect(recent.read(CHANNEL, '99', 2)).toEqual({
      messages: [message(4), message(5)],
      complete: true,
      fillBefore: null,
    });
    // An edit of a message that was dropped must not come back as if the buffer had it.
    recent.upsert(message(1, 'late edit'));
    expect(ids(recent.read(CHANNEL, '99', 10).messages)).toEqual([3, 4, 5]);
  });

  test('GIVEN a fill with fewer messages than asked THEN the buffer reaches the channel start', () => {
    const recent = new RecentMessages();
    recent.upsert(message(20));
    recent.fill(CHANNEL, [message(5), message(3)], 30);
    const read = recent.read(CHANNEL, '20', 30);
    expect(ids(read.messages)).toEqual([3, 5]);
    expect(read.complete).toBe(true);
  });

  test('GIVEN a read before anything the buffer covers THEN no fill is offered (REST could not join it)', () => {
    const recent = new RecentMessages({ capacity: 2 });
    for (const id of [10, 11, 12]) recent.upsert(message(id));
    expect(recent.read(CHANNEL, '10', 5)).toEqual({ messages: [], complete: false, fillBefore: null });
  });
});

describe('history through the buffer', () => {
  const channel = Array.from({ length: 40 }, (_, index) => message(index + 1));

  test('GIVEN a channel Ery never saw WHEN two threads read history THEN Discord is asked once, and both see what REST alone returns', async () => {
    const rest = discord(channel);
    const recent = new RecentMessages();
    const history = bufferedHistory(recent, rest.read);
    const signal = new AbortController().signal;
    // The gateway delivers 36..40 after Ery started; 1..35 were sent before.
    for (const m of channel.slice(35)) recent.upsert(m);
    const first = await history({ channelId: CHANNEL, before: '38', limit: 30 }, signal);
    expect(first).toEqual(
      await discord(channel).read({ channelId: CHANNEL, before: '38', limit: 30 }, signal),
    );
    expect(rest.calls).toEqual([{ before: '36', limit: 28 }]);

    const second = await history({ channelId: CHANNEL, before: '40', limit: 30 }, signal);
    expect(second).toEqual(
      await discord(channel).read({ channelId: CHANNEL, before: '40', limit: 30 }, signal),
    );
    expect(rest.calls).toHaveLength(1);
  });

  test('GIVEN a short channel THEN its whole history is served from the buffer after one fill', async () => {
    const short = channel.slice(0, 4);
    const rest = discord(short);
    const recent = new RecentMessages();
    const history = bufferedHistory(recent, rest.read);
    const signal = new AbortController().signal;
    recent.upsert(message(4));
    expect(ids(await history({ channelId: CHANNEL, before: '4', limit: 30 }, signal))).toEqual([1, 2, 3]);
    recent.upsert(message(5));
    expect(ids(await history({ channelId: CHANNEL, before: '5', limit: 30 }, signal))).toEqual([1, 2, 3, 4]);
    expect(rest.calls).toHaveLength(1);
  });

  test('GIVEN Discord fails to fill THEN the read fails and the buffer is left as it was', async () => {
    const recent = new RecentMessages();
    recent.upsert(message(9));
    const history = bufferedHistory(recent, async () => {
      throw new Error('Discord is down');
    });
    const signal = new AbortController().signal;
    await expect(history({ channelId: CHANNEL, before: '9', limit: 30 }, signal)).rejects.toThrow(
      'Discord is down',
    );
    expect(recent.read(CHANNEL, '99', 30).complete).toBe(false);
  });
});

describe('storing the buffer', () => {
  test('GIVEN changes in several channels THEN one flush writes them all, and a new buffer on the same store reads them back', () => {
    const { store, writes } = memoryStore();
    let scheduled = 0;
    const recent = new RecentMessages({ store, onDirty: () => (scheduled += 1) });
    recent.upsert(message(1));
    recent.upsert(message(2));
    recent.upsert({ ...message(3), channelId: '600' });
    recent.fill(CHANNEL, [], 30);
    expect(scheduled).toBe(1);
    recent.flush();
    expect(writes).toHaveLength(1);
    expect(writes[0]?.map((change) => change.channelId).sort()).toEqual(['500', '600']);

    const restarted = new RecentMessages({ store });
    const read = restarted.read(CHANNEL, '99', 30);
    expect(ids(read.messages)).toEqual([1, 2]);
    expect(read.complete).toBe(true);
    expect(restarted.read('600', '99', 30).fillBefore).toBe('3');
  });

  test('GIVEN more channels than memory holds THEN the least recently used leaves memory with its changes stored', () => {
    const { store, buffers } = memoryStore();
    const recent = new RecentMessages({ store, channels: 2 });
    recent.upsert({ ...message(1), channelId: 'a' });
    recent.upsert({ ...message(2), channelId: 'b' });
    recent.upsert({ ...message(3), channelId: 'c' });
    expect(buffers.get('a')?.messages.map((m) => m.id)).toEqual(['1']);
    expect(ids(recent.read('a', '99', 5).messages)).toEqual([1]);
  });

  test('GIVEN a lost gateway session THEN every buffer is forgotten, stored ones too', () => {
    const { store, buffers } = memoryStore();
    const recent = new RecentMessages({ store });
    recent.upsert(message(1));
    recent.fill(CHANNEL, [], 30);
    recent.flush();
    recent.sessionLost();
    expect(buffers.size).toBe(0);
    expect(recent.read(CHANNEL, '99', 30)).toEqual({ messages: [], complete: false, fillBefore: null });
    expect(CHANNEL_START).toBe('0');
  });
});

describe('a gap in what the buffer saw (catch-up read only the newest it missed)', () => {
  test('GIVEN a buffer of 10..13 WHEN it restarts at 20 and 20..21 join THEN history before 22 is 20..21, not complete, and asks Discord for what is before 20; the store forgets 10..13', async () => {
    const { store, buffers } = memoryStore();
    const recent = new RecentMessages({ store });
    for (const id of [10, 11, 12, 13]) recent.upsert(message(id));
    recent.restartAt(CHANNEL, '20');
    recent.upsert(message(20));
    recent.upsert(message(21));
    const read = recent.read(CHANNEL, '22', 5);
    expect(ids(read.messages)).toEqual([20, 21]);
    expect(read).toMatchObject({ complete: false, fillBefore: '20' });
    recent.flush();
    expect(buffers.get(CHANNEL)).toMatchObject({ completeFrom: '20' });
    expect(ids(buffers.get(CHANNEL)?.messages ?? [])).toEqual([20, 21]);
  });

  test('GIVEN a buffer WHEN it restarts at nothing THEN it keeps nothing and claims no completeness', () => {
    const recent = new RecentMessages();
    for (const id of [10, 11]) recent.upsert(message(id));
    recent.restartAt(CHANNEL, null);
    expect(recent.read(CHANNEL, '30', 5)).toEqual({ messages: [], complete: false, fillBefore: null });
  });
});
