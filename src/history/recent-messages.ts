import type { HistoryFeed } from '../discord/history-feed.ts';
import type { HistoryMessage } from '../discord/port.ts';
import { compareSnowflakes } from '../domain/snowflake-order.ts';
import type { BufferChange, RecentMessageStore, StoredBuffer } from './recent-message-store.ts';

/** Messages kept per channel: the history a thread reads (30) plus room for its batch. */
export const DEFAULT_BUFFER_CAPACITY = 50;
/** Channels whose buffers stay in memory; the least recently used are dropped (still stored). */
export const DEFAULT_BUFFERED_CHANNELS = 1_000;
/** `completeFrom` when the buffer reaches back to the channel's first message. */
export const CHANNEL_START = '0';

interface Buffer extends StoredBuffer {
  /** Changes not yet written to the store. */
  pending: BufferChange | null;
}

/** Options of {@link RecentMessages}. */
export interface RecentMessagesOptions {
  store?: RecentMessageStore;
  /** Messages kept per channel (default {@link DEFAULT_BUFFER_CAPACITY}). */
  capacity?: number;
  /** Channels kept in memory (default {@link DEFAULT_BUFFERED_CHANNELS}). */
  channels?: number;
  /** Called when the first change after a flush is made: schedule {@link RecentMessages.flush}. */
  onDirty?: () => void;
}

/**
 * A bounded buffer of each channel's recent messages, fed by what the gateway delivers anyway
 * (creates, edits, deletes, Ery's own sends), so a thread reads its history without REST (issue
 * 10). Each buffer knows how far back it is complete (`completeFrom`): everything the gateway
 * delivered since the first message it saw, or since a REST fill, is there. Changes are written to
 * the store by {@link flush}, in one transaction.
 */
export class RecentMessages implements HistoryFeed {
  readonly #buffers = new Map<string, Buffer>();
  readonly #dirty = new Set<Buffer>();
  readonly #store: RecentMessageStore | undefined;
  readonly #capacity: number;
  readonly #channels: number;
  readonly #onDirty: (() => void) | undefined;

  constructor(options: RecentMessagesOptions = {}) {
    this.#store = options.store;
    this.#capacity = Math.max(1, options.capacity ?? DEFAULT_BUFFER_CAPACITY);
    this.#channels = Math.max(1, options.channels ?? DEFAULT_BUFFERED_CHANNELS);
    this.#onDirty = options.onDirty;
  }

  /** A message created or edited. A message older than what the buffer covers is ignored. */
  upsert(message: HistoryMessage): void {
    const buffer = this.#buffer(message.channelId);
    const at = indexOf(buffer.messages, message.id);
    if (at.found) {
      buffer.messages[at.index] = message;
    } else {
      if (buffer.completeFrom === null) buffer.completeFrom = message.id;
      // Below the complete range it would claim a completeness the buffer does not have.
      if (compareSnowflakes(message.id, buffer.completeFrom) < 0) return;
      buffer.messages.splice(at.index, 0, message);
    }
    this.#change(buffer, message.channelId).upserts.push(message);
    this.#trim(buffer, message.channelId);
  }

  /**
   * Messages deleted in a channel (one, or a bulk delete): each stays in its place marked
   * `deleted`, its text and parts gone, so history shows that it was deleted (issue 12 §1).
   */
  remove(channelId: string, ids: readonly string[]): void {
    const buffer = this.#buffer(channelId);
    const gone = new Set(ids);
    buffer.messages = buffer.messages.map((message) => {
      if (!gone.has(message.id) || message.deleted) return message;
      const { parts: _parts, ...kept } = message;
      const tombstone: HistoryMessage = { ...kept, content: '', deleted: true };
      this.#change(buffer, channelId).upserts.push(tombstone);
      return tombstone;
    });
  }

  /**
   * Up to `limit` messages older than `before`, oldest first. `complete` says whether that is all
   * there is to know without asking Discord. When it is not, `fillBefore` is the id to ask Discord
   * for older messages before, so that they join the buffer's complete range ({@link fill}); null
   * when `before` lies outside that range, where REST's answer cannot join it.
   */
  read(
    channelId: string,
    before: string,
    limit: number,
  ): { messages: HistoryMessage[]; complete: boolean; fillBefore: string | null } {
    const buffer = this.#buffer(channelId);
    const end = indexOf(buffer.messages, before).index;
    const messages = buffer.messages.slice(Math.max(0, end - limit), end);
    const from = buffer.completeFrom;
    const complete = messages.length >= limit || from === CHANNEL_START;
    const joins = from !== null && compareSnowflakes(before, from) >= 0;
    return { messages, complete, fillBefore: complete || !joins ? null : from };
  }

