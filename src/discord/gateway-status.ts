import { type Client, Status } from 'discord.js';

/**
 * The gateway connection as a health check reads it: `connected` when every shard is ready,
 * `connecting` while it logs in, resumes or reconnects, `disconnected` before login, after a close
 * for good (a bad token, intents refused) and once stopped.
 */
export type GatewayStatus = 'connected' | 'connecting' | 'disconnected';

/** Reads the gateway status of `client` from discord.js's own shard states; costs no request. */
export function gatewayStatusOf(client: Client): GatewayStatus {
  const shards = [...client.ws.shards.values()];
  if (shards.length === 0) return 'disconnected';
  if (shards.some((shard) => shard.status === Status.Disconnected || shard.status === Status.Idle))
    return 'disconnected';
  // The manager stays Ready through a shard's reconnect: each shard's own status says it.
  if (client.isReady() && shards.every((shard) => shard.status === Status.Ready)) return 'connected';
  return 'connecting';
}
