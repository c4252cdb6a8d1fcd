/** A channel Ery has served, with the newest message ids it knows of. */
export interface KnownChannel {
  channelId: string;
  /** The newest message id the channel's persisted snapshot holds (fed to its actor); null if none. */
  lastMessageId: string | null;
  /** The newest message id of its stored recent-message buffer (any author, Ery's own included). */
  newestSeenId: string | null;
  /**
   * The newest id in that buffer of a message not Ery's own: newer than `lastMessageId`, it was
   * stored for history but never reached the actor's snapshot (a crash between the two writes).
   */
  newestOthersId: string | null;
}

/**
 * The `CatchUpSources` port: which channels Ery has seen and how far it has read each, from
 * storage, for catch-up after downtime (issue 11 §1; used by ./catch-up.ts). Adapter:
 * src/db/catch-up-sources.ts (SQLite). Read in pages by channel id, so a store of 100,000
 * channels never holds the event loop for long.
 */
export interface CatchUpSources {
  /**
   * Up to `limit` known channels with an id after `afterChannelId` (null: from the start), by id.
   * `selfId` is Ery's user id, for {@link KnownChannel.newestOthersId}.
   */
  knownChannels(afterChannelId: string | null, limit: number, selfId: string): KnownChannel[];
}
