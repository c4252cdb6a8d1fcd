import type { Client } from 'discord.js';
import type { Logger } from '../logger.ts';

/** The part of discord.js's WebSocketManager (src/client/websocket/WebSocketManager.js) guarded here. */
type PacketHandling = {
  handlePacket(packet?: unknown, shard?: unknown): boolean;
  attachEvents(): void;
  _ws: { prependListener(event: 'ready', listener: (event: { data?: unknown }) => void): unknown } | null;
};

/**
 * Makes a gateway dispatch that discord.js (or a listener of the event it emits) throws on a logged
 * skip instead of a crash: discord.js 14.28 runs its packet handlers inside the WebSocket's message
 * listener, so a throw there is an uncaught exception that ends the process (found by
 * test/fuzz/gateway-dispatches.fuzz.test.ts: a READY whose `application` has no id). The dispatch is
 * then lost, as Discord's own would be if it were unreadable; the cache may hold what the handler
 * did before it threw. Logs `discord.dispatch.failed` with the dispatch type and the error. Also
 * repairs a READY whose `guilds` is not a list of objects before discord.js maps it outside its
 * handlers, logged as `discord.dispatch.repaired`. Install before login. Returns the function that
 * removes the guard.
 */
export function guardDispatchHandlers(client: Client, logger: Logger): () => void {
  const ws = client.ws as unknown as PacketHandling;
  // discord.js calls it as `this.handlePacket(...)`, queued packets included: an own property wins.
  const original = ws.handlePacket;
  ws.handlePacket = function guarded(this: PacketHandling, packet?: unknown, shard?: unknown): boolean {
    try {
      return original.call(this, packet, shard);
    } catch (error) {
      const dispatch = (packet as { t?: unknown } | undefined)?.t;
      logger.warn(
        { event: 'discord.dispatch.failed', dispatch: String(dispatch), err: error },
        'gateway dispatch skipped: handling it threw',
      );
      return true;
    }
  };
  // discord.js reads a READY's `guilds` in its own @discordjs/ws 'ready' listener, outside
  // handlePacket and before any Raw event (WebSocketShard#onReadyPacket: `packet.guilds.map(...)`),
  // so a READY whose guilds is not a list crashed the process (found by the same fuzz test). Ery's
  // listener runs first and leaves only server objects in it: the GUILD_CREATEs that follow say the rest.
  const attach = ws.attachEvents;
  ws.attachEvents = function guardedAttach(this: PacketHandling): void {
    attach.call(this);
    this._ws?.prependListener('ready', ({ data }) => {
      if (typeof data !== 'object' || data === null) return;
      const ready = data as { guilds?: unknown };
      const guilds = Array.isArray(ready.guilds) ? ready.guilds : [];
      const kept = guilds.filter((guild) => typeof guild === 'object' && guild !== null);
      if (kept.length === guilds.length && Array.isArray(ready.guilds)) return;
      ready.guilds = kept;
      logger.warn(
        {
          event: 'discord.dispatch.repaired',
          dispatch: 'READY',
          field: 'guilds',
          dropped: guilds.length - kept.length,
        },
        'READY read without its malformed server list; the GUILD_CREATE dispatches that follow name the servers',
      );
    });
  };
  return () => {
    ws.handlePacket = original;
    ws.attachEvents = attach;
  };
}