  /**
   * Adds what REST returned for messages before `fillBefore` (`older`, any order; see
   * {@link read}) and moves `completeFrom` back: to the channel's start when Discord had fewer
   * than `asked`.
   */
  fill(channelId: string, older: readonly HistoryMessage[], asked: number): void {
    const buffer = this.#buffer(channelId);
    const change = this.#change(buffer, channelId);
    for (const message of older) {
      const at = indexOf(buffer.messages, message.id);
      if (at.found) continue;
      buffer.messages.splice(at.index, 0, message);
      change.upserts.push(message);
    }
    const oldest = buffer.messages[0]?.id ?? null;
    buffer.completeFrom = older.length < asked || oldest === null ? CHANNEL_START : oldest;
    change.completeFrom = buffer.completeFrom;
    this.#trim(buffer, channelId);
  }

  /**
   * The channel's history has a gap before `fromId` (catch-up read only the newest of what it
   * missed): messages older than `fromId` leave the buffer, which is complete from `fromId` on;
   * with null the buffer keeps nothing and knows nothing complete.
   */
  restartAt(channelId: string, fromId: string | null): void {
    const buffer = this.#buffer(channelId);
    const kept =
      fromId === null ? [] : buffer.messages.filter((message) => compareSnowflakes(message.id, fromId) >= 0);
    const dropped = buffer.messages.filter((message) => !kept.includes(message));
    buffer.messages = kept;
    buffer.completeFrom = fromId;
    const change = this.#change(buffer, channelId);
    change.removals.push(...dropped.map((message) => message.id));
  }

  /** Forgets every buffer, in memory and stored: the gateway may have missed messages. */
  sessionLost(): void {
    this.#buffers.clear();
    this.#dirty.clear();
    this.#store?.clear();
  }

  /** Writes every change since the last flush to the store in one call. */
  flush(): void {
    if (this.#dirty.size === 0) return;
    const changes = [...this.#dirty].flatMap((buffer) => (buffer.pending ? [buffer.pending] : []));
    for (const buffer of this.#dirty) buffer.pending = null;
    this.#dirty.clear();
    this.#store?.write(changes);
  }

  /** Whether any change waits for {@link flush}. */
  get dirty(): boolean {
    return this.#dirty.size > 0;
  }

  #buffer(channelId: string): Buffer {
    let buffer = this.#buffers.get(channelId);
    if (buffer) {
      // Most recently used last, so eviction takes the first.
      this.#buffers.delete(channelId);
    } else {
      const stored = this.#store?.load(channelId) ?? null;
      buffer = {
        messages: stored?.messages ?? [],
        completeFrom: stored?.completeFrom ?? null,
        pending: null,
      };
    }
    this.#buffers.set(channelId, buffer);
    if (this.#buffers.size > this.#channels) this.#evictOldest();
    return buffer;
  }

  #evictOldest(): void {
    const [channelId, buffer] = this.#buffers.entries().next().value as [string, Buffer];
    // Its changes must reach the store before it leaves memory.
    if (buffer.pending) this.flush();
    this.#buffers.delete(channelId);
  }

  #change(buffer: Buffer, channelId: string): BufferChange {
    buffer.pending ??= { channelId, upserts: [], removals: [], completeFrom: buffer.completeFrom };
    buffer.pending.completeFrom = buffer.completeFrom;
    if (this.#dirty.size === 0) this.#onDirty?.();
    this.#dirty.add(buffer);
    return buffer.pending;
  }

  #trim(buffer: Buffer, channelId: string): void {
    const excess = buffer.messages.length - this.#capacity;
    if (excess <= 0) return;
    const dropped = buffer.messages.splice(0, excess);
    buffer.completeFrom = buffer.messages[0]?.id ?? null;
    const change = this.#change(buffer, channelId);
    change.removals.push(...dropped.map((message) => message.id));
  }
}

/** Where `id` is in `messages` (sorted oldest first), or where it would go. */
function indexOf(messages: readonly HistoryMessage[], id: string): { found: boolean; index: number } {
  let low = 0;
  let high = messages.length;
  // Most lookups are for the newest message: check the end first.
  const last = messages[high - 1];
  if (last !== undefined && compareSnowflakes(last.id, id) < 0) return { found: false, index: high };
  while (low < high) {
    const mid = (low + high) >>> 1;
    const order = compareSnowflakes((messages[mid] as HistoryMessage).id, id);
    if (order === 0) return { found: true, index: mid };
    if (order < 0) low = mid + 1;
    else high = mid;
  }
  return { found: false, index: low };
}
