import { type Client, Events } from 'discord.js';
import type { Logger } from '../logger.ts';

/**
 * Logs the connection's life: disconnects, reconnects, resumes and errors. Nothing is lost across a
 * resume (the gateway replays missed dispatches), so these are informational except
 * `discord.shard.disconnect` with a fatal code. Once `stopping` is aborted the gateway closes on
 * purpose, so its reconnect notices are debug, not warnings. Returns a function that detaches the
 * listeners.
 */
export function logShardEvents(client: Client, logger: Logger, stopping?: AbortSignal): () => void {
  const onReady = (shardId: number): void => {
    logger.info({ event: 'discord.shard.ready', shardId }, 'Discord gateway ready');
  };
  const onReconnecting = (shardId: number): void => {
    logger[stopping?.aborted ? 'debug' : 'warn'](
      { event: 'discord.shard.reconnecting', shardId },
      'Discord gateway reconnecting',
    );
  };
  const onResume = (shardId: number, replayedEvents: number): void => {
    logger.info(
      { event: 'discord.shard.resumed', shardId, replayedEvents },
      'Discord gateway resumed; missed events replayed',
    );
  };
  const onDisconnect = (closeEvent: { code: number }, shardId: number): void => {
    logger.error(
      { event: 'discord.shard.disconnect', shardId, code: closeEvent.code },
      'Discord gateway closed for good; check DISCORD_TOKEN and the bot intents in the Developer Portal',
    );
  };
  const onShardError = (error: Error, shardId: number): void => {
    logger.error({ event: 'discord.shard.error', shardId, err: error }, 'Discord gateway error');
  };
  const onWarn = (message: string): void => {
    logger.warn({ event: 'discord.warn', detail: message }, 'discord.js warning');
  };
  const onError = (error: Error): void => {
    logger.error({ event: 'discord.error', err: error }, 'discord.js error');
  };
  // One table, so attaching and detaching can never drift apart.
  const listeners = [
    [Events.ShardReady, onReady],
    [Events.ShardReconnecting, onReconnecting],
    [Events.ShardResume, onResume],
    [Events.ShardDisconnect, onDisconnect],
    [Events.ShardError, onShardError],
    [Events.Warn, onWarn],
    [Events.Error, onError],
  ] as const;
  for (const [event, listener] of listeners) client.on(event, listener as (...args: unknown[]) => void);
  return () => {
    for (const [event, listener] of listeners) client.off(event, listener as (...args: unknown[]) => void);
  };
}
