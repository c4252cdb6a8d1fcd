import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { MAX_TEXT_LENGTH, messageContent, snowflake } from '../fields.ts';
import { idsOf, sendParts } from '../send-parts.ts';

/** Replies to a message of the channel Ery is working in. */
export default defineTool({
  file: import.meta.url,
  name: 'reply_to_message',
  category: 'communication',
  description:
    'Reply to one message of this channel (Discord shows the reply attached to it). Prefer this when ' +
    "answering someone. Text past Discord's 2000 characters is split into several messages for you (at most " +
    `${MAX_TEXT_LENGTH} characters in all; the first part is the reply). @everyone, @here and role mentions ` +
    'are refused unless the server allows them.',
  input: z.object({
    message_id: snowflake('Id of the message in this channel to reply to.'),
    content: messageContent.describe('The reply text (Discord markdown).'),
  }),
  permission: { kind: 'none' },
  async run(input, call) {
    const sent = await sendParts(
      call,
      { channelId: call.channelId, replyToId: input.message_id },
      input.content,
    );
    return { ...idsOf(sent), replied_to: input.message_id };
  },
});
