import type { Client } from 'discord.js';
import type { Logger } from '../logger.ts';

/** The part of discord.js's WebSocketManager (src/client/websocket/WebSocketManager.js) guarded here. */
type PacketHandling = { handlePacket(packet?: unknown, shard?: unknown): boolean };

/**
 * Makes a gateway dispatch that discord.js (or a listener of the event it emits) throws on a logged
 * skip instead of a crash: discord.js 14.28 runs its packet handlers inside the WebSocket's message
 * listener, so a throw there is an uncaught exception that ends the process (found by
 * test/fuzz/gateway-dispatches.fuzz.test.ts: a READY whose `application` has no id). The dispatch is
 * then lost, as Discord's own would be if it were unreadable; the cache may hold what the handler
 * did before it threw. Logs `discord.dispatch.failed` with the dispatch type and the error. Returns
 * the function that removes the guard.
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
  return () => {
    ws.handlePacket = original;
  };
}
