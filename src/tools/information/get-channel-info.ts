import { z } from 'zod';
import { channelView } from '../channel-view.ts';
import { defineTool } from '../define-tool.ts';
import { snowflake } from '../fields.ts';

/** Describes this channel, or another channel or thread of this server. */
export default defineTool({
  file: import.meta.url,
  name: 'get_channel_info',
  category: 'information',
  description:
    'Describe a channel: its name, type (text, forum, public_thread, private_thread...), topic, parent ' +
    '(the channel a thread or forum post belongs to), whether a thread is archived or locked, slowmode in ' +
    'seconds and whether it is NSFW. Without channel_id it describes this channel (useful to know whether ' +
    'you are in a thread). Another channel of this server is described only when everyone asking can view it.',
  input: z.object({
    channel_id: snowflake('A channel or thread of this server; omit it for this channel.').optional(),
  }),
  // Any channel of this server, within what every member asking can view (the authoriser's rule).
  permission: { kind: 'none', needsServer: true },
  async run(_input, call) {
    // A channel_id other than this one was fetched, and proven to be of this server, by the authoriser.
    const channel =
      call.targets.channel ?? (await call.actions.getChannel({ channelId: call.channelId }, call.signal));
    return { channel: channelView(channel) };
  },
});
