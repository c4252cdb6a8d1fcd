import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { messageContent, snowflake } from '../fields.ts';

/** Sends a new message, by default in the channel Ery is working in. */
export default defineTool({
  file: import.meta.url,
  name: 'send_message',
  category: 'communication',
  description:
    'Send a new message. By default it goes to the channel of this conversation; give channel_id only to post ' +
    'in another channel of this same server. Use reply_to_message instead when answering a specific message. ' +
    'At most 2000 characters. @everyone, @here and role mentions are refused unless the server allows them.',
  input: z.object({
    content: messageContent.describe('The message text (Discord markdown, at most 2000 characters).'),
    channel_id: snowflake('Id of another channel of this server to post in. Omit to post here.').optional(),
  }),
  permission: { kind: 'none' },
  async run(input, call) {
    const sent = await call.actions.sendMessage(
      {
        channelId: input.channel_id ?? call.channelId,
        content: input.content,
        nonce: call.nonce,
        allowedMentions: call.allowedMentions,
      },
      call.signal,
    );
    return { message_id: sent.id, channel_id: sent.channelId };
  },
});
