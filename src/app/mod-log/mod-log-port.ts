/**
 * The `ModLog` port: where the mod-log mirror finds a server's mod-log channel and posts to it.
 * Owned by ./mirror-audit-sink.ts; run.ts adapts the server settings and Discord actions to it.
 */
export interface ModLog {
  /** The server's mod-log channel (`/ery config set mod_log`), or null when none is set. */
  channelFor(guildId: string): string | null;
  /** Posts `content` there, pinging nobody. Rejections are logged by the mirror, never thrown on. */
  post(channelId: string, content: string): Promise<void>;
}
