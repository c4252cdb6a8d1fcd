import type { ChannelSettings } from '../../src/domain/channel-settings.ts';
import type { LiveChannel } from './supervisor.types.ts';

/**
 * Sends each live channel in `channelIds` (every live one when omitted) its newly resolved
 * settings as `config.updated`, but only where they changed: an override of one channel must not
 * log an event in every other (found by a new-user walkthrough, issue 9).
 */
export function pushSettings(
  live: ReadonlyMap<string, LiveChannel>,
  channelIds: readonly string[] | undefined,
  settingsFor: (guildId: string, channelId: string) => ChannelSettings,
): void {
  for (const channelId of channelIds ?? [...live.keys()]) {
    const channel = live.get(channelId);
    if (!channel) continue;
    const settings = settingsFor(channel.guildId, channelId);
    if (sameSettings(channel.context.settings, settings)) continue;
    channel.actor.send({ type: 'config.updated', settings });
  }
}

/** Whether two resolved settings are equal, field by field (flat records of numbers). */
function sameSettings(a: ChannelSettings, b: ChannelSettings): boolean {
  const keys = Object.keys(a) as Array<keyof ChannelSettings>;
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
