import type { DiscordConnectionOptions } from '../discord/connection.types.ts';
import type { SlashHandler } from '../discord/slash/slash-port.ts';
import type { Env } from '../domain/config.ts';
import { admitsMessage } from '../domain/server-settings.ts';
import type { Logger } from '../logger.ts';
import type { AutoThreader } from './auto-thread.ts';
import type { CatchUpRunner } from './catch-up-runner.ts';
import type { EryCore } from './core.ts';
import type { OpsMetrics } from './ops-metrics.ts';
import type { Welcomer } from './welcome/welcomer.ts';

/** Whether catch-up runs (`ERY_CATCHUP_MAX_MESSAGES` 0 turns it off). */
export const catchUpOn = (env: Env): boolean => env.ERY_CATCHUP_MAX_MESSAGES > 0;

/** The parts that take what the Discord connection delivers. Built after it, on its actions. */
export interface Receivers {
  core: EryCore;
  autoThreads: AutoThreader;
  welcomer: Welcomer;
  slash: SlashHandler;
  catchUpRunner: CatchUpRunner;
  /** The channel a thread or forum post is in (Discord's cache); null otherwise. */
  parentOf(channelId: string): string | null;
}

/** The connection options {@link discordReceivers} fills: where each kind of Discord event goes. */
export type ReceiverOptions = Omit<DiscordConnectionOptions, 'token' | 'apiUrl' | 'logger'>;

/**
 * Where the Discord connection sends what it receives: messages the server settings admit to the
 * supervisor (through the auto-threader), edits, deletes, reactions and deleted channels as channel
 * events, joins to the welcomer, every change to the recent-message buffer, new sessions to
 * catch-up, `/ery` to the slash handler, 429s to the metrics. `parts` is read at each event, never
 * before login: the receivers are built after the connection, on its actions.
 */
export function discordReceivers(
  env: Env,
  logger: Logger,
  metrics: OpsMetrics,
  parts: () => Receivers,
): ReceiverOptions {
  const core = () => parts().core;
  return {
    onMessage: (message) => {
      metrics.messagesReceived.inc();
      // Outside the answered channels, or not addressed to Ery in mention-only mode: kept in history
      // (the feed stored it already) but never batched.
      const settings = core().serverSettings.get(message.guildId);
      if (!admitsMessage(settings, message, parts().parentOf(message.channelId))) {
        logger.debug(
          { event: 'message.not_admitted', channelId: message.channelId, messageId: message.id },
          'message not batched: the server settings leave it out',
        );
        return;
      }
      parts().autoThreads.route(message, (routed) => core().supervisor.receive(routed));
    },
    // Read at each DM: a server that turns `directMessages` on is obeyed at once (issue 12 §4).
    directMessages: {
      everyone: env.ERY_DMS,
      serverEnables: (guildId) => core().policies.get(guildId).directMessages,
    },
    onMessageUpdate: (message) => core().supervisor.send({ type: 'message.updated', message }),
    onReaction: (message) => core().supervisor.send({ type: 'reaction.added', message }),
    onMemberJoin: (join) => parts().welcomer.join(join),
    onMessageDelete: (channelId, messageIds) =>
      core().supervisor.send({ type: 'message.deleted', channelId, messageIds }),
    ignoreBots: env.ERY_IGNORE_BOTS,
    onRateLimited: (hit) => metrics.count429(hit.route, hit.scope),
    history: {
      upsert: (message) => core().recentMessages.upsert(message),
      remove: (channelId, ids) => core().recentMessages.remove(channelId, ids),
      // Catch-up repairs each channel's buffer at a new session; with it off, none can be trusted.
      sessionLost: () => {
        if (!catchUpOn(env)) core().recentMessages.sessionLost();
      },
      restartAt: (channelId, fromId) => core().recentMessages.restartAt(channelId, fromId),
    },
    // A new session after the first: what was sent between the two was never delivered.
    onNewSession: () => void parts().catchUpRunner.request(),
    slash: {
      command: (request) => parts().slash.command(request),
      autocomplete: (request, focused) => parts().slash.autocomplete(request, focused),
    },
    onChannelDeleted: (channelId) => core().supervisor.send({ type: 'channel.deleted', channelId }),
  };
}
