/**
 * What a benchmark driver and the subject process it measures (a bare discord.js client, or Ery)
 * say to each other over Bun's IPC channel. Times are ms since the epoch with sub-ms precision
 * ({@link epochNow}), so the driver and its subject read the same clock.
 */

/** How a subject process is started (passed as JSON in its first argument). */
export interface SubjectConfig {
  kind: 'bare' | 'ery';
  /** The playground's REST base (`DISCORD_API_URL`). */
  apiUrl: string;
  token: string;
  botId: string;
  /** The instant model's base URL (ending in /v1). */
  modelUrl: string;
  /** Ery: its database file. */
  dbPath?: string;
  /** Ery: environment variables over the defaults (`ERY_BATCH_SIZE`...). */
  env?: Record<string, string>;
  /** Bare: answer each mention the way Ery does (ask the model, send the message it asks for). */
  answer?: boolean;
}

/**
 * What to wait for: `received` messages routed (the bare client: delivered by discord.js);
 * `stored` also written to SQLite (the bare client stores nothing: as `received`); `answered`
 * mentions replied to (bare only); `idle` channels back in `idle` (in memory or passivated) with
 * nothing running, waiting or unwritten; `passive` idle channels passivated, out of memory (the
 * bare client has no channel state: both as `received`).
 */
export type Milestone = 'received' | 'stored' | 'answered' | 'idle' | 'passive';

/** Driver → subject. */
export type Command =
  /** Reply `reached` once `count` of `what` is true; report progress meanwhile. */
  | { type: 'await'; what: Milestone; count: number }
  /** Reply `memory` after a full garbage collection. */
  | { type: 'memory' }
  /** Reply `threads` with Ery's thread rows (the bare client: none). */
  | { type: 'threads' }
  | { type: 'stop' };

/** One stored thread of Ery, as the burst checks read it. */
export interface ThreadRow {
  id: string;
  channelId: string;
  status: string;
  messageIds: string[];
}

/** Subject → driver. */
export type Report =
  | { type: 'ready'; at: number }
  | { type: 'progress'; received: number }
  /** `cpuMs`: the process's CPU time from the `await` command to now. */
  | { type: 'reached'; what: Milestone; at: number; cpuMs: number }
  | { type: 'memory'; heapBytes: number; rssBytes: number; objects: number }
  | { type: 'threads'; rows: ThreadRow[] }
  | { type: 'failed'; message: string };

/** Wall-clock time in ms since the epoch, to the microsecond. */
export const epochNow = (): number => performance.timeOrigin + performance.now();
