import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { messageContent, snowflake } from '../fields.ts';

/** Replies to a message of the channel Ery is working in. */
export default defineTool({
  file: import.meta.url,
  name: 'reply_to_message',
  category: 'communication',
  description:
    'Reply to one message of this channel (Discord shows the reply attached to it). Prefer this when ' +
    'answering someone. At most 2000 characters. @everyone, @here and role mentions are refused unless the ' +
    'server allows them.',
  input: z.object({
    message_id: snowflake('Id of the message in this channel to reply to.'),
    content: messageContent.describe('The reply text (Discord markdown, at most 2000 characters).'),
  }),
  permission: { kind: 'none' },
  async run(input, call) {
    const sent = await call.actions.sendMessage(
      {
        channelId: call.channelId,
        content: input.content,
        replyToId: input.message_id,
        nonce: call.nonce,
        allowedMentions: call.allowedMentions,
      },
      call.signal,
    );
    return { message_id: sent.id, replied_to: input.message_id };
  },
});
