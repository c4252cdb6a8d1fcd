import type { ChannelCatchUp, MissedRead } from '../discord/catch-up.ts';
import { compareSnowflakes } from '../domain/snowflake-order.ts';
import type { Logger } from '../logger.ts';
import type { CatchUpSources, KnownChannel } from './catch-up-sources.ts';

/** Known channels read from storage at a time. */
const PAGE = 500;
/** Channels read from Discord at once: REST's 50 requests/s are shared with live replies. */
const CONCURRENCY = 4;

/** The Discord side of catch-up (src/discord/connection.ts). */
export interface CatchUpDiscord {
  /** Ery's user id (once logged in). */
  readonly botUserId: string;
  lastMessageIdOf(channelId: string): string | null | undefined;
  catchUp(channelId: string, plan: MissedRead & { feedAfter: string | null }): Promise<ChannelCatchUp>;
}

/** Options of {@link catchUp}. */
export interface CatchUpOptions {
  sources: CatchUpSources;
  discord: CatchUpDiscord;
  /** `ERY_CATCHUP_MAX_MESSAGES`: messages read per channel at most; 0 turns catch-up off. */
  maxMessages: number;
  /** `ERY_CATCHUP_MAX_AGE_MS`: messages older than this are not read. */
  maxAgeMs: number;
  /** ms since the epoch. */
  now: () => number;
  logger: Logger;
  signal?: AbortSignal;
}

/** What one catch-up did, as its closing log line says. */
export interface CatchUpReport {
  /** Known channels whose newest message was newer than what Ery had (one read each). */
  behind: number;
  read: number;
  fed: number;
  /** Channels whose older missed messages were left unread by a bound. */
  cutShort: number;
  failed: number;
}

/**
 * Catch-up after downtime (issue 11 §1; Discord replays missed events only within one gateway
 * session): for every channel Ery has served, compares the newest message the gateway reports
 * (GUILD_CREATE's `last_message_id`, no request) with the newest Ery stored; only a channel that
 * is behind is read from Discord, oldest first, through the normal path (./../discord/catch-up.ts).
 * Channels Ery has never seen are not scanned. Bounded by age and count per channel; what a bound
 * left unread is logged. A channel that fails is logged and skipped; the rest go on.
 */
export async function catchUp(options: CatchUpOptions): Promise<CatchUpReport> {
  const { logger, signal } = options;
  const report: CatchUpReport = { behind: 0, read: 0, fed: 0, cutShort: 0, failed: 0 };
  if (options.maxMessages === 0) return report;
  const notBefore = options.now() - options.maxAgeMs;
  const started = options.now();
  let after: string | null = null;
  for (;;) {
    if (signal?.aborted) break;
    // A page at a time, yielding between pages: with 100,000 stored channels the reads would
    // otherwise hold the event loop while resumed threads wait to reach the model.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const known = options.sources.knownChannels(after, PAGE, options.discord.botUserId);
    if (known.length === 0) break;
    after = known.at(-1)?.channelId ?? null;
    const behind = known.flatMap((channel) => planFor(channel, options.discord));
    report.behind += behind.length;
    await eachLimited(behind, CONCURRENCY, async ({ channel, from }) => {
      if (signal?.aborted) return;
      try {
        const done = await options.discord.catchUp(channel.channelId, {
          after: from,
          feedAfter: channel.lastMessageId ?? channel.newestSeenId,
          limit: options.maxMessages,
          notBefore,
          ...(signal ? { signal } : {}),
        });
        report.read += done.read;
        report.fed += done.fed;
        if (done.cutShort !== null) {
          report.cutShort += 1;
          logger.warn(
            {
              event: 'catchup.skipped',
              channelId: channel.channelId,
              reason: done.cutShort,
              read: done.read,
            },
            done.cutShort === 'count'
              ? `read the newest ${done.read} messages missed in this channel (ERY_CATCHUP_MAX_MESSAGES); older ones were skipped`
              : `missed messages older than ERY_CATCHUP_MAX_AGE_MS were skipped in this channel; ${done.read} newer were read`,
          );
        }
      } catch (error) {
        if (signal?.aborted) return;
        report.failed += 1;
        logger.warn(
          { event: 'catchup.channel_failed', channelId: channel.channelId, err: error },
          'could not read what this channel got while Ery was away; skipped',
        );
      }
    });
  }
  logger.info(
    { event: 'catchup.done', ...report, ms: options.now() - started },
    `caught up: ${report.fed} missed messages fed from ${report.behind} channels`,
  );
  return report;
}

/**
 * Where to read a known channel from, or nothing when it has nothing to feed: Discord reports no
 * message newer than the newest Ery stored, and every stored message of others is in the actor's
 * snapshot already (a crash can store one for history but not yet in the snapshot).
 */
function planFor(
  channel: KnownChannel,
  discord: CatchUpDiscord,
): Array<{ channel: KnownChannel; from: string }> {
  const live = discord.lastMessageIdOf(channel.channelId);
  const { lastMessageId: cursor, newestOthersId: others } = channel;
  const ids = [cursor, channel.newestSeenId].filter((id): id is string => id !== null);
  if (live === undefined || live === null || ids.length === 0) return [];
  const newest = ids.reduce((a, b) => (compareSnowflakes(a, b) >= 0 ? a : b));
  const unfed = cursor !== null && others !== null && compareSnowflakes(others, cursor) > 0;
  if (!unfed && compareSnowflakes(live, newest) <= 0) return [];
  // From the older of the two, so the buffer joins what it had without a gap.
  const from = ids.reduce((a, b) => (compareSnowflakes(a, b) <= 0 ? a : b));
  return [{ channel, from }];
}

/** Runs `work` on every item, at most `limit` at a time. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
