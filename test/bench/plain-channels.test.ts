/**
 * The plain baseline must do the channel contract's job, or the cost it shows for the actor model
 * means nothing: batches by size, window and mention, one thread per channel with messages queued
 * meanwhile, the queue as the next batch after cooldown, run permits, and each change stored once.
 */
import { describe, expect, test } from 'bun:test';
import { PlainChannels, type PlainWrite } from '../../bench/support/plain-channels.ts';
import { plainMessage } from '../../bench/support/plain-message.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import type { ChatMessage } from '../../src/domain/message.ts';

interface Call {
  channelId: string;
  ids: string[];
  end: () => void;
}

function harness(
  settings: Partial<typeof DEFAULT_CHANNEL_SETTINGS>,
  limits = { maxRunning: 8, maxRunningPerGuild: 8 },
) {
  const calls: Call[] = [];
  const writes: PlainWrite[] = [];
  const channels = new PlainChannels({
    settings: { ...DEFAULT_CHANNEL_SETTINGS, cooldownMs: 0, ...settings },
    limits,
    agent: ({ channelId, messages }) =>
      new Promise<void>((resolve) => calls.push({ channelId, ids: messages.map((m) => m.id), end: resolve })),
    persist: (write) => writes.push(write),
  });
  return { channels, calls, writes };
}

const message = (n: number, channel = 'a', mentionsBot = false): ChatMessage =>
  plainMessage(n, channel, '10', mentionsBot);
const until = async (done: () => boolean) => {
  while (!done()) await Bun.sleep(1);
};

describe('plain channels (the benchmark baseline)', () => {
  test('GIVEN a batch size of 3 THEN the third message starts one thread with all three', async () => {
    const { channels, calls } = harness({ batchSize: 3 });
    for (const n of [1, 2]) channels.receive(message(n));
    expect(calls).toHaveLength(0);
    channels.receive(message(3));
    expect(calls.map((call) => call.ids)).toEqual([[message(1).id, message(2).id, message(3).id]]);
  });

  test('GIVEN a mention THEN the batch so far runs at once', () => {
    const { channels, calls } = harness({});
    channels.receive(message(1));
    channels.receive(message(2, 'a', true));
    expect(calls.map((call) => call.ids)).toEqual([[message(1).id, message(2).id]]);
  });

  test('GIVEN a short window THEN the batch runs when it passes, with what came meanwhile', async () => {
    const { channels, calls } = harness({ batchWindowMs: 20 });
    channels.receive(message(1));
    channels.receive(message(2));
    await until(() => calls.length === 1);
    expect(calls[0]?.ids).toEqual([message(1).id, message(2).id]);
  });

  test('GIVEN a running thread THEN messages queue, never start a second thread, and become the next batch after cooldown', async () => {
    const { channels, calls } = harness({ batchSize: 1 });
    channels.receive(message(1));
    channels.receive(message(2));
    channels.receive(message(3));
    channels.receive(message(2));
    expect(calls).toHaveLength(1);
    calls[0]?.end();
    await until(() => calls.length === 2);
    expect(calls[1]?.ids).toEqual([message(2).id, message(3).id]);
  });

  test('GIVEN one permit THEN a second ready channel waits for the first thread to end', async () => {
    const { channels, calls } = harness({ batchSize: 1 }, { maxRunning: 1, maxRunningPerGuild: 1 });
    channels.receive(message(1, 'a'));
    channels.receive(message(2, 'b'));
    expect(calls.map((call) => call.channelId)).toEqual(['a']);
    calls[0]?.end();
    await until(() => calls.length === 2);
    expect(calls[1]?.channelId).toBe('b');
  });

  test('GIVEN messages in one tick THEN one write stores each message once and every channel they changed', async () => {
    const { channels, writes } = harness({});
    channels.receive(message(1, 'a'));
    channels.receive(message(2, 'b'));
    channels.receive(message(1, 'a'));
    await until(() => writes.length === 1);
    expect(writes[0]?.messages.map((m) => m.id)).toEqual([message(1).id, message(2).id]);
    expect(writes[0]?.channels.map((c) => c.channelId).sort()).toEqual(['a', 'b']);
    expect(JSON.parse(writes[0]?.channels[0]?.state ?? '{}')).toMatchObject({ state: 'batching' });
  });
});
