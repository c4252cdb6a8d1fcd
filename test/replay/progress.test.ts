import { describe, expect, test } from 'bun:test';
import { Writable } from 'node:stream';
import { loadChannelLog } from '../../src/db/replay-database.ts';
import { replayProgress } from '../../src/replay/progress.ts';
import { buildTimelineAsync } from '../../src/replay/timeline.ts';
import { CHANNEL, recordChannelLife } from './recorded-channel.ts';

/** A writable that records what is written; a terminal when `tty`. */
function sink(tty: boolean) {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as Writable & { isTTY?: boolean; columns?: number; cursorTo?: unknown };
  stream.isTTY = tty;
  stream.columns = 100;
  return { stream, text: () => chunks.join('') };
}

/** A clock the test moves by hand, in ms. */
function handClock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('replay progress', () => {
  test('GIVEN a terminal WHEN the replay takes longer than a moment THEN a bar appears and counts the events', () => {
    const { stream, text } = sink(true);
    const clock = handClock();
    const progress = replayProgress({ label: 'verifying', stream, afterMs: 400, now: clock.now });
    progress.update(200, 1_000);
    expect(text()).toBe('');
    clock.advance(500);
    progress.update(400, 1_000);
    progress.stop();
    expect(text()).toContain('verifying [');
    expect(text()).toContain('400/1000 events');
  });

  test('GIVEN a terminal WHEN the replay is over within the moment THEN nothing is drawn', () => {
    const { stream, text } = sink(true);
    const clock = handClock();
    const progress = replayProgress({ label: 'replaying', stream, afterMs: 400, now: clock.now });
    progress.update(200, 1_000);
    clock.advance(500);
    progress.update(1_000, 1_000);
    progress.stop();
    expect(text()).toBe('');
  });

  test('GIVEN no terminal (a pipe, a log) THEN nothing is drawn however long it takes', () => {
    const { stream, text } = sink(false);
    const clock = handClock();
    const progress = replayProgress({ label: 'replaying', stream, afterMs: 400, now: clock.now });
    clock.advance(10_000);
    progress.update(400, 1_000);
    progress.update(800, 1_000);
    progress.stop();
    expect(text()).toBe('');
  });

  test('GIVEN the bar showing THEN it takes no signal: Ctrl-C still stops the replay, and stop() shows the cursor again', () => {
    const { stream, text } = sink(true);
    const clock = handClock();
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const progress = replayProgress({ label: 'replaying', stream, afterMs: 0, now: clock.now });
    clock.advance(1);
    progress.update(10, 1_000);
    expect(text()).toContain('\u001b[?25l');
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
    progress.stop();
    expect(text()).toContain('\u001b[?25h');
  });
});

describe('a long replay', () => {
  test('GIVEN a timeline built for the CLI THEN it hands the event loop back as it goes, so a signal is heard before it ends', async () => {
    const { db } = await recordChannelLife();
    const log = loadChannelLog(db.$client, CHANNEL, ':memory:');
    db.$client.close();
    let turns = 0;
    let done = false;
    const tick = () => {
      turns += 1;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    let heard = 0;
    await buildTimelineAsync(log, {
      every: 1,
      onProgress: () => {
        heard = turns;
      },
    });
    done = true;
    // Other callbacks ran while the replay was under way, not only once it was over.
    expect(heard).toBeGreaterThan(0);
  });
});
