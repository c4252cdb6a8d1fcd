import { type Client, Events, type GatewayDispatchPayload } from 'discord.js';
import type { Logger } from '../logger.ts';
import { cleanCacheFields } from './cache-shape.ts';
import { rememberSnapshots, unbuildableReason } from './raw-messages.ts';

/** What a skipped dispatch is renamed to, so no discord.js handler picks it up. */
const SKIPPED = 'ERY_SKIPPED_UNREADABLE_MESSAGE';

/**
 * Watches raw gateway dispatches, which discord.js emits before it handles them: remembers each
 * message's own `message_snapshots` (see raw-messages.ts), and skips a MESSAGE_CREATE or
 * MESSAGE_UPDATE discord.js cannot build (`flags: -1`, `embeds: null`), logging
 * `discord.message.unreadable` with the message id and why, instead of letting discord.js throw out
 * of its gateway handler. Fields that would poison discord.js's user and member caches are removed
 * first (cache-shape.ts), logged as `discord.message.fields_dropped`. A dispatch of any type whose `d` is not an object is skipped the same way,
 * logged as `discord.dispatch.unreadable` (every discord.js handler reads fields of `d`). Real
 * Discord does not send such shapes; a proxy or an API change might.
 * Returns the function that stops watching.
 */
export function watchRawDispatches(client: Client, logger: Logger): () => void {
  const onRaw = (packet: GatewayDispatchPayload): void => {
    const raw: unknown = packet.d;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      logger.warn(
        {
          event: 'discord.dispatch.unreadable',
          dispatch: packet.t,
          reason: `its d is ${shapeOf(raw)}, not an object`,
        },
        'gateway dispatch skipped: discord.js cannot read its shape',
      );
      (packet as { t: string }).t = SKIPPED;
      return;
    }
    if (packet.t !== 'MESSAGE_CREATE' && packet.t !== 'MESSAGE_UPDATE') return;
    const { id, channel_id: channelId } = raw as { id?: unknown; channel_id?: unknown };
    const dropped = cleanCacheFields(raw as Record<string, unknown>);
    if (dropped !== null && dropped.length > 0) {
      logger.warn(
        {
          event: 'discord.message.fields_dropped',
          messageId: id,
          channelId,
          dispatch: packet.t,
          fields: dropped,
        },
        'gateway message read without fields of the wrong type, so they do not reach the user and member caches',
      );
    }
    const channel = typeof channelId === 'string' ? client.channels.cache.get(channelId) : undefined;
    const reason =
      dropped === null
        ? 'its author is not a user with an id'
        : channel?.isTextBased()
          ? unbuildableReason(channel, raw)
          : null;
    if (reason === null) {
      rememberSnapshots(client, raw);
      return;
    }
    logger.warn(
      { event: 'discord.message.unreadable', messageId: id, channelId, dispatch: packet.t, reason },
      'gateway message skipped: discord.js cannot read its shape',
    );
    // The packet object is the one discord.js handles next; renamed, it is handled by nobody.
    (packet as { t: string }).t = SKIPPED;
  };
  client.on(Events.Raw, onRaw);
  return () => {
    client.off(Events.Raw, onRaw);
  };
}

/** How a log line names a value that should have been an object. */
function shapeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
