import { describe, expect, test } from 'bun:test';
import { type ActorSummary, passiveSummary } from '../../../src/app/ops-actors.ts';
import { describeStatus } from '../../../src/app/slash/status-report.ts';
import { MAX_MESSAGE_LENGTH } from '../../../src/domain/discord-limits.ts';

const id = (n: number) => String(100_000_000_000_000_000n + BigInt(n));

/** A live channel actor in `state`, with a thread when running. */
function live(n: number, state: ActorSummary['state']): ActorSummary {
  return {
    ...passiveSummary({ channelId: id(n), guildId: 'g', reapAt: 0 }),
    passive: undefined,
    state,
    thread:
      state === 'running' ? { id: `thread-${'x'.repeat(36)}-${n}`, trigger: 'mention', startedAt: 0 } : null,
  };
}

describe('/ery status in words', () => {
  test('GIVEN many stored idle channels with lower ids THEN the busy channel is listed first, not cut off', () => {
    const stored = Array.from({ length: 25 }, (_, n) =>
      passiveSummary({ channelId: id(n), guildId: 'g', reapAt: 0 }),
    );
    const text = describeStatus([...stored, live(99, 'batching')], [], 0);
    const lines = text.split('\n');
    expect(lines[1]).toContain(`#${id(99)}: batching`);
    expect(text).toContain('… and 11 more');
  });

  test('GIVEN 30 running threads in channels with 100-character names THEN the answer fits one Discord message', () => {
    const actors = Array.from({ length: 30 }, (_, n) => live(n, 'running'));
    const channels = actors.map((a, n) => ({ id: a.channelId, name: `${'long-name-'.repeat(10)}${n}` }));
    const text = describeStatus(actors, channels, 5_000);
    expect(text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(text).toContain('**Running threads**: 30');
    expect(text).toContain('… and 25 more');
  });
});
