import { DEFAULT_CHANNEL_SETTINGS } from '../src/domain/channel-settings.ts';
import type { ChannelContext, ChannelInput } from './channel.types.ts';

/** A new channel's context: nothing collected, nothing run, its settings over the defaults. */
export function initialContext(input: ChannelInput): ChannelContext {
  return {
    channelId: input.channelId,
    guildId: input.guildId,
    settings: { ...DEFAULT_CHANNEL_SETTINGS, ...input.settings },
    permitRequired: input.permitRequired ?? false,
    batch: [],
    batchOpenedAt: null,
    trigger: null,
    queue: [],
    queueOpenedAt: null,
    thread: null,
    lastThread: null,
    threadsRun: 0,
    threadsFailed: 0,
    cooldownStartedAt: null,
    idleSince: null,
    lastMessageId: null,
  };
}
