import type { ChannelRecord } from '../../actors/supervisor/snapshot-store.ts';

/** A channel whose actor was reaped (idle too long), as the inspector lists it. */
export interface ReapedChannel {
  channelId: string;
  guildId: string;
  /** ms since the epoch. */
  reapedAt: number;
}

/**
 * The channels reaped most recently, newest first, at most `capacity` of them, so the inspector
 * keeps them one click away after they leave memory. Fed by the rows the write-behind commits (see
 * ./watched-store.ts): a reaped row is noted, and a channel that comes back (a new actor writes
 * its row) leaves the list. Those reaped before this start come from `stored` (the database),
 * read once, when the list is first asked for. Its memory is bounded by `capacity`, never by the
 * number of channels.
 */
export class RecentlyReaped {
  #channels = new Map<string, ReapedChannel>();
  #stored: ((limit: number) => ReapedChannel[]) | null;

  constructor(
    stored?: (limit: number) => ReapedChannel[],
    private readonly capacity = 50,
  ) {
    this.#stored = stored ?? null;
  }

  /** Reads one committed row. */
  note(row: Pick<ChannelRecord, 'channelId' | 'guildId' | 'status' | 'reapedAt' | 'updatedAt'>): void {
    if (row.status !== 'reaped') {
      if (this.#channels.size > 0) this.#channels.delete(row.channelId);
      return;
    }
    // Re-inserted, so the Map's order stays the order of reaping (oldest first).
    this.#channels.delete(row.channelId);
    this.#channels.set(row.channelId, {
      channelId: row.channelId,
      guildId: row.guildId,
      reapedAt: row.reapedAt ?? row.updatedAt,
    });
    if (this.#channels.size > this.capacity)
      this.#channels.delete(this.#channels.keys().next().value as string);
  }

  /** Newest first. */
  list(): ReapedChannel[] {
    if (this.#stored) {
      const stored = this.#stored(this.capacity);
      this.#stored = null;
      // Those noted since start are the newest: the stored ones go before them (oldest first).
      const merged = new Map<string, ReapedChannel>();
      for (const row of stored.reverse())
        if (!this.#channels.has(row.channelId)) merged.set(row.channelId, row);
      for (const [id, row] of this.#channels) merged.set(id, row);
      this.#channels = merged;
      while (this.#channels.size > this.capacity)
        this.#channels.delete(this.#channels.keys().next().value as string);
    }
    return [...this.#channels.values()].reverse();
  }
}
