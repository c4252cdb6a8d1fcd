import type { APIMessage, Client, Message, TextBasedChannel } from 'discord.js';
import { cleanCacheFields } from './cache-shape.ts';

/*
 * Work-arounds for two things discord.js 14.28 does with a raw message (src/structures/Message.js):
 * - it builds `messageSnapshots` by `channel.messages._add(...)` under the ORIGINAL's id, so every
 *   forward of one original shares one cached object, patched in place by the last one seen: an
 *   older forward then shows the newer text, and fields of another snapshot (a poll) leak in. Ery
 *   keeps each forward's own raw `message_snapshots`, keyed by the forwarding message's id, and
 *   reads parts from a snapshot built apart from the cache (see {@link ownSnapshots}).
 * - a shape it cannot build (`flags: -1`, `embeds: null`) throws out of the gateway handler or out
 *   of a whole history fetch; Ery builds each message itself so only that one is lost.
 */

/** One entry of a message's raw `message_snapshots`. */
type RawSnapshot = { message?: Record<string, unknown> };

/** How many forwards' raw snapshots are remembered per client. */
const CAPACITY = 2000;

const stores = new WeakMap<Client, Map<string, RawSnapshot[]>>();

function storeOf(client: Client): Map<string, RawSnapshot[]> {
  let store = stores.get(client);
  if (!store) {
    store = new Map();
    stores.set(client, store);
  }
  return store;
}

/**
 * Remembers the raw `message_snapshots` of message `raw` (a gateway dispatch's `d`, or a REST
 * message) for {@link ownSnapshots}; a message without snapshots is ignored. Oldest evicted first.
 */
export function rememberSnapshots(client: Client, raw: unknown): void {
  if (typeof raw !== 'object' || raw === null) return;
  const { id, message_snapshots: snapshots } = raw as { id?: unknown; message_snapshots?: unknown };
  if (typeof id !== 'string' || !Array.isArray(snapshots)) return;
  const store = storeOf(client);
  store.delete(id);
  store.set(id, snapshots as RawSnapshot[]);
  if (store.size > CAPACITY) {
    const oldest = store.keys().next().value;
    if (oldest !== undefined) store.delete(oldest);
  }
}

/** A forwarded message as discord.js types it. */
type Snapshot = Message['messageSnapshots'] extends Map<string, infer S> ? S : never;

type Buildable = { _add(data: unknown, cache?: boolean): Message };

/**
 * The snapshots `message` forwards, each built from that message's own raw data and never cached,
 * so two forwards of one original each show their own. Falls back to discord.js's (shared) ones
 * when the raw data was never seen. Throws when discord.js cannot build a snapshot.
 */
export function ownSnapshots(message: Message): Snapshot[] {
  const raw = stores.get(message.client)?.get(message.id);
  if (!raw) return [...message.messageSnapshots.values()];
  const reference = message.reference;
  // discord.js's Message constructor is private in its typings; it is the class of `message`.
  const Build = message.constructor as new (client: Client, data: unknown) => Snapshot;
  return raw.map(
    (snapshot) =>
      new Build(message.client, {
        ...snapshot.message,
        id: reference?.messageId ?? message.id,
        channel_id: reference?.channelId ?? message.channelId,
        guild_id: reference?.guildId ?? message.guildId,
      }),
  );
}

/**
 * Builds (and caches) a discord.js message of `channel` from raw API data, remembering its
 * snapshots first and removing fields that would poison the user and member caches (cache-shape.ts).
 * Throws a TypeError for a message without an author id, and what discord.js throws for a shape it
 * cannot build.
 */
export function buildMessage(channel: TextBasedChannel, raw: APIMessage): Message {
  if (cleanCacheFields(raw as unknown as Record<string, unknown>) === null) {
    throw new TypeError(`message ${String(raw.id)} has no author with an id`);
  }
  rememberSnapshots(channel.client, raw);
  // `_add` is discord.js's own way in (MessageManager._fetchMany); private in its typings.
  return (channel.messages as unknown as Buildable)._add(raw, true);
}

/**
 * Why discord.js cannot build message `raw` (checked on a copy that is not cached), or null when it
 * can.
 */
export function unbuildableReason(channel: TextBasedChannel, raw: unknown): string | null {
  try {
    (channel.messages as unknown as Buildable)._add(raw, false);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
