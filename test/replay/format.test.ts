import { describe, expect, test } from 'bun:test';
import { parseBound } from '../../src/commands/replay-options.ts';
import { printable } from '../../src/domain/printable.ts';
import { formatTimeline, formatVerification } from '../../src/replay/format.ts';
import type { Timeline, TimelineStep } from '../../src/replay/timeline.ts';

const ESC = '\u001b';
/** What an evil model and an evil user recorded: colours, a title, an OSC 52 clipboard write, a carriage return, a bidi override. */
const EVIL = `${ESC}]0;PWNED\u0007${ESC}[41mRED${ESC}[0m\r${ESC}]52;c;ZXZpbA==\u0007\u202Egnp.exe`;

function step(seq: number, extra: Partial<TimelineStep> = {}): TimelineStep {
  return {
    seq,
    at: Date.UTC(2025, 4, 1),
    time: '2025-05-01T00:00:00.000Z',
    event: 'message.received',
    detail: `${EVIL}: "hello"`,
    before: 'idle',
    after: 'batching',
    batch: 1,
    queue: 0,
    thread: null,
    ...extra,
  };
}

function timeline(steps: TimelineStep[]): Timeline {
  return {
    channelId: '100',
    guildId: '10',
    log: { events: steps.length, firstSeq: 1, lastSeq: steps.at(-1)?.seq ?? 1, firstAt: 0, lastAt: 0 },
    steps,
    threads: [
      {
        id: 't1',
        trigger: 'mention',
        status: 'failed',
        messages: 1,
        startSeq: 1,
        endSeq: 2,
        startedAt: 0,
        endedAt: 1,
        interruptions: [],
        error: `failed ${EVIL}`,
        steps: [
          {
            step: 1,
            kind: 'model',
            at: 0,
            model: `evil${ESC}[5mBLINK`,
            text: EVIL,
            calls: [{ id: 'c', name: `inv_${EVIL}`, arguments: '{}' }],
            usage: { promptTokens: 1, completionTokens: 1 },
          },
          { step: 1, kind: 'tool', at: 0, callId: 'c', decision: 'invalid', ok: false, result: EVIL },
        ],
      },
    ],
  };
}

/** No character a terminal would act on, a line break aside. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose
const obeyable = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('ery replay’s text output', () => {
  test('GIVEN model names, tool names, tool results, thread errors and messages with escape sequences THEN each is printed escaped, never obeyed', () => {
    const text = formatTimeline(timeline([step(1), step(2)]), {
      withThreads: true,
      verdicts: { t1: `replays ${EVIL}` },
    });
    expect(text).not.toMatch(obeyable);
    expect(text).toContain('\\x1b]0;PWNED\\x07\\x1b[41mRED');
    expect(text).toContain('\\r');
    expect(text).toContain('\\u202egnp.exe');
    expect(text).toContain('evil\\x1b[5mBLINK');
    const verification = formatVerification({
      channelId: '100',
      ok: false,
      checked: { events: 1, checkpoints: 1, snapshots: 0, restores: 0, threads: 1 },
      divergence: { seq: 2, event: 'x', against: 'thread', differences: [`thread t1: ${EVIL}`] },
      divergences: 1,
      unverified: [EVIL],
      threads: [],
    });
    expect(verification).not.toMatch(obeyable);
    expect(printable('a\nb\tc')).toBe('a\\nb\\tc');
  });

  test('GIVEN sequence numbers past 99999 THEN the seq column is as wide as the widest, and every line lines up', () => {
    const text = formatTimeline(timeline([step(99_998), step(100_000), step(1_234_567)]));
    const rows = text.split('\n').filter((line) => /^\s*(seq|\d+)\s/.test(line));
    const starts = rows.map((line) => line.indexOf('  ', line.search(/\S/)));
    expect(rows).toHaveLength(4);
    expect(new Set(starts).size).toBe(1);
  });
});

describe('--from and --to', () => {
  test.each([
    ['2025-02-30', 'is no date: 2025-02 has 28 days'],
    ['2024-02-30', 'is no date: 2024-02 has 29 days'],
    ['2025-13-01', 'is no date: there is no month 13'],
    ['2025-05-01T24:00', 'is no time of day'],
    ['999999999999999999999', 'is past the largest event number (9007199254740991)'],
  ])('GIVEN %s THEN it is refused saying why, not read as another date or #1e+21', (text, says) => {
    expect(() => parseBound(text, '--from')).toThrow(`--from ${JSON.stringify(text)} ${says}`);
  });

  test('GIVEN real dates, times and event numbers THEN they are read as before', () => {
    expect(parseBound('2024-02-29', '--from')).toEqual({ at: Date.UTC(2024, 1, 29) });
    expect(parseBound('2025-05-01 10:00:01.120', '--to')).toEqual({
      at: Date.UTC(2025, 4, 1, 10, 0, 1, 120),
    });
    expect(parseBound('2025-05-01T10:00+02:00', '--to')).toEqual({ at: Date.UTC(2025, 4, 1, 8) });
    expect(parseBound('#9007199254740991', '--to')).toEqual({ seq: Number.MAX_SAFE_INTEGER });
  });
});
