import type { ChannelInfo } from '../discord/port.ts';

/**
 * A channel or thread as the information tools show it to the model (snake_case, Discord's words).
 * Not a tool: shared by get_channel_info and list_threads.
 */
export function channelView(channel: ChannelInfo) {
  return {
    id: channel.id,
    name: channel.name,
    type: channel.type,
    topic: channel.topic,
    parent_id: channel.parentId,
    archived: channel.archived,
    locked: channel.locked,
    slowmode_seconds: channel.slowmodeSeconds,
    nsfw: channel.nsfw,
  };
}
