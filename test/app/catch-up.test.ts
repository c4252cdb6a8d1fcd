import { describe, expect, test } from 'bun:test';
import { type CatchUpDiscord, catchUp } from '../../src/app/catch-up.ts';
import type { KnownChannel } from '../../src/app/catch-up-sources.ts';
import type { MissedRead } from '../../src/discord/catch-up.ts';
import { captureLogger } from '../support/capture-logger.ts';

const known = (channelId: string, fields: Partial<KnownChannel>): KnownChannel => ({
  channelId,
  lastMessageId: null,
  newestSeenId: null,
  newestOthersId: null,
  ...fields,
});

/** Ery's ports for catch-up over `channels` and what Discord reports as each channel's newest id. */
function run(channels: KnownChannel[], live: Record<string, string | null>, fail: string[] = []) {
  const reads: Array<{ channelId: string } & MissedRead & { feedAfter: string | null }> = [];
  const discord: CatchUpDiscord = {
    botUserId: '900',
    lastMessageIdOf: (channelId) => live[channelId],
    async catchUp(channelId, plan) {
      reads.push({ channelId, ...plan });
      if (fail.includes(channelId)) throw new Error('Missing Access');
      return { channelId, read: 1, fed: 1, cutShort: null };
    },
  };
  const { logger, lines } = captureLogger();
  const sources = {
    knownChannels: (after: string | null, limit: number) =>
      channels.filter((c) => after === null || c.channelId > after).slice(0, limit),
  };
  const report = catchUp({
    sources,
    discord,
    maxMessages: 100,
    maxAgeMs: 60_000,
    now: () => 1_000_000,
    logger,
  });
  return { report, reads, lines };
}

describe('GIVEN the channels Ery stored and what the gateway reports', () => {
  test('WHEN nothing is newer than what Ery stored, its own reply included THEN no channel is read', async () => {
    const { report, reads } = run(
      [known('1', { lastMessageId: '100', newestSeenId: '101', newestOthersId: '100' })],
      { '1': '101' },
    );
    expect(await report).toMatchObject({ behind: 0, fed: 0 });
    expect(reads).toEqual([]);
  });

  test('WHEN the gateway reports a newer message THEN the channel is read from the older of snapshot and buffer, fed after the snapshot', async () => {
    const { report, reads } = run([known('1', { lastMessageId: '100', newestSeenId: '101' })], {
      '1': '105',
    });
    expect(await report).toMatchObject({ behind: 1, read: 1, fed: 1 });
    expect(reads[0]).toMatchObject({
      channelId: '1',
      after: '100',
      feedAfter: '100',
      limit: 100,
      notBefore: 940_000,
    });
  });

  test('WHEN a message of others was stored for history but not in the snapshot (a crash between the two) THEN the channel is read though nothing is newer', async () => {
    const { report, reads } = run(
      [known('1', { lastMessageId: '100', newestSeenId: '102', newestOthersId: '102' })],
      { '1': '102' },
    );
    await report;
    expect(reads).toEqual([expect.objectContaining({ after: '100', feedAfter: '100' })]);
  });

  test('WHEN a channel cannot be seen, or Ery has no id for it THEN it is not read', async () => {
    const { report, reads } = run([known('1', { lastMessageId: '100' }), known('2', {})], { '2': '500' });
    await report;
    expect(reads).toEqual([]);
  });

  test('WHEN one channel fails THEN it is logged and the others are still read', async () => {
    const { report, reads, lines } = run(
      [known('1', { lastMessageId: '100' }), known('2', { lastMessageId: '200' })],
      { '1': '150', '2': '250' },
      ['1'],
    );
    expect(await report).toMatchObject({ behind: 2, failed: 1, fed: 1 });
    expect(reads.map((read) => read.channelId)).toEqual(['1', '2']);
    expect(lines.find((line) => line.event === 'catchup.channel_failed')).toMatchObject({ channelId: '1' });
  });
});
