import { z } from 'zod';
import type { SentMessage } from '../../discord/port.ts';
import { defineTool } from '../define-tool.ts';
import { MAX_TEXT_LENGTH, messageContent, snowflake } from '../fields.ts';
import { idsOf, sendParts } from '../send-parts.ts';

/** Sends a new message, by default in the channel Ery is working in. */
export default defineTool({
  file: import.meta.url,
  name: 'send_message',
  category: 'communication',
  description:
    'Send a new message. By default it goes to the channel of this conversation; give channel_id only to post ' +
    'in another channel of this same server. Use reply_to_message instead when answering a specific message. ' +
    `Text past Discord's 2000 characters is split into several messages for you (at most ${MAX_TEXT_LENGTH} characters in all). ` +
    '@everyone, @here and role mentions are refused unless the server allows them.',
  input: z.object({
    content: messageContent.describe('The message text (Discord markdown).'),
    channel_id: snowflake('Id of another channel of this server to post in. Omit to post here.').optional(),
  }),
  permission: { kind: 'none' },
  async run(input, call) {
    const sent = await sendParts(call, { channelId: input.channel_id ?? call.channelId }, input.content);
    return { ...idsOf(sent), channel_id: (sent[0] as SentMessage).channelId };
  },
});
