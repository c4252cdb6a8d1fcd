import { type APIMessage, type Client, type Message, makeURLSearchParams, Routes } from 'discord.js';
import { compareSnowflakes } from '../domain/snowflake-order.ts';
import type { Logger } from '../logger.ts';
import { step } from './abort.ts';
import { resolveTextChannel } from './action-support.ts';
import type { HistoryFeed } from './history-feed.ts';
import { isHistoryMessage, toHistoryMessage } from './info.ts';
import { buildMessage } from './raw-messages.ts';

/** Discord's largest page of channel messages (Get Channel Messages, `limit` 1–100). */
const PAGE = 100;

/** What to read of one channel after downtime. */
export interface MissedRead {
  /** Read messages newer than this id: the oldest of what the channel's snapshot and buffer hold. */
  after: string;
  /** Read at most this many messages, the newest first (`ERY_CATCHUP_MAX_MESSAGES`). */
  limit: number;
  /** Stop at messages older than this time, in ms since the epoch (`ERY_CATCHUP_MAX_AGE_MS`). */
  notBefore: number;
  signal?: AbortSignal;
}

/** The messages a channel got after `after`, oldest first, and whether more were left unread. */
export interface MissedMessages {
  messages: Message[];
  /**
   * Why the read stopped before reaching `after`: `count` (the limit), `age` (older than
   * `notBefore`), or null when every message since `after` is in `messages`.
   */
  cutShort: 'count' | 'age' | null;
}

/**
 * Reads what a channel received since `after`, newest page first (Get Channel Messages with
 * `before`, Discord API reference), so that when a bound cuts the read short it is the oldest
 * messages that are left out, never the newest. One request per 100 messages; a message
 * discord.js cannot build is logged and left out, costing only itself.
 *
 * @throws the discord.js error of a failed request (missing access, an unknown channel), or the
 *   abort reason when `signal` fires.
 */
export async function readMissed(
  client: Client,
  channelId: string,
  read: MissedRead,
  logger: Logger,
): Promise<MissedMessages> {
  const channel = await step(read.signal, () => resolveTextChannel(client, channelId));
  const found: Message[] = [];
  let before: string | undefined;
  let cutShort: MissedMessages['cutShort'] = null;
  for (;;) {
    const limit = Math.min(PAGE, read.limit - found.length);
    if (limit <= 0) {
      cutShort = 'count';
      break;
    }
    const raw = (await step(read.signal, () =>
      client.rest.get(Routes.channelMessages(channelId), {
        query: makeURLSearchParams({ limit, ...(before ? { before } : {}) }),
      }),
    )) as APIMessage[];
    // Discord answers newest first; sorted anyway, and an entry with no id cannot be placed.
    const page = raw
      .filter((data) => typeof data?.id === 'string' && /^\d+$/.test(data.id))
      .sort((a, b) => compareSnowflakes(b.id, a.id))
      .flatMap((data) => buildOne(channel, data, logger));
    let reachedAfter = false;
    for (const message of page) {
      if (compareSnowflakes(message.id, read.after) <= 0) {
        reachedAfter = true;
        break;
      }
      if (message.createdTimestamp < read.notBefore) {
        cutShort = 'age';
        break;
      }
      found.push(message);
    }
    if (reachedAfter || cutShort !== null || raw.length < limit) break;
    const oldest = page.at(-1)?.id;
    if (oldest === undefined) break;
    before = oldest;
  }
  return { messages: found.reverse(), cutShort };
}

function buildOne(channel: Parameters<typeof buildMessage>[0], data: APIMessage, logger: Logger): Message[] {
  try {
    return [buildMessage(channel, data)];
  } catch (error) {
    logger.warn(
      { event: 'discord.catchup.message_unreadable', messageId: data?.id, channelId: channel.id, err: error },
      'missed message left out of catch-up: discord.js cannot read its shape',
    );
    return [];
  }
}

/** What {@link catchUpChannel} feeds: a message the connection takes as if the gateway sent it. */
export interface CatchUpFeed {
  /** Takes a missed message as a MESSAGE_CREATE; false when it is not fed (Ery's own, a bot's, a copy). */
  take(message: Message): boolean;
  history?: HistoryFeed;
}

/** One channel's catch-up, as its log line reports it. */
export interface ChannelCatchUp {
  channelId: string;
  /** Messages read from Discord. */
  read: number;
  /** Messages fed through the normal path (new to Ery, not its own, not a copy). */
  fed: number;
  /** Why older messages were left unread, if they were (see {@link MissedMessages.cutShort}). */
  cutShort: MissedMessages['cutShort'];
}

/**
 * Catches one channel up after downtime (issue 11 §1): reads what it got since `after`
 * ({@link readMissed}) and, oldest first, feeds each message newer than `feedAfter` — the newest
 * id the channel's persisted snapshot holds — through the normal path, where ids already seen are
 * dropped, so nothing is answered twice. The rest (older than `feedAfter`, Ery's own, bots') only
 * joins the recent-message buffer. When a bound cut the read short, the buffer restarts at the
 * oldest message read, and when the read failed it keeps nothing, so history never joins two
 * ranges with a gap between them.
 */
export async function catchUpChannel(
  client: Client,
  channelId: string,
  plan: MissedRead & { feedAfter: string | null },
  feed: CatchUpFeed,
  logger: Logger,
): Promise<ChannelCatchUp> {
  let missed: MissedMessages;
  try {
    missed = await readMissed(client, channelId, plan, logger);
  } catch (error) {
    // What it missed is unknown: its history must not claim to be whole.
    feed.history?.restartAt(channelId, null);
    throw error;
  }
  if (missed.cutShort !== null) feed.history?.restartAt(channelId, missed.messages[0]?.id ?? null);
  let fed = 0;
  for (const message of missed.messages) {
    const fresh = plan.feedAfter === null || compareSnowflakes(message.id, plan.feedAfter) > 0;
    if (fresh && feed.take(message)) {
      fed += 1;
      continue;
    }
    if (message.inGuild() && isHistoryMessage(message))
      feed.history?.upsert(toHistoryMessage(message, logger));
  }
  return { channelId, read: missed.messages.length, fed, cutShort: missed.cutShort };
}
