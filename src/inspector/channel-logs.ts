import type { LogReader } from '../replay/log-reader.ts';

/**
 * The inspector's port onto channels' whole logs, for the replay view: each is read anew when
 * asked, so the view shows what is stored now. Adapter: src/db/inspector-stores.ts (SQLite).
 */
export interface ChannelLogs {
  /**
   * The log of `channelId`.
   *
   * @throws {ReplayError} `UNKNOWN_CHANNEL`, `EMPTY_LOG` or `UNREADABLE_DATABASE` (src/replay/errors.ts).
   */
  reader(channelId: string): LogReader;
}
